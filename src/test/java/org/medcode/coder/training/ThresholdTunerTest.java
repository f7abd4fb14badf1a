package org.medcode.coder.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Threshold sweeps computed by hand. */
class ThresholdTunerTest {
  @Test
  void theGlobalThresholdMaximisesMicroF1() {
    // admission 1: A 0.9 (gold), B 0.6, C 0.2 (gold); admission 2: A 0.7, D 0.5 (gold); gold also has E (never scored)
    // total gold = 4 (A, C, D, E). Sweep (score desc): 0.9 tp=1 fp=0 -> F1 = 2/(2+0+3) = 0.400
    //   0.7 tp1 fp1 -> 2/6 = 0.333; 0.6 tp1 fp2 -> 2/7; 0.5 tp2 fp2 -> 4/(4+2+2) = 0.500; 0.2 tp3 fp2 -> 6/(6+2+1) = 0.667
    List<ThresholdTuner.Example> examples = List.of(
        new ThresholdTuner.Example(Map.of("A", 0.9, "B", 0.6, "C", 0.2), Set.of("A", "C")),
        new ThresholdTuner.Example(Map.of("A", 0.7, "D", 0.5), Set.of("D", "E")));
    Thresholds t = ThresholdTuner.tune(examples, ThresholdTuner.Mode.GLOBAL, 1, 30, 0.5);
    assertEquals(0.2, t.global());
    assertEquals(Map.of(), t.perCode());
    assertEquals(6.0 / 9.0, t.validationMicroF1(), 1e-12);
  }

  @Test
  void maxCodesLimitsWhatTheSweepSees() {
    // with at most one code per admission only A 0.9 (gold) and A 0.7 are seen: 0.9 -> 2/(2+0+3) = 0.4; 0.7 -> 2/6
    List<ThresholdTuner.Example> examples = List.of(
        new ThresholdTuner.Example(Map.of("A", 0.9, "B", 0.6, "C", 0.2), Set.of("A", "C")),
        new ThresholdTuner.Example(Map.of("A", 0.7, "D", 0.5), Set.of("D", "E")));
    Thresholds t = ThresholdTuner.tune(examples, ThresholdTuner.Mode.GLOBAL, 1, 1, 0.5);
    assertEquals(0.9, t.global());
    assertEquals(0.4, t.validationMicroF1(), 1e-12);
  }

  @Test
  void perCodeThresholdsOnlyWhereTheValidationDataSupportsThem() {
    // code X: gold in admissions 1 and 2 with scores 0.3 and 0.35, non-gold 0.32 in admission 3 -> best own threshold
    // 0.3 (tp 2, fp 1: F1 = 4/5) vs 0.35 (tp1: 2/3); code Y has one positive only: global applies
    List<ThresholdTuner.Example> examples = List.of(
        new ThresholdTuner.Example(Map.of("X", 0.3, "Y", 0.9), Set.of("X", "Y")),
        new ThresholdTuner.Example(Map.of("X", 0.35), Set.of("X")),
        new ThresholdTuner.Example(Map.of("X", 0.32), Set.of()));
    Thresholds t = ThresholdTuner.tune(examples, ThresholdTuner.Mode.PER_CODE, 2, 30, 0.5);
    assertEquals(Map.of("X", 0.3), t.perCode());
    assertEquals(0.3, t.of("X"));
    assertEquals(t.global(), t.of("Y"));
  }

  @Test
  void withoutAnyTruePositiveTheFallbackStays() {
    List<ThresholdTuner.Example> examples = List.of(new ThresholdTuner.Example(Map.of("A", 0.9), Set.of("B")));
    assertEquals(0.5, ThresholdTuner.tune(examples, ThresholdTuner.Mode.GLOBAL, 1, 30, 0.5).global());
  }
}
