package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.eval.Averaging;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.Evaluator;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.Metric;
import org.medcode.eval.MetricKey;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * per_code.csv at a coarser level: a code without a key there (a malformed predicted string) was a row whose code was
 * the engine's {@code ?pred:K35APPENDICITIS}, documented nowhere; it is the code itself, said unmapped, and each such
 * row is one code of the macro averages, as the metrics count it.
 */
class PerCodeCsvTest {
  @Test
  void aCodeWithoutAKeyAtItsLevelIsItselfAndSaidUnmapped() throws IOException {
    CodeTable table = CodeTable.of(CodeSystems.syntax(CodeSystemId.ICD10CM), "FY2026", Map.of(
        "I10", new CodeEntry("I10", true, "Essential (primary) hypertension", "Essential (primary) hypertension"),
        "K3580", new CodeEntry("K3580", true, "Other and unspecified acute appendicitis", "Acute appendicitis")));
    List<Admission> admissions = List.of(
        new Admission("A1", "P1", List.of(), List.of(new GoldCode("I10", CodeSystemId.ICD10CM)), Map.of()),
        new Admission("A2", "P2", List.of(), List.of(new GoldCode("K3580", CodeSystemId.ICD10CM)), Map.of()));
    Map<String, Prediction> predictions = Map.of(
        "A1", new Prediction("A1", List.of(new PredictedCode("I10"), new PredictedCode("K35APPENDICITIS", "K35 appendicitis",
            null))),
        "A2", new Prediction("A2", List.of(new PredictedCode("K35APPENDICITIS", "K35 appendicitis", null))));
    EvalOptions options = new EvalOptions(List.of(Granularity.EXACT, Granularity.CATEGORY), InvalidPolicy.COUNT, 0, 0.95,
        1, false, List.of(1), false);
    EvaluationResult result = Evaluator.evaluate(admissions, predictions, table, options);
    EvaluationReport report = new EvaluationReport("test", "2026-12-06T00:00:00Z",
        new EvaluationReport.DatasetInfo("jsonl:x.jsonl", "f", 2, List.of()),
        new EvaluationReport.PredictionsInfo("p.jsonl", "jsonl", 3, 0, List.of(), 2, 0, List.of(),
            EvaluationReport.Answer.ofFile(List.of("A1", "A2"), predictions)), table, result);

    StringWriter out = new StringWriter();
    CsvReports.perCode(report, out);
    List<CSVRecord> category = new ArrayList<>();
    for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(out.toString()))) {
      if (row.get("granularity").equals("category")) {
        category.add(row);
      }
    }
    assertEquals(List.of(
            List.of("I10", "I10", "no", "1", "1", "1", "0", "0"),
            List.of("K35", "K35", "no", "1", "0", "0", "0", "1"),
            List.of("K35APPENDICITIS", "K35APPENDICITIS", "predicted", "0", "2", "0", "2", "0")),
        category.stream().map(r -> List.of(r.get("code"), r.get("code_canonical"), r.get("unmapped"), r.get("support"),
            r.get("predicted"), r.get("tp"), r.get("fp"), r.get("fn"))).toList());
    assertEquals("malformed", category.get(2).get("status"));
    // each row is one code of macro-all, the unmapped one with precision 0: (1 + 0 + 0) / 3
    double macroAll = result.metric(new MetricKey(Granularity.CATEGORY, Averaging.MACRO_ALL, Metric.PRECISION))
        .orElseThrow().value();
    assertEquals(category.stream().mapToDouble(r -> Double.parseDouble(r.get("precision"))).sum() / category.size(), macroAll);
    assertEquals(1.0 / 3, macroAll);
  }
}
