package org.medcode.eval;

/** A point value with its percentile-bootstrap interval; the bounds are NaN when no interval was computed. */
public record Estimate(double value, double ciLow, double ciHigh) {
  public static Estimate point(double value) {
    return new Estimate(value, Double.NaN, Double.NaN);
  }

  public boolean hasInterval() {
    return !Double.isNaN(ciLow);
  }
}
