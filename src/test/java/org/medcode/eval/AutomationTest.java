package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
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

/**
 * A hand-computed automation-coverage fixture (exact level, 5 admissions).
 *
 * <pre>
 * adm gold         predicted (score)        confidence = min score
 * D1  E119 I10     E119 .9, I10 .8          .8   exact match, tp 2
 * D2  J189         J189 .95                 .95  exact match, tp 1
 * D3  A000 N400    A000 .7, I10 .6          .6   tp 1 fp 1 fn 1
 * D4  I2510        I2510 .8                 .8   exact match, tp 1 (ties with D1: automated together)
 * D5  N400         (none)                   none: never automated
 *
 * curve (descending confidence): t .95 → {D2}: 1 admission, coverage 1/5, tp 1, P 1, R 1, EM 1
 *                                t .8  → {D2, D1, D4}: 3, coverage 3/5, tp 4 fp 0 fn 0, P 1, R 1, EM 1
 *                                t .6  → + D3: 4, coverage 4/5, tp 5 fp 1 fn 1, P 5/6, R 5/6, EM 3/4
 * targets: micro precision ≥ .90/.95/.98 → coverage 3/5 (t .8, achieved 1); exact match the same.
 * suggestions (gold total 7): k 1 → hits D1 D2 D3 D4 = 4 of 4 shown: recall 4/7, precision 1, reviewed 4/5;
 *   k 2 → + I10 (D1, hit), I10 (D3, miss): 5 of 6: recall 5/7, precision 5/6, reviewed 6/5.
 * review to the last hit: D1 2, D2 1, D3 1, D4 1 → 5/4.
 * </pre>
 */
class AutomationTest {
  static final CodeTable TABLE = StratifierTest.TABLE;

  static Admission admission(String id, String... gold) {
    return new Admission(id, id, List.of(), Arrays.stream(gold).map(c -> new GoldCode(c, CodeSystemId.ICD10CM)).toList(),
        Map.of());
  }

  static final List<Admission> ADMISSIONS = List.of(admission("D1", "E119", "I10"), admission("D2", "J189"),
      admission("D3", "A000", "N400"), admission("D4", "I2510"), admission("D5", "N400"));

  static Map<String, Prediction> scored() {
    Map<String, Prediction> p = new HashMap<>();
    p.put("D1", new Prediction("D1", List.of(new PredictedCode("I10", "I10", 0.8), new PredictedCode("E119", "E119", 0.9))));
    p.put("D2", new Prediction("D2", List.of(new PredictedCode("J189", "J189", 0.95))));
    p.put("D3", new Prediction("D3", List.of(new PredictedCode("A000", "A000", 0.7), new PredictedCode("I10", "I10", 0.6))));
    p.put("D4", new Prediction("D4", List.of(new PredictedCode("I2510", "I2510", 0.8))));
    return p;
  }

  @Test
  void coverageCurveTargetsAndSuggestions() {
    AutomationCoverage c = Automation.analyze(ADMISSIONS, scored(), TABLE, InvalidPolicy.COUNT);
    assertTrue(c.available());
    assertEquals(List.of(
        new AutomationCoverage.Point(0.95, 1, 0.2, 1, 0, 0, 1, 1, 1),
        new AutomationCoverage.Point(0.8, 3, 0.6, 4, 0, 0, 1, 1, 1),
        new AutomationCoverage.Point(0.6, 4, 0.8, 5, 1, 1, 5.0 / 6, 5.0 / 6, 0.75)), c.curve());
    assertEquals(6, c.targets().size());
    for (AutomationCoverage.Target t : c.targets()) {
      assertEquals(0.6, t.coverage(), 0.0, t.toString());
      assertEquals(3, t.admissions());
      assertEquals(0.8, t.threshold());
      assertEquals(1.0, t.achieved());
    }
    assertEquals(List.of(new AutomationCoverage.Suggestions(1, 4.0 / 7, 1.0, 0.8),
        new AutomationCoverage.Suggestions(2, 5.0 / 7, 5.0 / 6, 1.2)), c.suggestions());
    assertEquals(1.25, c.meanReviewToLastHit());
  }

  @Test
  void aTargetNoThresholdMeetsHasNoCoverage() {
    List<AutomationCoverage.Point> curve = List.of(new AutomationCoverage.Point(0.5, 2, 1.0, 1, 1, 0, 0.5, 1, 0.5));
    AutomationCoverage.Target t = Automation.target(curve, AutomationCoverage.Criterion.MICRO_PRECISION, 0.9);
    assertEquals(0.0, t.coverage());
    assertTrue(Double.isNaN(t.threshold()));
  }

  @Test
  void withoutScoresOnlySuggestionsAreComputed() {
    Map<String, Prediction> unscored = new HashMap<>();
    scored().forEach((id, p) -> unscored.put(id, new Prediction(id, p.codes().stream()
        .map(c -> new PredictedCode(c.code())).toList())));
    AutomationCoverage c = Automation.analyze(ADMISSIONS, unscored, TABLE, InvalidPolicy.COUNT);
    assertFalse(c.available());
    assertTrue(c.curve().isEmpty());
    // the given order now: D1 is I10 then E119, so k = 1 still hits in D1 D2 D3 D4 (4/7); last hits at 2, 1, 1, 1
    assertEquals(4.0 / 7, c.suggestions().get(0).recall(), 1e-12);
    assertEquals(1.25, c.meanReviewToLastHit(), 1e-12);
  }

  /**
   * With-gold scores D1-D5; D6 (no gold code, I10 at .99) is outside the population, so coverage, errors and
   * suggestions are the fixture's above (errors: 6 predicted codes, D3's I10 the one wrong chapter): before, D6 was
   * automated first (a point at .99, coverage over 6 admissions, fp 1), its I10 counted as a 7th predicted code and a
   * 2nd wrong chapter, the suggestions reviewed it (k 1: precision 4/5, reviewed 5/6) and it was a hard admission.
   */
  @Test
  void withGoldAnalysesLeaveOutAdmissionsOutsideThePopulation() {
    List<Admission> admissions = new java.util.ArrayList<>(ADMISSIONS);
    admissions.add(admission("D6"));
    Map<String, Prediction> predictions = scored();
    predictions.put("D6", new Prediction("D6", List.of(new PredictedCode("I10", "I10", 0.99))));
    EvalOptions withGold = new EvalOptions(List.of(Granularity.EXACT), InvalidPolicy.COUNT, 0, 0.95, 7L, false,
        List.of(1), false, Population.WITH_GOLD);
    Analysis analysis = Analysis.of(admissions, predictions, TABLE, withGold, java.util.Optional.empty());
    AutomationCoverage c = analysis.coverage();
    assertEquals(Automation.analyze(ADMISSIONS, scored(), TABLE, InvalidPolicy.COUNT), c);
    assertEquals(List.of(new AutomationCoverage.Suggestions(1, 4.0 / 7, 1.0, 0.8),
        new AutomationCoverage.Suggestions(2, 5.0 / 7, 5.0 / 6, 1.2)), c.suggestions());
    assertEquals(6, analysis.errors().predictedTotal());
    assertEquals(1L, analysis.errors().predicted().get(ErrorKind.WRONG_CHAPTER));
    assertTrue(analysis.hardest().stream().noneMatch(e -> e.admissionId().equals("D6")));
  }

  /**
   * Under DROP an invalid prediction that is a gold code is kept, as the metrics keep it: E1 gold E119 and Q999 (not in
   * the table), predicted Q999 .9, E119 .8 → one point at .8: tp 2, fp 0, fn 0, exact match 1; suggestions k 2: recall
   * 1, reviewed 2. Before, Q999 was dropped here (tp 1, fn 1, exact match 0; one suggestion, recall 1/2) while the
   * micro metrics counted it as a true positive.
   */
  @Test
  void underDropAnInvalidGoldCodeIsKeptAsTheMetricsKeepIt() {
    List<Admission> admissions = List.of(admission("E1", "E119", "Q999"));
    Map<String, Prediction> predictions = Map.of("E1", new Prediction("E1",
        List.of(new PredictedCode("Q999", "Q999", 0.9), new PredictedCode("E119", "E119", 0.8))));
    AutomationCoverage c = Automation.analyze(admissions, predictions, TABLE, InvalidPolicy.DROP);
    assertEquals(List.of(new AutomationCoverage.Point(0.8, 1, 1.0, 2, 0, 0, 1, 1, 1)), c.curve());
    assertEquals(new AutomationCoverage.Suggestions(2, 1.0, 1.0, 2.0), c.suggestions().get(1));
  }
}
