/**
 * Datasets: admissions, notes and gold codes, the {@link org.medcode.dataset.DatasetSpec} that names what to load (with
 * the MIMIC cohort options, {@link org.medcode.dataset.MimicCohort}), and the loaders of native JSONL, a CSV pair and
 * CodiEsp; MIMIC-IV/MIMIC-III are loaded by the sub-package {@code mimic}, and {@link
 * org.medcode.dataset.load.Datasets} is the one entry point for every format. Every loader reports malformed input as
 * {@link org.medcode.MedcodeException.BadInput} with file and line, missing public data as {@link
 * org.medcode.MedcodeException.DataMissing}, and everything it noticed but accepted in {@link
 * org.medcode.dataset.Dataset#warnings()}. The CSV pair is parsed by the fastest reader that takes the file
 * ({@code org.medcode.CsvBytes} for a plain ASCII codes file, {@code FastCsv}, then Commons CSV), each giving up to
 * the next at anything unusual, so every file reads and fails as Commons CSV reads it. Every loader makes its notes
 * with a store of its own ({@link org.medcode.dataset.NoteStore#forDataset()}), which keeps note texts beyond a
 * quarter of the heap in a temporary file (a whole MIMIC-IV split's gigabytes of text need not fit in the heap) and
 * gives its share of the heap back once the dataset's notes are dropped.
 *
 * <p>May depend on: {@code org.medcode.codesystem} (ids, {@code CodeSystem.canonical} and {@code CanonicalCodes},
 * and {@code CodeSystems.syntax(id).written} for a gold code's dot, only), the root package's helpers ({@code org.medcode.MedcodeException}, {@code CsvBytes}, {@code PackedKeys}, …),
 * its sub-package {@code source}, Jackson and Commons CSV. Never on {@code mimic} or {@code load} (they depend on it),
 * eval, report, run, coder or cli.
 */
package org.medcode.dataset;
