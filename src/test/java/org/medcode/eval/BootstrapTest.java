package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

class BootstrapTest {
  static final List<Integer> KS = List.of(1, 5);

  static EvalOptions options(int resamples, long seed, boolean byPatient, boolean macro) {
    return new EvalOptions(List.of(Granularity.EXACT, Granularity.CATEGORY), InvalidPolicy.COUNT, resamples, 0.95, seed,
        byPatient, KS, macro);
  }

  static EvaluationResult evaluate(Scenarios.Scenario s, EvalOptions options) {
    return Evaluator.evaluate(s.admissions(), s.predictions(), Scenarios.TABLE, options);
  }

  @Test
  void macroAveragesGetIntervalsOnlyWhenAsked() {
    Scenarios.Scenario s = Scenarios.typical(7, 60);
    for (boolean macro : new boolean[] {false, true}) {
      EvaluationResult r = evaluate(s, options(100, 1, false, macro));
      for (Map.Entry<MetricKey, Estimate> e : r.metrics().entrySet()) {
        boolean isMacro = e.getKey().averaging() == Averaging.MACRO_GOLD || e.getKey().averaging() == Averaging.MACRO_ALL;
        assertEquals(!isMacro || macro, e.getValue().hasInterval(), e.toString());
      }
    }
  }

  /**
   * The documented protocol, re-implemented: resample b uses the b-th split of SplittableRandom(seed), n draws of
   * nextInt(n); micro precision from pooled counts; numpy-linear quantiles. The engine's interval is reproduced exactly.
   */
  @Test
  void intervalsFollowTheDocumentedResamplingProtocol() {
    Scenarios.Scenario s = Scenarios.typical(11, 90);
    int resamples = 250;
    long seed = 99;
    EvaluationResult r = evaluate(s, options(resamples, seed, false, false));
    List<AdmissionCounts> rows = r.level(Granularity.EXACT).orElseThrow().perAdmission();
    int n = rows.size();
    SplittableRandom root = new SplittableRandom(seed);
    double[] precision = new double[resamples];
    double[] perAdmissionF1 = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      SplittableRandom rng = root.split();
      long tp = 0;
      long fp = 0;
      double f1 = 0;
      for (int j = 0; j < n; j++) {
        AdmissionCounts a = rows.get(rng.nextInt(n));
        tp += a.tp();
        fp += a.fp();
        f1 += 2.0 * a.tp() / (2 * a.tp() + a.fp() + a.fn());
      }
      precision[b] = (double) tp / (tp + fp);
      perAdmissionF1[b] = f1 / n;
    }
    Estimate micro = r.metric(Granularity.EXACT, Averaging.MICRO, Metric.PRECISION).orElseThrow();
    assertEquals(Quantiles.interval(micro.value(), precision, 0.95), micro);
    Estimate f1 = r.metric(Granularity.EXACT, Averaging.SAMPLE, Metric.F1).orElseThrow();
    Estimate expected = Quantiles.interval(f1.value(), perAdmissionF1, 0.95);
    assertEquals(expected.ciLow(), f1.ciLow(), 1e-12);
    assertEquals(expected.ciHigh(), f1.ciHigh(), 1e-12);
  }

  /** With patients drawn instead: P draws of nextInt(P), patients in order of first appearance. */
  @Test
  void patientResamplingFollowsTheDocumentedProtocol() {
    Scenarios.Scenario s = Scenarios.typical(5, 81); // patients pat0..pat40, two admissions each (one for pat40)
    int resamples = 200;
    EvaluationResult r = evaluate(s, options(resamples, 3, true, false));
    List<AdmissionCounts> rows = r.level(Granularity.CATEGORY).orElseThrow().perAdmission();
    List<String> patients = rows.stream().map(AdmissionCounts::patientId).distinct().toList();
    assertEquals(41, patients.size());
    SplittableRandom root = new SplittableRandom(3);
    double[] recall = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      SplittableRandom rng = root.split();
      long tp = 0;
      long fn = 0;
      for (int j = 0; j < patients.size(); j++) {
        String patient = patients.get(rng.nextInt(patients.size()));
        for (AdmissionCounts a : rows) {
          if (a.patientId().equals(patient)) {
            tp += a.tp();
            fn += a.fn();
          }
        }
      }
      recall[b] = (double) tp / (tp + fn);
    }
    Estimate micro = r.metric(Granularity.CATEGORY, Averaging.MICRO, Metric.RECALL).orElseThrow();
    assertEquals(Quantiles.interval(micro.value(), recall, 0.95), micro);
  }

  @Test
  void onePatientPerAdmissionResamplesLikeAdmissions() {
    Scenarios.Scenario s = Scenarios.messy(3, 40);
    List<Admission> own = new ArrayList<>();
    for (Admission a : s.admissions()) {
      own.add(new Admission(a.id(), "patient-of-" + a.id(), a.notes(), a.codes(), a.metadata()));
    }
    Scenarios.Scenario t = new Scenarios.Scenario(own, s.predictions());
    assertEquals(evaluate(t, options(150, 8, false, true)).metrics(), evaluate(t, options(150, 8, true, true)).metrics());
  }

  @Test
  void identicalAdmissionsGiveDegenerateMicroIntervals() {
    List<Admission> admissions = new ArrayList<>();
    Map<String, Prediction> predictions = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      admissions.add(new Admission("a" + i, "p" + i, List.of(),
          List.of(new GoldCode("E119", CodeSystemId.ICD10CM), new GoldCode("I10", CodeSystemId.ICD10CM)), Map.of()));
      predictions.put("a" + i, new Prediction("a" + i, List.of(new PredictedCode("E119"), new PredictedCode("J189"),
          new PredictedCode("N400"))));
    }
    EvaluationResult r = evaluate(new Scenarios.Scenario(admissions, predictions), options(100, 1, false, false));
    for (Map.Entry<MetricKey, Estimate> e : r.metrics().entrySet()) {
      if (e.getKey().averaging() == Averaging.MICRO) {
        Estimate x = e.getValue();
        assertEquals(x.value(), x.ciLow(), 0.0, e.toString());
        assertEquals(x.value(), x.ciHigh(), 0.0, e.toString());
      }
    }
    assertEquals(1.0 / 3, r.metric(Granularity.EXACT, Averaging.MICRO, Metric.PRECISION).orElseThrow().value(), 1e-15);
  }

  @Test
  void differentSeedsGiveDifferentIntervals() {
    Scenarios.Scenario s = Scenarios.typical(2, 100);
    MetricKey key = new MetricKey(Granularity.EXACT, Averaging.SAMPLE, Metric.MAP);
    Estimate a = evaluate(s, options(200, 1, false, false)).metric(key).orElseThrow();
    Estimate b = evaluate(s, options(200, 2, false, false)).metric(key).orElseThrow();
    assertEquals(a.value(), b.value());
    assertNotEquals(a, b);
  }

  @Test
  void noAdmissionsGivesZerosWithoutIntervals() {
    EvaluationResult r = Evaluator.evaluate(List.of(), Map.of(), Scenarios.TABLE, options(100, 1, false, true));
    assertEquals(0, r.admissions());
    for (Estimate e : r.metrics().values()) {
      assertEquals(0.0, e.value());
      assertFalse(e.hasInterval());
    }
    assertTrue(r.notes().contains("bootstrap: no admissions to resample, no intervals"), r.notes().toString());
  }

  /**
   * One admission (or one patient) resampled is the same sample every time: no interval rather than one of zero width,
   * and a note that says why; two admissions get intervals again.
   */
  @Test
  void oneAdmissionOrOnePatientGetsNoInterval() {
    Scenarios.Scenario s = Scenarios.typical(5, 20);
    Admission first = s.admissions().get(0);
    Map<String, Prediction> predictions = s.predictions();
    EvaluationResult one = Evaluator.evaluate(List.of(first), predictions, Scenarios.TABLE, options(100, 1, false, true));
    assertEquals(1, one.admissions());
    for (Estimate e : one.metrics().values()) {
      assertFalse(e.hasInterval(), e.toString());
    }
    assertTrue(one.notes().contains("bootstrap: one admission only, which every resample would repeat: no intervals"),
        one.notes().toString());

    Admission second = s.admissions().get(1);
    Admission samePatient = new Admission(second.id(), first.patientId(), second.notes(), second.codes(),
        second.metadata());
    EvaluationResult byPatient = Evaluator.evaluate(List.of(first, samePatient), predictions, Scenarios.TABLE,
        options(100, 1, true, false));
    assertTrue(byPatient.metrics().values().stream().noneMatch(Estimate::hasInterval));
    assertTrue(byPatient.notes().contains("bootstrap: one patient only, which every resample would repeat: no"
        + " intervals"), byPatient.notes().toString());

    EvaluationResult two = Evaluator.evaluate(List.of(first, second), predictions, Scenarios.TABLE,
        options(100, 1, false, false));
    assertTrue(two.metric(new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.F1)).orElseThrow().hasInterval());
  }

  @Test
  void notesNameResamplesSeedAndConfidence() {
    EvaluationResult r = evaluate(Scenarios.typical(1, 20), options(120, 42, true, false));
    String notes = String.join("\n", r.notes());
    assertTrue(notes.contains("bootstrap: 120 resamples of 10 patients (each with all its admissions) with replacement,"
        + " seed 42 (SplittableRandom), 95% percentile intervals"), notes);
    assertTrue(notes.contains("macro averages without intervals"), notes);
  }

  @Test
  void cutOffsMustBePositive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EvalOptions(List.of(Granularity.EXACT), InvalidPolicy.COUNT, 0, 0.95, 1, false, List.of(0), false));
    assertTrue(e.getMessage().contains("k must be >= 1"), e.getMessage());
  }
}
