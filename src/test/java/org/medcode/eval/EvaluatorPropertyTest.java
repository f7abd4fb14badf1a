package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/** Properties of the engine on random inputs (see {@link Scenarios}); each try is reproducible from its seed. */
class EvaluatorPropertyTest {
  static final List<Granularity> ALL_LEVELS = List.of(Granularity.values());
  static final List<Integer> KS = List.of(1, 3, 5);

  static EvalOptions options(InvalidPolicy policy, int bootstrap, long seed, boolean byPatient, boolean macro) {
    return new EvalOptions(ALL_LEVELS, policy, bootstrap, 0.9, seed, byPatient, KS, macro);
  }

  static EvaluationResult evaluate(Scenarios.Scenario s, EvalOptions options) {
    return Evaluator.evaluate(s.admissions(), s.predictions(), Scenarios.TABLE, options);
  }

  static boolean inUnit(double v) {
    return v >= 0.0 && v <= 1.0;
  }

  @Property(tries = 200)
  void everyValueAndBoundIsInTheUnitInterval(@ForAll long seed, @ForAll InvalidPolicy policy, @ForAll boolean byPatient) {
    EvaluationResult r = evaluate(Scenarios.messy(seed, 25), options(policy, 20, seed, byPatient, true));
    for (Map.Entry<MetricKey, Estimate> e : r.metrics().entrySet()) {
      Estimate x = e.getValue();
      assertTrue(inUnit(x.value()), e.toString());
      if (x.hasInterval()) {
        assertTrue(inUnit(x.ciLow()) && inUnit(x.ciHigh()) && x.ciLow() <= x.ciHigh(), e.toString());
      }
    }
    for (LevelResult level : r.levels()) {
      for (AdmissionCounts a : level.perAdmission()) {
        assertTrue(Double.isNaN(a.averagePrecision()) == (a.gold() == 0), a.toString());
        assertTrue(a.gold() == 0 || inUnit(a.averagePrecision()), a.toString());
      }
    }
  }

  @Property(tries = 300)
  void engineAgreesWithTheReferenceImplementation(@ForAll long seed, @ForAll InvalidPolicy policy) {
    Scenarios.Scenario s = Scenarios.messy(seed, 30);
    EvaluationResult r = evaluate(s, options(policy, 0, seed, false, false));
    ReferenceScorer.Result ref = ReferenceScorer.score(s.admissions(), s.predictions(), Scenarios.TABLE, ALL_LEVELS,
        policy, KS);
    assertEquals(ref.metrics().keySet(), r.metrics().keySet());
    for (Map.Entry<MetricKey, Double> e : ref.metrics().entrySet()) {
      assertEquals(e.getValue(), r.metrics().get(e.getKey()).value(), 1e-12, e.getKey().toString());
    }
    for (LevelResult level : r.levels()) {
      Map<String, long[]> codes = ref.perCode().get(level.granularity());
      assertEquals(codes.keySet(), level.perCode().stream().map(CodeCounts::code).collect(Collectors.toSet()));
      for (CodeCounts c : level.perCode()) {
        assertArrayEquals(codes.get(c.code()), new long[] {c.tp(), c.fp(), c.fn()}, c.code());
      }
      List<int[]> rows = ref.perAdmission().get(level.granularity());
      for (int i = 0; i < rows.size(); i++) {
        AdmissionCounts a = level.perAdmission().get(i);
        assertArrayEquals(rows.get(i), new int[] {a.tp(), a.fp(), a.fn()}, a.admissionId());
      }
    }
  }

  @Property(tries = 200)
  void goldAgainstItselfScoresOneEverywhere(@ForAll long seed, @ForAll InvalidPolicy policy) {
    Random rnd = new Random(seed);
    int n = 1 + rnd.nextInt(20);
    List<Admission> admissions = new ArrayList<>();
    Map<String, Prediction> predictions = new HashMap<>();
    for (int i = 0; i < n; i++) {
      List<GoldCode> gold = new ArrayList<>();
      int g = i == 0 ? 1 + rnd.nextInt(8) : rnd.nextInt(9);
      for (int j = 0; j < g; j++) {
        gold.add(new GoldCode(Scenarios.pick(rnd, Scenarios.MAPPABLE), CodeSystemId.ICD10CM));
      }
      List<PredictedCode> codes = new ArrayList<>(gold.stream().map(c -> new PredictedCode(c.code())).toList());
      Collections.shuffle(codes, rnd);
      admissions.add(new Admission("a" + i, "p" + i, List.of(), gold, Map.of()));
      predictions.put("a" + i, new Prediction("a" + i, codes));
    }
    EvaluationResult r = Evaluator.evaluate(admissions, predictions, Scenarios.TABLE, options(policy, 0, seed, false, false));
    for (LevelResult level : r.levels()) {
      // P@k and R@k cannot reach 1 when |gold| < k (P@k divides by k) or |gold| > k (R@k): expected exactly
      // mean of min(|G|, k)/k and of min(|G|, k)/|G| over admissions with gold.
      List<Integer> sizes = level.perAdmission().stream().map(AdmissionCounts::gold).filter(x -> x > 0).toList();
      for (Map.Entry<MetricKey, Estimate> e : r.metrics().entrySet()) {
        if (e.getKey().granularity() != level.granularity()) {
          continue;
        }
        int k = e.getKey().k();
        double expected = switch (e.getKey().metric()) {
          case P_AT_K -> sizes.stream().mapToDouble(x -> (double) Math.min(x, k) / k).sum() / sizes.size();
          case R_AT_K -> sizes.stream().mapToDouble(x -> (double) Math.min(x, k) / x).sum() / sizes.size();
          default -> 1.0;
        };
        assertEquals(expected, e.getValue().value(), 1e-12, e.getKey().toString());
      }
    }
  }

  @Property(tries = 200)
  void admissionOrderChangesNothing(@ForAll long seed, @ForAll InvalidPolicy policy) {
    Scenarios.Scenario s = Scenarios.messy(seed, 30);
    List<Admission> shuffled = new ArrayList<>(s.admissions());
    Collections.shuffle(shuffled, new Random(seed ^ 0x5DEECE66DL));
    EvalOptions options = options(policy, 0, seed, false, false);
    EvaluationResult a = evaluate(s, options);
    EvaluationResult b = Evaluator.evaluate(shuffled, s.predictions(), Scenarios.TABLE, options);
    assertEquals(a.metrics(), b.metrics());
    assertEquals(a.invalid(), b.invalid());
    for (int l = 0; l < a.levels().size(); l++) {
      LevelResult x = a.levels().get(l);
      LevelResult y = b.levels().get(l);
      assertEquals(x.micro(), y.micro());
      assertEquals(x.perCode(), y.perCode());
      Map<String, AdmissionCounts> byId = y.perAdmission().stream()
          .collect(Collectors.toMap(AdmissionCounts::admissionId, c -> c));
      for (AdmissionCounts c : x.perAdmission()) {
        assertEquals(c, byId.get(c.admissionId()));
      }
    }
  }

  @Property(tries = 200)
  void truePositivesPlusFalseNegativesIsTheGoldCount(@ForAll long seed, @ForAll InvalidPolicy policy) {
    Scenarios.Scenario s = Scenarios.messy(seed, 30);
    EvaluationResult r = evaluate(s, options(policy, 0, seed, false, false));
    for (LevelResult level : r.levels()) {
      Granularity g = level.granularity();
      long gold = 0;
      for (int i = 0; i < s.admissions().size(); i++) {
        Admission adm = s.admissions().get(i);
        // Distinct level keys of the admission's icd10cm gold codes, computed here from the system directly.
        long distinct = adm.codes().stream().filter(c -> c.system() == CodeSystemId.ICD10CM)
            .map(c -> ReferenceScorer.key(Scenarios.TABLE, c.code(), g, true)).distinct().count();
        AdmissionCounts a = level.perAdmission().get(i);
        assertEquals(distinct, a.tp() + a.fn(), adm.id());
        assertEquals(a.gold(), a.tp() + a.fn());
        assertEquals(a.predicted(), a.tp() + a.fp());
        gold += distinct;
      }
      assertEquals(gold, level.micro().tp() + level.micro().fn(), g.label());
      assertEquals(gold, level.perCode().stream().mapToLong(CodeCounts::support).sum(), g.label());
      assertEquals(level.micro().predicted(), level.perCode().stream().mapToLong(CodeCounts::predicted).sum());
    }
  }

  @Property(tries = 25)
  void microIntervalsContainThePointEstimate(@ForAll long seed, @ForAll @IntRange(min = 80, max = 200) int n,
      @ForAll boolean byPatient) {
    // Micro P, R and F1 are smooth ratios of sums over >= 80 admissions whose counts vary: the bootstrap
    // distribution is centred on the point value with a bias of order 1/n against a spread of order 1/sqrt(n), so a
    // 90 % percentile interval from 300 resamples contains it (a degenerate [p, p] contains it exactly, since micro
    // values are ratios of integer sums).
    EvaluationResult r = evaluate(Scenarios.typical(seed, n), options(InvalidPolicy.COUNT, 300, seed, byPatient, false));
    for (Map.Entry<MetricKey, Estimate> e : r.metrics().entrySet()) {
      if (e.getKey().averaging() == Averaging.MICRO) {
        Estimate x = e.getValue();
        assertTrue(x.hasInterval(), e.toString());
        assertTrue(x.ciLow() <= x.value() && x.value() <= x.ciHigh(), e.toString());
      }
    }
  }

  @Property(tries = 30)
  void sameSeedGivesTheSameIntervalsWhateverTheThreads(@ForAll long seed, @ForAll boolean byPatient,
      @ForAll boolean macro) {
    Scenarios.Scenario s = Scenarios.messy(seed, 40);
    EvalOptions options = options(InvalidPolicy.COUNT, 60, seed, byPatient, macro);
    EvaluationResult parallel = evaluate(s, options);
    EvaluationResult again = evaluate(s, options);
    EvaluationResult sequential = Evaluator.evaluate(s.admissions(), s.predictions(), Scenarios.TABLE, options, false);
    assertEquals(parallel.metrics(), again.metrics());
    assertEquals(parallel.metrics(), sequential.metrics());
  }
}
