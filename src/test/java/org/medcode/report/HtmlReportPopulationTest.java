package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.dataset.Admission;
import org.medcode.eval.Analysis;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.Evaluator;
import org.medcode.eval.Population;
import org.medcode.prediction.Prediction;

/**
 * report.html says, as summary.md and the console do, which population its numbers were scored on (before, a run
 * scored with --population with-gold and one scored on every admission had the same header; only a note at the end
 * said with-gold, and nothing said all).
 */
class HtmlReportPopulationTest {
  @TempDir
  Path temp;

  @Test
  void theHeaderNamesThePopulationScored() throws Exception {
    RunReports.write(AnalysisReportsGoldenTest.coders(), temp);
    String html = Files.readString(temp.resolve("report.html"));
    assertTrue(html.contains("<li>scored: 4 admissions (population all)</li>"), html.substring(0, 2000));
    assertTrue(Files.readString(temp.resolve("summary.md")).contains("- scored: 4 admissions (population all)"));
    assertTrue(html.contains("Coverage = share of all admissions automated."), html);
  }

  /**
   * Before: scored with --population with-gold, the coverage section said 'Coverage = share of all admissions
   * automated' while its shares are of the admissions with gold codes only (2 of 4 scored admissions is 50 %, though
   * the dataset holds 5).
   */
  @Test
  void coverageUnderWithGoldSaysItIsAShareOfTheScoredAdmissions() throws Exception {
    EvalOptions o = AnalysisReportsGoldenTest.OPTIONS;
    EvalOptions withGold = new EvalOptions(o.levels(), o.invalid(), o.bootstrap(), o.confidence(), o.seed(),
        o.groupByPatient(), o.ks(), o.macroIntervals(), Population.WITH_GOLD, o.intervals());
    List<Admission> admissions = new ArrayList<>(AnalysisReportsGoldenTest.ADMISSIONS);
    admissions.add(AnalysisReportsGoldenTest.admission("A5", "no codes"));
    Map<String, Prediction> predictions = new HashMap<>(AnalysisReportsGoldenTest.predictionsB());
    predictions.put("A5", AnalysisReportsGoldenTest.scored("A5", "I10", 0.99));
    EvaluationResult result = Evaluator.evaluate(admissions, predictions, AnalysisReportsGoldenTest.TABLE, withGold);
    EvaluationReport report = new EvaluationReport("test", "2026-11-27T00:00:00Z",
        new EvaluationReport.DatasetInfo("jsonl:fixture.jsonl", "abc123", admissions.size(), List.of()),
        new EvaluationReport.PredictionsInfo("b/predictions.jsonl", "jsonl", 7, 0, List.of(), predictions.size(), 0,
            List.of(), EvaluationReport.Answer.ofFile(admissions.stream().map(Admission::id).toList(), predictions)),
        AnalysisReportsGoldenTest.TABLE, result);
    Analysis analysis = Analysis.of(admissions, predictions, AnalysisReportsGoldenTest.TABLE, withGold,
        Optional.of(AnalysisReportsGoldenTest.training()));
    RunReports.write(List.of(new CoderReport("b", report, admissions.size(), admissions.size(), 0, 0, Map.of(),
        analysis)), temp);
    String html = Files.readString(temp.resolve("report.html"));
    assertTrue(html.contains("<li>scored: 4 admissions (population with-gold)</li>"), html.substring(0, 2000));
    assertFalse(html.contains("share of all admissions"), html);
    assertTrue(html.contains("Coverage = share of the 4 scored admissions automated (population with-gold: those with "
        + "gold codes)."), html);
  }
}
