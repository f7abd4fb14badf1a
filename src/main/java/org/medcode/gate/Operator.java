package org.medcode.gate;

/** The comparison of a rule. */
public enum Operator {
  AT_LEAST(">="), ABOVE(">"), AT_MOST("<="), BELOW("<");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** Whether a bound from below ({@code >=}, {@code >}): higher is better. */
  public boolean lowerBound() {
    return this == AT_LEAST || this == ABOVE;
  }

  /**
   * Values within {@link #TOLERANCE} of each other are equal: a difference such as 0.3 − 0.4 is
   * −0.10000000000000003 in doubles, and a rule {@code >= -0.1} must hold for it, as for the recall that fell by
   * exactly 10 points it stands for.
   */
  public static final double TOLERANCE = 1e-12;

  public boolean holds(double value, double threshold) {
    boolean equal = Math.abs(value - threshold) <= TOLERANCE;
    return switch (this) {
      case AT_LEAST -> equal || value >= threshold;
      case ABOVE -> !equal && value > threshold;
      case AT_MOST -> equal || value <= threshold;
      case BELOW -> !equal && value < threshold;
    };
  }
}
