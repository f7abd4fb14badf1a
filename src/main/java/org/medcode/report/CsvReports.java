package org.medcode.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.AdmissionCounts;
import org.medcode.eval.CodeCounts;
import org.medcode.eval.Estimate;
import org.medcode.eval.LevelResult;
import org.medcode.eval.MetricKey;

/**
 * The long-form CSV tables of an evaluation (RFC 4180, UTF-8, header row, stable column names documented in the
 * README). Numbers are plain decimals that read back exactly; an empty cell means "not computed".
 */
final class CsvReports {
  static final String[] SUMMARY = {"granularity", "averaging", "metric", "value", "ci_low", "ci_high", "invalid_policy",
      "population"};
  static final String[] PER_CODE = {"granularity", "code", "code_canonical", "title", "status", "support", "predicted", "tp", "fp", "fn",
      "precision", "recall", "f1"};
  static final String[] PER_ADMISSION = {"admission_id", "patient_id", "granularity", "gold", "predicted", "tp", "fp", "fn",
      "invalid_predicted", "precision", "recall", "f1", "jaccard", "exact_match", "average_precision"};

  private CsvReports() {}

  private static CSVPrinter printer(Writer out, String[] header) throws IOException {
    return new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header).get());
  }

  static void summary(EvaluationReport report, Writer out) throws IOException {
    String policy = report.result().options().invalid().label();
    String population = report.result().options().population().label();
    try (CSVPrinter csv = printer(out, SUMMARY)) {
      for (Map.Entry<MetricKey, Estimate> entry : report.result().metrics().entrySet()) {
        MetricKey key = entry.getKey();
        Estimate estimate = entry.getValue();
        csv.printRecord(key.granularity().label(), key.averaging().label(), key.metricLabel(), Numbers.exact(estimate.value()),
            Numbers.exact(estimate.ciLow()), Numbers.exact(estimate.ciHigh()), policy, population);
      }
    }
  }

  static void perCode(EvaluationReport report, Writer out) throws IOException {
    try (CSVPrinter csv = printer(out, PER_CODE)) {
      for (LevelResult level : report.result().levels()) {
        Granularity granularity = level.granularity();
        for (CodeCounts code : level.perCode()) {
          csv.printRecord(granularity.label(), Codes.display(report.table(), code.code(), granularity), code.code(),
              Codes.title(report.table(), code.code(), granularity), code.status().label(), code.support(), code.predicted(),
              code.tp(), code.fp(), code.fn(), Numbers.exact(code.counts().precision()), Numbers.exact(code.counts().recall()),
              Numbers.exact(code.counts().f1()));
        }
      }
    }
  }

  static void perAdmission(EvaluationReport report, Writer out) throws IOException {
    try (CSVPrinter csv = printer(out, PER_ADMISSION)) {
      for (LevelResult level : report.result().levels()) {
        for (AdmissionCounts a : level.perAdmission()) {
          csv.printRecord(a.admissionId(), a.patientId(), level.granularity().label(), a.gold(), a.predicted(), a.tp(), a.fp(),
              a.fn(), a.invalid(), Numbers.exact(a.precision()), Numbers.exact(a.recall()), Numbers.exact(a.f1()),
              Numbers.exact(a.jaccard()), a.exactMatch() ? 1 : 0, Numbers.exact(a.averagePrecision()));
        }
      }
    }
  }
}
