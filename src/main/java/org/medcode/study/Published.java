package org.medcode.study;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A published figure as a proportion: a value ({@code low == high}) or a range, with the text it was written as
 * ({@code 45.9%}, {@code 18-21%}, {@code 0.33-0.34}).
 */
public record Published(double low, double high, String text) {
  private static final Pattern FORM = Pattern.compile(
      "\\s*(?<a>[0-9]*\\.?[0-9]+)\\s*(?<pa>%)?\\s*(?:(?:-|–|to)\\s*(?<b>[0-9]*\\.?[0-9]+)\\s*(?<pb>%)?)?\\s*");

  public Published {
    if (!(low <= high) || low < 0 || high > 1) {
      throw new IllegalArgumentException("a published proportion must lie in [0, 1] with low <= high, got " + text);
    }
  }

  /**
   * Reads {@code 0.459}, {@code 45.9%}, {@code 0.18-0.21}, {@code 18-21%} or {@code 18%-21%} (a percent sign applies to
   * both ends of a range).
   *
   * @throws IllegalArgumentException when the text is none of these
   */
  public static Published parse(String text) {
    Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a published value or range (e.g. 0.459, 45.9%, 18-21%)");
    }
    boolean percent = m.group("pa") != null || m.group("pb") != null;
    double a = proportion(m.group("a"), percent);
    double b = m.group("b") == null ? a : proportion(m.group("b"), percent);
    return new Published(a, b, text.trim());
  }

  /** A decimal as written, a percentage moved two places (so 33.9% is exactly the double nearest 0.339). */
  private static double proportion(String digits, boolean percent) {
    java.math.BigDecimal value = new java.math.BigDecimal(digits);
    return (percent ? value.movePointLeft(2) : value).doubleValue();
  }

  public boolean range() {
    return low != high;
  }

  /**
   * Whether the published figure lies inside an interval: a value between its bounds, a range overlapping it (some
   * value of the range is inside).
   */
  public boolean inside(double ciLow, double ciHigh) {
    return low <= ciHigh && high >= ciLow;
  }
}
