package org.medcode.study;

import java.util.List;

/**
 * A study judged against one run: the study, what the run coded ({@code dataset}, {@code admissions}), the code table
 * it scored against ({@code codeTable}, as {@code CodeTable.describe} words it), the level of the run's intervals
 * ({@code confidence}, {@code metrics.confidence}: 0.95 unless the config says otherwise), the rows (per coder, in the
 * study's figure order) and notes on how to read them.
 */
public record StudyResult(Study study, String dataset, int admissions, String codeTable, double confidence,
    List<StudyRow> rows, List<String> notes) {
  public StudyResult {
    rows = List.copyOf(rows);
    notes = List.copyOf(notes);
  }

  /** The heading of the interval column: {@code 95% interval}, or the run's own level ({@code 50% interval}). */
  public String intervalLabel() {
    return interval(confidence);
  }

  static String interval(double confidence) {
    return org.medcode.eval.EvalOptions.percent(confidence) + "% interval";
  }
}
