package org.medcode.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CodeTable;
import org.medcode.eval.EvaluationResult;
import org.medcode.prediction.Prediction;

/**
 * An evaluation with its context: what was evaluated against what, with which tool version and when. Writers only
 * format it. {@code table} gives display forms and titles of codes.
 */
public record EvaluationReport(String toolVersion, String created, DatasetInfo dataset, PredictionsInfo predictions,
    CodeTable table, EvaluationResult result) {

  /**
   * The gold side: how the dataset was named, its content fingerprint and size, and whether it is credentialed (its
   * notes are under a data use agreement: reports quote none of their text).
   */
  public record DatasetInfo(String spec, String fingerprint, int admissions, List<String> warnings,
      boolean credentialed) {
    public DatasetInfo {
      warnings = List.copyOf(warnings);
    }

    public DatasetInfo(String spec, String fingerprint, int admissions, List<String> warnings) {
      this(spec, fingerprint, admissions, warnings, false);
    }
  }

  /**
   * The predicted side: file, format, rows read, duplicates removed, admissions predicted, predictions for admission ids
   * the dataset does not have (ignored for scoring; {@code unknownExamples} lists a few), and how each admission was
   * answered ({@code answers}, by admission id: per_admission.csv's {@code status}).
   */
  public record PredictionsInfo(String file, String format, long rows, long duplicates, List<String> duplicateExamples,
      int admissions, int unknownAdmissions, List<String> unknownExamples, Map<String, Answer> answers) {
    public PredictionsInfo {
      duplicateExamples = List.copyOf(duplicateExamples);
      unknownExamples = List.copyOf(unknownExamples);
      answers = Map.copyOf(answers);
    }
  }

  /**
   * How an admission was answered. A failed admission and one never coded are scored as empty predictions, as the
   * metrics score them; {@code status} keeps them apart from an answer that had no code.
   */
  public enum Answer {
    /** Answered with at least one code (whatever the invalid-code policy then keeps). */
    OK("ok"),
    /** Answered with no code; for a predictions file: it gives the admission no code, or does not list it. */
    EMPTY("empty"),
    /** The coder failed on it (an error, a refusal, an unparseable answer): its log holds the failure. */
    FAILED("failed"),
    /** Never coded: the run stopped first (its budget, a kill, the coder unavailable or stopping). */
    NEVER_CODED("never_coded");

    private final String label;

    Answer(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The answers of a predictions file for admissions {@code ids}: ok when it gives one a code, else empty. */
    public static Map<String, Answer> ofFile(List<String> ids, Map<String, Prediction> predictions) {
      Map<String, Answer> answers = new HashMap<>();
      for (String id : ids) {
        Prediction prediction = predictions.get(id);
        answers.put(id, prediction == null || prediction.codes().isEmpty() ? EMPTY : OK);
      }
      return answers;
    }
  }
}
