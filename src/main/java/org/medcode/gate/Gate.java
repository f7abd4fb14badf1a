package org.medcode.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.Estimate;

/** Judges rules against a coder's scores, a baseline's and their paired differences. See {@link GateRule}. */
public final class Gate {
  private Gate() {}

  /**
   * Judges every rule. {@code baseline} may be null when no rule has {@code .delta}; {@code paired} holds the paired
   * differences (this run − baseline, with paired bootstrap intervals) by metric path, possibly empty, {@code pValues}
   * their approximate-randomisation p-values (possibly empty), and {@code pairedBasis} says how they were computed. Throws {@link GateRule.Invalid} for a rule the data cannot answer
   * (a metric the run lacks, a {@code .delta} without baseline, an interval the run did not compute).
   */
  public static List<RuleResult> judge(List<GateRule> rules, Scores current, Scores baseline,
      Map<String, Estimate> paired, Map<String, Double> pValues, String pairedBasis) {
    List<RuleResult> results = new ArrayList<>();
    for (GateRule rule : rules) {
      results.add(judge(rule, current, baseline, paired, pValues, pairedBasis));
    }
    return results;
  }

  static RuleResult judge(GateRule rule, Scores current, Scores baseline, Map<String, Estimate> paired,
      Map<String, Double> pValues, String pairedBasis) {
    Estimate now = current.values().get(rule.metric());
    if (now == null || Double.isNaN(now.value())) {
      throw new GateRule.Invalid(rule.text(), "the run has no " + rule.metric() + " for " + current.label()
          + available(current));
    }
    String percent = percent(current.confidence());
    double value;
    double low;
    double high;
    double base = Double.NaN;
    double p = Double.NaN;
    String basis;
    if (rule.delta()) {
      if (baseline == null) {
        throw new GateRule.Invalid(rule.text(), ".delta compares with a baseline; give one (--baseline RUN_DIR or "
            + "FILE, or baseline: in the gate file)");
      }
      Estimate before = baseline.values().get(rule.metric());
      if (before == null || Double.isNaN(before.value())) {
        throw new GateRule.Invalid(rule.text(), "the baseline " + baseline.label() + " has no " + rule.metric()
            + available(baseline));
      }
      base = before.value();
      Estimate difference = paired.get(rule.metric());
      if (difference != null && !Double.isNaN(difference.ciLow())) {
        value = difference.value();
        low = difference.ciLow();
        high = difference.ciHigh();
        basis = pairedBasis;
        p = pValues.getOrDefault(rule.metric(), Double.NaN);
      } else {
        value = now.value() - base;
        low = now.ciLow() - base;
        high = now.ciHigh() - base;
        basis = Double.isNaN(low) ? "point values" : "this run's " + percent + " bootstrap interval minus the baseline's"
            + " point value (" + (paired.isEmpty() ? "the baseline has no per-admission answers to pair with"
                : "no paired interval for this metric") + "; it leaves out the baseline's own uncertainty)";
      }
    } else {
      value = now.value();
      low = now.ciLow();
      high = now.ciHigh();
      basis = Double.isNaN(low) ? "point value" : "this run's " + percent + " bootstrap interval";
    }
    if (rule.mode() == GateMode.INTERVAL && (Double.isNaN(low) || Double.isNaN(high))) {
      throw new GateRule.Invalid(rule.text(), "asks for an interval, but the run has none for " + rule.metric()
          + " (metrics.bootstrap is 0, a macro average without metrics.macroIntervals, or another than micro with"
          + " metrics.intervals micro, or one admission or patient only); use point mode or turn them on");
    }
    boolean passed;
    String explanation;
    String shown = rule.subject() + " = " + signed(value, rule.delta()) + (Double.isNaN(low) ? ""
        : " [" + signed(low, rule.delta()) + ", " + signed(high, rule.delta()) + "]");
    if (rule.mode() == GateMode.POINT) {
      passed = rule.operator().holds(value, rule.threshold());
      explanation = shown + (passed ? "; the point value satisfies " : "; the point value misses ")
          + rule.operator().symbol() + " " + plain(rule.threshold());
    } else if (value < low || value > high) {
      // a biased bootstrap (a macro average on a large set): its interval cannot say where the value lies
      passed = rule.operator().holds(value, rule.threshold());
      explanation = shown + "; the interval leaves out the point value (its resampled values are biased), so the point"
          + " value is judged: it " + (passed ? "satisfies " : "misses ") + rule.operator().symbol() + " "
          + plain(rule.threshold());
    } else {
      double favourable = rule.operator().lowerBound() ? high : low;
      passed = rule.operator().holds(favourable, rule.threshold());
      explanation = shown + (passed ? "; the interval reaches " : "; the whole interval misses ")
          + rule.operator().symbol() + " " + plain(rule.threshold())
          + (passed ? "" : " (" + (rule.operator().lowerBound() ? "upper" : "lower") + " bound "
              + signed(favourable, rule.delta()) + ")");
    }
    if (rule.delta()) {
      explanation += "; baseline " + plain(base);
    }
    return new RuleResult(rule, passed, value, low, high, base, p, basis, explanation);
  }

  /** A confidence level as a percentage: 0.95 → "95%". */
  public static String percent(double confidence) {
    return EvalOptions.percent(confidence) + "%";
  }

  private static String available(Scores scores) {
    List<String> levels = scores.values().keySet().stream().filter(k -> k.contains("."))
        .map(k -> k.substring(0, k.indexOf('.'))).distinct().toList();
    List<String> names = scores.values().keySet().stream().filter(k -> k.startsWith("exact.micro.")
        || k.startsWith("exact.per-admission.")).map(k -> k.substring("exact.".length())).toList();
    return "; it has levels " + levels + " and, per level, e.g. " + names;
  }

  private static String signed(double value, boolean delta) {
    return String.format(Locale.ROOT, delta ? "%+.4f" : "%.4f", value);
  }

  private static String plain(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    String text = String.format(Locale.ROOT, "%.4f", value);
    return text.replaceAll("0+$", "").replaceAll("\\.$", ".0");
  }
}
