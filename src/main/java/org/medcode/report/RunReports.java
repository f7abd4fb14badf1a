package org.medcode.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medcode.Plural;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Averaging;
import org.medcode.eval.Estimate;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.Metric;
import org.medcode.eval.MetricKey;

/** Run-level outputs over several coders: the comparison table and the run's long-form {@code summary.csv}. */
public final class RunReports {
  static final String[] SUMMARY = PolicyColumns.header("coder", "granularity", "averaging", "metric", "value", "ci_low",
      "ci_high");
  private static final List<Granularity> TABLE_LEVELS = List.of(Granularity.EXACT, Granularity.CATEGORY);

  private RunReports() {}

  /**
   * Writes each coder's files (and analysis tables, but for a coder that was not measured) into {@code run/<coder>/},
   * and the run's summary.csv, report.html and summary.md.
   */
  public static void write(List<CoderReport> coders, Path run) {
    for (CoderReport coder : coders) {
      RunFolder.write(coder, run.resolve(coder.coder()));
      if (coder.notMeasured().isPresent()) { // an empty log's strata, error rates and coverage analyse nothing
        RunFolder.removeAnalysis(run.resolve(coder.coder()));
      } else if (coder.analysis() != null) {
        RunFolder.writeAnalysis(coder, run.resolve(coder.coder()));
      }
    }
    Path name = run.toAbsolutePath().normalize().getFileName();
    RunFolder.writeReports(name == null ? "run" : name.toString(), coders, coder -> coder.coder() + "/", run);
    try {
      ReportFiles.csv(run, "summary.csv", SUMMARY, csv -> {
        for (CoderReport coder : coders) {
          EvaluationResult result = coder.evaluation().result();
          // A coder that answered no admission has nothing measured: its cells are empty ("not computed"), not zeros.
          boolean measured = coder.notMeasured().isEmpty();
          PolicyColumns policy = PolicyColumns.of(result.options());
          for (Map.Entry<MetricKey, Estimate> entry : result.metrics().entrySet()) {
            MetricKey key = entry.getKey();
            Estimate e = entry.getValue();
            policy.print(csv, coder.coder(), key.granularity().label(), key.averaging().label(), key.metricLabel(),
                measured ? Numbers.exact(e.value()) : "", measured ? Numbers.exact(e.ciLow()) : "",
                measured ? Numbers.exact(e.ciHigh()) : "");
          }
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + run.resolve("summary.csv"), e);
    }
  }

  /**
   * The warnings about what a run's coders were scored on, each once, in coder order: the dataset's own (a MIMIC
   * cohort's steps, a sample larger than what was left, codes ignored), a level skipped, admissions with only other
   * systems' gold codes; a coder's intervals that leave out their point value name the coder. The console of
   * {@code evaluate} shows the same ({@link ConsoleSummary#warnings}).
   */
  public static List<String> warnings(List<CoderReport> coders) {
    Set<String> lines = new LinkedHashSet<>();
    for (CoderReport coder : coders) {
      for (String line : ConsoleSummary.scoring(coder.evaluation())) {
        lines.add(line.startsWith("intervals that leave out") ? "coder " + coder.coder() + ": " + line : line);
      }
    }
    return List.copyOf(lines);
  }

  /** The comparison table: coders × {exact, category} × micro {P, R, F1}, plus failures and the policies used. */
  public static void printComparison(List<CoderReport> coders, PrintWriter out) {
    if (coders.isEmpty()) {
      return;
    }
    EvaluationReport first = coders.get(0).evaluation();
    out.printf(Locale.ROOT, "dataset      %s (%s)%n", first.dataset().spec(), Plural.grouped(first.dataset().admissions(), "admission"));
    out.printf(Locale.ROOT, "code table   %s%n", first.table().describe());
    out.printf(Locale.ROOT, "averaging    micro (pooled over admission-code pairs); %s%n", ConsoleSummary.scoredWith(
        first.result().options().invalid(), first.result().options().population()));
    out.printf(Locale.ROOT, "intervals    %s%n", ConsoleSummary.intervals(first.result().options()));
    out.println();
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-14s", "coder"));
    for (Granularity level : TABLE_LEVELS) {
      for (String metric : List.of("P", "R", "F1")) {
        header.append(String.format(Locale.ROOT, " %-21s", level.label() + " " + metric));
      }
    }
    header.append(String.format(Locale.ROOT, " %8s %6s %6s", "invalid", "empty", "failed"));
    out.println(header);
    for (CoderReport coder : coders) {
      EvaluationResult result = coder.evaluation().result();
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-14s", coder.coder()));
      if (coder.notMeasured().isPresent()) {
        out.println(row.append(" not measured: ").append(coder.notMeasured().get()));
        continue;
      }
      for (Granularity level : TABLE_LEVELS) {
        for (Metric metric : List.of(Metric.PRECISION, Metric.RECALL, Metric.F1)) {
          Estimate e = result.metric(new MetricKey(level, Averaging.MICRO, metric)).orElse(Estimate.point(Double.NaN));
          String cell = Numbers.short3(e.value())
              + (e.hasInterval() ? " [" + Numbers.short3(e.ciLow()) + "," + Numbers.short3(e.ciHigh()) + "]" : "");
          row.append(String.format(Locale.ROOT, " %-21s", cell));
        }
      }
      row.append(String.format(Locale.ROOT, " %8s %6d %6d", Numbers.percent(result.invalid().invalidRate()), coder.empty(),
          coder.failed()));
      out.println(row);
    }
    out.flush();
  }
}
