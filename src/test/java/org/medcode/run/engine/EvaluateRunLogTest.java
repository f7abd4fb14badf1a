package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.RunListener;
import org.medcode.eval.EvalOptions;
import org.medcode.report.ConsoleSummary;
import org.medcode.report.EvaluationReport;
import org.medcode.run.workspace.Workspace;

/**
 * {@code evaluate} of a run's own predictions.jsonl (which the reader takes "so a run's log can be read back"): its
 * failed lines were read as answers without codes (status empty, 0 failed) and listed among the hardest admissions,
 * and a log whose failed admission was coded again (--retry-failed) was refused for its second line.
 */
class EvaluateRunLogTest {
  @TempDir
  Path temp;

  @Test
  void aRunLogsFailedAdmissionsCountAsFailedAndARetryIsTheAnswer() throws Exception {
    Files.writeString(temp.resolve("d.jsonl"),
        "{\"id\":\"A1\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n"
            + "{\"id\":\"A2\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"E11.9\"}]}\n"
            + "{\"id\":\"A3\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"E11.9\"},"
            + "{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n");
    Files.writeString(temp.resolve("t.csv"), "code,description\nI10,Hypertension\nE11.9,Diabetes\n");
    String failed = "\"status\":\"failed\",\"codes\":[],\"failure\":{\"kind\":\"server_error\",\"message\":\"HTTP 503\"}";
    Files.writeString(temp.resolve("predictions.jsonl"), "{\"admission_id\":\"A1\"," + failed + ",\"millis\":3}\n"
        + "{\"admission_id\":\"A2\"," + failed + ",\"millis\":3}\n"
        + "{\"admission_id\":\"A3\",\"status\":\"ok\",\"codes\":[{\"code\":\"I10\"}],\"millis\":1}\n"
        + "{\"admission_id\":\"A1\",\"status\":\"ok\",\"codes\":[{\"code\":\"I10\"}],\"millis\":2}\n");
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT);
    EvaluateSpec spec = new EvaluateSpec("jsonl:" + temp.resolve("d.jsonl"), temp.resolve("predictions.jsonl"), null, null,
        null, temp.resolve("t.csv"), EvalOptions.defaults(), temp.resolve("out"));
    EvaluationReport report = FileEvaluation.evaluate(workspace, spec).report();

    assertEquals(Map.of("A1", EvaluationReport.Answer.OK, "A2", EvaluationReport.Answer.FAILED, "A3",
        EvaluationReport.Answer.OK), report.predictions().answers(), "A1 failed, then answered on a later line");
    assertTrue(ConsoleSummary.warnings(report).stream().anyMatch(w -> w.startsWith("1 admission failed in ")));

    // a log of failures only is no empty file: it is said to hold failures, not to have no predictions
    Files.writeString(temp.resolve("failed.jsonl"), "{\"admission_id\":\"A2\"," + failed + ",\"millis\":3}\n");
    java.util.List<String> onlyFailures = ConsoleSummary.warnings(FileEvaluation.evaluate(workspace, new EvaluateSpec(
        "jsonl:" + temp.resolve("d.jsonl"), temp.resolve("failed.jsonl"), null, null, null, temp.resolve("t.csv"),
        EvalOptions.defaults(), temp.resolve("out-failed"))).report());
    assertTrue(onlyFailures.stream().anyMatch(w -> w.startsWith("1 admission failed in ")), onlyFailures.toString());
    assertTrue(onlyFailures.stream().noneMatch(w -> w.contains("has no predictions")), onlyFailures.toString());
    String csv = Files.readString(temp.resolve("out/per_admission.csv"));
    assertTrue(csv.contains("\nA2,A2,failed,exact,"), csv);
    String summary = Files.readString(temp.resolve("out/summary.md"));
    assertTrue(summary.contains("| 0.0% | 0 | 1 |"), "the failed column counts it: " + summary);
    String html = Files.readString(temp.resolve("out/report.html"));
    String hardest = html.substring(html.indexOf("<h2 id='admissions'>"), html.indexOf("<h2 id='notes'>"));
    assertTrue(hardest.contains("<tr><td class='l'>A3</td>"), hardest);
    assertFalse(hardest.contains(">A2<"), hardest);
    assertTrue(hardest.contains("1 admission the coder failed on or never reached is left out"), hardest);

    Files.writeString(temp.resolve("bad.jsonl"), "{\"admission_id\":\"A1\",\"status\":\"done\",\"codes\":[]}\n");
    MedcodeException bad = assertThrows(MedcodeException.class, () -> FileEvaluation.evaluate(workspace,
        new EvaluateSpec("jsonl:" + temp.resolve("d.jsonl"), temp.resolve("bad.jsonl"), null, null, null,
            temp.resolve("t.csv"), EvalOptions.defaults(), temp.resolve("out2"))));
    assertTrue(bad.getMessage().contains("bad.jsonl:1: expected \"status\" to be \"ok\" or \"failed\""), bad.getMessage());
  }
}
