package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Bounds match {@code numpy.percentile(values, [(100 - 100c)/2, (100 + 100c)/2])} (default method "linear") bit for
 * bit; the expected values were printed by numpy 2.4.
 */
class QuantilesTest {
  @Test
  void smallArraysMatchNumpy() {
    assertEquals(new Estimate(2.5, 1.075, 3.925), Quantiles.interval(2.5, new double[] {4, 2, 1, 3}, 0.95));
    double[] seven = {0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.8};
    assertEquals(new Estimate(0.5, 0.13, 0.87), Quantiles.interval(0.5, seven.clone(), 0.9));
    java.util.Arrays.sort(seven);
    assertEquals(0.5, Quantiles.linear(seven, 0.5));
    assertEquals(new Estimate(0.3, 0.3, 0.3), Quantiles.interval(0.3, new double[] {0.3}, 0.95));
    assertEquals(new Estimate(0.15, 0.10250000000000001, 0.1975), Quantiles.interval(0.15, new double[] {0.2, 0.1}, 0.95));
  }

  @Test
  void thousandResamplesMatchNumpy() {
    double[] values = new double[1000];
    for (int i = 0; i < values.length; i++) {
      values[i] = ((i * 7919) % 1009) / 1009.0;
    }
    assertEquals(new Estimate(0.5, 0.02475222993062438, 0.9742566897918732), Quantiles.interval(0.5, values.clone(), 0.95));
    assertEquals(new Estimate(0.5, 0.04950445986124876, 0.9495044598612488), Quantiles.interval(0.5, values.clone(), 0.9));
    assertEquals(new Estimate(0.5, 0.004950445986124876, 0.9940584737363727), Quantiles.interval(0.5, values.clone(), 0.99));
  }
}
