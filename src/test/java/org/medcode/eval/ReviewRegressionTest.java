package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/** One test per defect found in review, so none comes back. */
class ReviewRegressionTest {
  private static Admission admission(String id, String... gold) {
    return new Admission(id, id, List.of(),
        java.util.Arrays.stream(gold).map(c -> new GoldCode(c, CodeSystemId.ICD10CM)).toList(), Map.of());
  }

  private static EvalOptions options(InvalidPolicy policy, Population population) {
    return new EvalOptions(List.of(Granularity.EXACT, Granularity.CATEGORY), policy, 0, 0.95, 1, false, List.of(1), false,
        population);
  }

  private static double value(EvaluationResult r, Granularity g, Averaging a, Metric m) {
    return r.metric(g, a, m).orElseThrow().value();
  }

  @Test
  void dropNeverRemovesAPredictionThatEqualsAGoldCode() {
    // J1899 is well formed but not in the toy table; the gold standard uses it (as CodiEsp's Spanish edition does).
    Admission a = admission("a", "J1899", "E119");
    Prediction p = new Prediction("a", List.of(new PredictedCode("J1899"), new PredictedCode("E119"), new PredictedCode("Q99X")));
    EvaluationResult r = Evaluator.evaluate(List.of(a), Map.of("a", p), Scenarios.TABLE,
        options(InvalidPolicy.DROP, Population.ALL));
    assertEquals(new Counts(2, 0, 0), r.level(Granularity.EXACT).orElseThrow().micro(), "Q99X dropped, J1899 kept");
    assertEquals(2, r.invalid().invalid(), "both are still reported as invalid codes");
  }

  @Test
  void withGoldPopulationIgnoresAdmissionsWithoutGoldCodes() {
    Admission coded = admission("a", "E119");
    Admission uncoded = admission("b");
    Map<String, Prediction> predictions = Map.of("a", new Prediction("a", List.of(new PredictedCode("E119"))),
        "b", new Prediction("b", List.of(new PredictedCode("I10"))));
    EvaluationResult all = Evaluator.evaluate(List.of(coded, uncoded), predictions, Scenarios.TABLE,
        options(InvalidPolicy.COUNT, Population.ALL));
    EvaluationResult withGold = Evaluator.evaluate(List.of(coded, uncoded), predictions, Scenarios.TABLE,
        options(InvalidPolicy.COUNT, Population.WITH_GOLD));
    assertEquals(0.5, value(all, Granularity.EXACT, Averaging.MICRO, Metric.PRECISION));
    assertEquals(1.0, value(withGold, Granularity.EXACT, Averaging.MICRO, Metric.PRECISION));
    assertEquals(1, withGold.admissions());
  }

  @Test
  void aMalformedPredictionDoesNotHitACoarserLevel() {
    // "E11 diabetes" normalises to E11DIABETES: malformed; its first three characters must not count as category E11.
    Admission a = admission("a", "E119");
    Prediction p = new Prediction("a", List.of(new PredictedCode("E11DIABETES")));
    EvaluationResult r = Evaluator.evaluate(List.of(a), Map.of("a", p), Scenarios.TABLE,
        options(InvalidPolicy.COUNT, Population.ALL));
    assertEquals(new Counts(0, 1, 1), r.level(Granularity.CATEGORY).orElseThrow().micro());
  }

  @Test
  void aMalformedPredictionRepeatingAMalformedGoldCodeMapsLikeIt() {
    // E11DIABETES is malformed but has a well-formed category prefix; gold uses it verbatim (as CodiEsp's partial PCS
    // codes such as CT13 are used): the same string predicted hits at every level.
    Admission a = admission("a", "E11DIABETES");
    Prediction p = new Prediction("a", List.of(new PredictedCode("E11DIABETES")));
    EvaluationResult r = Evaluator.evaluate(List.of(a), Map.of("a", p), Scenarios.TABLE,
        options(InvalidPolicy.COUNT, Population.ALL));
    assertEquals(new Counts(1, 0, 0), r.level(Granularity.EXACT).orElseThrow().micro());
    assertEquals(new Counts(1, 0, 0), r.level(Granularity.CATEGORY).orElseThrow().micro());
  }

  @Test
  void tiedScoresRankByCodeDescendingAsTrecEvalDoes() {
    // A000 and A001 tie at 0.5: trec_eval puts A001 first, so the only gold code A000 is at rank 2: AP = 1/2.
    Admission a = admission("a", "A000");
    Prediction p = new Prediction("a", List.of(new PredictedCode("A000", "A000", 0.5), new PredictedCode("A001", "A001", 0.5)));
    EvaluationResult r = Evaluator.evaluate(List.of(a), Map.of("a", p), Scenarios.TABLE,
        options(InvalidPolicy.COUNT, Population.ALL));
    assertEquals(0.5, value(r, Granularity.EXACT, Averaging.SAMPLE, Metric.MAP));
  }
}
