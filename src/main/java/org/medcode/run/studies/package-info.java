/**
 * Published studies as files: runs a study file ({@code configs/studies/NAME.yaml}: a run config plus what was
 * published) after checking what it needs, keeps the study beside the run ({@code study.yaml}), judges the finished run
 * against it ({@code org.medcode.study}) and has the report layer write {@code study.csv} and the study's sections of
 * {@code report.html} and {@code summary.md}; lists the studies for {@code medcode studies}. May depend on the run
 * engine, record, workspace, study, eval and report.
 */
package org.medcode.run.studies;
