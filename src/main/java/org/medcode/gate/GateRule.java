package org.medcode.gate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Averaging;

/**
 * One gate rule, written {@code METRIC OP NUMBER [point|interval]}:
 *
 * <ul>
 *   <li>{@code METRIC} is a number of the coder's {@code metrics.json}, {@code LEVEL.AVERAGING.NAME} (e.g.
 *       {@code exact.micro.recall}, {@code category.per-admission.f1}, {@code exact.per-admission.map},
 *       {@code exact.per-admission.p@5}, {@code chapter.macro-gold.f1}), or a run quantity: {@code invalid_rate}
 *       (share of predicted codes that are invalid), {@code failure_rate} (admissions whose coder call failed),
 *       {@code empty_rate} (admissions answered with no code). A {@code .delta} suffix means the difference from the
 *       baseline: this run − baseline.</li>
 *   <li>{@code OP} is {@code >=}, {@code >}, {@code <=} or {@code <}; {@code NUMBER} a decimal, optionally signed, or a
 *       percentage ({@code -1%} = -0.01).</li>
 *   <li>{@code point} (the default) judges the point value. {@code interval} judges the confidence interval and fails
 *       only when all of it lies on the failing side: {@code >= t} fails when the upper bound is below t, {@code <= t}
 *       when the lower bound is above t. For a {@code .delta} the interval is the paired bootstrap interval of the
 *       difference when the baseline has per-admission counts, otherwise this run's interval minus the baseline's point
 *       value. An interval that leaves out its own point value (a biased macro bootstrap) is not judged: the point
 *       value is.</li>
 * </ul>
 */
public record GateRule(String text, String metric, boolean delta, Operator operator, double threshold, GateMode mode) {
  /** Run quantities a rule may name besides the metrics of {@code metrics.json}. */
  public static final List<String> RUN_QUANTITIES = List.of("invalid_rate", "failure_rate", "empty_rate");
  public static final String DELTA = ".delta";
  private static final Pattern RULE = Pattern.compile(
      "\\s*(?<metric>[^\\s<>=]+)\\s*(?<op>>=|<=|>|<|=>|=<|==|=)?\\s*(?<number>[^\\s%]*)(?<percent>%)?\\s*(?<mode>\\S*)\\s*(?<rest>.*)");
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern NAME = Pattern.compile("(precision|recall|f1|jaccard|exact_match|map|r_precision|[pr]@[1-9]\\d*)");

  /** A rule that cannot be read: the message quotes it and says what was expected. */
  public static final class Invalid extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public Invalid(String rule, String problem) {
      super("gate rule '" + rule + "': " + problem);
    }
  }

  /** Parses one rule; throws {@link Invalid} naming the rule and the problem. */
  public static GateRule parse(String text) {
    String rule = text == null ? "" : text.strip();
    if (rule.isEmpty()) {
      throw new Invalid(rule, "empty; write METRIC OP NUMBER [point|interval], e.g. exact.micro.recall >= 0.40");
    }
    Matcher m = RULE.matcher(rule);
    if (!m.matches()) {
      throw new Invalid(rule, "write METRIC OP NUMBER [point|interval], e.g. exact.micro.recall >= 0.40");
    }
    String op = m.group("op");
    if (op == null) {
      throw new Invalid(rule, "no comparison after '" + m.group("metric") + "'; use >=, >, <= or <");
    }
    Operator operator = switch (op) {
      case ">=" -> Operator.AT_LEAST;
      case ">" -> Operator.ABOVE;
      case "<=" -> Operator.AT_MOST;
      case "<" -> Operator.BELOW;
      default -> throw new Invalid(rule, "'" + op + "' is not a comparison a gate can use; use >=, >, <= or <");
    };
    String number = m.group("number");
    if (!NUMBER.matcher(number).matches()) {
      throw new Invalid(rule, (number.isEmpty() ? "no number" : "'" + number + "' is not a number") + " after '" + op
          + "'; write e.g. 0.40, -0.01 or -1%");
    }
    double threshold = Double.parseDouble(number) / (m.group("percent") != null ? 100 : 1);
    if (!Double.isFinite(threshold)) {
      throw new Invalid(rule, "'" + number + "' is beyond the range of a number; write e.g. 0.40, -0.01 or -1%");
    }
    String modeText = m.group("mode").toLowerCase(Locale.ROOT);
    GateMode mode = switch (modeText) {
      case "", "point" -> GateMode.POINT;
      case "interval", "ci" -> GateMode.INTERVAL;
      default -> throw new Invalid(rule, "'" + m.group("mode") + "' after the number; only 'point' (default) or "
          + "'interval' may follow it");
    };
    if (!m.group("rest").isEmpty()) {
      throw new Invalid(rule, "unexpected '" + m.group("rest") + "' at the end");
    }
    String metric = m.group("metric").toLowerCase(Locale.ROOT);
    boolean delta = metric.endsWith(DELTA);
    if (delta) {
      metric = metric.substring(0, metric.length() - DELTA.length());
    }
    checkMetric(rule, metric);
    if (mode == GateMode.INTERVAL && RUN_QUANTITIES.contains(metric)) {
      throw new Invalid(rule, metric + " has no confidence interval; drop 'interval'");
    }
    checkRange(rule, metric, delta, threshold, number + (m.group("percent") != null ? "%" : ""));
    return new GateRule(rule, metric, delta, operator, threshold, mode);
  }

  /** The metric as written, with {@code .delta} when it is one. */
  public String subject() {
    return metric + (delta ? DELTA : "");
  }

  /**
   * Every quantity a rule can name is a share, between 0 and 1, and a change of one between -1 and 1: a threshold
   * beyond that ({@code invalid_rate <= 2} meant as 2 %, {@code exact.micro.f1 >= 60} as 60 %) makes a rule that
   * can never fail or never pass, so it is refused rather than judged.
   */
  private static void checkRange(String rule, String metric, boolean delta, double threshold, String written) {
    double low = delta ? -1 : 0;
    if (threshold < low || threshold > 1) {
      String subject = metric + (delta ? DELTA : "");
      throw new Invalid(rule, "'" + written + "' is outside [" + (delta ? "-1" : "0") + ", 1], the range of " + subject
          + (delta ? " (a change of a share)" : " (a share)") + ", so the rule could never fail or never pass; write a"
          + " share (0.02) or a percentage (2%)");
    }
  }

  private static void checkMetric(String rule, String metric) {
    if (RUN_QUANTITIES.contains(metric)) {
      return;
    }
    String[] parts = metric.split("\\.", -1);
    if (parts.length != 3) {
      throw new Invalid(rule, "'" + metric + "' is not a metric; name one as LEVEL.AVERAGING.METRIC (e.g. "
          + "exact.micro.recall) or one of " + String.join(", ", RUN_QUANTITIES) + ", with .delta for the change from "
          + "the baseline");
    }
    List<String> levels = Arrays.stream(Granularity.values()).map(Granularity::label).toList();
    if (!levels.contains(parts[0])) {
      throw new Invalid(rule, "level '" + parts[0] + "' is not one of " + String.join(", ", levels));
    }
    List<String> averagings = Arrays.stream(Averaging.values()).map(Averaging::label).toList();
    if (!averagings.contains(parts[1])) {
      throw new Invalid(rule, "averaging '" + parts[1] + "' is not one of " + String.join(", ", averagings));
    }
    if (!NAME.matcher(parts[2]).matches()) {
      throw new Invalid(rule, "metric '" + parts[2] + "' is not one of precision, recall, f1, jaccard, exact_match, "
          + "map, r_precision, p@K, r@K");
    }
  }
}
