package org.medcode.eval;

import java.util.Arrays;

/**
 * Percentile-bootstrap bounds. The q-quantile of n sorted values x[0..n-1] is numpy's default ("linear", Hyndman and
 * Fan type 7): h = (n - 1)·q, t = h - ⌊h⌋, x[⌊h⌋] + t·(x[⌊h⌋ + 1] - x[⌊h⌋]) (computed from the upper end when
 * t ≥ 0.5, as numpy does). The interval for confidence c lies between the percentiles (100 ∓ 100·c)/2, computed as
 * numpy.percentile computes them: for c = 0.95, {@code numpy.percentile(values, [2.5, 97.5])} to the last bit.
 */
final class Quantiles {
  private Quantiles() {}

  /** Sorted values read by position (0 = smallest). */
  @FunctionalInterface
  interface Sorted {
    double at(int index);
  }

  /** The q-quantile of already sorted values (n ≥ 1, 0 ≤ q ≤ 1). */
  static double linear(double[] sorted, double q) {
    return linear(index -> sorted[index], sorted.length, q);
  }

  /** The q-quantile of n sorted values (n ≥ 1, 0 ≤ q ≤ 1); reads at most the two positions it interpolates between. */
  static double linear(Sorted sorted, int n, double q) {
    if (n == 0) {
      throw new IllegalArgumentException("no values");
    }
    double h = (n - 1) * q;
    int lo = (int) Math.floor(h);
    if (lo >= n - 1) {
      return sorted.at(n - 1);
    }
    double t = h - lo;
    double a = sorted.at(lo);
    double b = sorted.at(lo + 1);
    double diff = b - a;
    // numpy's _lerp: interpolate from the nearer end so that t = 1 gives b exactly.
    return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
  }

  /** The central {@code confidence} interval of {@code values} (sorted in place): percentiles (100 ∓ 100·c)/2. */
  static Estimate interval(double point, double[] values, double confidence) {
    Arrays.sort(values);
    double percent = 100.0 * confidence;
    double low = (100.0 - percent) / 2.0 / 100.0;
    double high = (100.0 + percent) / 2.0 / 100.0;
    return new Estimate(point, linear(values, low), linear(values, high));
  }
}
