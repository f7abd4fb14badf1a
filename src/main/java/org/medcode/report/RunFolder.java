package org.medcode.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the files of an evaluation into a folder: metrics.json, summary.csv, per_code.csv, per_admission.csv. */
public final class RunFolder {
  /** The files written, in order. */
  public static final List<String> FILES = List.of("metrics.json", "summary.csv", "per_code.csv", "per_admission.csv");

  private RunFolder() {}

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
