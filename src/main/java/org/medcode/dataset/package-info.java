/**
 * Datasets: admissions, notes and gold codes, and the loaders that read them ({@link org.medcode.dataset.Datasets}
 * is the entry point, {@link org.medcode.dataset.DatasetSpec} names what to load): native JSONL, a CSV pair,
 * CodiEsp, and MIMIC-IV/MIMIC-III (sub-package {@code mimic}; their datasets are marked credentialed). Every loader reports malformed input as {@link org.medcode.MedcodeException.BadInput} with file and line,
 * missing public data as {@link org.medcode.MedcodeException.DataMissing}, and everything it noticed but accepted
 * in {@link org.medcode.dataset.Dataset#warnings()}.
 *
 * <p>May depend on: {@code org.medcode.codesystem} (ids and {@code CodeSystem.canonical} / {@code CanonicalCodes} only), {@code
 * org.medcode.MedcodeException}, its own sub-packages {@code source} and {@code mimic}, Jackson and Commons CSV. Never on eval, report,
 * run, coder or cli.
 */
package org.medcode.dataset;
