package org.medcode.eval;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;

/**
 * The analyses of one coder's predictions beyond the headline metrics: strata, error taxonomy, automation coverage, and
 * the admissions with the most errors (less those the coder did not answer: {@code hardestUnanswered} counts them).
 */
public record Analysis(Strata strata, ErrorTaxonomy errors, AutomationCoverage coverage,
    List<HardAdmissions.Example> hardest, int hardestUnanswered) {
  public Analysis {
    hardest = List.copyOf(hardest);
  }

  /**
   * Runs every analysis with the evaluation's options and seed. {@code training} is the training split (for the
   * training-frequency strata), or empty; every admission counts as answered.
   */
  public static Analysis of(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table,
      EvalOptions options, Optional<List<Admission>> training) {
    return Evaluator.evaluateWithAnalysis(admissions, predictions, table, options, training, Set.of()).analysis();
  }
}
