package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.Granularity;

/**
 * {@code intervals micro}: micro averages get exactly the intervals they get by default (the same draws, counted straight
 * into histograms), every other average its point value without one; the whole and every stratum alike.
 */
class IntervalsTest {
  private static EvalOptions options(boolean byPatient, Population population, Intervals intervals) {
    return new EvalOptions(List.of(Granularity.values()), InvalidPolicy.COUNT, 80, 0.9, 17L, byPatient, List.of(1, 3),
        false, population, intervals);
  }

  @Test
  void microIntervalsAreTheDefaultOnesAndTheOtherAveragesHaveNone() {
    int checkedIntervals = 0;
    for (long seed = 1; seed <= 12; seed++) {
      Scenarios.Scenario s = seed % 3 == 0 ? Scenarios.messy(seed, 120) : Scenarios.typical(seed, 150);
      boolean byPatient = seed % 2 == 0;
      Population population = seed % 4 == 1 ? Population.WITH_GOLD : Population.ALL;
      Evaluator.Evaluated standard = Evaluator.evaluateWithAnalysis(s.admissions(), s.predictions(), Scenarios.TABLE,
          options(byPatient, population, Intervals.STANDARD), Optional.empty(), Set.of());
      Evaluator.Evaluated micro = Evaluator.evaluateWithAnalysis(s.admissions(), s.predictions(), Scenarios.TABLE,
          options(byPatient, population, Intervals.MICRO), Optional.empty(), Set.of());
      checkedIntervals += compare(standard.result().metrics(), micro.result().metrics(), "seed " + seed);
      List<StratumResult> a = standard.analysis().strata().strata();
      List<StratumResult> b = micro.analysis().strata().strata();
      assertEquals(a.size(), b.size());
      for (int x = 0; x < a.size(); x++) {
        checkedIntervals += compare(a.get(x).result().metrics(), b.get(x).result().metrics(),
            "seed " + seed + " stratum " + a.get(x).stratum());
      }
      assertTrue(micro.result().notes().stream().anyMatch(n -> n.contains("for micro averages only (intervals micro)")),
          micro.result().notes().toString());
    }
    assertTrue(checkedIntervals > 500, "intervals compared: " + checkedIntervals);
  }

  /** The number of micro intervals compared. */
  private static int compare(Map<MetricKey, Estimate> standard, Map<MetricKey, Estimate> micro, String where) {
    assertEquals(standard.keySet(), micro.keySet(), where);
    int intervals = 0;
    for (Map.Entry<MetricKey, Estimate> e : standard.entrySet()) {
      Estimate m = micro.get(e.getKey());
      if (e.getKey().averaging() == Averaging.MICRO) {
        assertEquals(e.getValue(), m, where + " " + e.getKey());
        intervals += Double.isNaN(m.ciLow()) ? 0 : 1;
      } else {
        assertEquals(Double.doubleToLongBits(e.getValue().value()), Double.doubleToLongBits(m.value()),
            where + " " + e.getKey());
        assertTrue(Double.isNaN(m.ciLow()) && Double.isNaN(m.ciHigh()), where + " " + e.getKey() + " " + m);
      }
    }
    return intervals;
  }

  @Test
  void microIntervalsAndMacroIntervalsExcludeEachOther() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EvalOptions(
        List.of(Granularity.EXACT), InvalidPolicy.COUNT, 10, 0.95, 1L, false, List.of(1), true, Population.ALL,
        Intervals.MICRO));
    assertTrue(e.getMessage().contains("macro intervals need intervals standard"), e.getMessage());
    assertEquals(Intervals.MICRO, Intervals.of(" Micro "));
    assertFalse(Intervals.of("macro") != null);
  }
}
