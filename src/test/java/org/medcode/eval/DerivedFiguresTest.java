package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;

/**
 * Derived figures get their intervals on the engine's own resamples: the micro recall computed through
 * {@link DerivedFigures} equals the engine's to the last bit (value and both bounds), by admission and by patient, over
 * every admission and over those with gold codes only; the category − exact gap equals a direct computation with
 * {@code java.util.SplittableRandom} and numpy's percentile rule.
 */
class DerivedFiguresTest {
  private static EvalOptions options(int resamples, boolean byPatient, Population population, InvalidPolicy invalid) {
    return new EvalOptions(List.of(Granularity.EXACT, Granularity.CATEGORY), invalid, resamples, 0.95, 42, byPatient,
        List.of(1), false, population);
  }

  @ParameterizedTest
  @CsvSource({"false, ALL, 1", "true, ALL, 2", "false, WITH_GOLD, 3", "true, WITH_GOLD, 4"})
  void aRecallThroughTheDerivedFiguresIsTheEnginesToTheLastBit(boolean byPatient, Population population, long seed) {
    Scenarios.Scenario s = Scenarios.messy(seed, 300);
    EvaluationResult result = Evaluator.evaluate(s.admissions(), s.predictions(), Scenarios.TABLE,
        options(300, byPatient, population, InvalidPolicy.COUNT));
    for (Granularity level : List.of(Granularity.EXACT, Granularity.CATEGORY)) {
      List<AdmissionCounts> counts = result.level(level).orElseThrow().perAdmission();
      long[][] columns = new long[2][counts.size()];
      for (int i = 0; i < counts.size(); i++) {
        columns[0][i] = counts.get(i).tp();
        columns[1][i] = counts.get(i).tp() + counts.get(i).fn();
      }
      Estimate derived = DerivedFigures.estimate(result, columns, x -> Counts.ratio(x[0], x[1]));
      assertEquals(result.metric(level, Averaging.MICRO, Metric.RECALL).orElseThrow(), derived, level.label());
    }
    if (result.invalid().predicted() > 0 && population == Population.ALL) {
      assertEquals(result.invalid().invalidRate(), DerivedFigures.invalidRate(result).value());
    }
  }

  @Test
  void theGapIsTheDifferenceOfTheTwoRecallsOnEachOfTheSameResamples() {
    Scenarios.Scenario s = Scenarios.typical(11, 400);
    EvaluationResult result = Evaluator.evaluate(s.admissions(), s.predictions(), Scenarios.TABLE,
        options(500, false, Population.ALL, InvalidPolicy.COUNT));
    Estimate gap = DerivedFigures.recallGap(result, Granularity.EXACT, Granularity.CATEGORY);
    double exact = result.metric(Granularity.EXACT, Averaging.MICRO, Metric.RECALL).orElseThrow().value();
    double category = result.metric(Granularity.CATEGORY, Averaging.MICRO, Metric.RECALL).orElseThrow().value();
    assertEquals(category - exact, gap.value());

    // directly: resample b = the b-th split of SplittableRandom(seed), n draws nextInt(n); numpy's percentile
    List<AdmissionCounts> e = result.level(Granularity.EXACT).orElseThrow().perAdmission();
    List<AdmissionCounts> c = result.level(Granularity.CATEGORY).orElseThrow().perAdmission();
    int n = e.size();
    SplittableRandom root = new SplittableRandom(42);
    double[] values = new double[500];
    for (int b = 0; b < 500; b++) {
      SplittableRandom rng = root.split();
      long etp = 0;
      long eg = 0;
      long ctp = 0;
      long cg = 0;
      for (int j = 0; j < n; j++) {
        int i = rng.nextInt(n);
        etp += e.get(i).tp();
        eg += e.get(i).tp() + e.get(i).fn();
        ctp += c.get(i).tp();
        cg += c.get(i).tp() + c.get(i).fn();
      }
      values[b] = (double) ctp / cg - (double) etp / eg;
    }
    Arrays.sort(values);
    assertEquals(percentile(values, 0.025), gap.ciLow());
    assertEquals(percentile(values, 0.975), gap.ciHigh());
    assertTrue(gap.ciLow() > 0, "category recall is above exact recall on every resample here: " + gap);
    // paired: narrower than the difference of the two separate intervals' extremes
    Estimate er = result.metric(Granularity.EXACT, Averaging.MICRO, Metric.RECALL).orElseThrow();
    Estimate cr = result.metric(Granularity.CATEGORY, Averaging.MICRO, Metric.RECALL).orElseThrow();
    assertTrue(gap.ciHigh() - gap.ciLow() < (cr.ciHigh() - er.ciLow()) - (cr.ciLow() - er.ciHigh()));
  }

  /** numpy.percentile's default (linear) rule on sorted values, q in [0, 1]. */
  private static double percentile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    double t = h - lo;
    return t >= 0.5 ? sorted[lo + 1] - (sorted[lo + 1] - sorted[lo]) * (1 - t) : sorted[lo] + (sorted[lo + 1] - sorted[lo]) * t;
  }

  @Test
  void wrongAnswersAddUpToTheErrorTaxonomyOfTheWhole() {
    Scenarios.Scenario s = Scenarios.messy(5, 300);
    EvaluationResult result = Evaluator.evaluate(s.admissions(), s.predictions(), Scenarios.TABLE,
        options(200, false, Population.ALL, InvalidPolicy.COUNT));
    ErrorTaxonomy whole = ErrorAnalysis.analyze(s.admissions(), s.predictions(), Scenarios.TABLE);
    DerivedFigures.WrongAnswers wrong = DerivedFigures.wrongAnswers(s.admissions(), s.predictions(), Scenarios.TABLE, result);
    assertEquals(whole.predictedTotal(), wrong.predicted());
    assertEquals(whole.predictedTotal() - whole.predicted().get(ErrorKind.EXACT), wrong.wrong());
    double sum = 0;
    for (Map.Entry<ErrorKind, Long> kind : wrong.counts().entrySet()) {
      assertEquals(whole.predicted().get(kind.getKey()), kind.getValue(), kind.getKey().label());
      Estimate share = wrong.shares().get(kind.getKey());
      assertEquals((double) kind.getValue() / wrong.wrong(), share.value(), kind.getKey().label());
      assertTrue(share.ciLow() <= share.value() && share.value() <= share.ciHigh(), share.toString());
      sum += share.value();
    }
    assertEquals(1.0, sum, 1e-12);
  }

  @Test
  void noWrongCodeGivesNoSharesRatherThanSharesOfZero() {
    List<Admission> admissions = List.of(ErrorAnalysisTest.admission("A1", "E119"), ErrorAnalysisTest.admission("A2", "I10"));
    Map<String, org.medcode.prediction.Prediction> predictions = new HashMap<>();
    predictions.put("A1", ErrorAnalysisTest.prediction("A1", "E119"));
    predictions.put("A2", ErrorAnalysisTest.prediction("A2", "I10"));
    EvaluationResult result = Evaluator.evaluate(admissions, predictions, ErrorAnalysisTest.TABLE,
        options(50, false, Population.ALL, InvalidPolicy.COUNT));
    DerivedFigures.WrongAnswers wrong = DerivedFigures.wrongAnswers(admissions, predictions, ErrorAnalysisTest.TABLE, result);
    assertEquals(2, wrong.predicted());
    assertEquals(0, wrong.wrong());
    assertEquals(0L, wrong.counts().get(ErrorKind.SIBLING));
    assertTrue(wrong.shares().isEmpty(), "0 of 0 wrong codes is no share: " + wrong.shares());
  }

  @Test
  void noAnswersAndPointValuesWithoutResamples() {
    List<Admission> admissions = List.of(ErrorAnalysisTest.admission("A1", "E119"), ErrorAnalysisTest.admission("A2", "I10"),
        ErrorAnalysisTest.admission("A3", "I10"), ErrorAnalysisTest.admission("A4", "J189"));
    Map<String, org.medcode.prediction.Prediction> predictions = new HashMap<>();
    predictions.put("A1", ErrorAnalysisTest.prediction("A1", "E119"));
    predictions.put("A2", ErrorAnalysisTest.prediction("A2", "I10X"));
    predictions.put("A3", ErrorAnalysisTest.prediction("A3"));
    EvaluationResult result = Evaluator.evaluate(admissions, predictions, ErrorAnalysisTest.TABLE,
        options(0, false, Population.ALL, InvalidPolicy.COUNT));
    assertEquals(Estimate.point(0.5), DerivedFigures.noAnswerRate(result));
    assertEquals(Estimate.point(0.5), DerivedFigures.invalidRate(result));
    assertEquals(Estimate.point(0.25), DerivedFigures.recallGap(result, Granularity.EXACT, Granularity.CATEGORY),
        "category 2 of 4 (I10X falls in I10) minus exact 1 of 4");
    EvaluationResult dropped = Evaluator.evaluate(admissions, predictions, ErrorAnalysisTest.TABLE,
        options(100, false, Population.ALL, InvalidPolicy.DROP));
    assertEquals(Estimate.point(0.5), DerivedFigures.invalidRate(dropped), "under drop: the point value only");
  }
}
