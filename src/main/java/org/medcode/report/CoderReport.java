package org.medcode.report;

import java.util.Map;

/**
 * One coder's evaluation within a run, with how its admissions went: {@code answered} (including {@code empty}
 * answers) and {@code failed} (coder errors, by kind) — failures are scored as empty predictions but counted apart.
 */
public record CoderReport(String coder, EvaluationReport evaluation, int admissions, int answered, int empty, int failed,
    Map<String, Integer> failuresByKind) {
  public CoderReport {
    failuresByKind = Map.copyOf(failuresByKind);
  }
}
