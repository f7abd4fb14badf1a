package org.medcode.eval;

import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;

/** Scores predictions against gold codes. Pure: same inputs and options give the same result. */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Evaluates every admission of {@code admissions} (admissions without a prediction count as empty predictions;
   * predictions for ids not in {@code admissions} are ignored — the caller reports them). Only gold codes of the
   * table's system are scored.
   */
  public static EvaluationResult evaluate(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table,
      EvalOptions options) {
    throw new IllegalStateException("pending: the evaluation engine is being written");
  }
}
