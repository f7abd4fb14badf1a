package org.medcode.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Number formatting shared by the writers: plain decimals, locale-independent, empty for NaN. */
final class Numbers {
  private Numbers() {}

  /** The shortest decimal that reads back as the same double, never in scientific notation; "" for NaN. */
  static String exact(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return "0"; // 0.0 and -0.0 alike, as BigDecimal (which has no negative zero) writes them
    }
    // Double.toString is already plain between 1e-3 and 1e7, and BigDecimal would give the same digits there.
    String shortest = Double.toString(value);
    String plain = shortest.indexOf('E') < 0 ? shortest : BigDecimal.valueOf(value).toPlainString();
    return plain.endsWith(".0") ? plain.substring(0, plain.length() - 2) : plain;
  }

  /** Three decimals for the console; "-" for NaN. */
  static String short3(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
