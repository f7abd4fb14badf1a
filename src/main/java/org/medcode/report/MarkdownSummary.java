package org.medcode.report;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import org.medcode.Launcher;
import org.medcode.Plural;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Analysis;
import org.medcode.eval.Averaging;
import org.medcode.eval.AutomationCoverage;
import org.medcode.eval.ErrorKind;
import org.medcode.eval.ErrorTaxonomy;
import org.medcode.eval.Estimate;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.Metric;
import org.medcode.eval.MetricKey;
import org.medcode.eval.StratumDimension;
import org.medcode.eval.StratumResult;
import org.medcode.study.StudyResult;

/** {@code summary.md}: a short Markdown summary of a run for a pull-request comment. */
final class MarkdownSummary {
  private static final List<Granularity> LEVELS = List.of(Granularity.EXACT, Granularity.CATEGORY);
  private static final List<Metric> PRF = List.of(Metric.PRECISION, Metric.RECALL, Metric.F1);

  private MarkdownSummary() {}

  static void write(String title, List<CoderReport> coders, Writer writer) {
    write(title, coders, null, writer);
  }

  /** The summary, with a published study's block before the metrics when {@code study} is not null. */
  static void write(String title, List<CoderReport> coders, StudyResult study, Writer writer) {
    PrintWriter out = new PrintWriter(writer);
    out.println("## medcode-bench: " + text(title));
    out.println();
    if (coders.isEmpty()) {
      out.println("No coder was evaluated.");
      out.flush();
      return;
    }
    EvaluationReport first = coders.get(0).evaluation();
    EvaluationResult r0 = first.result();
    out.println("- dataset: " + code(first.dataset().spec()) + " (" + Plural.grouped(first.dataset().admissions(), "admission")
        + ", fingerprint `" + first.dataset().fingerprint() + "`)");
    out.println("- code table: " + text(first.table().describe()));
    for (CoderReport coder : coders) { // each coder's own counts: the first one's are not the run's
      EvaluationResult result = coder.evaluation().result();
      out.println("- invalid codes" + (coders.size() > 1 ? " (" + text(coder.coder()) + ")" : "") + ": "
          + ConsoleSummary.policy(result.options(), result.invalid(), coder.notMeasured().map(MarkdownSummary::text)));
    }
    out.println("- scored: " + Plural.grouped(r0.admissions(), "admission") + " (population "
        + r0.options().population().label() + ")");
    out.println("- intervals: " + ConsoleSummary.intervals(r0.options()));
    for (String warning : warnings(coders)) {
      out.println("- warning: " + text(warning));
    }
    out.println();
    if (study != null) {
      StudyReports.markdown(study, out);
    }
    out.println("### Micro precision / recall / F1");
    out.println();
    StringBuilder header = new StringBuilder("| coder |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Granularity g : LEVELS) {
      for (Metric m : PRF) {
        header.append(' ').append(g.label()).append(' ').append(m.label(0)).append(" |");
        rule.append("---|");
      }
    }
    header.append(" invalid | empty | failed |"); // as the console table and report.html count them
    rule.append("---|---|---|");
    out.println(header);
    out.println(rule);
    for (CoderReport coder : coders) {
      EvaluationResult result = coder.evaluation().result();
      StringBuilder row = new StringBuilder("| " + text(coder.coder()) + " |");
      if (coder.notMeasured().isPresent()) {
        row.append(" not measured: ").append(text(coder.notMeasured().get())).append(" |");
        row.append(" |".repeat(LEVELS.size() * PRF.size() - 1)).append(" | ").append(Numbers.count(coder.empty()))
            .append(" | ").append(Numbers.count(coder.failed())).append(" |");
        out.println(row);
        continue;
      }
      for (Granularity g : LEVELS) {
        for (Metric m : PRF) {
          row.append(' ').append(estimate(result, new MetricKey(g, Averaging.MICRO, m))).append(" |");
        }
      }
      row.append(' ').append(Numbers.percent(result.invalid().invalidRate())).append(" | ")
          .append(Numbers.count(coder.empty())).append(" | ").append(Numbers.count(coder.failed())).append(" |");
      out.println(row);
    }
    for (CoderReport coder : coders) {
      if (coder.incomplete().isPresent()) {
        out.println();
        out.println("> **Incomplete:** " + text(coder.coder()) + " " + text(coder.incomplete().get()) + "; finish the run"
            + " with `" + Launcher.WRITTEN + " run --resume RUN_DIR`.");
      }
    }
    for (CoderReport coder : coders) {
      Analysis analysis = coder.analysis();
      if (analysis == null || coder.notMeasured().isPresent()) { // its row says why: an empty log's zeros are no analysis
        continue;
      }
      out.println();
      out.println("### " + text(coder.coder()));
      out.println();
      for (StratumDimension dimension : List.of(StratumDimension.NOTE_LENGTH_QUARTILE, StratumDimension.GOLD_CODES,
          StratumDimension.TRAINING_FREQUENCY)) {
        List<StratumResult> strata = analysis.strata().of(dimension);
        if (strata.isEmpty()) {
          continue;
        }
        out.println("Exact micro recall / F1 by " + dimension.label().replace('_', ' ') + ":");
        out.println();
        out.println("| stratum | bounds | admissions | gold codes | recall | F1 |");
        out.println("|---|---|---|---|---|---|");
        for (StratumResult s : strata) {
          out.println("| " + text(s.stratum()) + " | " + text(s.description()) + " | " + Numbers.count(s.admissions()) + " | "
              + Numbers.count(s.goldCodes()) + " | " + estimate(s.result(), new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.RECALL))
              + " | " + estimate(s.result(), new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.F1)) + " |");
        }
        out.println();
      }
      for (String note : analysis.strata().notes()) {
        if (note.contains("skipped") || note.endsWith("left out") || note.contains(" is empty and left out: ")) {
          out.println("- " + text(note));
          out.println();
        }
      }
      ErrorTaxonomy errors = analysis.errors();
      out.println("Predicted codes (" + Numbers.count(errors.predictedTotal()) + "): " + kinds(errors, true));
      out.println();
      out.println("Gold codes (" + Numbers.count(errors.goldTotal()) + "): " + kinds(errors, false));
      out.println();
      AutomationCoverage coverage = analysis.coverage();
      if (coverage.available()) {
        StringBuilder line = new StringBuilder("Touchless coverage (exact level):");
        for (AutomationCoverage.Target t : coverage.targets()) {
          line.append(' ').append(t.criterion().label()).append(" ≥ ").append(Numbers.percent(t.target())).append(": ")
              .append(Numbers.percent(t.coverage())).append(';');
        }
        out.println(line.substring(0, line.length() - 1));
      } else {
        out.println("Touchless coverage: not available (" + text(coverage.unavailable()) + ").");
      }
      out.println();
    }
    out.flush();
  }

  private static String kinds(ErrorTaxonomy errors, boolean predicted) {
    StringBuilder out = new StringBuilder();
    for (ErrorKind kind : ErrorKind.values()) {
      Long count = (predicted ? errors.predicted() : errors.gold()).get(kind);
      if (count == null) {
        continue;
      }
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(kind.label()).append(' ').append(Numbers.percent(predicted ? errors.predictedRate(kind) : errors.goldRate(kind)));
    }
    return out.toString();
  }

  private static String estimate(EvaluationResult result, MetricKey key) {
    Estimate e = result.metric(key).orElse(Estimate.point(Double.NaN));
    return Numbers.short3(e.value()) + (e.hasInterval()
        ? " [" + Numbers.short3(e.ciLow()) + ", " + Numbers.short3(e.ciHigh()) + "]" : "");
  }

  /** User text (ids, codes, titles, notes) as plain Markdown text ({@link MarkdownText#escape}), cut after 300 characters. */
  static String text(String text) {
    if (text == null) {
      return "";
    }
    return MarkdownText.escape(text.length() > 300 ? text.substring(0, 300) + "… (" + text.length() + " characters)" : text);
  }

  /**
   * User text as a Markdown code span (shown verbatim: nothing in it is Markdown or HTML): fenced with more backticks
   * than it holds in a row, control characters as spaces, cut after 300 characters; not for table cells.
   */
  static String code(String text) {
    String shown = text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    StringBuilder clean = new StringBuilder(shown.length());
    int run = 0;
    int longest = 0;
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      clean.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
      run = c == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    String inner = clean.toString();
    boolean pad = inner.startsWith("`") || inner.endsWith("`");
    return fence + (pad ? " " + inner + " " : inner) + fence;
  }

  /**
   * The warnings of every coder's report, each once, in order: the dataset's (the same for every coder) and a coder's own
   * (e.g. answers from more than one model snapshot).
   */
  static List<String> warnings(List<CoderReport> coders) {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
    coders.forEach(c -> all.addAll(c.evaluation().dataset().warnings()));
    return List.copyOf(all);
  }
}
