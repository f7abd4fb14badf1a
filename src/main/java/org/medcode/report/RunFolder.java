package org.medcode.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.medcode.Futures;
import org.medcode.eval.Analysis;
import org.medcode.study.StudyResult;

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
    CompletableFuture<Void> perAdmission = startWrite(coder.evaluation(), coder.notMeasured(), folder);
    try {
      if (coder.analysis() != null) {
        writeAnalysis(coder, folder);
      }
      writeReports(title, List.of(coder), c -> "", folder);
    } catch (RuntimeException e) {
      throw joinedAfter(perAdmission, e);
    }
    Futures.join(perAdmission);
  }

  /** Writes the analysis tables of one coder into its folder. */
  static void writeAnalysis(CoderReport coder, Path folder) {
    Analysis analysis = coder.analysis();
    PolicyColumns policy = PolicyColumns.of(coder.evaluation());
    try {
      Files.createDirectories(folder);
      ReportFiles.write(folder, "strata.csv", out -> AnalysisCsv.strata(analysis, policy, out));
      ReportFiles.write(folder, "errors.csv", out -> AnalysisCsv.errors(analysis, policy, out));
      ReportFiles.write(folder, "confusions.csv", out -> AnalysisCsv.confusions(coder.evaluation(), analysis, policy, out));
      ReportFiles.write(folder, "coverage.csv", out -> AnalysisCsv.coverage(analysis, policy, out));
      ReportFiles.write(folder, "coverage_targets.csv", out -> AnalysisCsv.coverageTargets(analysis, policy, out));
      ReportFiles.write(folder, "suggestions.csv", out -> AnalysisCsv.suggestions(analysis, policy, out));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the analysis tables to " + folder, e);
    }
  }

  /** Removes the analysis tables from a coder's folder (of a coder that was not measured: an earlier write's). */
  static void removeAnalysis(Path folder) {
    for (String name : ANALYSIS_FILES) {
      try {
        Files.deleteIfExists(folder.resolve(name));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + folder.resolve(name), e);
      }
    }
  }

  /**
   * Writes report.html and summary.md over the given coders into a folder; {@code tables} gives the folder of a coder's
   * CSV files relative to it ({@code ""} or {@code "coder/"}), which the report links to.
   */
  static void writeReports(String title, List<CoderReport> coders, Function<CoderReport, String> tables, Path folder) {
    writeReports(title, coders, tables, folder, null);
  }

  /** As {@link #writeReports(String, List, Function, Path)}, with a published study's section first (when not null). */
  static void writeReports(String title, List<CoderReport> coders, Function<CoderReport, String> tables, Path folder,
      StudyResult study) {
    try {
      Files.createDirectories(folder);
      ReportFiles.write(folder, "report.html", out -> HtmlReport.write(title, coders, tables, study, out));
      ReportFiles.write(folder, "summary.md", out -> MarkdownSummary.write(title, coders, study, out));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the reports to " + folder, e);
    }
  }

  public static void write(EvaluationReport report, Path folder) {
    Futures.join(startWrite(report, Optional.empty(), folder));
  }

  /**
   * Writes a run's coder's files; one that was not measured gets no numbers in metrics.json and summary.csv, and no
   * scores in per_code.csv and per_admission.csv.
   */
  static void write(CoderReport coder, Path folder) {
    Futures.join(startWrite(coder.evaluation(), coder.notMeasured(), folder));
  }

  /**
   * Writes the evaluation's files; the largest, per_admission.csv (a row per admission and level), on another thread.
   * Returns that writing, to {@link Futures#join} once the caller has written what else goes into the folder.
   */
  private static CompletableFuture<Void> startWrite(EvaluationReport report, Optional<String> notMeasured, Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results to " + folder, e);
    }
    CompletableFuture<Void> perAdmission = CompletableFuture.runAsync(() -> {
      try {
        ReportFiles.write(folder, "per_admission.csv", out -> CsvReports.perAdmission(report, notMeasured.isEmpty(), out));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write results to " + folder, e);
      }
    });
    try {
      ReportFiles.write(folder, "metrics.json", out -> MetricsJson.write(report, notMeasured, out));
      ReportFiles.write(folder, "summary.csv", out -> CsvReports.summary(report, notMeasured.isEmpty(), out));
      ReportFiles.write(folder, "per_code.csv", out -> CsvReports.perCode(report, notMeasured.isEmpty(), out));
    } catch (IOException e) {
      throw joinedAfter(perAdmission, new UncheckedIOException("cannot write results to " + folder, e));
    } catch (RuntimeException e) {
      throw joinedAfter(perAdmission, e);
    }
    return perAdmission;
  }

  /** {@code failure}, once the writing on the other thread has ended (its own failure added as suppressed). */
  private static RuntimeException joinedAfter(CompletableFuture<Void> writing, RuntimeException failure) {
    try {
      Futures.join(writing);
    } catch (RuntimeException also) {
      failure.addSuppressed(also);
    }
    return failure;
  }
}
