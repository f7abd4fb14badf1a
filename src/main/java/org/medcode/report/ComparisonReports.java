package org.medcode.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.medcode.Plural;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Averaging;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.Metric;
import org.medcode.eval.PairedComparison;

/**
 * Writers of paired comparisons: the console table and, in a folder, {@code comparison.csv} (each interval with its
 * confidence level), {@code changed_admissions.csv}, {@code changed_codes.csv} (each row ending with the invalid-code
 * policy and population both sides were scored with) and {@code comparison.md}; the console table and comparison.md
 * name that policy and population too.
 */
public final class ComparisonReports {
  static final String[] COMPARISON = PolicyColumns.header("coder_a", "coder_b", "granularity", "averaging", "metric", "a",
      "b", "difference", "ci_low", "ci_high", "confidence", "p_value", "admissions");
  static final String[] ADMISSIONS = PolicyColumns.header("coder_a", "coder_b", "admission_id", "f1_a", "f1_b", "change",
      "gained", "lost", "gained_canonical", "lost_canonical");
  static final String[] CODES = PolicyColumns.header("coder_a", "coder_b", "code", "code_canonical", "title", "gained",
      "lost");
  /** The files written, in order. */
  public static final List<String> FILES = List.of("comparison.csv", "changed_admissions.csv", "changed_codes.csv",
      "comparison.md");
  private static final int SHOWN = 10;

  private ComparisonReports() {}

  public static void write(List<PairedComparison> comparisons, CodeTable table, Path folder) {
    try {
      Files.createDirectories(folder);
      ReportFiles.csv(folder, "comparison.csv", COMPARISON, csv -> {
        for (PairedComparison c : comparisons) {
          PolicyColumns policy = PolicyColumns.of(c.invalidPolicy(), c.population());
          for (PairedComparison.Difference d : c.differences()) {
            policy.print(csv, c.labelA(), c.labelB(), d.key().granularity().label(), d.key().averaging().label(),
                d.key().metricLabel(), Numbers.exact(d.a()), Numbers.exact(d.b()), Numbers.exact(d.difference()),
                Numbers.exact(d.ciLow()), Numbers.exact(d.ciHigh()),
                Double.isNaN(d.ciLow()) ? "" : Numbers.exact(c.confidence()), Numbers.exact(d.pValue()),
                c.admissions()); // the admissions both sides were compared on: fewer than a run's own when one stopped
          }
        }
      });
      ReportFiles.csv(folder, "changed_admissions.csv", ADMISSIONS, csv -> {
        for (PairedComparison c : comparisons) {
          PolicyColumns policy = PolicyColumns.of(c.invalidPolicy(), c.population());
          for (PairedComparison.AdmissionChange a : c.changedAdmissions()) {
            policy.print(csv, c.labelA(), c.labelB(), a.admissionId(), Numbers.exact(a.f1A()), Numbers.exact(a.f1B()),
                a.improved() ? "improved" : a.regressed() ? "regressed" : "same_f1",
                String.join(" ", a.gained().stream().map(x -> Codes.display(table, x, Granularity.EXACT)).toList()),
                String.join(" ", a.lost().stream().map(x -> Codes.display(table, x, Granularity.EXACT)).toList()),
                String.join(" ", a.gained()), String.join(" ", a.lost()));
          }
        }
      });
      ReportFiles.csv(folder, "changed_codes.csv", CODES, csv -> {
        for (PairedComparison c : comparisons) {
          PolicyColumns policy = PolicyColumns.of(c.invalidPolicy(), c.population());
          for (PairedComparison.CodeChange x : c.changedCodes()) {
            policy.print(csv, c.labelA(), c.labelB(), Codes.display(table, x.code(), Granularity.EXACT), x.code(),
                Codes.title(table, x.code(), Granularity.EXACT), x.gained(), x.lost());
          }
        }
      });
      ReportFiles.write(folder, "comparison.md", out -> markdown(comparisons, table, out));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the comparison to " + folder, e);
    }
  }

  /**
   * The console table: exact and category micro P/R/F1 and per-admission F1, B − A with interval and p; then the rows of
   * changed_admissions.csv counted by their change (improved, regressed, and, when there are any, same_f1).
   */
  public static void print(List<PairedComparison> comparisons, PrintWriter out) {
    for (PairedComparison c : comparisons) {
      out.printf(Locale.ROOT, "%s  vs  %s  (%s; B − A = %s − %s)%n", c.labelB(), c.labelA(),
          Plural.grouped(c.admissions(), "admission"), c.labelB(), c.labelA());
      out.printf(Locale.ROOT, "scored      %s%n", ConsoleSummary.scoredWith(c.invalidPolicy(), c.population()));
      out.printf(Locale.ROOT, "%-9s %-14s %-10s %-7s %-7s %-26s %s%n", "level", "averaging", "metric", "A", "B",
          "B − A [" + EvalOptions.percent(c.confidence()) + "% CI]", "p");
      for (PairedComparison.Difference d : c.differences()) {
        if (!shown(d)) {
          continue;
        }
        out.println(String.format(Locale.ROOT, "%-9s %-14s %-10s %-7s %-7s %-26s %s", d.key().granularity().label(),
            d.key().averaging().label(), d.key().metricLabel(), Numbers.short3(d.a()), Numbers.short3(d.b()),
            signed(d.difference()) + (Double.isNaN(d.ciLow()) ? ""
                : " [" + signed(d.ciLow()) + ", " + signed(d.ciHigh()) + "]"), p(d.pValue())).stripTrailing());
      }
      long improved = c.changedAdmissions().stream().filter(PairedComparison.AdmissionChange::improved).count();
      long regressed = c.changedAdmissions().stream().filter(PairedComparison.AdmissionChange::regressed).count();
      long sameF1 = c.changedAdmissions().size() - improved - regressed; // changed_admissions.csv's same_f1 rows
      out.printf(Locale.ROOT, "admissions  %d improved, %d regressed%s (exact F1)%n", improved, regressed,
          sameF1 == 0 ? "" : ", " + sameF1 + " changed with the same F1");
      out.printf(Locale.ROOT, "notes       %s%n", String.join("; ", c.notes()));
      out.println();
    }
    out.flush();
  }

  private static boolean shown(PairedComparison.Difference d) {
    Granularity g = d.key().granularity();
    boolean level = g == Granularity.EXACT || g == Granularity.CATEGORY;
    return level && (d.key().averaging() == Averaging.MICRO || d.key().metric() == Metric.F1);
  }

  private static void markdown(List<PairedComparison> comparisons, CodeTable table, Writer writer) {
    PrintWriter out = new PrintWriter(writer);
    for (PairedComparison c : comparisons) {
      // which is A and which is B, as the table's columns name them
      out.println("## " + MarkdownText.escape(c.labelB()) + " (B) vs " + MarkdownText.escape(c.labelA()) + " (A)");
      out.println();
      out.println(Plural.grouped(c.admissions(), "admission") + "; " + MarkdownText.escape(ConsoleSummary.scoredWith(
          c.invalidPolicy(), c.population()) + "; " + String.join("; ", c.notes())));
      out.println();
      out.println("| level | averaging | metric | A | B | B − A | " + EvalOptions.percent(c.confidence()) + "% CI | p |");
      out.println("|---|---|---|---|---|---|---|---|");
      for (PairedComparison.Difference d : c.differences()) {
        if (shown(d)) {
          out.println("| " + d.key().granularity().label() + " | " + d.key().averaging().label() + " | "
              + d.key().metricLabel() + " | " + Numbers.short3(d.a()) + " | " + Numbers.short3(d.b()) + " | "
              + signed(d.difference()) + " | " + (Double.isNaN(d.ciLow()) ? "" : "[" + signed(d.ciLow()) + ", "
              + signed(d.ciHigh()) + "]") + " | " + p(d.pValue()) + " |");
        }
      }
      out.println();
      List<PairedComparison.CodeChange> codes = c.changedCodes();
      if (!codes.isEmpty()) {
        out.println("Codes most often gained or lost (exact): " + String.join(", ", codes.subList(0, Math.min(SHOWN,
            codes.size())).stream().map(x -> MarkdownSummary.code(Codes.display(table, x.code(), Granularity.EXACT)) + " +"
            + x.gained() + "/−" + x.lost()).toList()));
        out.println();
      }
    }
    out.flush();
  }

  private static String signed(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%+.3f", value);
  }

  private static String p(double value) {
    return Double.isNaN(value) ? "-" : value < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", value);
  }
}
