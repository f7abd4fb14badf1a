package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.Intervals;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.Population;
import org.medcode.gate.Gate;

/** Every output writes a confidence level as the decimal the user gave, not as its binary product with 100. */
class ConfidencePercentTest {

  @Test
  void aLevelIsWrittenAsTheDecimalItWasGiven() {
    assertEquals("95", EvalOptions.percent(0.95));
    assertEquals("97.5", EvalOptions.percent(0.975));
    assertEquals("57", EvalOptions.percent(0.57)); // 100 * 0.57 is 56.99999999999999
    assertEquals("29", EvalOptions.percent(0.29)); // 100 * 0.29 is 28.999999999999996
    assertEquals("57%", Gate.percent(0.57));
  }

  @Test
  void theConsoleNamesALevelOf57PercentAs57() {
    EvalOptions options = new EvalOptions(List.of(Granularity.values()), InvalidPolicy.COUNT, 1000, 0.57,
        EvalOptions.DEFAULT_SEED, false, List.of(1), false, Population.ALL, Intervals.STANDARD);
    String line = ConsoleSummary.intervals(options);
    assertTrue(line.startsWith("57% percentile bootstrap"), line);
  }
}
