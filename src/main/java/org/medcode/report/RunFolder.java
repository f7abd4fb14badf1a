package org.medcode.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.medcode.eval.Analysis;

/**
 * Writes the files of an evaluation into a folder: metrics.json, summary.csv, per_code.csv, per_admission.csv; with an
 * analysis also its tables ({@link #ANALYSIS_FILES}) and, for a single evaluation, report.html and summary.md.
 */
public final class RunFolder {
  /** The files written, in order. */
  public static final List<String> FILES = List.of("metrics.json", "summary.csv", "per_code.csv", "per_admission.csv");

  private RunFolder() {}

  /** The analysis tables written beside them when an analysis is given. */
  public static final List<String> ANALYSIS_FILES = List.of("strata.csv", "errors.csv", "confusions.csv", "coverage.csv",
      "coverage_targets.csv", "suggestions.csv");
  /** The human-readable reports of a run or an evaluation. */
  public static final List<String> REPORT_FILES = List.of("report.html", "summary.md");

  /**
   * Writes an evaluation's folder with its analysis tables and its own report.html and summary.md (for
   * {@code evaluate}, whose folder holds one evaluation).
   */
  public static void write(CoderReport coder, String title, Path folder) {
    write(coder.evaluation(), folder);
    if (coder.analysis() != null) {
      writeAnalysis(coder, folder);
    }
    writeReports(title, List.of(coder), folder);
  }

  /** Writes the analysis tables of one coder into its folder. */
  static void writeAnalysis(CoderReport coder, Path folder) {
    Analysis analysis = coder.analysis();
    try {
      Files.createDirectories(folder);
      try (Writer out = Files.newBufferedWriter(folder.resolve("strata.csv"), StandardCharsets.UTF_8)) {
        AnalysisCsv.strata(analysis, out);
      }
      try (Writer out = Files.newBufferedWriter(folder.resolve("errors.csv"), StandardCharsets.UTF_8)) {
        AnalysisCsv.errors(analysis, out);
      }
      try (Writer out = Files.newBufferedWriter(folder.resolve("confusions.csv"), StandardCharsets.UTF_8)) {
        AnalysisCsv.confusions(coder.evaluation(), analysis, out);
      }
      try (Writer out = Files.newBufferedWriter(folder.resolve("coverage.csv"), StandardCharsets.UTF_8)) {
        AnalysisCsv.coverage(analysis, out);
      }
      try (Writer out = Files.newBufferedWriter(folder.resolve("coverage_targets.csv"), StandardCharsets.UTF_8)) {
        AnalysisCsv.coverageTargets(analysis, out);
      }
      try (Writer out = Files.newBufferedWriter(folder.resolve("suggestions.csv"), StandardCharsets.UTF_8)) {
        AnalysisCsv.suggestions(analysis, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the analysis tables to " + folder, e);
    }
  }

  /** Writes report.html and summary.md over the given coders into a folder. */
  static void writeReports(String title, List<CoderReport> coders, Path folder) {
    try {
      Files.createDirectories(folder);
      try (Writer out = Files.newBufferedWriter(folder.resolve("report.html"), StandardCharsets.UTF_8)) {
        HtmlReport.write(title, coders, out);
      }
      try (Writer out = Files.newBufferedWriter(folder.resolve("summary.md"), StandardCharsets.UTF_8)) {
        MarkdownSummary.write(title, coders, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the reports to " + folder, e);
    }
  }

  public static void write(EvaluationReport report, Path folder) {
    try {
      Files.createDirectories(folder);
      try (Writer out = Files.newBufferedWriter(folder.resolve("metrics.json"), StandardCharsets.UTF_8)) {
        MetricsJson.write(report, out);
      }
      try (Writer out = Files.newBufferedWriter(folder.resolve("summary.csv"), StandardCharsets.UTF_8)) {
        CsvReports.summary(report, out);
      }
      try (Writer out = Files.newBufferedWriter(folder.resolve("per_code.csv"), StandardCharsets.UTF_8)) {
        CsvReports.perCode(report, out);
      }
      try (Writer out = Files.newBufferedWriter(folder.resolve("per_admission.csv"), StandardCharsets.UTF_8)) {
        CsvReports.perAdmission(report, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results to " + folder, e);
    }
  }
}
