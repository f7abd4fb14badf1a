package org.medcode.gate;

/**
 * A rule judged: whether it passed, the number judged ({@code value}, the difference for a {@code .delta}) with the
 * interval used or shown ({@code ciLow}/{@code ciHigh}, NaN when none), the baseline's point value for a
 * {@code .delta} (NaN otherwise), what the interval is ({@code basis}) and a one-sentence {@code explanation}.
 */
public record RuleResult(GateRule rule, boolean passed, double value, double ciLow, double ciHigh, double baseline,
    String basis, String explanation) {}
