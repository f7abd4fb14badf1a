/**
 * MIMIC-IV (2.2, 3.x, with MIMIC-IV-Note) and MIMIC-III (1.4) loaders and cohorts. {@link
 * org.medcode.dataset.MimicCohort} holds a spec's cohort options, {@link org.medcode.dataset.mimic.MimicLoader}
 * decides the cohort from the small tables, streams the notes (never holding more than the cohort's texts) and builds
 * admissions, {@link org.medcode.dataset.mimic.CohortSummary} says how the cohort was made (counts at each filter step,
 * distributions). Users bring their own credentialed copy, so a missing folder or file is a {@link
 * org.medcode.dataset.mimic.MimicMissing} naming the file and its MIMIC module, not a pull.
 *
 * <p>May depend on: {@code org.medcode.dataset} (the admission model and the spec), {@code org.medcode.codesystem} ({@code
 * CodeSystem.canonical} and {@code CanonicalCodes}, ids, {@code Gems}), {@code org.medcode.MedcodeException}, {@code
 * org.medcode.PublicData} (a pulled demo table is checked before it is read) and Commons CSV. Never on eval,
 * report, run, coder or cli.
 */
package org.medcode.dataset.mimic;
