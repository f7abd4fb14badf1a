package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * A hand-computed fixture: six admissions, every count and every average at the exact and category levels, under both
 * invalid-code policies. ks = 1, 2, 5.
 *
 * <pre>
 * Table: billable A000 A001 A09 E119 E1165 I10 I2510 J189 J181 N400; headers A00 E11 I25 J18 N40.
 *
 * adm patient gold (icd10cm)                 prediction (rank order)
 * A1  P1      E119 E1165 I10 E119(dup)        scored: I10 .4, E119 .9, J189 .5, E119 .1 → E119 J189 I10 (E119 dup
 *             + icd10pcs 0DTJ4ZZ (ignored)      at .1 dropped: first/best rank kept)
 * A2  P1      J189 N400                       unscored: J1899 (not in table), N400, 1234 (malformed), J18 (header)
 * A3  P2      A000 A001                       (no prediction → empty)
 * A4  P3      (only icd10pcs 0DTJ4ZZ, ignored) I2510 I10
 * A5  P4      (none)                          (present, empty)
 * A6  P2      A09                             A09
 * plus a prediction for unknown admission "ZZ9", ignored.
 *
 * EXACT, COUNT                      tp fp fn   P    R    F1   J    EM  AP
 * A1 {E119,E1165,I10} vs E119 J189 I10   2  1  1  2/3  2/3  2/3  1/2  0  (1/1 + 2/3)/3 = 5/9
 * A2 {J189,N400} vs J1899 N400 1234 J18  1  3  1  1/4  1/2  2/6  1/5  0  (1/2)/2 = 1/4
 * A3 {A000,A001} vs -                    0  0  2  0    0    0    0    0  0
 * A4 {} vs I2510 I10                     0  2  0  0    0    0    0    0  NaN
 * A5 {} vs {}                            0  0  0  1    1    1    1    1  NaN
 * A6 {A09} vs A09                        1  0  0  1    1    1    1    1  1
 * micro: tp 4, fp 6, fn 4 → P 4/10, R 4/8, F1 8/18
 * per-admission (n = 6): P (2/3+1/4+1+1)/6 = 35/72; R (2/3+1/2+2)/6 = 19/36; F1 (2/3+1/3+2)/6 = 1/2;
 *   J (1/2+1/5+2)/6 = 9/20; EM 2/6
 * ranked over A1 A2 A3 A6 (M = 4): MAP (5/9+1/4+0+1)/4 = 65/144
 *   P@1 (1+0+0+1)/4 = 1/2; P@2 (1/2+1/2+0+1/2)/4 = 3/8; P@5 (2/5+1/5+0+1/5)/4 = 1/5
 *   R@1 (1/3+0+0+1)/4 = 1/3; R@2 (1/3+1/2+0+1)/4 = 11/24; R@5 (2/3+1/2+0+1)/4 = 13/24
 *   R-precision: A1 2 hits in top 3 → 2/3, A2 1 in top 2 → 1/2, A3 0, A6 1 → 13/24
 * per code: E119 tp1; E1165 fn1; I10 tp1 fp1 (A4); J189 fp1 (A1) fn1 (A2); N400 tp1; A000 fn1; A001 fn1; A09 tp1;
 *   J1899, 1234, J18, I2510 fp1 each
 * macro-gold (8 codes with support): P_c = 1 for A09 E119 N400, 1/2 for I10, else 0 → 3.5/8 = 7/16;
 *   R_c = 1 for A09 E119 I10 N400 → 4/8 = 1/2; F1_c = 1,1,1 and 2/3 (I10) → (11/3)/8 = 11/24
 * macro-all (12 codes): 3.5/12 = 7/24; 4/12 = 1/3; (11/3)/12 = 11/36
 *
 * CATEGORY, COUNT (E119, E1165 → E11: two codes in one category count once)
 * A1 {E11,I10} vs E11 J18 I10            2  1  0  2/3  1    4/5  2/3  0  (1 + 2/3)/2 = 5/6
 * A2 {J18,N40} vs J18 N40 ?pred:1234     2  1  0  2/3  1    4/5  2/3  0  (1 + 1)/2 = 1
 *    (J1899 → J18 hits the right category; 1234 has no category → never matches; the header J18 repeats J18)
 * A3 {A00} vs -                          0  0  1  0    0    0    0    0  0
 * A4 {} vs I25 I10                       0  2  0  0    0    0    0    0  NaN
 * A5, A6 as above                                1s                    NaN, 1
 * micro: tp 5, fp 4, fn 1 → 5/9, 5/6, 10/15
 * per-admission: P (2/3+2/3+2)/6 = 5/9; R 4/6; F1 (4/5+4/5+2)/6 = 3/5; J (2/3+2/3+2)/6 = 5/9; EM 2/6
 * ranked: MAP (5/6+1+0+1)/4 = 17/24; P@1 3/4; P@2 (1/2+1+0+1/2)/4 = 1/2; P@5 (2/5+2/5+0+1/5)/4 = 1/4;
 *   R@1 (1/2+1/2+0+1)/4 = 1/2; R@2 (1/2+1+0+1)/4 = 5/8; R@5 3/4; R-precision (1/2+1+0+1)/4 = 5/8
 * per code: A00 fn1; A09 tp1; E11 tp1; I10 tp1 fp1; J18 tp1 fp1 (A1); N40 tp1; ?pred:1234 fp1; I25 fp1
 * macro-gold (6): P (0+1+1+1/2+1/2+1)/6 = 2/3; R 5/6; F1 (0+1+1+2/3+2/3+1)/6 = 13/18
 * macro-all (8): 4/8 = 1/2; 5/8; (13/3)/8 = 13/24
 *
 * EXACT, DROP (J1899 and 1234 removed before scoring; A2 becomes N400 J18)
 * A2 {J189,N400} vs N400 J18             1  1  1  1/2  1/2  1/2  1/3  0  (1/1)/2 = 1/2; others as COUNT
 * micro: tp 4, fp 4, fn 4 → 1/2, 1/2, 1/2
 * per-admission: P = R = F1 = (2/3+1/2+2)/6 = 19/36; J (1/2+1/3+2)/6 = 17/36; EM 1/3
 * ranked: MAP (5/9+1/2+0+1)/4 = 37/72; P@1 3/4; P@2 (1/2+1/2+0+1/2)/4 = 3/8; P@5 (2/5+1/5+1/5)/4 = 1/5;
 *   R@1 (1/3+1/2+0+1)/4 = 11/24; R@2 11/24; R@5 13/24; R-precision 13/24
 * macro-gold as COUNT (7/16, 1/2, 11/24); macro-all over 10 codes: 3.5/10, 4/10, (11/3)/10 = 11/30
 *
 * CATEGORY, DROP (A2 becomes N40 J18: both gold)
 * A2 {J18,N40} vs N40 J18                2  0  0  1    1    1    1    1  1
 * micro: tp 5, fp 3, fn 1 → 5/8, 5/6, 10/14
 * per-admission: P (2/3+1+2)/6 = 11/18; R 4/6; F1 (4/5+1+2)/6 = 19/30; J 11/18; EM 3/6
 * ranked: MAP 17/24; P@1 3/4; P@2 1/2; P@5 1/4; R@1 1/2; R@2 5/8; R@5 3/4; R-precision 5/8
 * macro-gold as COUNT (2/3, 5/6, 13/18); macro-all over 7 codes (no ?pred:1234): 4/7, 5/7, 13/21
 *
 * InvalidStats (both policies, exact, de-duplicated): predicted 10 (3+4+0+2+0+1), malformed 1, not in table 1,
 * header 1; gold 8 (3+2+2+0+0+1), no invalid or header gold code.
 * </pre>
 */
class EvaluatorFixtureTest {
  static final double EPS = 1e-12;
  static final ToyCodeSystem SYSTEM = new ToyCodeSystem();
  static final CodeTable TABLE = ToyCodeSystem.table(SYSTEM,
      List.of("A000", "A001", "A09", "E119", "E1165", "I10", "I2510", "J189", "J181", "N400"),
      List.of("A00", "E11", "I25", "J18", "N40"));
  static final List<Integer> KS = List.of(1, 2, 5);

  static GoldCode cm(String code) {
    return new GoldCode(code, CodeSystemId.ICD10CM);
  }

  static GoldCode pcs(String code) {
    return new GoldCode(code, CodeSystemId.ICD10PCS);
  }

  static Admission admission(String id, String patient, GoldCode... gold) {
    return new Admission(id, patient, List.of(), List.of(gold), Map.of());
  }

  static Prediction unscored(String id, String... codes) {
    return new Prediction(id, Arrays.stream(codes).map(PredictedCode::new).toList());
  }

  static PredictedCode scored(String code, double score) {
    return new PredictedCode(code, code, score);
  }

  static final List<Admission> ADMISSIONS = List.of(
      admission("A1", "P1", cm("E119"), cm("E1165"), cm("I10"), cm("E119"), pcs("0DTJ4ZZ")),
      admission("A2", "P1", cm("J189"), cm("N400")),
      admission("A3", "P2", cm("A000"), cm("A001")),
      admission("A4", "P3", pcs("0DTJ4ZZ")),
      admission("A5", "P4"),
      admission("A6", "P2", cm("A09")));

  static Map<String, Prediction> predictions() {
    Map<String, Prediction> p = new HashMap<>();
    p.put("A1", new Prediction("A1",
        List.of(scored("I10", 0.4), scored("E119", 0.9), scored("J189", 0.5), scored("E119", 0.1))));
    p.put("A2", unscored("A2", "J1899", "N400", "1234", "J18"));
    p.put("A4", unscored("A4", "I2510", "I10"));
    p.put("A5", unscored("A5"));
    p.put("A6", unscored("A6", "A09"));
    p.put("ZZ9", unscored("ZZ9", "A000"));
    return p;
  }

  static EvaluationResult evaluate(InvalidPolicy policy) {
    EvalOptions options = new EvalOptions(List.of(Granularity.EXACT, Granularity.CATEGORY), policy, 0, 0.95, 1, false,
        KS, false);
    return Evaluator.evaluate(ADMISSIONS, predictions(), TABLE, options);
  }

  /** Expected micro P R F1, per-admission P R F1 J EM MAP P@1 P@2 P@5 R@1 R@2 R@5 RP, macro-gold, macro-all. */
  static void assertMetrics(EvaluationResult r, Granularity g, double... expected) {
    List<MetricKey> keys = new ArrayList<>();
    for (Metric m : List.of(Metric.PRECISION, Metric.RECALL, Metric.F1)) {
      keys.add(new MetricKey(g, Averaging.MICRO, m));
    }
    for (Metric m : List.of(Metric.PRECISION, Metric.RECALL, Metric.F1, Metric.JACCARD, Metric.EXACT_MATCH, Metric.MAP)) {
      keys.add(new MetricKey(g, Averaging.SAMPLE, m));
    }
    for (int k : KS) {
      keys.add(new MetricKey(g, Averaging.SAMPLE, Metric.P_AT_K, k));
    }
    for (int k : KS) {
      keys.add(new MetricKey(g, Averaging.SAMPLE, Metric.R_AT_K, k));
    }
    keys.add(new MetricKey(g, Averaging.SAMPLE, Metric.R_PRECISION));
    for (Averaging a : List.of(Averaging.MACRO_GOLD, Averaging.MACRO_ALL)) {
      for (Metric m : List.of(Metric.PRECISION, Metric.RECALL, Metric.F1)) {
        keys.add(new MetricKey(g, a, m));
      }
    }
    assertEquals(keys.size(), expected.length);
    for (int i = 0; i < keys.size(); i++) {
      Estimate e = r.metric(keys.get(i)).orElseThrow(() -> new AssertionError("missing"));
      assertEquals(expected[i], e.value(), EPS, g + " " + keys.get(i).averaging() + " " + keys.get(i).metricLabel());
      assertFalse(e.hasInterval());
    }
  }

  /** id, gold, predicted, tp, fp, fn, invalid, AP (NaN allowed). */
  static void assertAdmission(AdmissionCounts a, String id, int gold, int predicted, int tp, int fp, int fn,
      int invalid, double ap) {
    assertEquals(id, a.admissionId());
    assertEquals(List.of(gold, predicted, tp, fp, fn, invalid),
        List.of(a.gold(), a.predicted(), a.tp(), a.fp(), a.fn(), a.invalid()), id);
    if (Double.isNaN(ap)) {
      assertTrue(Double.isNaN(a.averagePrecision()), id);
    } else {
      assertEquals(ap, a.averagePrecision(), EPS, id);
    }
  }

  static void assertCode(CodeCounts c, String code, CodeStatus status, long tp, long fp, long fn) {
    assertEquals(code, c.code());
    assertEquals(status, c.status(), code);
    assertEquals(new Counts(tp, fp, fn), c.counts(), code);
  }

  @Test
  void exactLevelCountPolicy() {
    EvaluationResult r = evaluate(InvalidPolicy.COUNT);
    LevelResult level = r.level(Granularity.EXACT).orElseThrow();
    assertEquals(new Counts(4, 6, 4), level.micro());
    List<AdmissionCounts> a = level.perAdmission();
    assertAdmission(a.get(0), "A1", 3, 3, 2, 1, 1, 0, 5.0 / 9);
    assertAdmission(a.get(1), "A2", 2, 4, 1, 3, 1, 2, 1.0 / 4);
    assertAdmission(a.get(2), "A3", 2, 0, 0, 0, 2, 0, 0);
    assertAdmission(a.get(3), "A4", 0, 2, 0, 2, 0, 0, Double.NaN);
    assertAdmission(a.get(4), "A5", 0, 0, 0, 0, 0, 0, Double.NaN);
    assertAdmission(a.get(5), "A6", 1, 1, 1, 0, 0, 0, 1);
    assertEquals(6, a.size());
    assertEquals("P1", a.get(1).patientId());

    List<CodeCounts> c = level.perCode();
    assertEquals(12, c.size());
    assertCode(c.get(0), "A000", CodeStatus.BILLABLE, 0, 0, 1);
    assertCode(c.get(1), "A001", CodeStatus.BILLABLE, 0, 0, 1);
    assertCode(c.get(2), "A09", CodeStatus.BILLABLE, 1, 0, 0);
    assertCode(c.get(3), "E1165", CodeStatus.BILLABLE, 0, 0, 1);
    assertCode(c.get(4), "E119", CodeStatus.BILLABLE, 1, 0, 0);
    assertCode(c.get(5), "I10", CodeStatus.BILLABLE, 1, 1, 0);
    assertCode(c.get(6), "J189", CodeStatus.BILLABLE, 0, 1, 1);
    assertCode(c.get(7), "N400", CodeStatus.BILLABLE, 1, 0, 0);
    assertCode(c.get(8), "1234", CodeStatus.MALFORMED, 0, 1, 0);
    assertCode(c.get(9), "I2510", CodeStatus.BILLABLE, 0, 1, 0);
    assertCode(c.get(10), "J18", CodeStatus.HEADER, 0, 1, 0);
    assertCode(c.get(11), "J1899", CodeStatus.NOT_IN_TABLE, 0, 1, 0);

    assertMetrics(r, Granularity.EXACT,
        4.0 / 10, 4.0 / 8, 8.0 / 18,
        35.0 / 72, 19.0 / 36, 1.0 / 2, 9.0 / 20, 2.0 / 6, 65.0 / 144,
        1.0 / 2, 3.0 / 8, 1.0 / 5, 1.0 / 3, 11.0 / 24, 13.0 / 24, 13.0 / 24,
        7.0 / 16, 1.0 / 2, 11.0 / 24,
        7.0 / 24, 1.0 / 3, 11.0 / 36);
  }

  @Test
  void categoryLevelCountPolicy() {
    EvaluationResult r = evaluate(InvalidPolicy.COUNT);
    LevelResult level = r.level(Granularity.CATEGORY).orElseThrow();
    assertEquals("category", level.levelName());
    assertEquals(new Counts(5, 4, 1), level.micro());
    List<AdmissionCounts> a = level.perAdmission();
    assertAdmission(a.get(0), "A1", 2, 3, 2, 1, 0, 0, 5.0 / 6);
    assertAdmission(a.get(1), "A2", 2, 3, 2, 1, 0, 2, 1);
    assertAdmission(a.get(2), "A3", 1, 0, 0, 0, 1, 0, 0);
    assertAdmission(a.get(3), "A4", 0, 2, 0, 2, 0, 0, Double.NaN);
    assertAdmission(a.get(4), "A5", 0, 0, 0, 0, 0, 0, Double.NaN);
    assertAdmission(a.get(5), "A6", 1, 1, 1, 0, 0, 0, 1);

    List<CodeCounts> c = level.perCode();
    assertEquals(8, c.size());
    assertCode(c.get(0), "A00", CodeStatus.HEADER, 0, 0, 1);
    assertCode(c.get(1), "A09", CodeStatus.BILLABLE, 1, 0, 0);
    assertCode(c.get(2), "E11", CodeStatus.HEADER, 1, 0, 0);
    assertCode(c.get(3), "I10", CodeStatus.BILLABLE, 1, 1, 0);
    assertCode(c.get(4), "J18", CodeStatus.HEADER, 1, 1, 0);
    assertCode(c.get(5), "N40", CodeStatus.HEADER, 1, 0, 0);
    assertCode(c.get(6), "?pred:1234", CodeStatus.MALFORMED, 0, 1, 0);
    assertCode(c.get(7), "I25", CodeStatus.HEADER, 0, 1, 0);

    assertMetrics(r, Granularity.CATEGORY,
        5.0 / 9, 5.0 / 6, 10.0 / 15,
        5.0 / 9, 4.0 / 6, 3.0 / 5, 5.0 / 9, 2.0 / 6, 17.0 / 24,
        3.0 / 4, 1.0 / 2, 1.0 / 4, 1.0 / 2, 5.0 / 8, 3.0 / 4, 5.0 / 8,
        2.0 / 3, 5.0 / 6, 13.0 / 18,
        1.0 / 2, 5.0 / 8, 13.0 / 24);
  }

  @Test
  void exactLevelDropPolicy() {
    EvaluationResult r = evaluate(InvalidPolicy.DROP);
    LevelResult level = r.level(Granularity.EXACT).orElseThrow();
    assertEquals(new Counts(4, 4, 4), level.micro());
    List<AdmissionCounts> a = level.perAdmission();
    assertAdmission(a.get(0), "A1", 3, 3, 2, 1, 1, 0, 5.0 / 9);
    assertAdmission(a.get(1), "A2", 2, 2, 1, 1, 1, 2, 1.0 / 2);
    assertAdmission(a.get(2), "A3", 2, 0, 0, 0, 2, 0, 0);
    assertAdmission(a.get(3), "A4", 0, 2, 0, 2, 0, 0, Double.NaN);
    assertAdmission(a.get(4), "A5", 0, 0, 0, 0, 0, 0, Double.NaN);
    assertAdmission(a.get(5), "A6", 1, 1, 1, 0, 0, 0, 1);

    List<CodeCounts> c = level.perCode();
    assertEquals(List.of("A000", "A001", "A09", "E1165", "E119", "I10", "J189", "N400", "I2510", "J18"),
        c.stream().map(CodeCounts::code).toList());
    assertCode(c.get(5), "I10", CodeStatus.BILLABLE, 1, 1, 0);
    assertCode(c.get(6), "J189", CodeStatus.BILLABLE, 0, 1, 1);
    assertCode(c.get(9), "J18", CodeStatus.HEADER, 0, 1, 0);

    assertMetrics(r, Granularity.EXACT,
        1.0 / 2, 1.0 / 2, 1.0 / 2,
        19.0 / 36, 19.0 / 36, 19.0 / 36, 17.0 / 36, 1.0 / 3, 37.0 / 72,
        3.0 / 4, 3.0 / 8, 1.0 / 5, 11.0 / 24, 11.0 / 24, 13.0 / 24, 13.0 / 24,
        7.0 / 16, 1.0 / 2, 11.0 / 24,
        7.0 / 20, 2.0 / 5, 11.0 / 30);
  }

  @Test
  void categoryLevelDropPolicy() {
    EvaluationResult r = evaluate(InvalidPolicy.DROP);
    LevelResult level = r.level(Granularity.CATEGORY).orElseThrow();
    assertEquals(new Counts(5, 3, 1), level.micro());
    List<AdmissionCounts> a = level.perAdmission();
    assertAdmission(a.get(0), "A1", 2, 3, 2, 1, 0, 0, 5.0 / 6);
    assertAdmission(a.get(1), "A2", 2, 2, 2, 0, 0, 2, 1);
    assertAdmission(a.get(2), "A3", 1, 0, 0, 0, 1, 0, 0);
    assertAdmission(a.get(3), "A4", 0, 2, 0, 2, 0, 0, Double.NaN);

    List<CodeCounts> c = level.perCode();
    assertEquals(List.of("A00", "A09", "E11", "I10", "J18", "N40", "I25"), c.stream().map(CodeCounts::code).toList());
    assertCode(c.get(4), "J18", CodeStatus.HEADER, 1, 1, 0);

    assertMetrics(r, Granularity.CATEGORY,
        5.0 / 8, 5.0 / 6, 10.0 / 14,
        11.0 / 18, 4.0 / 6, 19.0 / 30, 11.0 / 18, 3.0 / 6, 17.0 / 24,
        3.0 / 4, 1.0 / 2, 1.0 / 4, 1.0 / 2, 5.0 / 8, 3.0 / 4, 5.0 / 8,
        2.0 / 3, 5.0 / 6, 13.0 / 18,
        4.0 / 7, 5.0 / 7, 13.0 / 21);
  }

  @Test
  void invalidStatsAndResultHeaderAreTheSameUnderBothPolicies() {
    for (InvalidPolicy policy : InvalidPolicy.values()) {
      EvaluationResult r = evaluate(policy);
      assertEquals(new InvalidStats(10, 1, 1, 1, 8, 0, 0, 0), r.invalid(), policy.label());
      assertEquals(6, r.admissions());
      assertEquals(5, r.admissionsWithPredictions());
      assertEquals("icd10cm", r.codeSystem());
      assertEquals(List.of(Granularity.EXACT, Granularity.CATEGORY),
          r.levels().stream().map(LevelResult::granularity).toList());
    }
  }

  @Test
  void metricsAreInTheDocumentedOrder() {
    EvaluationResult r = evaluate(InvalidPolicy.COUNT);
    List<String> labels = r.metrics().keySet().stream()
        .map(k -> k.granularity().label() + "/" + k.averaging().label() + "/" + k.metricLabel()).toList();
    List<String> expected = new ArrayList<>();
    for (String g : List.of("exact", "category")) {
      for (String m : List.of("precision", "recall", "f1")) {
        expected.add(g + "/micro/" + m);
      }
      for (String m : List.of("precision", "recall", "f1", "jaccard", "exact_match", "map", "p@1", "p@2", "p@5", "r@1",
          "r@2", "r@5", "r_precision")) {
        expected.add(g + "/per-admission/" + m);
      }
      for (String a : List.of("macro-gold", "macro-all")) {
        for (String m : List.of("precision", "recall", "f1")) {
          expected.add(g + "/" + a + "/" + m);
        }
      }
    }
    assertEquals(expected, labels);
  }

  @Test
  void notesStateThePoliciesAndWhatWasIgnored() {
    EvaluationResult count = evaluate(InvalidPolicy.COUNT);
    String notes = String.join("\n", count.notes());
    assertTrue(notes.contains("invalid codes (count)"), notes);
    assertTrue(notes.contains("(2 of 10 predicted codes invalid)"), notes);
    assertTrue(notes.contains("micro:"), notes);
    assertTrue(notes.contains("per-admission: mean over all 6 admissions"), notes);
    assertTrue(notes.contains("mean over the 4 admissions with at least one gold code"), notes);
    assertTrue(notes.contains("macro-gold:") && notes.contains("not the F1 of macro precision and recall"), notes);
    assertTrue(notes.contains("macro-all:") && notes.contains("average='macro'"), notes);
    assertTrue(notes.contains("ignored 2 gold codes of other code systems (icd10pcs 2) in 2 admissions"), notes);
    assertTrue(notes.contains("1 gold and 1 predicted duplicates"), notes);
    assertTrue(notes.contains("level category: 0 gold and 1 predicted code has no key at this level"), notes);
    assertTrue(notes.contains("bootstrap: off"), notes);
    String drop = String.join("\n", evaluate(InvalidPolicy.DROP).notes());
    assertTrue(drop.contains("invalid codes (drop)") && drop.contains("(2 of 10 predicted codes removed)"), drop);
    assertFalse(drop.contains("have no key"), drop);
  }
}
