package org.medcode.eval;

import java.util.Arrays;

/**
 * Correctly rounded floating-point summation (Shewchuk's algorithm, as Python's {@code math.fsum}): the result is the
 * exact sum of the added values rounded once, so it does not depend on the order in which they were added. Finite
 * values only.
 */
final class ExactSum {
  private double[] partials = new double[8];
  private int size;

  void add(double value) {
    double x = value;
    int i = 0;
    for (int j = 0; j < size; j++) {
      double y = partials[j];
      if (Math.abs(x) < Math.abs(y)) {
        double t = x;
        x = y;
        y = t;
      }
      double hi = x + y;
      double lo = y - (hi - x);
      if (lo != 0.0) {
        partials[i++] = lo;
      }
      x = hi;
    }
    if (i == partials.length) {
      partials = Arrays.copyOf(partials, 2 * i);
    }
    partials[i] = x;
    size = i + 1;
  }

  /** The exact sum rounded to the nearest double (ties to even). */
  double value() {
    int n = size;
    if (n == 0) {
      return 0.0;
    }
    double hi = partials[--n];
    double lo = 0.0;
    while (n > 0) {
      double x = hi;
      double y = partials[--n];
      hi = x + y;
      double yr = hi - x;
      lo = y - yr;
      if (lo != 0.0) {
        break;
      }
    }
    // Round half-even correctly when the remaining partials push the tie one way (CPython's math_fsum).
    if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
      double y = lo * 2.0;
      double x = hi + y;
      double yr = x - hi;
      if (y == yr) {
        hi = x;
      }
    }
    return hi;
  }

  /** Exact sum of {@code values}, rounded once. */
  static double of(double... values) {
    ExactSum sum = new ExactSum();
    for (double v : values) {
      sum.add(v);
    }
    return sum.value();
  }

  /** Mean as (correctly rounded sum) / count; 0 when {@code count} is 0. */
  double mean(long count) {
    return count == 0 ? 0.0 : value() / count;
  }
}
