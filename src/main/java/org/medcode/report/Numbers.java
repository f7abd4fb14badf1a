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

  /**
   * {@link #exact} of values met again and again (per-admission ratios of small counts: a few thousand distinct values in
   * a file of millions), remembered in a small direct-mapped table: the same text, formatted once. Not thread-safe: one
   * per writer.
   */
  static final class ExactMemo {
    private static final int SIZE = 1 << 12;
    private final long[] keys = new long[SIZE];
    private final String[] texts = new String[SIZE];

    String exact(double value) {
      long bits = Double.doubleToRawLongBits(value);
      int slot = (int) ((bits ^ (bits >>> 29) ^ (bits >>> 41)) * 0x9E3779B9L >>> 20) & (SIZE - 1);
      String text = texts[slot];
      if (text != null && keys[slot] == bits) {
        return text;
      }
      text = Numbers.exact(value);
      keys[slot] = bits;
      texts[slot] = text;
      return text;
    }
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
