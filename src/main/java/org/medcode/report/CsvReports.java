package org.medcode.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
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
 * README). Numbers are plain decimals that read back exactly; an empty cell means "not computed". Every row ends with
 * the invalid-code policy and population that produced it ({@link PolicyColumns}).
 */
final class CsvReports {
  static final String[] SUMMARY = PolicyColumns.header("granularity", "averaging", "metric", "value", "ci_low",
      "ci_high");
  static final String[] PER_CODE = PolicyColumns.header("granularity", "code", "code_canonical", "title", "status",
      "unmapped", "support", "predicted", "tp", "fp", "fn", "precision", "recall", "f1");
  static final String[] PER_ADMISSION = PolicyColumns.header("admission_id", "patient_id", "status", "granularity", "gold",
      "predicted", "tp", "fp", "fn", "invalid_predicted", "precision", "recall", "f1", "jaccard", "exact_match",
      "average_precision");
  /** Rows of per_admission.csv formatted together (about 1 MB of text). */
  private static final int ROWS_PER_BLOCK = 8192;

  private CsvReports() {}

  private static CSVPrinter printer(Writer out, String[] header) throws IOException {
    return new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header).get());
  }

  /** A row per metric; a coder that was not measured has every row, with empty ("not computed") cells. */
  static void summary(EvaluationReport report, boolean measured, Writer out) throws IOException {
    PolicyColumns policy = PolicyColumns.of(report);
    try (CSVPrinter csv = printer(out, SUMMARY)) {
      for (Map.Entry<MetricKey, Estimate> entry : report.result().metrics().entrySet()) {
        MetricKey key = entry.getKey();
        Estimate estimate = measured ? entry.getValue() : new Estimate(Double.NaN, Double.NaN, Double.NaN);
        policy.print(csv, key.granularity().label(), key.averaging().label(), key.metricLabel(),
            Numbers.exact(estimate.value()), Numbers.exact(estimate.ciLow()), Numbers.exact(estimate.ciHigh()));
      }
    }
  }

  static void perCode(EvaluationReport report, Writer out) throws IOException {
    perCode(report, true, out);
  }

  /** A row per code and level; a coder that was not measured has its counts, with empty precision, recall and F1. */
  static void perCode(EvaluationReport report, boolean measured, Writer out) throws IOException {
    PolicyColumns policy = PolicyColumns.of(report);
    try (CSVPrinter csv = printer(out, PER_CODE)) {
      for (LevelResult level : report.result().levels()) {
        Granularity granularity = level.granularity();
        for (CodeCounts code : level.perCode()) {
          // a code without a key at this level is written as the code itself, as at the exact level, and said unmapped
          Granularity shown = code.unmapped() == CodeCounts.Unmapped.NO ? granularity : Granularity.EXACT;
          policy.print(csv, granularity.label(), Codes.display(report.table(), code.source(), shown), code.source(),
              Codes.title(report.table(), code.source(), shown), code.status().label(), code.unmapped().label(),
              code.support(), code.predicted(),
              code.tp(), code.fp(), code.fn(), measured ? Numbers.exact(code.counts().precision()) : "",
              measured ? Numbers.exact(code.counts().recall()) : "", measured ? Numbers.exact(code.counts().f1()) : "");
        }
      }
    }
  }

  /**
   * A row per admission and level (millions at MIMIC scale), formatted in blocks on several threads
   * ({@link BlockWriter}). The header and the text fields go through the same {@link CSVFormat} as every other file
   * (its quoting); the counts and {@link Numbers#exact} texts, which never need quoting, are written as they are:
   * CSVPrinter's two locks and a boxed value per field were most of the time.
   */
  static void perAdmission(EvaluationReport report, Writer out) throws IOException {
    perAdmission(report, true, out);
  }

  /**
   * A row per admission and level; a coder that was not measured has each admission's status and counts, with empty
   * ("not computed") precision, recall, F1, Jaccard, exact match and average precision.
   */
  static void perAdmission(EvaluationReport report, boolean measured, Writer out) throws IOException {
    CSVFormat format = CSVFormat.RFC4180;
    format.printRecord(out, (Object[]) PER_ADMISSION);
    List<LevelResult> levels = report.result().levels();
    List<int[]> blocks = new ArrayList<>(); // {level, first row}
    for (int l = 0; l < levels.size(); l++) {
      for (int from = 0; from < levels.get(l).perAdmission().size(); from += ROWS_PER_BLOCK) {
        blocks.add(new int[] {l, from});
      }
    }
    ThreadLocal<Numbers.ExactMemo> memos = ThreadLocal.withInitial(Numbers.ExactMemo::new);
    PolicyColumns columns = PolicyColumns.of(report);
    String policy = "," + columns.invalid() + "," + columns.population();
    Map<String, EvaluationReport.Answer> answers = report.predictions().answers();
    BlockWriter.write(blocks.size(), (index, text) -> {
      LevelResult level = levels.get(blocks.get(index)[0]);
      List<AdmissionCounts> admissions = level.perAdmission();
      int from = blocks.get(index)[1];
      perAdmissionRows(format, level.granularity().label(),
          admissions.subList(from, Math.min(admissions.size(), from + ROWS_PER_BLOCK)), answers, measured, memos.get(),
          policy, text);
    }, out);
  }

  private static void perAdmissionRows(CSVFormat format, String granularity, List<AdmissionCounts> admissions,
      Map<String, EvaluationReport.Answer> answers, boolean measured, Numbers.ExactMemo numbers, String policy,
      StringBuilder out) throws IOException {
    for (AdmissionCounts a : admissions) {
      EvaluationReport.Answer answer = answers.get(a.admissionId());
      format.print(a.admissionId(), out, true);
      format.print(a.patientId(), out, false);
      out.append(',').append(answer == null ? "" : answer.label());
      format.print(granularity, out, false);
      out.append(',').append(a.gold());
      out.append(',').append(a.predicted());
      out.append(',').append(a.tp());
      out.append(',').append(a.fp());
      out.append(',').append(a.fn());
      out.append(',').append(a.invalid());
      if (!measured) {
        out.append(",,,,,,").append(policy);
        format.println(out);
        continue;
      }
      out.append(',').append(numbers.exact(a.precision()));
      out.append(',').append(numbers.exact(a.recall()));
      out.append(',').append(numbers.exact(a.f1()));
      out.append(',').append(numbers.exact(a.jaccard()));
      out.append(',').append(a.exactMatch() ? '1' : '0');
      out.append(',').append(numbers.exact(a.averagePrecision()));
      out.append(policy);
      format.println(out);
    }
  }
}
