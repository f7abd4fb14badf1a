package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
 * Paired comparison, hand-computed at the exact level.
 *
 * <pre>
 * adm gold        A        B          A tp/fp/fn  B tp/fp/fn   F1 A  F1 B
 * E1  E119 I10    E119     E119 I10   1 0 1       2 0 0        2/3   1     gained I10
 * E2  J189        J189     J181       1 0 0       0 1 1        1     0     lost J189
 * E3  N400        A000     N400       0 1 1       1 0 0        0     1     gained N400
 * micro A: tp 2 fp 1 fn 2 → P 2/3, R 1/2, F1 4/7; B: tp 3 fp 1 fn 1 → 3/4, 3/4, 3/4
 * B − A: P 1/12, R 1/4, F1 3/4 − 4/7 = 5/28; per-admission F1 (1 + 0 + 1)/3 − (2/3 + 1 + 0)/3 = 1/9
 * changed admissions by |ΔF1|: E2 (−1), E3 (+1), E1 (+1/3); codes: I10 +1, J189 −1, N400 +1
 * </pre>
 */
class PairedTest {
  static final CodeTable TABLE = StratifierTest.TABLE;
  static final EvalOptions OPTIONS = new EvalOptions(List.of(Granularity.EXACT, Granularity.CATEGORY), InvalidPolicy.COUNT,
      200, 0.95, 11L, false, List.of(1), false);

  static Admission admission(String id, String... gold) {
    return new Admission(id, id, List.of(), Arrays.stream(gold).map(c -> new GoldCode(c, CodeSystemId.ICD10CM)).toList(),
        Map.of());
  }

  static Prediction prediction(String id, String... codes) {
    return new Prediction(id, Arrays.stream(codes).map(PredictedCode::new).toList());
  }

  static final List<Admission> ADMISSIONS = List.of(admission("E1", "E119", "I10"), admission("E2", "J189"),
      admission("E3", "N400"));

  static Map<String, Prediction> a() {
    return Map.of("E1", prediction("E1", "E119"), "E2", prediction("E2", "J189"), "E3", prediction("E3", "A000"));
  }

  static Map<String, Prediction> b() {
    return Map.of("E1", prediction("E1", "E119", "I10"), "E2", prediction("E2", "J181"), "E3", prediction("E3", "N400"));
  }

  static PairedComparison.Difference find(PairedComparison c, Averaging averaging, Metric metric) {
    return c.differences().stream().filter(d -> d.key().equals(new MetricKey(Granularity.EXACT, averaging, metric)))
        .findFirst().orElseThrow();
  }

  @Test
  void differencesAndChangesByHand() {
    PairedComparison c = Paired.compare("a", "b", ADMISSIONS, a(), b(), TABLE, OPTIONS, 500);
    assertEquals(2.0 / 3, find(c, Averaging.MICRO, Metric.PRECISION).a(), 1e-12);
    assertEquals(3.0 / 4, find(c, Averaging.MICRO, Metric.PRECISION).b(), 1e-12);
    assertEquals(1.0 / 12, find(c, Averaging.MICRO, Metric.PRECISION).difference(), 1e-12);
    assertEquals(1.0 / 4, find(c, Averaging.MICRO, Metric.RECALL).difference(), 1e-12);
    assertEquals(5.0 / 28, find(c, Averaging.MICRO, Metric.F1).difference(), 1e-12);
    assertEquals(1.0 / 9, find(c, Averaging.SAMPLE, Metric.F1).difference(), 1e-12);
    assertEquals(2 * 8, c.differences().size());
    assertEquals(List.of("E2", "E3", "E1"), c.changedAdmissions().stream().map(PairedComparison.AdmissionChange::admissionId)
        .toList());
    assertEquals(List.of("J189"), c.changedAdmissions().get(0).lost());
    assertEquals(List.of("I10"), c.changedAdmissions().get(2).gained());
    assertTrue(c.changedAdmissions().get(1).improved());
    assertEquals(List.of(new PairedComparison.CodeChange("I10", 1, 0), new PairedComparison.CodeChange("J189", 0, 1),
        new PairedComparison.CodeChange("N400", 1, 0)), c.changedCodes());
  }

  @Test
  void swappingTheSidesNegatesDifferencesAndIntervalsAndKeepsP() {
    PairedComparison ab = Paired.compare("a", "b", ADMISSIONS, a(), b(), TABLE, OPTIONS, 300);
    PairedComparison ba = Paired.compare("b", "a", ADMISSIONS, b(), a(), TABLE, OPTIONS, 300);
    for (int i = 0; i < ab.differences().size(); i++) {
      PairedComparison.Difference x = ab.differences().get(i);
      PairedComparison.Difference y = ba.differences().get(i);
      assertEquals(-x.difference(), y.difference(), 1e-12);
      assertEquals(-x.ciHigh(), y.ciLow(), 1e-12);
      assertEquals(-x.ciLow(), y.ciHigh(), 1e-12);
      assertEquals(x.pValue(), y.pValue());
    }
  }

  @Test
  void identicalPredictionsDifferByZeroWithPOne() {
    PairedComparison c = Paired.compare("a", "a", ADMISSIONS, a(), a(), TABLE, OPTIONS, 100);
    for (PairedComparison.Difference d : c.differences()) {
      assertEquals(0.0, d.difference());
      assertEquals(0.0, d.ciLow());
      assertEquals(0.0, d.ciHigh());
      assertEquals(1.0, d.pValue());
    }
    assertTrue(c.changedAdmissions().isEmpty());
  }

  /** One admission paired: every resample repeats it, so the difference has no interval (as a run's own intervals). */
  @Test
  void oneAdmissionPairedHasNoInterval() {
    PairedComparison c = Paired.compare("a", "b", ADMISSIONS.subList(0, 1), a(), b(), TABLE, OPTIONS, 100);
    assertEquals(1, c.admissions());
    for (PairedComparison.Difference d : c.differences()) {
      assertTrue(Double.isNaN(d.ciLow()) && Double.isNaN(d.ciHigh()), d.toString());
    }
    assertTrue(c.notes().contains("one admission paired only, which every resample would repeat: no interval"),
        c.notes().toString());
    PairedComparison two = Paired.compare("a", "b", ADMISSIONS.subList(0, 2), a(), b(), TABLE, OPTIONS, 100);
    assertTrue(two.differences().stream().noneMatch(d -> Double.isNaN(d.ciLow())));
  }

  /** Only one admission differs: swapping it flips the sign, so every round is as extreme as observed: p = 1. */
  @Test
  void aSingleChangedAdmissionIsNeverSignificant() {
    Map<String, Prediction> b = new HashMap<>(a());
    b.put("E3", prediction("E3", "N400"));
    PairedComparison c = Paired.compare("a", "b", ADMISSIONS, a(), b, TABLE, OPTIONS, 1000);
    assertEquals(1.0, find(c, Averaging.MICRO, Metric.F1).pValue());
  }

  /** B perfect and A empty on 20 admissions: a round is as extreme only when all 20 swaps agree (p ≈ 2^-19). */
  @Test
  void aConsistentImprovementIsSignificant() {
    List<Admission> admissions = new ArrayList<>();
    Map<String, Prediction> a = new HashMap<>();
    Map<String, Prediction> b = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      admissions.add(admission("X" + i, "I10"));
      b.put("X" + i, prediction("X" + i, "I10"));
    }
    PairedComparison c = Paired.compare("a", "b", admissions, a, b, TABLE, OPTIONS, 999);
    assertEquals(1.0, find(c, Averaging.MICRO, Metric.F1).difference());
    assertEquals(1.0 / 1000, find(c, Averaging.MICRO, Metric.F1).pValue(), 1e-12);
    assertEquals(1.0, find(c, Averaging.MICRO, Metric.F1).ciLow());
  }

  /** Side B is scored on another thread; its failure still reaches the caller as it is, as side A's does. */
  @Test
  void aFailureScoringEitherSideKeepsItsTypeAndMessage() {
    NullPointerException b = assertThrows(NullPointerException.class,
        () -> Paired.compare("a", "b", ADMISSIONS, a(), null, TABLE, OPTIONS, 10));
    assertEquals("predictions", b.getMessage());
    NullPointerException a = assertThrows(NullPointerException.class,
        () -> Paired.compare("a", "b", ADMISSIONS, null, b(), TABLE, OPTIONS, 10));
    assertEquals("predictions", a.getMessage());
  }

  /**
   * Under population with-gold an admission without gold codes is left out on both sides, as the engine leaves it out:
   * here E4 (no gold) would add A's false positive; with it left out the differences are those of the table above, and
   * the changed admissions are named by their own ids, not shifted by the missing one.
   */
  @Test
  void withGoldPopulationLeavesOutAdmissionsWithoutGold() {
    List<Admission> admissions = List.of(admission("E4"), ADMISSIONS.get(0), ADMISSIONS.get(1), ADMISSIONS.get(2));
    Map<String, Prediction> a = new java.util.HashMap<>(a());
    a.put("E4", prediction("E4", "I10"));
    EvalOptions withGold = new EvalOptions(OPTIONS.levels(), OPTIONS.invalid(), OPTIONS.bootstrap(), OPTIONS.confidence(),
        OPTIONS.seed(), false, OPTIONS.ks(), false, Population.WITH_GOLD);
    PairedSide side = PairedSide.of("a", admissions, a, TABLE, withGold);
    assertEquals(List.of("E1", "E2", "E3"), side.admissionIds());
    PairedComparison c = Paired.compare("a", "b", admissions, a, b(), TABLE, withGold, 100);
    assertEquals(3, c.admissions());
    assertEquals(5.0 / 28, find(c, Averaging.MICRO, Metric.F1).difference(), 1e-12);
    assertEquals(List.of("E2", "E3", "E1"), c.changedAdmissions().stream().map(PairedComparison.AdmissionChange::admissionId)
        .toList());
  }

  /**
   * Under invalid: drop an invalid predicted code that is a gold code (X999: not in the table, CodiEsp-P's partial codes)
   * is kept and scored as a true positive, so the code A finds and B does not is lost. Before, the changed codes left
   * out every invalid code under drop: E5 changed F1 (1 → 0) with nothing lost, and changed_codes.csv had no X999 row
   * (found on CodiEsp ES procedures, the partial gold code BW21).
   */
  @Test
  void underDropAnInvalidGoldCodeFoundByOneSideIsGainedOrLost() {
    EvalOptions drop = new EvalOptions(OPTIONS.levels(), InvalidPolicy.DROP, 0, OPTIONS.confidence(), OPTIONS.seed(),
        false, OPTIONS.ks(), false);
    List<Admission> admissions = List.of(admission("E5", "X999"), admission("E6", "I10"));
    Map<String, Prediction> a = Map.of("E5", prediction("E5", "X999"), "E6", prediction("E6", "I10"));
    Map<String, Prediction> b = Map.of("E5", prediction("E5", "I10"), "E6", prediction("E6", "I10"));
    PairedComparison c = Paired.compare("a", "b", admissions, a, b, TABLE, drop, 0);
    assertEquals(List.of("E5"), c.changedAdmissions().stream().map(PairedComparison.AdmissionChange::admissionId)
        .toList());
    assertEquals(List.of("X999"), c.changedAdmissions().get(0).lost());
    assertEquals(List.of(new PairedComparison.CodeChange("X999", 0, 1)), c.changedCodes());
  }
}

