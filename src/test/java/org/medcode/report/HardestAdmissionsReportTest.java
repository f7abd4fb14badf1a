package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * report.html's admissions with the most missed codes: one the coder failed on misses every gold code and was listed
 * as if the coder had coded it and got it all wrong; it now says it failed.
 */
class HardestAdmissionsReportTest {
  @Test
  void aFailedAdmissionAmongTheHardestSaysItFailed() {
    CoderReport a = AnalysisReportsGoldenTest.coders().get(0);
    EvaluationReport e = a.evaluation();
    EvaluationReport.PredictionsInfo p = e.predictions();
    assertTrue(a.analysis().hardest().stream().anyMatch(x -> x.admissionId().equals("A4") && x.wrong().isEmpty()));
    Map<String, EvaluationReport.Answer> answers = new HashMap<>(p.answers());
    answers.put("A4", EvaluationReport.Answer.FAILED);
    EvaluationReport failed = new EvaluationReport(e.toolVersion(), e.created(), e.dataset(),
        new EvaluationReport.PredictionsInfo(p.file(), p.format(), p.rows(), p.duplicates(), p.duplicateExamples(),
            p.admissions(), p.unknownAdmissions(), p.unknownExamples(), answers), e.table(), e.result());
    CoderReport coder = new CoderReport("a", failed, a.admissions(), a.answered() - 1, a.empty(), 1,
        Map.of("server_error", 1), a.analysis());

    StringWriter html = new StringWriter();
    HtmlReport.write("run", List.of(coder), c -> "", html);
    assertTrue(html.toString().contains("<tr><td class='l'>A4 (failed: scored as an empty answer)</td>"), html.toString());
    assertTrue(html.toString().contains("<tr><td class='l'>A2</td>"), "answered admissions are listed as before");
  }
}
