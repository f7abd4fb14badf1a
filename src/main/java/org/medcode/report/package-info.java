/**
 * Writers of evaluation results: the console summary, {@code metrics.json}, long-form CSV tables (metrics, strata, error
 * taxonomy, confusions, coverage, suggestions, paired comparisons), {@code summary.md} and a self-contained
 * {@code report.html} (inline CSS and SVG charts drawn by {@code SvgChart}, nothing fetched from anywhere, every text
 * from data HTML-escaped). One result model ({@link org.medcode.report.EvaluationReport} around
 * {@link org.medcode.eval.EvaluationResult}, with an {@link org.medcode.eval.Analysis} per coder), many writers; no
 * writer computes a metric. May depend on eval, codesystem and dataset; never on run or cli.
 */
package org.medcode.report;
