package org.medcode.eval;

/** True positives, false positives and false negatives. */
public record Counts(long tp, long fp, long fn) {
  public static final Counts ZERO = new Counts(0, 0, 0);

  public Counts plus(Counts other) {
    return new Counts(tp + other.tp, fp + other.fp, fn + other.fn);
  }

  /** Gold items: tp + fn. */
  public long gold() {
    return tp + fn;
  }

  /** Predicted items: tp + fp. */
  public long predicted() {
    return tp + fp;
  }

  /** tp / (tp + fp); 0 when nothing was predicted. */
  public double precision() {
    return ratio(tp, tp + fp);
  }

  /** tp / (tp + fn); 0 when there is no gold item. */
  public double recall() {
    return ratio(tp, tp + fn);
  }

  /** 2·tp / (2·tp + fp + fn), the harmonic mean of precision and recall; 0 when all counts are 0. */
  public double f1() {
    return ratio(2 * tp, 2 * tp + fp + fn);
  }

  static double ratio(long num, long den) {
    return den == 0 ? 0.0 : (double) num / den;
  }
}
