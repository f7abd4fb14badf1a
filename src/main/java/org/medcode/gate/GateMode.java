package org.medcode.gate;

import java.util.Locale;

/** How a rule reads a number: its point value, or its confidence interval. */
public enum GateMode {
  /** The point value must satisfy the bound. */
  POINT,
  /**
   * Fails only when the whole confidence interval lies on the failing side of the bound, i.e. when the data show the
   * bound is missed, not merely that the point value missed it.
   */
  INTERVAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
