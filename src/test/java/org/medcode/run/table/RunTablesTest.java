package org.medcode.run.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.MedcodeProcess;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.report.table.RunRow;
import org.medcode.run.Medcode;
import org.medcode.run.ReportSpec;
import org.medcode.run.record.RunManifest;
import org.medcode.run.RunRequest;
import org.medcode.run.testcoders.ExecStub;
import org.medcode.run.workspace.Workspace;

/** A run named directly that has not finished is called that, with what to do, not "not a run folder". */
class RunTablesTest {
  @TempDir
  Path temp;

  @Test
  void anUnfinishedRunSaysHowToFinishIt() throws Exception {
    Path run = Files.createDirectories(temp.resolve("killed"));
    Files.writeString(run.resolve("manifest.json"), "{}");
    MedcodeException e = assertThrows(MedcodeException.class, () -> RunTables.read(List.of(run)));
    assertTrue(e.getMessage().contains("is a run that did not finish (it has no summary.csv yet): finish it with"
        + " ./medcode run --resume " + run), e.getMessage());
  }

  /**
   * Before: {@code table EVALUATE_FOLDER} said it "is not a run folder (no manifest.json and summary.csv)", though the
   * folder has a summary.csv, where report, compare, gate and baseline say what it is and how to make a run of it; and
   * {@code table results/*} refused every run because {@code evaluate} writes its folders into results/ too. Named beside
   * runs, it is skipped as inside a folder, and so is a folder of compare; named alone, it is refused.
   */
  @Test
  void anEvaluateFolderSaysWhatItIsAndHowToMakeARunOfIt() throws Exception {
    Path evaluated = Files.createDirectories(temp.resolve("evaluate_x"));
    Files.writeString(evaluated.resolve("metrics.json"), "{}");
    Files.writeString(evaluated.resolve("summary.csv"), "granularity\n");
    MedcodeException e = assertThrows(MedcodeException.class, () -> RunTables.read(List.of(evaluated)));
    assertEquals(evaluated + " holds the output of medcode evaluate, not a run: table reads run folders (their"
        + " summary.csv with the run's config); to have one, run the predictions as a coder, e.g. ./medcode run CONFIG"
        + " --set 'coders=[{name: replay, file: PREDICTIONS}]'", e.getMessage());
    assertEquals(2, e.exitCode());

    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "hypertension",
        "[ { name: frequency, k: 1 } ]", 0);
    Path run = temp.resolve("run");
    new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(),
        RunListener.SILENT)).run(new RunRequest(config, List.of(), null, List.of(), run));
    Path compared = Files.createDirectories(temp.resolve("x_compare"));
    Files.writeString(compared.resolve("comparison.csv"), "coder\n");
    RunTables.Gathered gathered = RunTables.read(List.of(evaluated, run, compared)); // as results/* names them
    assertEquals(List.of(run), gathered.runs());
    assertEquals(List.of(evaluated + " (an evaluate folder: no manifest.json)", compared + " (not a run folder: no"
        + " manifest.json, and holds no run)"), gathered.skipped());
    assertEquals(1, gathered.rows().stream().map(RunRow::run).distinct().count());
  }

  /**
   * Before: a run killed (kill -9) while its exec coder coded recorded no entry for it in manifest.json, so after
   * {@code report} the table's model column was blank for it; killed after its last answer and resumed, the entry had
   * no model (the coder, having nothing left to code, was not started again) and the table named the coder, not the
   * model a run that was never killed names. Now the table names the same model for an uninterrupted, a killed and a
   * resumed run: from the manifest entry, or from the config the run keeps and the models its log says answered.
   */
  @Test
  void aKilledRunsCoderHasTheModelOfAnUninterruptedRunBeforeAndAfterItsResume() throws Exception {
    List<String> worker = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ExecStub.class.getName(), "hypertension=I10", "diabetes=E11.9"));
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}, {"I10", "E11.9"}, {"I10"}, {"E11.9"}}, 1,
        i -> i % 2 == 0 ? "hypertension" : "diabetes and hypertension",
        "[ { name: frequency, k: 1 }, { name: exec, command: " + new ObjectMapper().writeValueAsString(worker)
            + ", workers: 1, egress: local } ]", 0);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    Path straight = temp.resolve("straight");
    medcode.run(new RunRequest(config, List.of(), null, List.of(), straight));
    Map<String, String> expected = models(straight);
    assertFalse(expected.get("exec").isBlank() || expected.get("exec").equals("exec"), expected.toString());

    // killed after the exec coder's second answer: the manifest records frequency only; report writes summary.csv
    Path killed = temp.resolve("killed");
    assertEquals(137, medcode("exec:coded", "run", config.toString(), "--out", killed.toString()));
    assertFalse(Files.readString(killed.resolve("manifest.json")).contains("\"exec\" : {"), "exec not recorded");
    medcode.report(new ReportSpec(killed));
    assertEquals(expected, models(killed));

    // killed again after its last answer, before its entry was written; the resume has nothing left to code
    assertEquals(137, medcode("exec:done", "run", "--resume", killed.toString()));
    assertEquals(0, medcode(null, "run", "--resume", killed.toString()));
    assertTrue(Files.readString(killed.resolve("manifest.json")).contains("\"exec\" : {"), "exec recorded");
    assertEquals(expected, models(killed));
  }

  /**
   * Before: the status column was computed from the counts only, so a coder that failed on every admission (answered 0,
   * failed all: nothing never coded) read {@code complete} in the table, while its run recorded it as incomplete and
   * {@code gate} judged it so (exit 3). Now the table says {@code incomplete}, as the gate, and warns why.
   */
  @Test
  void aCoderThatFailedOnEveryAdmissionIsIncompleteAsTheGateJudgesIt() throws Exception {
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}, {"I10"}}, 1, i -> "hypertension",
        "[ { name: frequency, k: 1 }, { name: scripted, failEvery: 1 } ]", 0);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    Path run = temp.resolve("failed");
    medcode.run(new RunRequest(config, List.of(), null, List.of(), run));
    RunTables.Gathered table = RunTables.read(List.of(run));
    Map<String, java.util.Set<String>> statuses = new TreeMap<>();
    for (RunRow row : table.rows()) {
      statuses.computeIfAbsent(row.coder(), k -> new java.util.TreeSet<>()).add(row.status());
    }
    assertEquals(Map.of("frequency", java.util.Set.of("complete"), "scripted", java.util.Set.of("incomplete")), statuses);
    assertEquals(List.of(run + ": coder scripted is incomplete: it answered none of 3 admissions (3 failed, 0 never coded):"
        + " not measured (column status)"), table.warnings());
  }

  /**
   * Before: a coder whose run was killed before it answered anything, reported, had '-' in every cell (not measured)
   * while the table warned that "its numbers count the admissions it never coded as empty predictions".
   */
  @Test
  void aCoderKilledBeforeItsFirstAnswerIsNotMeasuredInTheWarningToo() throws Exception {
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}, {"I10"}}, 1, i -> "hypertension",
        "[ { name: frequency, id: first, k: 1 }, { name: frequency, id: second, k: 1 } ]", 0);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    Path run = temp.resolve("killed");
    medcode.run(new RunRequest(config, List.of(), null, List.of(), run));
    List<String> some = Files.readAllLines(run.resolve("second/predictions.jsonl")).subList(0, 1);
    TinyData.killed(run, "first", List.of());
    Files.write(run.resolve("second/predictions.jsonl"), some);
    medcode.report(new ReportSpec(run));
    RunTables.Gathered table = RunTables.read(List.of(run));
    assertEquals(List.of(run + ": coder first is incomplete: the run was interrupted before it recorded the coder, which"
        + " had answered no admission: not measured (column status)", run + ": coder second is incomplete: the run was"
        + " interrupted before it recorded the coder: its numbers count the admissions it never coded as empty"
        + " predictions (column status)"), table.warnings());
    assertTrue(table.rows().stream().filter(row -> row.coder().equals("first")).allMatch(row -> Double.isNaN(row.value())));
  }

  /** The warning's counts as other messages write them: the noun in its number, counts grouped. */
  @Test
  void theIncompleteWarningCountsAdmissionsInTheirNumberAndGrouped() {
    assertEquals("it answered none of 1 admission (1 failed, 0 never coded): not measured",
        RunTables.incomplete(entry(1, 0, 1)));
    assertEquals("it answered none of 2,000 admissions (1,500 failed, 500 never coded): not measured",
        RunTables.incomplete(entry(2000, 0, 1500)));
    assertEquals("12,245 of 12,345 admissions never coded: its numbers count them as empty predictions",
        RunTables.incomplete(entry(12345, 100, 0)));
  }

  private static RunManifest.CoderEntry entry(int admissions, int answered, int failed) {
    return new RunManifest.CoderEntry("c", Map.of(), admissions, answered, 0, failed, Map.of(), 0, 0, null, false, null,
        "incomplete", Map.of(), Map.of(), Map.of());
  }

  /** Each coder's model in the table of one run. */
  private static Map<String, String> models(Path run) {
    Map<String, String> models = new TreeMap<>();
    for (RunRow row : RunTables.read(List.of(run)).rows()) {
      models.put(row.coder(), row.model());
    }
    return models;
  }

  /** {@code medcode ARGS} in a child JVM, dying at {@code killAt} (none: null); its exit code. */
  private int medcode(String killAt, String... args) throws Exception {
    Process process = MedcodeProcess.start(temp.resolve("data"), Map.of(),
        killAt == null ? List.of() : List.of("-Dmedcode.test.killAt=" + killAt), args);
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), output);
    return process.exitValue();
  }
}
