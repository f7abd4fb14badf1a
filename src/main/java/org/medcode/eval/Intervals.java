package org.medcode.eval;

/** Which averages get bootstrap intervals (when {@link EvalOptions#bootstrap()} is above 0). */
public enum Intervals {
  /** Micro, per-admission and ranked averages (and macro ones with {@link EvalOptions#macroIntervals()}). */
  STANDARD("standard"),
  /**
   * Micro averages only, drawn straight into count histograms: the fastest at MIMIC scale, and what a scikit-learn
   * bootstrap of micro F1 computes; the other averages are reported without intervals.
   */
  MICRO("micro");

  private final String label;

  Intervals(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The intervals a label names ({@code standard}, {@code micro}; any case), or null. */
  public static Intervals of(String text) {
    for (Intervals intervals : values()) {
      if (intervals.label.equalsIgnoreCase(text.trim())) {
        return intervals;
      }
    }
    return null;
  }
}
