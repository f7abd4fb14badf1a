package org.medcode.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medcode.Launcher;
import org.medcode.Plural;
import org.medcode.eval.Estimate;
import org.medcode.study.Published;
import org.medcode.study.Study;
import org.medcode.study.StudyResult;
import org.medcode.study.StudyRow;

/**
 * A study's published-versus-this-run table: on the console, as {@code study.csv}, as a section of {@code report.html}
 * and a block of {@code summary.md}. Formats only: every number comes from the {@link StudyResult}.
 */
public final class StudyReports {
  /** The columns of {@code study.csv}. */
  static final String[] CSV = {"study", "coder", "figure", "label", "published", "published_low", "published_high", "value",
      "ci_low", "ci_high", "inside", "note", "code_table", "source"};

  private StudyReports() {}

  /**
   * Writes {@code study.csv} into the run folder and rewrites its {@code report.html} and {@code summary.md} with the
   * study's section first.
   */
  public static void write(List<CoderReport> coders, StudyResult study, Path run) {
    try {
      Files.createDirectories(run);
      ReportFiles.csv(run, "study.csv", CSV, csv -> {
        for (StudyRow row : study.rows()) {
          Published p = row.published();
          Estimate e = row.run();
          csv.printRecord(study.study().name(), row.coder(), row.metric(), row.label(), p == null ? "" : p.text(),
              p == null ? "" : Numbers.exact(p.low()), p == null ? "" : Numbers.exact(p.high()),
              e == null ? "" : Numbers.exact(e.value()), e == null ? "" : Numbers.exact(e.ciLow()),
              e == null ? "" : Numbers.exact(e.ciHigh()), row.inside().label(), row.note() == null ? "" : row.note(),
              study.codeTable(), source(study.study()));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + run.resolve("study.csv"), e);
    }
    Path name = run.toAbsolutePath().normalize().getFileName();
    RunFolder.writeReports(name == null ? "run" : name.toString(), coders, coder -> coder.coder() + "/", run, study);
  }

  static String source(Study study) {
    return study.citation() + (study.source() == null || study.source().isBlank() ? "" : "; " + study.source());
  }

  /** The published-versus-this-run table for the console. */
  public static void print(StudyResult result, PrintWriter out) {
    Study study = result.study();
    out.printf(Locale.ROOT, "study        %s (%s)%n", study.title(), study.name());
    out.printf(Locale.ROOT, "published    %s%n", source(study));
    if (study.model() != null || study.population() != null) {
      out.printf(Locale.ROOT, "             %s%n", String.join(", ", nonBlank(study.model() == null ? null : "model "
          + study.model(), study.population())));
    }
    out.printf(Locale.ROOT, "this run     %s (%s)%n", result.dataset(), Plural.grouped(result.admissions(), "admission"));
    out.printf(Locale.ROOT, "code table   %s%n", result.codeTable());
    if (study.codeTableNote() != null && !study.codeTableNote().isBlank()) {
      out.printf(Locale.ROOT, "             %s%n", study.codeTableNote());
    }
    out.println();
    int width = 10;
    for (StudyRow row : result.rows()) {
      width = Math.max(width, label(row).length());
    }
    boolean several = result.rows().stream().map(StudyRow::coder).distinct().count() > 1;
    String format = "%s%-" + width + "s  %-14s %-9s %-18s %s%n";
    out.printf(Locale.ROOT, format, several ? String.format(Locale.ROOT, "%-14s", "coder") : "", "figure", "published",
        "this run", result.intervalLabel(), "inside");
    for (StudyRow row : result.rows()) {
      Estimate e = row.run();
      out.printf(Locale.ROOT, format, several ? String.format(Locale.ROOT, "%-14s", row.coder()) : "", label(row),
          row.published() == null ? "-" : row.published().text(), e == null ? "-" : Numbers.short3(e.value()),
          e == null || !e.hasInterval() ? "-" : "[" + Numbers.short3(e.ciLow()) + ", " + Numbers.short3(e.ciHigh()) + "]",
          row.inside() == StudyRow.Inside.NOT_APPLICABLE ? "-" : row.inside().label());
    }
    out.println();
    notes(result).forEach(note -> out.println("note: " + Launcher.runnable(note))); // the files keep Launcher.WRITTEN
    out.flush();
  }

  /**
   * The notes a reader of the table needs: each figure's own note once (e.g. that a published range is implied, not
   * published), then the study's notes on how to read the rows.
   */
  private static List<String> notes(StudyResult result) {
    List<String> notes = new ArrayList<>();
    for (StudyRow row : result.rows()) {
      if (row.note() != null && !row.note().isBlank() && !notes.contains(label(row) + ": " + row.note())) {
        notes.add(label(row) + ": " + row.note());
      }
    }
    notes.addAll(result.notes());
    return notes;
  }

  private static List<String> nonBlank(String... texts) {
    List<String> out = new ArrayList<>();
    for (String text : texts) {
      if (text != null && !text.isBlank()) {
        out.add(text);
      }
    }
    return out;
  }

  private static String label(StudyRow row) {
    return row.label() == null || row.label().isBlank() ? row.metric() : row.label() + " (" + row.metric() + ")";
  }

  /** The study section of {@code report.html}. */
  static void html(StudyResult result, PrintWriter out) {
    Study study = result.study();
    out.println("<h2 id='study'>Published study: " + HtmlReport.esc(study.title()) + "</h2>");
    out.println("<ul class='note'>");
    out.println("<li>published: " + HtmlReport.esc(source(study)) + "</li>");
    for (String fact : nonBlank(study.model() == null ? null : "model " + study.model(), study.population())) {
      out.println("<li>" + HtmlReport.esc(fact) + "</li>");
    }
    out.println("<li>this run: " + HtmlReport.esc(result.dataset()) + " (" + Plural.grouped(result.admissions(), "admission")
        + "); code table " + HtmlReport.esc(result.codeTable()) + "</li>");
    if (study.codeTableNote() != null && !study.codeTableNote().isBlank()) {
      out.println("<li>" + HtmlReport.esc(study.codeTableNote()) + "</li>");
    }
    out.println("</ul>");
    out.println("<table><tr><th class='l'>coder</th><th class='l'>figure</th><th>published</th><th>this run</th>"
        + "<th>" + result.intervalLabel() + "</th><th>inside</th><th class='l'>note</th></tr>");
    for (StudyRow row : result.rows()) {
      Estimate e = row.run();
      out.println("<tr><td class='l'>" + HtmlReport.esc(row.coder()) + "</td><td class='l'>" + HtmlReport.esc(label(row))
          + "</td><td>" + (row.published() == null ? "" : HtmlReport.esc(row.published().text())) + "</td><td>"
          + (e == null ? "" : Numbers.short3(e.value())) + "</td><td>"
          + (e == null || !e.hasInterval() ? "" : "[" + Numbers.short3(e.ciLow()) + ", " + Numbers.short3(e.ciHigh()) + "]")
          + "</td><td>" + row.inside().label() + "</td><td class='l'>" + HtmlReport.esc(row.note() == null ? "" : row.note())
          + "</td></tr>");
    }
    out.println("</table>");
    for (String note : result.notes()) {
      out.println("<p class='note'>" + HtmlReport.esc(note) + "</p>");
    }
  }

  /** The study block of {@code summary.md}. */
  static void markdown(StudyResult result, PrintWriter out) {
    Study study = result.study();
    out.println("### Published study: " + MarkdownSummary.text(study.title()));
    out.println();
    out.println("- published: " + MarkdownSummary.text(source(study)));
    for (String fact : nonBlank(study.model() == null ? null : "model " + study.model(), study.population())) {
      out.println("- " + MarkdownSummary.text(fact));
    }
    out.println("- code table: " + MarkdownSummary.text(result.codeTable()));
    out.println();
    out.println("| coder | figure | published | this run | " + result.intervalLabel() + " | inside |");
    out.println("|---|---|---|---|---|---|");
    for (StudyRow row : result.rows()) {
      Estimate e = row.run();
      out.println("| " + MarkdownSummary.text(row.coder()) + " | " + MarkdownSummary.text(label(row)) + " | "
          + (row.published() == null ? "" : MarkdownSummary.text(row.published().text())) + " | "
          + (e == null ? "" : Numbers.short3(e.value())) + " | "
          + (e == null || !e.hasInterval() ? "" : "[" + Numbers.short3(e.ciLow()) + ", " + Numbers.short3(e.ciHigh()) + "]")
          + " | " + row.inside().label() + " |");
    }
    out.println();
    for (String note : notes(result)) {
      out.println("_" + MarkdownSummary.text(note) + "_");
      out.println();
    }
  }
}
