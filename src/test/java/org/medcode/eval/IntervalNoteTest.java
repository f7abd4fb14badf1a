package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.Granularity;

/** The note that names numbers whose percentile interval leaves out their point value (biased macro resamples). */
class IntervalNoteTest {
  @Test
  void namesEachNumberOutsideItsIntervalAndNothingElse() {
    Map<MetricKey, Estimate> metrics = new LinkedHashMap<>();
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.F1), new Estimate(0.5, 0.49, 0.51));
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.MACRO_GOLD, Metric.F1), Estimate.point(0.2));
    assertNull(Evaluator.outsideTheirIntervals(metrics), "inside, or no interval: no note");
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.RECALL), new Estimate(0.5, 0.5, 0.5));
    assertNull(Evaluator.outsideTheirIntervals(metrics), "on a bound is inside");
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.MACRO_ALL, Metric.PRECISION),
        new Estimate(0.35571, 0.40262, 0.40604));
    metrics.put(new MetricKey(Granularity.CATEGORY, Averaging.MACRO_GOLD, Metric.F1),
        new Estimate(0.5717, 0.5634, 0.5659));
    String note = Evaluator.outsideTheirIntervals(metrics);
    assertEquals("intervals that leave out their own point value: exact macro-all precision 0.3557 [0.4026, 0.4060];"
        + " category macro-gold f1 0.5717 [0.5634, 0.5659].", note.substring(0, note.indexOf(". The") + 1));
  }
}
