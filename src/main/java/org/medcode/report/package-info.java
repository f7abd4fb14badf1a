/**
 * Writers of evaluation results: the console summary, {@code metrics.json}, and long-form CSV tables. One result model
 * ({@link org.medcode.report.EvaluationReport} around {@link org.medcode.eval.EvaluationResult}), many writers; no
 * writer computes a metric. May depend on eval, codesystem and dataset; never on run or cli.
 */
package org.medcode.report;
