package org.medcode.gate;

/**
 * A rule judged: whether it passed, the number judged ({@code value}, the difference for a {@code .delta}) with the
 * interval used or shown ({@code ciLow}/{@code ciHigh}, NaN when none), the baseline's point value for a
 * {@code .delta} (NaN otherwise), the difference's two-sided approximate-randomisation p-value when it was paired
 * ({@code pValue}, NaN otherwise), what the interval is ({@code basis}) and a one-sentence {@code explanation}.
 */
public record RuleResult(GateRule rule, boolean passed, double value, double ciLow, double ciHigh, double baseline,
    double pValue, String basis, String explanation) {
  /**
   * The basis, with the p-value when there is one: {@code ...; two-sided p = 0.012} (below 0.001:
   * {@code two-sided p < 0.001}).
   */
  public String basisWithP() {
    return Double.isNaN(pValue) ? basis : basis + "; two-sided p " + (pValue < 0.001 ? "< 0.001"
        : String.format(java.util.Locale.ROOT, "= %.3f", pValue));
  }
}
