package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * A hand-computed strata fixture (toy system: chapter = first letter), no bootstrap, exact level.
 *
 * <pre>
 * adm  note chars  gold                 prediction
 * B1   100         E119 I10             E119 J189
 * B2   1500        J189                 J181
 * B3   2500        A000 A001 N400       A000 N400 I10
 * B4   5000        I2510                (none)
 * B5   50          (none)               I10
 *
 * Quartiles: sorted 50 100 1500 2500 5000, n = 5; t1 = sorted[ceil(1.25)-1 = 1] = 100, t2 = sorted[ceil(2.5)-1 = 2] =
 * 1500, t3 = sorted[ceil(3.75)-1 = 3] = 2500. q1 = {B5, B1}: tp 1 fp 2 fn 1 → P 1/3, R 1/2, F1 2/5 (per-admission P
 * (0 + 1/2)/2 = 1/4); q2 = {B2}: tp 0 fp 1 fn 1 → 0; q3 = {B3}: tp 2 fp 1 fn 1 → 2/3 each; q4 = {B4}: fn 1 → 0.
 * Fixed chars: 0-999 = {B5, B1} (as q1), 1000-1999 {B2}, 2000-3999 {B3}, 4000-7999 {B4}, 8000+ empty (left out).
 * Gold codes: 0 = {B5}: tp 0 fp 1 → P 0, R 0, F1 0; 1-5 = {B1..B4}: tp 3 fp 3 fn 4 → 1/2, 3/7, 6/13.
 * Chapters (order A E I J N): A gold A000 A001, pred A000 → tp 1 fn 1 → P 1, R 1/2, F1 2/3 (1 admission with gold);
 *   E: E119 hit → 1; I: gold I10 (B1) I2510 (B4), pred I10 (B3, B5) → tp 0 fp 2 fn 2 (2 admissions); J: gold J189
 *   (B2), pred J189 (B1) J181 (B2) → tp 0 fp 2 fn 1; N: N400 hit → 1.
 * Training: T1 {E119 I10 J189}, T2 {E119 I10 J189}, T3 {E119 I10}, T4 {E119 A000}, T5 {E119 N400}:
 *   f = E119 5, I10 3, J189 2, A000 1, N400 1; F = 12; cumulative 5 (41.7%), 8 (66.7% ≥ 50% → f_head = 3),
 *   10 (83.3% ≥ 80% → f_torso = 2). head {E119, I10}: gold E119 I10 (B1), pred E119 (B1) I10 (B3, B5) → tp 1 fp 2
 *   fn 1 → 1/3, 1/2, 2/5; torso {J189}: gold B2, pred B1 → tp 0 fp 1 fn 1; tail {A000, N400}: both hit in B3 → 1;
 *   unseen: gold A001 (B3) I2510 (B4), pred J181 (B2) → tp 0 fp 1 fn 2.
 * </pre>
 */
class StratifierTest {
  static final double EPS = 1e-12;
  static final ToyCodeSystem SYSTEM = new ToyCodeSystem();
  static final CodeTable TABLE = ToyCodeSystem.table(SYSTEM,
      List.of("A000", "A001", "A09", "E119", "E1165", "I10", "I2510", "J189", "J181", "N400"),
      List.of("A00", "E11", "I25", "J18", "N40"));
  static final EvalOptions OPTIONS = new EvalOptions(List.of(Granularity.EXACT, Granularity.CATEGORY, Granularity.CHAPTER),
      InvalidPolicy.COUNT, 0, 0.95, 7L, false, List.of(1, 5), false);

  static Admission admission(String id, int chars, String... gold) {
    return new Admission(id, id, List.of(new Note("discharge", "x".repeat(chars))),
        Arrays.stream(gold).map(c -> new GoldCode(c, CodeSystemId.ICD10CM)).toList(), Map.of());
  }

  static final List<Admission> ADMISSIONS = List.of(
      admission("B1", 100, "E119", "I10"),
      admission("B2", 1500, "J189"),
      admission("B3", 2500, "A000", "A001", "N400"),
      admission("B4", 5000, "I2510"),
      admission("B5", 50));

  static Map<String, Prediction> predictions() {
    Map<String, Prediction> p = new HashMap<>();
    p.put("B1", prediction("B1", "E119", "J189"));
    p.put("B2", prediction("B2", "J181"));
    p.put("B3", prediction("B3", "A000", "N400", "I10"));
    p.put("B5", prediction("B5", "I10"));
    return p;
  }

  static Prediction prediction(String id, String... codes) {
    return new Prediction(id, Arrays.stream(codes).map(PredictedCode::new).toList());
  }

  static final List<Admission> TRAINING = List.of(
      admission("T1", 10, "E119", "I10", "J189"),
      admission("T2", 10, "E119", "I10", "J189"),
      admission("T3", 10, "E119", "I10"),
      admission("T4", 10, "E119", "A000"),
      admission("T5", 10, "E119", "N400"));

  static Strata strata() {
    return Stratifier.stratify(ADMISSIONS, predictions(), TABLE, OPTIONS, Optional.of(TRAINING));
  }

  static void assertMicro(StratumResult s, double p, double r, double f) {
    assertEquals(p, value(s, Averaging.MICRO, Metric.PRECISION), EPS, s.stratum() + " precision");
    assertEquals(r, value(s, Averaging.MICRO, Metric.RECALL), EPS, s.stratum() + " recall");
    assertEquals(f, value(s, Averaging.MICRO, Metric.F1), EPS, s.stratum() + " f1");
  }

  static double value(StratumResult s, Averaging averaging, Metric metric) {
    return s.result().metric(Granularity.EXACT, averaging, metric).orElseThrow().value();
  }

  static List<String> labels(List<StratumResult> strata) {
    return strata.stream().map(StratumResult::stratum).toList();
  }

  @Test
  void noteLengthQuartilesCutAtNearestRanks() {
    List<StratumResult> q = strata().of(StratumDimension.NOTE_LENGTH_QUARTILE);
    assertEquals(List.of("q1", "q2", "q3", "q4"), labels(q));
    assertEquals(List.of(2, 1, 1, 1), q.stream().map(StratumResult::admissions).toList());
    assertEquals("≤ 100 chars", q.get(0).description());
    assertEquals("101–1,500 chars", q.get(1).description());
    assertEquals("> 2,500 chars", q.get(3).description());
    assertMicro(q.get(0), 1.0 / 3, 1.0 / 2, 2.0 / 5);
    assertEquals(1.0 / 4, value(q.get(0), Averaging.SAMPLE, Metric.PRECISION), EPS);
    assertMicro(q.get(1), 0, 0, 0);
    assertMicro(q.get(2), 2.0 / 3, 2.0 / 3, 2.0 / 3);
    assertMicro(q.get(3), 0, 0, 0);
    assertEquals(2, q.get(0).goldCodes());
  }

  @Test
  void fixedBinsLeaveEmptyBinsOut() {
    List<StratumResult> chars = strata().of(StratumDimension.NOTE_LENGTH_CHARS);
    assertEquals(List.of("0-999", "1000-1999", "2000-3999", "4000-7999"), labels(chars));
    assertMicro(chars.get(0), 1.0 / 3, 1.0 / 2, 2.0 / 5);
    List<StratumResult> gold = strata().of(StratumDimension.GOLD_CODES);
    assertEquals(List.of("0", "1-5"), labels(gold));
    assertMicro(gold.get(0), 0, 0, 0);
    assertMicro(gold.get(1), 1.0 / 2, 3.0 / 7, 6.0 / 13);
    assertEquals(4, gold.get(1).admissions());
    assertEquals(7, gold.get(1).goldCodes());
  }

  @Test
  void chapterStrataRestrictCodesAndReportOnlyMicroAndMacro() {
    List<StratumResult> chapters = strata().of(StratumDimension.CHAPTER);
    assertEquals(List.of("A", "E", "I", "J", "N"), labels(chapters));
    assertMicro(chapters.get(0), 1, 1.0 / 2, 2.0 / 3);
    assertEquals(1, chapters.get(0).admissions());
    assertMicro(chapters.get(1), 1, 1, 1);
    assertMicro(chapters.get(2), 0, 0, 0);
    assertEquals(2, chapters.get(2).admissions());
    assertEquals(new Counts(0, 2, 2), chapters.get(2).result().level(Granularity.EXACT).orElseThrow().micro());
    assertEquals(new Counts(0, 2, 1), chapters.get(3).result().level(Granularity.EXACT).orElseThrow().micro());
    assertMicro(chapters.get(4), 1, 1, 1);
    for (StratumResult s : chapters) {
      assertTrue(s.result().metrics().keySet().stream().noneMatch(k -> k.averaging() == Averaging.SAMPLE));
      assertTrue(s.result().metric(Granularity.EXACT, Averaging.MACRO_GOLD, Metric.F1).isPresent());
    }
  }

  @Test
  void trainingFrequencyBinsFollowCumulativeShares() {
    assertEquals(List.of(3, 2), Arrays.stream(Stratifier.frequencyCuts(Stratifier.trainingFrequency(TRAINING, TABLE)))
        .boxed().toList());
    List<StratumResult> bins = strata().of(StratumDimension.TRAINING_FREQUENCY);
    assertEquals(List.of("head", "torso", "tail", "unseen"), labels(bins));
    assertMicro(bins.get(0), 1.0 / 3, 1.0 / 2, 2.0 / 5);
    assertEquals(new Counts(0, 1, 1), bins.get(1).result().level(Granularity.EXACT).orElseThrow().micro());
    assertMicro(bins.get(2), 1, 1, 1);
    assertEquals(new Counts(0, 1, 2), bins.get(3).result().level(Granularity.EXACT).orElseThrow().micro());
  }

  /** The fixture's cuts (f_head 3, f_torso 2) make the tail the codes of exactly one training admission: singular. */
  @Test
  void trainingFrequencyDescriptionsCountTrainingAdmissionsInTheirNumber() {
    assertEquals(List.of("in ≥ 3 training admissions", "in 2 training admissions", "in 1 training admission",
        "not in the training split"), strata().of(StratumDimension.TRAINING_FREQUENCY).stream()
        .map(StratumResult::description).toList());
    Strata one = Stratifier.stratify(ADMISSIONS, predictions(), TABLE, OPTIONS,
        Optional.of(List.of(admission("T1", 10, "E119"))));
    assertTrue(one.notes().stream().anyMatch(n -> n.startsWith("training-frequency strata: frequency = training "
        + "admissions with the exact code (1 training admission, 1 distinct code); head f ≥ 1,")), one.notes().toString());
    assertEquals("in ≥ 1 training admission", one.of(StratumDimension.TRAINING_FREQUENCY).get(0).description());
  }

  @Test
  void withoutTrainingDataTheFrequencyStrataAreSkippedWithANote() {
    Strata strata = Stratifier.stratify(ADMISSIONS, predictions(), TABLE, OPTIONS, Optional.empty());
    assertTrue(strata.of(StratumDimension.TRAINING_FREQUENCY).isEmpty());
    assertTrue(strata.notes().stream().anyMatch(n -> n.startsWith("training-frequency strata skipped: no training data")));
  }

  @Test
  void eachStratumHasTheEnginesIntervalsForItsSubset() {
    EvalOptions bootstrapped = new EvalOptions(OPTIONS.levels(), InvalidPolicy.COUNT, 200, 0.95, 7L, false, List.of(1),
        false);
    Strata strata = Stratifier.stratify(ADMISSIONS, predictions(), TABLE, bootstrapped, Optional.empty());
    StratumResult q1 = strata.of(StratumDimension.NOTE_LENGTH_QUARTILE).get(0);
    List<Admission> subset = new ArrayList<>(List.of(ADMISSIONS.get(0), ADMISSIONS.get(4)));
    EvaluationResult direct = Evaluator.evaluate(subset, predictions(), TABLE, bootstrapped);
    assertEquals(direct.metrics(), q1.result().metrics());
    assertTrue(q1.result().metric(Granularity.EXACT, Averaging.MICRO, Metric.F1).orElseThrow().hasInterval());
  }

  /**
   * With-gold scores B1-B4 (B5 has no gold code): the strata hold those four. Quartiles of 100 1500 2500 5000: t1 = 100,
   * t2 = 1500, t3 = 2500, one admission each; gold codes: no "0" stratum; chapter I keeps B3's wrong I10 (B3 is scored,
   * though it has no gold code of chapter I): tp 0 fp 1 fn 2. Before, q1 counted B5 (2 admissions, cut at 100 of five
   * lengths), "0 gold codes" held B5 with nothing scored, and chapter I dropped B3's false positive (fp 0).
   */
  @Test
  void withGoldStrataHoldTheScoredPopulation() {
    EvalOptions withGold = new EvalOptions(OPTIONS.levels(), InvalidPolicy.COUNT, 0, 0.95, 7L, false, List.of(1, 5),
        false, Population.WITH_GOLD);
    Strata strata = Stratifier.stratify(ADMISSIONS, predictions(), TABLE, withGold, Optional.empty());
    List<StratumResult> q = strata.of(StratumDimension.NOTE_LENGTH_QUARTILE);
    assertEquals(List.of(1, 1, 1, 1), q.stream().map(StratumResult::admissions).toList());
    assertEquals("≤ 100 chars", q.get(0).description());
    assertEquals("> 2,500 chars", q.get(3).description());
    assertMicro(q.get(0), 1.0 / 2, 1.0 / 2, 1.0 / 2);
    assertEquals(List.of("1-5"), labels(strata.of(StratumDimension.GOLD_CODES)));
    assertEquals(List.of(1, 1, 1, 1), strata.of(StratumDimension.NOTE_LENGTH_CHARS).stream()
        .map(StratumResult::admissions).toList());
    StratumResult chapterI = strata.of(StratumDimension.CHAPTER).get(2);
    assertEquals("I", chapterI.stratum());
    assertEquals(new Counts(0, 1, 2), chapterI.result().level(Granularity.EXACT).orElseThrow().micro());
  }

  /**
   * Lengths 100 100 100 2500 5000 (B2 and B5 given 100 chars): t1 = sorted[1] = 100 = t2 = sorted[2], t3 = 2500. q2 holds
   * no admission and is left out, as the empty 8000+ bin is: each is named in a note (before, without a word).
   */
  @Test
  void anEmptyQuartileOrBinIsNamedInTheNotes() {
    List<Admission> admissions = List.of(ADMISSIONS.get(0), admission("B2", 100, "J189"), ADMISSIONS.get(2),
        ADMISSIONS.get(3), admission("B5", 100));
    Strata strata = Stratifier.stratify(admissions, predictions(), TABLE, OPTIONS, Optional.empty());
    assertEquals(List.of("q1", "q3", "q4"), labels(strata.of(StratumDimension.NOTE_LENGTH_QUARTILE)));
    assertTrue(strata.notes().contains("note-length quartile q2 is empty and left out: its cuts coincide (t1 = t2 = 100 "
        + "chars): equal lengths stay together, in an earlier quartile"), strata.notes().toString());
    assertTrue(strata.notes().contains("note_length_chars stratum 8000+ (≥ 8,000 chars) is empty and left out"),
        strata.notes().toString());
  }

  @Test
  void underDropAnAdmissionStratumKeepsTheInvalidCodesTheWholeEvaluationKeeps() {
    // X999 is not in the table (invalid) but a gold code of C1, so under DROP the evaluation keeps C2's prediction of
    // it: a false positive. Before, C2's note-length bin kept only the gold codes of its own admissions and dropped it
    // (tp 1, fp 0), so strata.csv disagreed with per_admission.csv (found on CodiEsp ES procedures: fp 4 against 10).
    EvalOptions drop = new EvalOptions(List.of(Granularity.EXACT), InvalidPolicy.DROP, 0, 0.95, 7L, false, List.of(1),
        false);
    List<Admission> admissions = List.of(admission("C1", 100, "X999"), admission("C2", 5000, "I10"));
    Map<String, Prediction> predicted = Map.of("C2", prediction("C2", "I10", "X999"));
    Strata strata = Stratifier.stratify(admissions, predicted, TABLE, drop, Optional.empty());
    StratumResult bin = strata.of(StratumDimension.NOTE_LENGTH_CHARS).stream()
        .filter(s -> s.stratum().equals("4000-7999")).findFirst().orElseThrow();
    assertEquals(new Counts(1, 1, 0), bin.result().level(Granularity.EXACT).orElseThrow().micro());
    EvaluationResult whole = Evaluator.evaluate(admissions, predicted, TABLE, drop);
    assertEquals(new Counts(1, 1, 1), whole.level(Granularity.EXACT).orElseThrow().micro());
  }

  @Test
  void aMalformedPredictionThatIsNoGoldCodeFallsInNoChapterStratum() {
    // the chapter-level metrics never map a malformed string that is no gold code (E11-X is not chapter E); before, the
    // chapter strata put it in chapter E as a false positive
    Map<String, Prediction> predicted = predictions();
    predicted.put("B1", prediction("B1", "E119", "J189", "E11-X"));
    Strata strata = Stratifier.stratify(ADMISSIONS, predicted, TABLE, OPTIONS, Optional.empty());
    StratumResult e = strata.of(StratumDimension.CHAPTER).stream().filter(s -> s.stratum().equals("E")).findFirst()
        .orElseThrow();
    assertEquals(new Counts(1, 0, 0), e.result().level(Granularity.EXACT).orElseThrow().micro());
    assertTrue(strata.notes().stream().anyMatch(n -> n.startsWith("chapter strata: codes without a chapter")),
        strata.notes().toString());
  }
}
