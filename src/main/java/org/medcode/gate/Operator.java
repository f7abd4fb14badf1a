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

  public boolean holds(double value, double threshold) {
    return switch (this) {
      case AT_LEAST -> value >= threshold;
      case ABOVE -> value > threshold;
      case AT_MOST -> value <= threshold;
      case BELOW -> value < threshold;
    };
  }
}
