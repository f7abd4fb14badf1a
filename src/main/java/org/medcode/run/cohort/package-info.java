/**
 * MIMIC cohorts: the spec of {@code medcode cohort build}, the cohort folder it writes ({@code hadm_ids.txt} and
 * {@code cohort.json}, {@link org.medcode.run.cohort.CohortRecord}) and how it is built. May depend on the workspace and
 * dataset.
 */
package org.medcode.run.cohort;
