package org.medcode.report;

import java.util.List;
import org.medcode.codesystem.CodeTable;
import org.medcode.eval.EvaluationResult;

/**
 * An evaluation with its context: what was evaluated against what, with which tool version and when. Writers only
 * format it. {@code table} gives display forms and titles of codes.
 */
public record EvaluationReport(String toolVersion, String created, DatasetInfo dataset, PredictionsInfo predictions,
    CodeTable table, EvaluationResult result) {

  /** The gold side: how the dataset was named, its content fingerprint and size. */
  public record DatasetInfo(String spec, String fingerprint, int admissions, List<String> warnings) {
    public DatasetInfo {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * The predicted side: file, format, rows read, duplicates removed, admissions predicted, and predictions for
   * admission ids the dataset does not have (ignored for scoring; {@code unknownExamples} lists a few).
   */
  public record PredictionsInfo(String file, String format, long rows, long duplicates, List<String> duplicateExamples,
      int admissions, int unknownAdmissions, List<String> unknownExamples) {
    public PredictionsInfo {
      duplicateExamples = List.copyOf(duplicateExamples);
      unknownExamples = List.copyOf(unknownExamples);
    }
  }
}
