package org.medcode.report;

import java.util.Map;
import org.medcode.eval.Analysis;

/**
 * One coder's evaluation within a run, with how its admissions went: {@code answered} (including {@code empty}
 * answers) and {@code failed} (coder errors, by kind) — failures are scored as empty predictions but counted apart.
 * {@code analysis} (strata, error taxonomy, automation coverage) is null when it was not computed.
 */
public record CoderReport(String coder, EvaluationReport evaluation, int admissions, int answered, int empty, int failed,
    Map<String, Integer> failuresByKind, Analysis analysis) {
  public CoderReport {
    failuresByKind = Map.copyOf(failuresByKind);
  }

  /** A report without analysis. */
  public CoderReport(String coder, EvaluationReport evaluation, int admissions, int answered, int empty, int failed,
      Map<String, Integer> failuresByKind) {
    this(coder, evaluation, admissions, answered, empty, failed, failuresByKind, null);
  }

  /** This report with an analysis. */
  public CoderReport withAnalysis(Analysis analysis) {
    return new CoderReport(coder, evaluation, admissions, answered, empty, failed, failuresByKind, analysis);
  }
}
