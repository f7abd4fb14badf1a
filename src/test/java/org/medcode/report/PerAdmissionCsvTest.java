package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.AdmissionCounts;
import org.medcode.eval.Counts;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.LevelResult;

/**
 * per_admission.csv is written by hand for speed: byte for byte what CSVPrinter writes (the oracle below is the writer
 * it replaced), for ids that need quoting and for every kind of number.
 */
class PerAdmissionCsvTest {
  private static final String[] IDS = {"A1", "a,b", "say \"hi\"", " leading", "trailing ", "#hash", "!bang", "", "line\nbreak",
      "ünïcode", "-1", "0042", "tab\tinside", "cr\rinside", "'quote'"};

  @Test
  void rowsAreWhatCsvPrinterWrites() throws IOException {
    Random random = new Random(20261205);
    List<LevelResult> levels = new ArrayList<>();
    for (Granularity granularity : List.of(Granularity.EXACT, Granularity.CATEGORY)) {
      List<AdmissionCounts> rows = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        int gold = random.nextInt(6);
        int predicted = random.nextInt(6);
        int tp = Math.min(gold, Math.min(predicted, random.nextInt(4)));
        double ap = gold == 0 ? Double.NaN : random.nextInt(5) == 0 ? 1.0 / (1 + random.nextInt(7)) : random.nextDouble();
        String patient = random.nextInt(10) == 0 ? null : IDS[random.nextInt(IDS.length)];
        rows.add(new AdmissionCounts(IDS[random.nextInt(IDS.length)] + (random.nextBoolean() ? "" : i), patient, gold,
            predicted, tp, predicted - tp, gold - tp, random.nextInt(3), ap));
      }
      levels.add(new LevelResult(granularity, granularity.label(), new Counts(0, 0, 0), List.of(), rows));
    }
    EvaluationReport fixture = RunFolderGoldenTest.report();
    EvaluationResult base = fixture.result();
    Map<String, EvaluationReport.Answer> answers = new HashMap<>();
    for (LevelResult level : levels) {
      for (AdmissionCounts a : level.perAdmission()) {
        if (random.nextInt(8) > 0) { // some have none: an empty cell
          answers.put(a.admissionId(), EvaluationReport.Answer.values()[random.nextInt(EvaluationReport.Answer.values().length)]);
        }
      }
    }
    EvaluationReport.PredictionsInfo p = fixture.predictions();
    EvaluationReport report = new EvaluationReport(fixture.toolVersion(), fixture.created(), fixture.dataset(),
        new EvaluationReport.PredictionsInfo(p.file(), p.format(), p.rows(), p.duplicates(), p.duplicateExamples(),
            p.admissions(), p.unknownAdmissions(), p.unknownExamples(), answers), fixture.table(), new EvaluationResult(base.options(), base.codeSystem(), base.codeTable(),
            base.admissions(), base.admissionsWithPredictions(), base.invalid(), levels, base.metrics(), base.notes()));

    StringWriter written = new StringWriter();
    CsvReports.perAdmission(report, written);
    assertEquals(oracle(report), written.toString());
  }

  /** The writer per_admission.csv had before: CSVPrinter, a record per row (with the policy columns it gained since). */
  private static String oracle(EvaluationReport report) throws IOException {
    StringWriter out = new StringWriter();
    String policy = report.result().options().invalid().label();
    String population = report.result().options().population().label();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CsvReports.PER_ADMISSION).get())) {
      for (LevelResult level : report.result().levels()) {
        for (AdmissionCounts a : level.perAdmission()) {
          EvaluationReport.Answer answer = report.predictions().answers().get(a.admissionId());
          csv.printRecord(a.admissionId(), a.patientId(), answer == null ? "" : answer.label(), level.granularity().label(), a.gold(), a.predicted(), a.tp(),
              a.fp(), a.fn(), a.invalid(), Numbers.exact(a.precision()), Numbers.exact(a.recall()), Numbers.exact(a.f1()),
              Numbers.exact(a.jaccard()), a.exactMatch() ? 1 : 0, Numbers.exact(a.averagePrecision()), policy, population);
        }
      }
    }
    return out.toString();
  }
}
