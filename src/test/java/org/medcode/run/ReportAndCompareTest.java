package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Averaging;
import org.medcode.eval.Metric;
import org.medcode.eval.MetricKey;
import org.medcode.eval.PairedComparison;
import org.medcode.report.ComparisonReports;
import org.medcode.report.RunFolder;
import org.medcode.run.workspace.Workspace;

/**
 * A run writes the analysis tables and reports; {@code report} rebuilds them from the folder alone; {@code compare}
 * pairs two coders of the run. Data: six admissions, a user code table and a training split for the frequency coder.
 */
class ReportAndCompareTest {
  @TempDir
  Path temp;

  Medcode medcode;
  Path run;

  @BeforeEach
  void runTwoFrequencyCoders() throws IOException {
    String[][] gold = {{"I10", "E11.9"}, {"I10"}, {"J18.9", "I10"}, {"N39.0"}, {"E11.9", "N39.0", "I10"}, {"K35.80"}};
    Path config = TinyData.write(temp, gold, 0, i -> "note <b>&amp;</b> ".repeat(i + 1),
        "[ { name: frequency, id: top1, k: 1 }, { name: frequency, id: top3, k: 3 } ]", 50);
    medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(), RunListener.SILENT));
    run = temp.resolve("run");
    medcode.run(new RunRequest(config, List.of(), null, List.of(), run));
  }

  @Test
  void aRunWritesTheAnalysisTablesAndReports() throws IOException {
    for (String file : RunFolder.REPORT_FILES) {
      assertTrue(Files.exists(run.resolve(file)), file);
    }
    for (String coder : List.of("top1", "top3")) {
      for (String file : RunFolder.ANALYSIS_FILES) {
        assertTrue(Files.exists(run.resolve(coder).resolve(file)), coder + "/" + file);
      }
    }
    String html = Files.readString(run.resolve("report.html"));
    assertTrue(html.contains("<svg"), "charts are inline SVG");
    assertFalse(html.contains("<script src"), "nothing is fetched");
    assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"));
    assertFalse(html.contains("https://"));
    assertTrue(Files.readString(run.resolve("top3/strata.csv")).contains("training_frequency,head,"));
  }

  @Test
  void aRunWhoseSpecsNameRelativePathsIsReadFromItsDirectoryWhereverTheCommandStarts() throws IOException {
    // the run made in `temp` with relative paths (dev.jsonl, train.jsonl, t.csv), reported from the test's directory,
    // where none of them exists: they are read from the directory the manifest records
    String summary = Files.readString(run.resolve("summary.csv"));
    Path manifest = run.resolve("manifest.json");
    String absolute = Files.readString(manifest);
    String relative = absolute.replace(temp.resolve("dev.jsonl").toString(), "dev.jsonl")
        .replace(temp.resolve("train.jsonl").toString(), "train.jsonl").replace(temp.resolve("t.csv").toString(), "t.csv");
    assertTrue(!relative.equals(absolute) && !Files.exists(Path.of("dev.jsonl")));
    assertFalse(absolute.contains("\"directory\""), "absolute paths need no directory");
    String here = Path.of("").toAbsolutePath().toString();
    assertEquals(here, Workspace.directoryFor(null, "codiesp:dev:en:D", "jsonl:dev.jsonl"));
    assertEquals(null, Workspace.directoryFor(null, "codiesp:dev:en:D", null));
    assertEquals(here, Workspace.directoryFor("t.csv", "codiesp:dev:en:D", null), "a relative code table file");
    assertEquals(null, Workspace.directoryFor("/t.csv", "codiesp:dev:en:D", null));
    Files.writeString(manifest, relative);
    MedcodeException lost = assertThrows(MedcodeException.class, () -> medcode.report(new ReportSpec(run)));
    assertTrue(lost.getMessage().contains("dev.jsonl: file not found"), lost.getMessage()); // no directory recorded
    Files.writeString(manifest, relative.replace("\"credentialed\" : false", "\"credentialed\" : false,\n"
        + "    \"directory\" : \"" + temp + "\""));
    medcode.report(new ReportSpec(run));
    assertEquals(summary, Files.readString(run.resolve("summary.csv")));
    String markdown = Files.readString(run.resolve("summary.md"));
    assertTrue(markdown.contains("jsonl:dev.jsonl") && !markdown.contains(temp.resolve("dev.jsonl").toString()),
        "the dataset is shown as the run wrote it");
    Medcode.CompareOutcome compared = medcode.compare(new CompareSpec(run, run, "top1", "top3", 200, temp.resolve("cmp")));
    assertTrue(Files.exists(temp.resolve("cmp")), compared.toString());
  }

  @Test
  void reportRebuildsTheSameNumbersFromTheFolderAlone() throws IOException {
    String summary = Files.readString(run.resolve("summary.csv"));
    String strata = Files.readString(run.resolve("top3/strata.csv"));
    Files.delete(run.resolve("report.html"));
    Files.delete(run.resolve("top3/strata.csv"));
    Medcode.ReportOutcome outcome = medcode.report(new ReportSpec(run));
    assertEquals(List.of("top1", "top3"), outcome.coders().stream().map(c -> c.coder()).toList());
    assertTrue(Files.exists(run.resolve("report.html")));
    assertEquals(summary, Files.readString(run.resolve("summary.csv")));
    assertEquals(strata, Files.readString(run.resolve("top3/strata.csv")));
  }


  /**
   * A table of your own edited after the run (a code swapped, as many codes as before) was read as it is now: report
   * rebuilt the run's files with other invalid-code counts without a word, and compare and gate judged those.
   */
  @Test
  void aTableOfYourOwnChangedSinceTheRunIsRefusedByReportAndResume() throws IOException {
    Path table = temp.resolve("t.csv");
    String was = Files.readString(table);
    assertTrue(org.medcode.run.record.RunManifest.read(run).codeTable().sha256() != null);
    Files.writeString(table, was.replace("K35.80,", "K35.89,"));
    MedcodeException e = assertThrows(MedcodeException.class, () -> medcode.report(new ReportSpec(run)));
    assertTrue(e.getMessage().startsWith("the code table " + table + " changed since the run in " + run), e.getMessage());
    assertEquals(2, e.exitCode());
    MedcodeException resume = assertThrows(MedcodeException.class, () -> medcode.resume(run, List.of(), false));
    assertTrue(resume.getMessage().startsWith("cannot resume " + run + ": the code table " + table
        + " changed since the run started"), resume.getMessage());
    Files.writeString(table, was.replace("Hypertension", "Essential hypertension")); // titles score nothing
    medcode.report(new ReportSpec(run));
  }
  @Test
  void metricsJsonNamesThePredictionsFileAsTheRunDidHoweverTheFolderIsNamedLater() throws IOException {
    // a run names its folder absolutely; report and --resume named it as given on the command line (relative to where
    // they were started), so metrics.json's predictions.file changed with the directory report was run from
    Path log = run.resolve("top1/predictions.jsonl").toAbsolutePath().normalize();
    assertEquals(log.toString(), predictionsFile(run));
    Path relative = Path.of("").toAbsolutePath().relativize(run.toAbsolutePath());
    assertFalse(relative.isAbsolute());
    medcode.report(new ReportSpec(relative));
    assertEquals(log.toString(), predictionsFile(run));
    medcode.resume(relative, List.of(), false);
    assertEquals(log.toString(), predictionsFile(run));
  }

  private static String predictionsFile(Path run) throws IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("top1/metrics.json").toFile())
        .path("predictions").path("file").asText();
  }

  @Test
  void aComparisonIntoAFolderAnotherProcessWritesIsRefusedAndWritesNothing() throws IOException {
    // before: two compares given one --out both wrote into it; one try left comparison.csv of 'replayb vs replay'
    // beside changed_admissions.csv of 'replay vs replayb'
    Path out = temp.resolve("cmp");
    org.medcode.run.engine.RunFolderLock other = org.medcode.run.engine.RunFolderLock.acquire(out, "compare");
    try {
      MedcodeException e = assertThrows(MedcodeException.class,
          () -> medcode.compare(new CompareSpec(run, run, "top1", "top3", 200, out)));
      assertTrue(e.getMessage().contains("is being written by another medcode process"), e.getMessage());
      try (var files = Files.list(out)) {
        assertEquals(List.of("run.lock"), files.map(p -> p.getFileName().toString()).toList());
      }
    } finally {
      other.close();
    }
    medcode.compare(new CompareSpec(run, run, "top1", "top3", 200, out));
    assertTrue(Files.exists(out.resolve("comparison.csv")) && !Files.exists(out.resolve("run.lock")));
  }

  @Test
  void aComparisonIntoARunFolderIsRefusedBeforeItWritesAnything() throws IOException {
    // before: compare --out RUN_DIR wrote comparison.csv and changed_*.csv among the run's own files
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> medcode.compare(new CompareSpec(run, run, "top1", "top3", 200, run)));
    assertTrue(e.getMessage().contains("--out " + run + " holds a run (its manifest.json)"), e.getMessage());
    assertFalse(Files.exists(run.resolve("comparison.csv")));
  }

  @Test
  void aGateIntoAFolderAnotherProcessWritesIsRefusedAndWritesNothing() throws IOException {
    // before: two gates of one run (rules 'f1 >= 0.9' and 'f1 >= 0.1') started together left a gate.json saying fail
    // beside a gate.md and junit.xml saying passed, and the failing one exited 2 on a rename instead of 1
    Path gate = run.resolve("gate");
    org.medcode.run.gating.GateSpec spec = new org.medcode.run.gating.GateSpec(run, null, null,
        List.of("exact.micro.f1 >= 0.1"), List.of("top3"), null, 10, null);
    org.medcode.run.engine.RunFolderLock other = org.medcode.run.engine.RunFolderLock.acquire(gate, "gate");
    try {
      MedcodeException e = assertThrows(MedcodeException.class, () -> medcode.gate(spec));
      assertTrue(e.getMessage().contains("is being written by another medcode process"), e.getMessage());
      try (var files = Files.list(gate)) {
        assertEquals(List.of("run.lock"), files.map(p -> p.getFileName().toString()).toList());
      }
    } finally {
      other.close();
    }
    medcode.gate(spec);
    assertTrue(Files.exists(gate.resolve("gate.json")) && !Files.exists(gate.resolve("run.lock")));
  }

  /**
   * Runs on other notes of the same admissions (CodiEsp's Spanish originals and their English translation) were
   * refused as "different data", where pairing them is the question (does the coder do better on the originals?);
   * they are now compared, with a note, and runs on other admissions or other gold codes are still refused.
   */
  @Test
  void runsOnOtherNotesOfTheSameAdmissionsAreComparedAndOtherGoldIsNot() throws IOException {
    String[][] gold = {{"I10", "E11.9"}, {"I10"}, {"J18.9", "I10"}, {"N39.0"}, {"E11.9", "N39.0", "I10"}, {"K35.80"}};
    String coders = "[ { name: frequency, id: top1, k: 1 }, { name: frequency, id: top3, k: 3 } ]";
    Path translated = Files.createDirectories(temp.resolve("translated"));
    medcode.run(new RunRequest(TinyData.write(translated, gold, 0, i -> "nota ".repeat(i + 2), coders, 50), List.of(),
        null, List.of(), temp.resolve("run-es")));
    PairedComparison c = medcode.compare(new CompareSpec(run, temp.resolve("run-es"), "top3", "top3", 200,
        temp.resolve("cmp-es"))).comparisons().get(0);
    assertTrue(c.notes().stream().anyMatch(n -> n.contains("read different notes") && n.contains("same gold codes")),
        c.notes().toString());

    String[][] otherGold = gold.clone();
    otherGold[3] = new String[] {"J18.9"};
    Path regold = Files.createDirectories(temp.resolve("regold"));
    medcode.run(new RunRequest(TinyData.write(regold, otherGold, 0, i -> "nota ".repeat(i + 2), coders, 50), List.of(),
        null, List.of(), temp.resolve("run-regold")));
    MedcodeException e = assertThrows(MedcodeException.class, () -> medcode.compare(new CompareSpec(run,
        temp.resolve("run-regold"), "top3", "top3", 200, temp.resolve("cmp-regold"))));
    assertTrue(e.getMessage().startsWith("the runs scored different data") && e.getMessage().contains("admission A3 has"
        + " other gold codes in run B's ([N39.0] vs [J18.9])"), e.getMessage());
  }

  @Test
  void compareTwoCodersOfOneRun() throws IOException {
    Medcode.CompareOutcome outcome = medcode.compare(new CompareSpec(run, run, "top1", "top3", 200, temp.resolve("cmp")));
    PairedComparison c = outcome.comparisons().get(0);
    assertEquals("top1", c.labelA());
    assertEquals("top3", c.labelB());
    // 10 gold codes. top1 predicts I10 everywhere: it is gold in A0 A1 A2 A4 → tp 4, fp 2, fn 6;
    // top3 predicts I10, E11.9, N39.0 everywhere: tp 4 + 2 (A0, A4) + 2 (A3, A4) = 8, fp 18 − 8 = 10, fn 2.
    // Recall 4/10 → 8/10.
    PairedComparison.Difference recall = c.differences().stream()
        .filter(d -> d.key().equals(new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.RECALL))).findFirst()
        .orElseThrow();
    assertEquals(0.4, recall.a(), 1e-12);
    assertEquals(0.8, recall.b(), 1e-12);
    assertEquals(0.4, recall.difference(), 1e-12);
    for (String file : ComparisonReports.FILES) {
      assertTrue(Files.exists(temp.resolve("cmp").resolve(file)), file);
    }
  }

  @Test
  void compareRefusesRunsScoredOnOtherPopulations() throws IOException {
    Path config = Files.list(temp).filter(p -> p.toString().endsWith(".yaml")).findFirst().orElseThrow();
    Path other = temp.resolve("with-gold");
    medcode.run(new RunRequest(config, List.of("metrics.population=with-gold"), null, List.of(), other));
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> medcode.compare(new CompareSpec(run, other, "top1", "top1", 10, temp.resolve("cmp-pop"))));
    assertTrue(e.getMessage().startsWith("the runs scored different populations (all vs with-gold)"), e.getMessage());
  }

  /**
   * Two tables of your own with one file name and as many codes and billable codes (a CPT table of two years, each
   * {@code cpt.csv} in its own folder) are described alike; compare took them for one table and compared runs whose
   * codes were valid under different tables.
   */
  @Test
  void compareRefusesRunsScoredWithOtherTablesOfTheSameNameAndSize() throws IOException {
    String[][] gold = {{"I10", "E11.9"}, {"I10"}, {"J18.9", "I10"}, {"N39.0"}, {"E11.9", "N39.0", "I10"}, {"K35.80"}};
    Path other = Files.createDirectories(temp.resolve("other-table"));
    Path config = TinyData.write(other, gold, 0, i -> "note <b>&amp;</b> ".repeat(i + 1),
        "[ { name: frequency, id: top1, k: 1 }, { name: frequency, id: top3, k: 3 } ]", 50);
    Path table = other.resolve("t.csv");
    Files.writeString(table, Files.readString(table).replace("K35.80,", "K35.89,"));
    medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run-other-table")));
    MedcodeException e = assertThrows(MedcodeException.class, () -> medcode.compare(new CompareSpec(run,
        temp.resolve("run-other-table"), "top3", "top3", 10, temp.resolve("cmp-table"))));
    assertTrue(e.getMessage().startsWith("the runs used different code tables"), e.getMessage());
    assertTrue(e.getMessage().contains("other codes or billable flags"), e.getMessage());
    assertEquals(2, e.exitCode());
    // a gate against that run as its baseline judged the tables' difference as the coder's (invalid_rate.delta)
    MedcodeException gate = assertThrows(MedcodeException.class, () -> medcode.gate(new org.medcode.run.gating.GateSpec(
        run, null, temp.resolve("run-other-table"), List.of("exact.micro.recall.delta >= 0"), List.of("top3"), null, 10,
        temp.resolve("g-table"))));
    assertTrue(gate.getMessage().startsWith("the baseline " + temp.resolve("run-other-table") + " was scored with"
        + " another code table"), gate.getMessage());
    assertTrue(gate.getMessage().contains("other codes or billable flags"), gate.getMessage());
    assertEquals(2, gate.exitCode());
  }

  /**
   * Before: compare's console table and comparison.md gave every difference without the invalid-code policy or the
   * population both runs were scored with (only comparison.csv's last columns had them), so a reader of the
   * Markdown could not tell CodiEsp's official setting (drop, with-gold) from the default one.
   */
  @Test
  void compareSaysThePolicyAndPopulationItsNumbersWereScoredWith() throws IOException {
    Path config = Files.list(temp).filter(p -> p.toString().endsWith(".yaml")).findFirst().orElseThrow();
    Path official = temp.resolve("official");
    medcode.run(new RunRequest(config, List.of("metrics.population=with-gold", "metrics.invalid=drop"), null,
        List.of(), official));
    Path out = temp.resolve("cmp-official");
    List<PairedComparison> comparisons = medcode.compare(new CompareSpec(official, official, "top1", "top3", 10, out))
        .comparisons();
    String scored = "invalid codes: dropped unless equal to a gold code (policy drop); population with-gold";
    assertTrue(Files.readString(out.resolve("comparison.md")).contains(scored), "comparison.md");
    StringWriter console = new StringWriter();
    ComparisonReports.print(comparisons, new PrintWriter(console));
    assertTrue(console.toString().contains("scored      " + scored + "\n"), console.toString());
  }

  /**
   * Before: a run at 95 % compared with one at 90 % was compared at run A's 95 % without a word, and comparison.csv,
   * the file a pandas or R user reads, had no column saying the level of its intervals.
   */
  @Test
  void runsAtDifferentConfidenceLevelsAreComparedAtALevelTheUserChoosesAndEveryRowSaysIt() throws IOException {
    Path config = Files.list(temp).filter(p -> p.toString().endsWith(".yaml")).findFirst().orElseThrow();
    Path ninety = temp.resolve("ninety");
    medcode.run(new RunRequest(config, List.of("metrics.confidence=0.9"), null, List.of(), ninety));
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> medcode.compare(new CompareSpec(run, ninety, "top1", "top3", 10, temp.resolve("cmp-levels"))));
    assertEquals("the runs' intervals are at different confidence levels (95% in " + run + ", 90% in " + ninety
        + ": metrics.confidence); a comparison's intervals are at one level: choose it with --confidence (e.g."
        + " --confidence 0.95)", e.getMessage());
    assertFalse(Files.exists(temp.resolve("cmp-levels")), "nothing written");

    Path out = temp.resolve("cmp-90");
    PairedComparison c = medcode.compare(new CompareSpec(run, ninety, "top1", "top3", 10, out, 0.9)).comparisons().get(0);
    assertEquals(0.9, c.confidence());
    assertTrue(c.notes().contains("intervals at 90% (--confidence); the runs' own are at 95% (run/top1) and 90%"
        + " (ninety/top3)"), c.notes().toString());
    List<String> rows = Files.readAllLines(out.resolve("comparison.csv"));
    List<String> header = List.of(rows.get(0).split(","));
    int level = header.indexOf("confidence");
    int low = header.indexOf("ci_low");
    assertTrue(level >= 0, rows.get(0));
    long withInterval = 0;
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",", -1);
      // a row with an interval says its level; one without (no interval to state) leaves the cell empty
      assertEquals(cells[low].isEmpty() ? "" : "0.9", cells[level], row);
      withInterval += cells[low].isEmpty() ? 0 : 1;
    }
    assertTrue(withInterval > 0, "some rows have intervals");
    assertTrue(Files.readString(out.resolve("comparison.md")).contains("| 90% CI |"));

    // at one level, none is needed, and the rows say the runs' own
    Path same = temp.resolve("cmp-95");
    medcode.compare(new CompareSpec(run, run, "top1", "top3", 10, same));
    assertTrue(Files.readAllLines(same.resolve("comparison.csv")).stream().skip(1)
        .anyMatch(row -> row.split(",", -1)[level].equals("0.95")));
  }

  @Test
  void runsResampledOtherwiseAreComparedWithRunAsResamplesAndTheNoteSaysSo() throws IOException {
    Path config = Files.list(temp).filter(p -> p.toString().endsWith(".yaml")).findFirst().orElseThrow();
    Path other = temp.resolve("other-seed");
    medcode.run(new RunRequest(config, List.of("metrics.bootstrap=200", "seed=7"), null, List.of(), other));
    PairedComparison c = medcode.compare(new CompareSpec(run, other, "top1", "top3", 10, temp.resolve("cmp-seed")))
        .comparisons().get(0);
    assertEquals(50, c.resamples()); // the tiny runs' metrics.bootstrap
    assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("paired resamples as run A's metrics: 50, seed ")
        && n.endsWith("(other-seed/top3's own: 200, seed 7)")), c.notes().toString());
    PairedComparison same = medcode.compare(new CompareSpec(run, run, "top1", "top3", 10, temp.resolve("cmp-same")))
        .comparisons().get(0);
    assertFalse(same.notes().stream().anyMatch(n -> n.startsWith("paired resamples")), same.notes().toString());
  }

  /**
   * comparison.csv says over how many admissions each row compares the two coders: against a run that stopped early
   * (a kill, a budget) that is fewer than either run's own metrics are over, which only the console and comparison.md
   * said, so a pandas reader of the file took column a for the run's own figure.
   */
  @Test
  void comparisonCsvSaysOverHowManyAdmissionsEachRowCompares() throws IOException {
    Path out = temp.resolve("cmp-admissions");
    PairedComparison c = medcode.compare(new CompareSpec(run, run, "top1", "top3", 10, out)).comparisons().get(0);
    assertEquals(6, c.admissions());
    List<String> rows = Files.readAllLines(out.resolve("comparison.csv"));
    List<String> header = List.of(rows.get(0).split(","));
    assertEquals(List.of("p_value", "admissions", "invalid_policy", "population"),
        header.subList(header.size() - 4, header.size()), rows.get(0));
    int admissions = header.indexOf("admissions");
    assertTrue(rows.size() > 10, "a row per difference");
    for (String row : rows.subList(1, rows.size())) {
      assertEquals("6", row.split(",", -1)[admissions], row);
    }
  }

  @Test
  void aGateRefusesABaselineRunThatDidNotCodeEveryAdmission() throws IOException {
    Path baseline = temp.resolve("baseline");
    medcode.run(new RunRequest(Files.list(temp).filter(p -> p.toString().endsWith(".yaml")).findFirst().orElseThrow(),
        List.of(), null, List.of(), baseline));
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode manifest =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(baseline.resolve("manifest.json").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("coders").get("top3")).put("answered", 2);
    Files.writeString(baseline.resolve("manifest.json"), manifest.toString());
    MedcodeException e = assertThrows(MedcodeException.class, () -> medcode.gate(new org.medcode.run.gating.GateSpec(
        run, null, baseline, List.of("exact.micro.recall.delta >= 0"), List.of("top3"), null, 10, temp.resolve("g"))));
    assertTrue(e.getMessage().startsWith("the baseline " + baseline + " is not complete for coder 'top3' ("
        + "4 of 6 admissions were never coded)"), e.getMessage());

    // a coder that failed on every admission is no baseline either, as a run or as a file
    ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("coders").get("top3")).put("answered", 0).put("failed", 6);
    Files.writeString(baseline.resolve("manifest.json"), manifest.toString());
    MedcodeException failed = assertThrows(MedcodeException.class, () -> medcode.baseline(
        new org.medcode.run.gating.BaselineSpec(baseline, "top3", temp.resolve("b.json"))));
    assertTrue(failed.getMessage().contains("6 of 6 admissions failed (100.00%), above the limit of 1.00%"),
        failed.getMessage());
    MedcodeException inside = assertThrows(MedcodeException.class, () -> medcode.baseline(
        new org.medcode.run.gating.BaselineSpec(run, "top3", run.resolve("top3/metrics.json"))));
    assertTrue(inside.getMessage().contains("is inside the run folder"), inside.getMessage());
  }

  @Test
  void reportOfOneCodersFolderIsRefusedAndLeavesItAsItWas() throws IOException {
    String before = Files.readString(run.resolve("top1/summary.csv"));
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> medcode.report(new ReportSpec(run.resolve("top1"))));
    assertTrue(e.getMessage().contains("is the folder of coder top1 of the run " + run), e.getMessage());
    assertEquals(before, Files.readString(run.resolve("top1/summary.csv")));
    assertFalse(Files.exists(run.resolve("top1/report.html")));
  }

  @Test
  void compareNamesMissingCoders() {
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> medcode.compare(new CompareSpec(run, run, "top1", "nope", 10, temp.resolve("cmp"))));
    assertTrue(e.getMessage().contains("has no coder 'nope'"), e.getMessage());
    MedcodeException none = assertThrows(MedcodeException.class,
        () -> medcode.compare(new CompareSpec(run, run, null, null, 10, temp.resolve("cmp"))));
    assertTrue(none.getMessage().contains("--coder-a"), none.getMessage());
  }

  @Test
  void aCoderThatAnsweredNothingIsNotComparedAsOneThatScoredZero() throws IOException {
    Path log = run.resolve("top3/predictions.jsonl");
    StringBuilder failed = new StringBuilder();
    for (String line : Files.readAllLines(log)) {
      String id = line.replaceAll(".*\"admission_id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
      failed.append("{\"admission_id\":\"").append(id).append("\",\"status\":\"failed\",\"codes\":[],")
          .append("\"failure\":{\"kind\":\"unparseable\",\"message\":\"no code list\"},\"millis\":1}\n");
    }
    Files.writeString(log, failed);
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> medcode.compare(new CompareSpec(run, run, "top1", "top3", 10, temp.resolve("cmp-none"))));
    assertEquals("coder top3 of " + run + " answered none of its 6 admissions (6 failed): it was not measured, so there"
        + " is nothing to compare; fix the cause, then ./medcode run --resume " + run + " --retry-failed", e.getMessage());
    assertFalse(Files.exists(temp.resolve("cmp-none")), "nothing written");
  }

  // From a review of the run lifecycle: folders that are not a fresh or resumable run are refused, and a log cut after
  // the run is never scored as if complete.

  @Test
  void aNewRunRefusesAFolderThatHoldsFilesButNoRun() throws IOException {
    Path config = Files.list(temp).filter(p -> p.toString().endsWith(".yaml")).findFirst().orElseThrow();
    Path leftover = temp.resolve("leftover");
    Files.createDirectories(leftover.resolve("top1"));
    Files.copy(run.resolve("top3/predictions.jsonl"), leftover.resolve("top1/predictions.jsonl"));
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> medcode.run(new RunRequest(config, List.of(), null, List.of(), leftover)));
    assertTrue(e.getMessage().contains("is not empty (top1) and holds no run"), e.getMessage());
    assertFalse(Files.exists(leftover.resolve("manifest.json")));
  }

  @Test
  void aCoderFolderIsNoRunToStartOrResume() throws IOException {
    Path config = Files.list(temp).filter(p -> p.toString().endsWith(".yaml")).findFirst().orElseThrow();
    MedcodeException started = assertThrows(MedcodeException.class,
        () -> medcode.run(new RunRequest(config, List.of(), null, List.of(), run.resolve("top1"))));
    assertTrue(started.getMessage().contains("is the folder of coder top1 of the run " + run.toAbsolutePath().normalize()),
        started.getMessage());
    String before = Files.readString(run.resolve("top1/summary.csv"));
    assertThrows(MedcodeException.class, () -> medcode.resume(run.resolve("top1"), List.of(), false));
    assertEquals(before, Files.readString(run.resolve("top1/summary.csv")), "nothing was written");
  }

  @Test
  void reportRefusesALogCutAfterTheRun() throws IOException {
    Path log = run.resolve("top3/predictions.jsonl");
    List<String> lines = Files.readAllLines(log);
    Files.write(log, lines.subList(0, lines.size() - 2));
    MedcodeException cut = assertThrows(MedcodeException.class, () -> medcode.report(new ReportSpec(run)));
    assertTrue(cut.getMessage().contains("holds 4 admissions, but the run recorded 6: lines were cut or edited"),
        cut.getMessage());
    Files.writeString(log, String.join("\n", lines)); // every line, but the last without its newline
    assertTrue(assertThrows(MedcodeException.class, () -> medcode.report(new ReportSpec(run))).getMessage()
        .contains("holds 5 admissions, but the run recorded 6"));
  }
}
