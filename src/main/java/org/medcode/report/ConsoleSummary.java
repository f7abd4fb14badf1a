package org.medcode.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.medcode.Plural;
import org.medcode.eval.Averaging;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.Estimate;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.Intervals;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.InvalidStats;
import org.medcode.eval.LevelResult;
import org.medcode.eval.Metric;
import org.medcode.eval.MetricKey;
import org.medcode.eval.Population;

/** The compact table printed after an evaluation: a row per granularity and averaging, P / R / F1 with intervals. */
public final class ConsoleSummary {
  private ConsoleSummary() {}

  public static void print(EvaluationReport report, PrintWriter out) {
    EvaluationResult result = report.result();
    EvalOptions options = result.options();
    EvaluationReport.PredictionsInfo p = report.predictions();
    out.printf(Locale.ROOT, "dataset      %s: %s, %s predicted (%s from %s)%n", report.dataset().spec(),
        Plural.grouped(result.admissions(), "admission"), Numbers.count(result.admissionsWithPredictions()),
        Plural.grouped(p.rows() - p.duplicates(), "code"),
        p.file());
    out.printf(Locale.ROOT, "code table   %s%n", report.table().describe());
    out.printf(Locale.ROOT, "invalid      %s%n", policy(options, result.invalid()));
    out.printf(Locale.ROOT, "intervals    %s%n", intervals(options));
    out.printf(Locale.ROOT, "scored       %s (population %s)%n", Plural.grouped(result.admissions(), "admission"),
        options.population().label());
    out.println();
    out.printf(Locale.ROOT, "%-9s %-14s %-22s %-22s %-22s %s%n", "level", "averaging", "precision", "recall", "f1", "map");
    for (LevelResult level : result.levels()) {
      for (Averaging averaging : List.of(Averaging.MICRO, Averaging.SAMPLE)) {
        String row = String.format(Locale.ROOT, "%-9s %-14s %-22s %-22s %-22s %s", level.granularity().label(), averaging.label(),
            cell(result, new MetricKey(level.granularity(), averaging, Metric.PRECISION)),
            cell(result, new MetricKey(level.granularity(), averaging, Metric.RECALL)),
            cell(result, new MetricKey(level.granularity(), averaging, Metric.F1)),
            averaging == Averaging.SAMPLE ? cell(result, new MetricKey(level.granularity(), averaging, Metric.MAP)) : "");
        out.println(row.stripTrailing());
      }
    }
    out.flush();
  }

  /** Warnings worth a user's attention, one per line (empty when all is well). */
  public static List<String> warnings(EvaluationReport report) {
    EvaluationReport.PredictionsInfo p = report.predictions();
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    long failed = p.answers().values().stream().filter(answer -> answer == EvaluationReport.Answer.FAILED).count();
    if (p.rows() == 0 && failed == 0) { // a run's log of failures only is said below, not as a file without predictions
      lines.add("predictions file " + p.file() + " has no predictions: every admission is scored as an empty prediction");
    }
    if (p.unknownAdmissions() > 0) {
      long unknown = p.unknownAdmissions();
      lines.add(Numbers.count(unknown) + " predicted admission " + Plural.noun(unknown, "id") + " "
          + Plural.verb(unknown, "are") + " not in " + report.dataset().spec() + " and " + Plural.verb(unknown, "were")
          + " ignored, e.g. " + String.join(", ", p.unknownExamples()));
    }
    if (failed > 0) {
      lines.add(Numbers.count(failed) + " " + Plural.noun(failed, "admission") + " failed in " + p.file()
          + " (a run's log: \"status\": \"failed\"),"
          + " scored as empty predictions and left out of the hardest admissions; per_admission.csv's status names them");
    }
    if (p.duplicates() > 0) {
      lines.add(Numbers.count(p.duplicates()) + " duplicate predicted " + Plural.noun(p.duplicates(), "code")
          + " removed (first rank kept), e.g. "
          + String.join("; ", p.duplicateExamples()));
    }
    lines.addAll(scoring(report));
    return lines;
  }

  /**
   * The warnings about what was scored, whoever made the predictions: no gold code of the system, the dataset's own
   * warnings (a MIMIC cohort's steps, a sample larger than what is left), a level skipped, admissions with only other
   * systems' gold codes, intervals that leave out their point value. {@code run} and {@code report} print these too.
   */
  static List<String> scoring(EvaluationReport report) {
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    if (report.result().invalid().gold() == 0) {
      lines.add(report.dataset().spec() + " has no gold codes of " + report.result().codeSystem()
          + " among the scored admissions: every prediction is a false positive; check --system");
    }
    lines.addAll(report.dataset().warnings());
    report.result().notes().stream().filter(note -> note.startsWith("level ") && note.contains(" skipped: "))
        .forEach(lines::add); // a level asked for (or a default one) that the table cannot score
    report.result().notes().stream().filter(note -> note.startsWith("intervals that leave out their own point value")
            || note.startsWith(org.medcode.eval.Evaluator.ONLY_OTHER_SYSTEMS))
        .forEach(lines::add); // a biased bootstrap (macro averages at scale): the intervals shown would mislead
    return lines;
  }

  static String policy(EvalOptions options, InvalidStats invalid) {
    return policy(options, invalid, java.util.Optional.empty());
  }

  /** As {@link #policy(EvalOptions, InvalidStats)}; a coder that was not measured has no invalid rate, but why. */
  static String policy(EvalOptions options, InvalidStats invalid, java.util.Optional<String> notMeasured) {
    String rule = switch (options.invalid()) {
      case COUNT -> "invalid predicted codes kept and scored";
      case DROP -> "invalid predicted codes dropped before scoring unless equal to a gold code";
    };
    return (notMeasured.isPresent()
        ? rule + " (policy " + options.invalid().label() + "); no predicted codes to check (not measured: "
            + notMeasured.get() + ")"
        : String.format(Locale.ROOT, "%s (policy %s); %s of %s invalid (%s): %s malformed, %s not in table",
        rule, options.invalid().label(), Numbers.count(invalid.invalid()), Plural.grouped(invalid.predicted(), "predicted code"),
        Numbers.percent(invalid.invalidRate()), Numbers.count(invalid.malformed()), Numbers.count(invalid.notInTable())))
        + (invalid.goldInvalid() == 0 ? "" : String.format(Locale.ROOT, "; %s of %s invalid (%s): %s malformed,"
            + " %s not in table, found at the exact level only by a prediction written the same way", Numbers.count(invalid.goldInvalid()),
            Plural.grouped(invalid.gold(), "gold code"), Numbers.percent(invalid.goldInvalidRate()),
            Numbers.count(invalid.goldMalformed()), Numbers.count(invalid.goldNotInTable())));
  }

  /** The invalid-code policy and population that produced a set of numbers, as the console and Markdown name them. */
  static String scoredWith(InvalidPolicy invalid, Population population) {
    return String.format(Locale.ROOT, "invalid codes: %s; population %s", switch (invalid) {
      case COUNT -> "kept and scored (policy count)";
      case DROP -> "dropped unless equal to a gold code (policy drop)";
    }, population.label());
  }

  static String intervals(EvalOptions options) {
    if (options.bootstrap() == 0) {
      return "none (bootstrap disabled)";
    }
    return String.format(Locale.ROOT, "%s%% percentile bootstrap, %s of %s, seed %d%s",
        EvalOptions.percent(options.confidence()), Plural.grouped(options.bootstrap(), "resample"),
        options.groupByPatient() ? "patients" : "admissions", options.seed(),
        options.intervals() == Intervals.MICRO ? "; micro averages only (intervals micro)" : "");
  }

  private static String cell(EvaluationResult result, MetricKey key) {
    Estimate estimate = result.metric(key).orElse(Estimate.point(Double.NaN));
    if (!estimate.hasInterval()) {
      return Numbers.short3(estimate.value());
    }
    return Numbers.short3(estimate.value()) + " [" + Numbers.short3(estimate.ciLow()) + ", " + Numbers.short3(estimate.ciHigh()) + "]";
  }
}
