package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medcode.MedcodeException;
import org.medcode.TinyData;
import org.medcode.cli.MedcodeCommand;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.coder.RunListener;
import org.medcode.run.record.RunConfigs;
import org.medcode.run.workspace.Workspace;

/** Issue 16, defect 8 (and 10, years): a config value of the wrong type is an exit-2 error naming key and type, never coerced. */
class ConfigStrictnessTest {
  @TempDir
  Path temp;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "metrics.bootstrap=1.5 | metrics.bootstrap must be a whole number, got 1.5",
      "seed=1.5              | seed must be a whole number, got 1.5",
      "threads=2.5           | threads must be a whole number, got 2.5",
      "threads=-1            | threads must be 0 (one per core, the default) to 1024 (admissions a coder codes at once), got -1",
      "threads=100000        | threads must be 0 (one per core, the default) to 1024 (admissions a coder codes at once), got 100000",
      "metrics.k=[5.5]       | metrics.k must be a whole number, got 5.5",
      "metrics.macroIntervals=maybe | metrics.macroIntervals must be true or false, got \"maybe\"",
      "metrics.groupByPatient=1     | metrics.groupByPatient must be true or false, got 1",
      "metrics.confidence=high      | metrics.confidence must be a number, got \"high\"",
      "name.x=3              | 'name' holds a plain value",
      "name=[a, b]           | name must be text",
      "codeSystem.system=snomed | codeSystem.system: unknown code system 'snomed'; expected one of [icd10cm, icd10pcs"})
  void aValueOfTheWrongTypeIsAnErrorNamingTheKey(String override, String expected) throws Exception {
    Path config = TinyData.write(temp, new String[][] {{"I10"}}, 1, i -> "x", "[frequency]", 0);
    MedcodeException e = assertThrows(MedcodeException.class, () -> RunConfigs.load(config, List.of(override.trim())));
    assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
    assertEquals(2, e.exitCode());
  }

  @Test
  void anUnknownCodeSystemExitsTwoOnTheCommandLine() throws Exception {
    Path config = TinyData.write(temp, new String[][] {{"I10"}}, 1, i -> "x", "[frequency]", 0);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var line = MedcodeCommand.commandLine();
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(new ByteArrayOutputStream(), true));
    int code = line.execute("run", config.toString(), "--set", "codeSystem.system=snomed", "--dry-run",
        "--data-dir", temp.resolve("data").toString(), "--no-pull");
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("icd10cm, icd10pcs, icd9cm, icd9pcs, cpt, hcpcs"), err.toString());
    assertFalse(err.toString().contains("unexpected error"), err.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[{name: frequency, k: 0}]           | coder frequency: parameter 'k' must be at least 1, got 0",
      "[{name: rules, max-codes: 0}]       | coder rules: parameter 'max-codes' must be at least 1, got 0",
      "[{name: rules, min-score: 7}]       | coder rules: parameter 'min-score' must be between 0 and 1, got 7.0",
      "[{name: rules, negated: skip}]      | coder rules: parameter 'negated' must be one of drop, keep, got 'skip'",
      "[{name: ml-knn, k: -1}]             | coder ml-knn: parameter 'k' must be at least 1, got '-1'",
      "[{name: ml-linear, epochs: -1}]     | coder ml-linear: parameter 'epochs' must be at least 1, got '-1'",
      "[{name: embed-retrieval, per-sentence: 0}] | coder embed-retrieval: parameter 'per-sentence' must be at least 1, got 0",
      "[frequency, {name: ensemble, members: frequency, mode: fusion, quorum: -3}] | coder ensemble: parameter 'quorum' must be at least 0 and below 1, got -3.0",
      // exec's workers were checked only by create (0 passed a dry run), and never bounded (100000 processes)
      "[{name: exec, command: \"python3 x.py\", workers: 0}]      | coder exec: parameter 'workers' must be at least 1, got 0",
      "[{name: exec, command: \"python3 x.py\", workers: 100000}] | coder exec: parameter 'workers' must be at most 1024, got 100000"})
  void aDryRunRefusesACoderParameterTheRunRefuses(String coders, String expected) throws Exception {
    // the dry run said 'the run may start' (exit 0) where the run then stopped with exit 2 on the same parameter
    Path config = TinyData.write(temp, new String[][] {{"I10"}}, 1, i -> "x", coders.trim(), 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var line = MedcodeCommand.commandLine();
    line.setErr(new PrintWriter(new ByteArrayOutputStream(), true));
    line.setOut(new PrintWriter(out, true));
    int code = line.execute("run", config.toString(), "--dry-run", "--data-dir", temp.resolve("data").toString(),
        "--cache-dir", temp.resolve("cache").toString(), "--no-pull");
    assertEquals(2, code, out.toString());
    assertTrue(out.toString().contains("REFUSED        " + expected.trim()), out.toString());
    assertTrue(out.toString().contains("the run would be refused before its first request (exit 2)"), out.toString());
  }

  /** http's maxInFlight had no bound: 100000 requests in flight were as many threads of the run. */
  @Test
  void anHttpCodersRequestsInFlightAreBounded() throws Exception {
    Path config = TinyData.write(temp, new String[][] {{"I10"}}, 1, i -> "x",
        "[{name: http, url: \"http://127.0.0.1:9/\", maxInFlight: 100000}]", 0);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var line = MedcodeCommand.commandLine();
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(new ByteArrayOutputStream(), true));
    int code = line.execute("run", config.toString(), "--dry-run", "--data-dir", temp.resolve("data").toString(),
        "--cache-dir", temp.resolve("cache").toString(), "--no-pull");
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("coder http: parameter 'maxInFlight' must be at most 1024, got 100000"), err.toString());
  }

  @Test
  void aYearNoPullCanFetchIsAConfigurationErrorListingThePullableYears() {
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT);
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> workspace.codeTable(CodeSystemId.ICD10CM, "1999", null, null));
    assertEquals(2, e.exitCode(), e.getMessage());
    assertTrue(e.getMessage().contains("the years that can be pulled (./medcode data pull icd10cm --data-dir "
        + temp.resolve("data") + ") are FY2016-FY2026"),
        e.getMessage());
    MedcodeException range = assertThrows(MedcodeException.class,
        () -> workspace.codeTable(CodeSystemId.ICD10PCS, "2010-2018", null, null));
    assertTrue(range.getMessage().contains("no icd10pcs table of FY2010 (nor of 5 other years of the range)"),
        range.getMessage());
  }

  @Test
  void aPriceFileWithoutModelsOrWithANegativePriceStopsTheRunBeforeAnythingIsWritten() throws Exception {
    for (String prices : List.of("gpt-4.1: { input: 2, output: 8, checked: never }\n",
        "models:\n  local: { input: -2, output: 8, checked: never }\n")) {
      Path folder = Files.createTempDirectory(temp, "p");
      Files.writeString(folder.resolve("prices.yaml"), prices);
      Path config = TinyData.write(folder, new String[][] {{"I10"}}, 1, i -> "x", "[ { name: llm, provider:"
          + " openai-compatible, baseUrl: \"http://127.0.0.1:9/v1\", model: local, price: { input: 1, output: 1 },"
          + " prices: \"" + folder.resolve("prices.yaml") + "\" } ]", 0);
      Medcode medcode = new Medcode(new Workspace(folder, folder.resolve("data"), folder.resolve("results"), null, false,
          Clock.systemUTC(), RunListener.SILENT));
      Path out = folder.resolve("run");
      MedcodeException e = assertThrows(MedcodeException.class,
          () -> medcode.run(new RunRequest(config, List.of(), null, List.of(), out)));
      assertEquals(2, e.exitCode());
      assertTrue(e.getMessage().contains("price table " + folder.resolve("prices.yaml")), e.getMessage());
      assertTrue(e.getMessage().contains(prices.startsWith("models") ? "'input' must be a number >= 0" : "needs a mapping 'models:'"),
          e.getMessage());
      assertFalse(Files.exists(out.resolve("manifest.json")), "nothing written");
    }
  }

  @Test
  void aCoderGivenTwiceOnTheCommandLineIsRefused() throws Exception {
    Path config = TinyData.write(temp, new String[][] {{"I10"}}, 1, i -> "x", "[frequency]", 0);
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> RunConfigs.load(config, List.of()).withCoders(List.of("frequency", "frequency")));
    assertTrue(e.getMessage().startsWith("--coder names a coder twice"), e.getMessage());

    // a coder name that names several coders of the config, or a name and an id of the same coder
    Path two = TinyData.write(temp, new String[][] {{"I10"}}, 1, i -> "x",
        "[ { name: frequency, id: f5, k: 5 }, { name: frequency, id: f10, k: 10 } ]", 0);
    MedcodeException ambiguous = assertThrows(MedcodeException.class,
        () -> RunConfigs.load(two, List.of()).withCoders(List.of("frequency")));
    assertTrue(ambiguous.getMessage().startsWith("--coder frequency matches 2 coders of the config (f5, f10)"),
        ambiguous.getMessage());
    Path one = TinyData.write(temp, new String[][] {{"I10"}}, 1, i -> "x", "[ { name: frequency, id: f5, k: 5 } ]", 0);
    MedcodeException same = assertThrows(MedcodeException.class,
        () -> RunConfigs.load(one, List.of()).withCoders(List.of("frequency", "f5")));
    assertTrue(same.getMessage().startsWith("--coder f5 names coder 'f5' again"), same.getMessage());
  }

  @Test
  void aNewRunWhoseCoderCannotStartLeavesItsFolderFreeForTheNextTry() throws Exception {
    Path bad = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 0, i -> "x",
        "[ { name: replay, file: \"" + temp.resolve("nosuch.tsv") + "\" } ]", 0);
    Path out = temp.resolve("retry");
    Medcode medcode = new Medcode(new org.medcode.run.workspace.Workspace(temp, temp.resolve("data"),
        temp.resolve("results"), null, false, java.time.Clock.systemUTC(), org.medcode.coder.RunListener.SILENT));
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> medcode.run(new RunRequest(bad, List.of(), null, List.of(), out)));
    assertTrue(e.getMessage().contains("nosuch.tsv"), e.getMessage());
    assertFalse(Files.exists(out.resolve("manifest.json")), "no run left behind that --resume would need");
    Files.writeString(temp.resolve("nosuch.tsv"), "A1\tI10\n");
    assertTrue(medcode.run(new RunRequest(bad, List.of(), null, List.of(), out)).complete(), "the same --out again");
  }

  @Test
  void aCoderThatCannotStartStopsTheRunBeforeTheCodersBeforeItCode() throws Exception {
    // the first coder could be a paid one: the second's missing file is found before the first sends anything
    Path bad = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "x",
        "[ { name: frequency, id: first }, { name: replay, file: \"" + temp.resolve("nosuch.tsv") + "\" } ]", 0);
    Path out = temp.resolve("early");
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> medcode.run(new RunRequest(bad, List.of(), null, List.of(), out)));
    assertTrue(e.getMessage().contains("nosuch.tsv"), e.getMessage());
    assertFalse(Files.exists(out.resolve("first").resolve("predictions.jsonl")), "the first coder coded nothing");
    assertFalse(Files.exists(out.resolve("manifest.json")));
  }

  @Test
  void onResumeAMemberWhoseOwnLogIsCompleteIsStillAskedWhetherItMayStart() throws Exception {
    // the ensemble codes in the second session and creates its member, whose file has gone since the first
    Path preds = temp.resolve("preds.tsv");
    Files.writeString(preds, "A1\tI10\nA2\tE11.9\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 0, i -> "x",
        "[ { name: replay, id: r, file: \"" + preds + "\" }, { name: ensemble, members: r, mode: union } ]", 0);
    Path out = temp.resolve("resumed");
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    medcode.run(new RunRequest(config, List.of(), null, List.of(), out));
    Files.delete(out.resolve("ensemble").resolve("predictions.jsonl"));
    Files.delete(preds);
    MedcodeException e = assertThrows(MedcodeException.class, () -> medcode.resume(out, List.of(), false));
    assertTrue(e.getMessage().startsWith("coder r refused to start: predictions file " + preds + " not found"),
        e.getMessage());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"summary.md", "Report.html", "manifest.json", "gate"})
  void aCoderIdThatIsAFileOfTheRunFolderIsRefused(String id) throws Exception {
    Path config = TinyData.write(temp, new String[][] {{"I10"}}, 1, i -> "x", "[ { name: frequency, id: " + id + " } ]", 0);
    MedcodeException e = assertThrows(MedcodeException.class, () -> RunConfigs.load(config, List.of()));
    assertTrue(e.getMessage().contains("coder id '" + id + "' is the name of a file of the run folder"), e.getMessage());
  }
}
