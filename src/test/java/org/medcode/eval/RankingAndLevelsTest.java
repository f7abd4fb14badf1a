package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

class RankingAndLevelsTest {
  static List<PredictedCode> codes(Double... scores) {
    List<PredictedCode> out = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      out.add(new PredictedCode("C" + i, "C" + i, scores[i]));
    }
    return out;
  }

  @Test
  void scoresSortDescendingAndTiesGoByCodeDescendingAsInTrecEval() {
    // C1 and C3 tie at 0.9: C3 first; C0 and C2 tie at 0.2: C2 first.
    assertArrayEquals(new int[] {3, 1, 2, 0, 4}, EncodedInput.rankOrder(codes(0.2, 0.9, 0.2, 0.9, 0.1)));
    assertArrayEquals(new int[] {1, 0}, EncodedInput.rankOrder(codes(0.0, -0.0)), "0.0 and -0.0 tie; C1 > C0");
    assertArrayEquals(new int[] {1, 0}, EncodedInput.rankOrder(codes(-0.0, 0.5)));
    assertArrayEquals(new int[] {}, EncodedInput.rankOrder(codes()));
  }

  @Test
  void aMissingOrNaNScoreMeansTheGivenOrder() {
    assertArrayEquals(new int[] {0, 1, 2}, EncodedInput.rankOrder(codes(0.1, null, 0.9)));
    assertArrayEquals(new int[] {0, 1, 2}, EncodedInput.rankOrder(codes(0.1, Double.NaN, 0.9)));
  }

  @Test
  void longListsSortByScoreThenCodeDescending() {
    Double[] scores = new Double[200];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (double) (i % 7);
    }
    int[] order = EncodedInput.rankOrder(codes(scores));
    for (int r = 1; r < order.length; r++) {
      double a = scores[order[r - 1]];
      double b = scores[order[r]];
      assertTrue(a > b || (a == b && ("C" + order[r - 1]).compareTo("C" + order[r]) > 0), "rank " + r);
    }
  }

  @Test
  void scoredPredictionsAreRankedByScoreForAveragePrecision() {
    // Gold {E119}; given order I10, E119 but scores put E119 first: AP = 1 (unscored it would be 1/2).
    Admission a = new Admission("a", "p", List.of(), List.of(new GoldCode("E119", CodeSystemId.ICD10CM)), Map.of());
    Prediction scored = new Prediction("a", List.of(new PredictedCode("I10", "I10", 0.2),
        new PredictedCode("E119", "E119", 0.8)));
    Prediction unscored = new Prediction("a", List.of(new PredictedCode("I10"), new PredictedCode("E119")));
    EvalOptions options = new EvalOptions(List.of(Granularity.EXACT), InvalidPolicy.COUNT, 0, 0.95, 1, false,
        List.of(1), false);
    EvaluationResult r1 = Evaluator.evaluate(List.of(a), Map.of("a", scored), Scenarios.TABLE, options);
    EvaluationResult r2 = Evaluator.evaluate(List.of(a), Map.of("a", unscored), Scenarios.TABLE, options);
    assertEquals(1.0, r1.metric(Granularity.EXACT, Averaging.SAMPLE, Metric.MAP).orElseThrow().value());
    assertEquals(0.5, r2.metric(Granularity.EXACT, Averaging.SAMPLE, Metric.MAP).orElseThrow().value());
    assertEquals(1.0, r1.metric(new MetricKey(Granularity.EXACT, Averaging.SAMPLE, Metric.P_AT_K, 1)).orElseThrow().value());
    assertEquals(0.0, r2.metric(new MetricKey(Granularity.EXACT, Averaging.SAMPLE, Metric.P_AT_K, 1)).orElseThrow().value());
  }

  @Test
  void levelsTheSystemLacksAreSkippedWithANote() {
    ToyCodeSystem twoLevels = new ToyCodeSystem(EnumSet.of(Granularity.EXACT, Granularity.CATEGORY));
    CodeTable table = ToyCodeSystem.table(twoLevels, Scenarios.MAPPABLE, Scenarios.HEADERS);
    Scenarios.Scenario s = Scenarios.messy(4, 10);
    EvalOptions options = new EvalOptions(List.of(Granularity.CHAPTER, Granularity.EXACT, Granularity.BLOCK,
        Granularity.EXACT, Granularity.CATEGORY), InvalidPolicy.COUNT, 0, 0.95, 1, false, List.of(1), false);
    EvaluationResult r = Evaluator.evaluate(s.admissions(), s.predictions(), table, options);
    assertEquals(List.of(Granularity.EXACT, Granularity.CATEGORY),
        r.levels().stream().map(LevelResult::granularity).toList());
    assertTrue(r.notes().contains("level chapter skipped: icd10cm does not define it"), r.notes().toString());
    assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("level block skipped: the code table (icd10cm toy")
        && n.endsWith("has no blocks (ICD-10-CM blocks come with the CMS tables: a year instead of a table of your own)")),
        r.notes().toString());
    assertTrue(r.metrics().keySet().stream().allMatch(k -> k.granularity() == Granularity.EXACT
        || k.granularity() == Granularity.CATEGORY));

    // only levels the system lacks: refused, not an evaluation of nothing
    EvalOptions none = new EvalOptions(List.of(Granularity.CHAPTER), InvalidPolicy.COUNT, 0, 0.95, 1, false, List.of(1),
        false);
    org.medcode.MedcodeException refused = org.junit.jupiter.api.Assertions.assertThrows(org.medcode.MedcodeException.class,
        () -> Evaluator.requireALevel(table, none));
    assertEquals("none of the levels asked for [chapter] can be scored with " + table.describe() + ": it has levels"
        + " [exact, category]", refused.getMessage());
    Evaluator.requireALevel(table, options); // some of them: scored, the others skipped with a note
  }

  @Test
  void goldCodesWithoutAnAncestorAreUnavoidableMisses() {
    // Q999 has no toy block: at the block level gold Q999 and predicted Q999 never match.
    Admission a = new Admission("a", "p", List.of(), List.of(new GoldCode("Q999", CodeSystemId.ICD10CM)), Map.of());
    Prediction p = new Prediction("a", List.of(new PredictedCode("Q999")));
    EvalOptions options = new EvalOptions(List.of(Granularity.EXACT, Granularity.BLOCK), InvalidPolicy.COUNT, 0, 0.95,
        1, false, List.of(1), false);
    EvaluationResult r = Evaluator.evaluate(List.of(a), Map.of("a", p), Scenarios.TABLE, options);
    assertEquals(new Counts(1, 0, 0), r.level(Granularity.EXACT).orElseThrow().micro());
    LevelResult block = r.level(Granularity.BLOCK).orElseThrow();
    assertEquals(new Counts(0, 1, 1), block.micro());
    assertEquals(List.of("?gold:Q999", "?pred:Q999"), block.perCode().stream().map(CodeCounts::code).toList());
  }

  @Test
  void theNoteCountsMalformedPredictedStringsThatMatchNothingAtCoarserLevels() {
    // 'K35 appendicitis' has an ancestor (K35) but, malformed, never hits it: a ?pred: key, a false positive, in both
    // admissions. The note counted only codes without an ancestor and said nothing (or 0 of 2 where it spoke).
    CodeTable table = CodeTable.of(org.medcode.codesystem.CodeSystems.syntax(CodeSystemId.ICD10CM), "FY2026", Map.of(
        "I10", new org.medcode.codesystem.CodeEntry("I10", true, "Hypertension", "Hypertension"),
        "K3580", new org.medcode.codesystem.CodeEntry("K3580", true, "Appendicitis", "Appendicitis")));
    List<Admission> admissions = List.of(
        new Admission("a", "p", List.of(), List.of(new GoldCode("I10", CodeSystemId.ICD10CM)), Map.of()),
        new Admission("b", "q", List.of(), List.of(new GoldCode("K3580", CodeSystemId.ICD10CM)), Map.of()));
    PredictedCode guess = new PredictedCode("K35APPENDICITIS", "K35 appendicitis", null);
    Map<String, Prediction> predictions = Map.of("a", new Prediction("a", List.of(new PredictedCode("I10"), guess)),
        "b", new Prediction("b", List.of(guess)));
    EvalOptions options = new EvalOptions(List.of(Granularity.EXACT, Granularity.CATEGORY), InvalidPolicy.COUNT, 0, 0.95,
        1, false, List.of(1), false);
    EvaluationResult r = Evaluator.evaluate(admissions, predictions, table, options);
    assertEquals(new Counts(1, 2, 1), r.level(Granularity.CATEGORY).orElseThrow().micro());
    assertTrue(r.notes().contains("level category: 0 gold and 2 predicted codes have no key at this level (no ancestor"
        + " there, or a malformed predicted string) and never match: each a false negative or false positive, and a code"
        + " of its own in macro averages (per_code.csv: unmapped gold or predicted)"), r.notes().toString());
  }
}
