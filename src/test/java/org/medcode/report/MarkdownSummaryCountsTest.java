package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medcode.dataset.Admission;
import org.medcode.eval.Analysis;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.Evaluator;
import org.medcode.prediction.Prediction;

/**
 * summary.md writes every count with thousands separators, as its header does ('1,286 chars', '2,214 predicted
 * codes'); before, the strata tables wrote '| 63 | 1001 |' beside '> 2,480 chars', and the coder table, the incomplete
 * line and a training-frequency bound wrote counts bare too. report.html's coder table too.
 */
class MarkdownSummaryCountsTest {
  @Test
  void countsOfAThousandOrMoreHaveSeparatorsEverywhere() {
    List<Admission> admissions = new ArrayList<>();
    Map<String, Prediction> predictions = new HashMap<>();
    for (int i = 0; i < 1200; i++) {
      admissions.add(AnalysisReportsGoldenTest.admission("A" + i, "x".repeat(100), "I10"));
      predictions.put("A" + i, AnalysisReportsGoldenTest.scored("A" + i, "I10", 0.9));
    }
    List<Admission> training = new ArrayList<>();
    for (int i = 0; i < 1234; i++) {
      training.add(AnalysisReportsGoldenTest.admission("T" + i, "", "I10"));
    }
    EvaluationResult result = Evaluator.evaluate(admissions, predictions, AnalysisReportsGoldenTest.TABLE,
        AnalysisReportsGoldenTest.OPTIONS);
    EvaluationReport report = new EvaluationReport("test", "2026-11-27T00:00:00Z",
        new EvaluationReport.DatasetInfo("jsonl:big.jsonl", "abc123", admissions.size(), List.of()),
        new EvaluationReport.PredictionsInfo("a/predictions.jsonl", "jsonl", 1200, 0, List.of(), predictions.size(), 0,
            List.of(), EvaluationReport.Answer.ofFile(admissions.stream().map(Admission::id).toList(), predictions)),
        AnalysisReportsGoldenTest.TABLE, result);
    Analysis analysis = Analysis.of(admissions, predictions, AnalysisReportsGoldenTest.TABLE,
        AnalysisReportsGoldenTest.OPTIONS, Optional.of(training));
    // a coder that coded 1,200 of 2,500 admissions (1,100 answered, 100 failed), 1,050 of them with an empty answer
    CoderReport coder = new CoderReport("a", report, 2500, 1100, 1050, 100, Map.of("timeout", 1000 / 10), analysis);
    StringWriter out = new StringWriter();
    MarkdownSummary.write("big", List.of(coder), null, out);
    String summary = out.toString();

    assertTrue(summary.contains("| 1,200 | 1,200 |"), summary); // admissions and gold codes of a stratum
    assertTrue(summary.contains("| 1,050 | 100 |"), summary); // the coder table's empty and failed
    assertTrue(summary.contains("coded 1,200 of 2,500 admissions; the 1,300 never coded"), summary);
    assertTrue(summary.contains("in ≥ 1,234 training admissions"), summary);
    // every number of four digits or more has its separators, but for the stratum keys of strata.csv (1000-1999, 8000+)
    // that the notes name beside their bounds
    String counts = summary.replaceAll("stratum [^ ]+ \\(", "stratum (");
    assertFalse(counts.matches("(?s).*\\b\\d{4,}\\b.*"), "a count of four digits or more without separators:\n" + summary);

    // report.html's coder table counts empty and failed answers as the console and summary.md do
    StringWriter html = new StringWriter();
    HtmlReport.write("big", List.of(coder), c -> "", html);
    assertTrue(html.toString().contains("<td>1,050</td><td>100</td>"), html.toString());
  }
}
