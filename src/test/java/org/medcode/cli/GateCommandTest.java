package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TinyData;

/**
 * Every exit code of {@code medcode gate} and {@code run --gate}, with real runs on a small dataset: frequency coders
 * (top 1 and top 3 codes of the training split) and the test-only {@code scripted} coder with injected failures.
 * The same on CodiEsp with a degraded rule coder is {@code GateIT}.
 */
class GateCommandTest {
  /** Ten admissions' gold codes: 15 codes, 12 of them I10, E11.9 or N39.0 (the top 3 of the training split). */
  static final String[][] GOLD = {{"I10", "E11.9"}, {"I10"}, {"J18.9", "I10"}, {"N39.0"}, {"E11.9", "N39.0", "I10"},
      {"K35.80"}, {"I10", "N39.0"}, {"E11.9"}, {"I10"}, {"J18.9"}};

  @TempDir
  Path temp;

  Path config;

  @BeforeEach
  void data() throws IOException {
    config = TinyData.write(temp, GOLD, 1, i -> "note", "[ { name: frequency, id: top, k: 3 } ]", 200);
  }

  private MedcodeCommandTest.Result medcode(String... args) {
    return medcode(temp, args);
  }

  /** medcode with its data and results folders in {@code temp}, never pulling. */
  static MedcodeCommandTest.Result medcode(Path temp, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", temp.resolve("data").toString(), "--results-dir", temp.resolve("results").toString(),
        "--no-pull"));
    return MedcodeCommandTest.run(all.toArray(String[]::new));
  }

  private Path run(String name, String... sets) {
    List<String> args = new ArrayList<>(List.of("run", config.toString(), "--out", temp.resolve(name).toString()));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    MedcodeCommandTest.Result result = medcode(args.toArray(String[]::new));
    assertTrue(result.exit() == 0 || result.exit() == 3, result.err());
    return temp.resolve(name);
  }

  private static String verdictLine(String out) {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void improvedRunPassesAndTheDegradedOneFailsNamingTheLostCode() throws IOException {
    Path top1 = run("top1", "coders.0.k=1");
    Path top3 = run("top3");
    // top 3 of training = I10, E11.9, N39.0; top 1 = I10. Exact recall: 12 of 15 gold codes (6 I10, 3 E11.9, 3 N39.0)
    // against 6 of 15, so the change is 0.4 - 0.8 = -0.4.
    MedcodeCommandTest.Result better = medcode("gate", top3.toString(), "--baseline", top1.toString(),
        "--rule", "exact.micro.recall.delta >= 0", "--rule", "exact.micro.recall >= 0.6");
    assertEquals(0, better.exit(), better.out() + better.err());
    assertTrue(verdictLine(better.out()).startsWith("gate: verdict=pass exit=0 rules=2 passed=2 failed=0"),
        better.out());

    MedcodeCommandTest.Result worse = medcode("gate", top1.toString(), "--baseline", top3.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01", "--rule", "exact.micro.precision >= 0");
    assertEquals(1, worse.exit(), worse.out() + worse.err());
    assertTrue(worse.out().contains("FAIL   exact.micro.recall.delta >= -0.01"), worse.out());
    assertTrue(worse.out().contains("regressed codes (found by the baseline, no longer): E11.9 −3, N39.0 −3"),
        worse.out());
    JsonNode gate = new ObjectMapper().readTree(top1.resolve("gate/gate.json").toFile());
    assertEquals(1, gate.get("exit_code").asInt());
    assertEquals(-0.4, gate.get("coders").get(0).get("rules").get(0).get("value").asDouble(), 1e-12);
    assertTrue(Files.readString(top1.resolve("gate/junit.xml")).contains("<failure type=\"quality-gate\""));

    // a baseline file written from the run gives the same verdict as the run folder
    Path file = temp.resolve("baselines/top3.json");
    assertEquals(0, medcode("baseline", top3.toString(), "--out", file.toString()).exit());
    // committed beside the code: its prediction log named in the run folder, not by this machine's path to it
    assertEquals("top/predictions.jsonl", new ObjectMapper().readTree(file.toFile()).get("metrics").get("predictions")
        .get("file").asText());
    MedcodeCommandTest.Result fromFile = medcode("gate", top1.toString(), "--baseline", file.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01", "--out", temp.resolve("g2").toString());
    assertEquals(1, fromFile.exit(), fromFile.err());
    JsonNode again = new ObjectMapper().readTree(temp.resolve("g2/gate.json").toFile());
    assertEquals(gate.get("coders").get(0).get("rules").get(0).get("ci_low"),
        again.get("coders").get(0).get("rules").get(0).get("ci_low"), "same paired interval from file as from folder");
    assertEquals(gate.get("coders").get(0).get("regressed_codes"), again.get("coders").get(0).get("regressed_codes"));
    // the paired difference's p-value (10,000 rounds by default) is shown, as compare shows it; a rule on this run's
    // own value has none
    JsonNode delta = gate.get("coders").get(0).get("rules").get(0);
    double p = delta.get("p_value").asDouble();
    assertTrue(p > 0 && p <= 1, delta.toString());
    assertEquals(delta.get("p_value"), again.get("coders").get(0).get("rules").get(0).get("p_value"));
    assertTrue(gate.get("coders").get(0).get("rules").get(1).get("p_value").isNull());
    assertTrue(worse.out().contains("), approximate randomisation with 10000 rounds; two-sided p "), worse.out());
  }

  /**
   * A gate that stops with an error (exit 2) left the verdict files of the gate before it in the folder, so a CI job
   * publishing junit.xml showed the earlier pass as this gate's result.
   */
  @Test
  void aGateThatStopsWithAnErrorLeavesNoEarlierVerdictBehind() {
    Path top3 = run("top3");
    MedcodeCommandTest.Result passed = medcode("gate", top3.toString(), "--rule", "exact.micro.recall >= 0");
    assertEquals(0, passed.exit(), passed.out() + passed.err());
    assertTrue(Files.exists(top3.resolve("gate/junit.xml")));
    MedcodeCommandTest.Result refused = medcode("gate", top3.toString(), "--rule", "exact.micro.recall.delta >= 0");
    assertEquals(2, refused.exit(), refused.out() + refused.err());
    for (String name : List.of("gate.json", "junit.xml", "gate.md")) {
      assertFalse(Files.exists(top3.resolve("gate").resolve(name)), name + " of the earlier gate is still there");
    }
  }

  @Test
  void injectedCoderFailuresExitThree() {
    Path failing = run("failing", "coders=[{name: scripted, failEvery: 4}]");
    MedcodeCommandTest.Result result = medcode("gate", failing.toString(), "--rule", "exact.micro.recall >= 0");
    assertEquals(3, result.exit(), result.out() + result.err());
    // the scripted coder fails A4 and A8 (failEvery) and A3 and A10 (it also throws on ids 7n + 3)
    assertTrue(result.out().contains("4 of 10 admissions failed (40.00%), above the limit of 1.00%"), result.out());
    assertTrue(verdictLine(result.out()).startsWith("gate: verdict=incomplete exit=3"), result.out());
    MedcodeCommandTest.Result tolerated = medcode("gate", failing.toString(), "--rule", "exact.micro.recall >= 0",
        "--max-failure-rate", "0.4");
    assertEquals(0, tolerated.exit(), tolerated.out());
  }

  @Test
  void aRunStoppedByItsBudgetExitsThree() {
    Path stopped = run("stopped", "coders=[{name: scripted, cost: 0.1}]", "maxCost=0.25");
    MedcodeCommandTest.Result result = medcode("gate", stopped.toString(), "--rule", "exact.micro.recall >= 0");
    assertEquals(3, result.exit(), result.out() + result.err());
    assertTrue(result.out().contains("never coded"), result.out());

    // compare pairs the two runs on the admissions both coders answered, and says so
    Path top3 = run("top3");
    MedcodeCommandTest.Result compared = medcode("compare", top3.toString(), stopped.toString(), "--coder-a", "top",
        "--coder-b", "scripted", "--permutations", "100");
    assertEquals(0, compared.exit(), compared.err());
    assertTrue(compared.out().contains("(4 admissions;"), compared.out());
    assertTrue(compared.out().contains("compared on the 4 of 10 admissions both coders answered"), compared.out());
  }

  @Test
  void aStoppedRunIsPairedWithItsBaselineOnTheAdmissionsItCodedAsCompareDoes() throws IOException {
    // the same scripted coder, once stopped by its budget after 4 of 10 admissions, once whole: on the 4 admissions
    // both coded they answer alike, so compare finds no change; the gate (exit 3, incomplete) must give the values a
    // compare of the same runs gives, not count the 6 never-coded admissions as empty answers that lost their codes
    Path stopped = run("stopped", "coders=[{name: scripted, cost: 0.1}]", "maxCost=0.25");
    Path whole = run("whole", "coders=[{name: scripted, cost: 0.1}]");
    MedcodeCommandTest.Result compared = medcode("compare", whole.toString(), stopped.toString(), "--permutations", "100",
        "--out", temp.resolve("cmp").toString());
    assertEquals(0, compared.exit(), compared.err());
    assertTrue(compared.out().contains("compared on the 4 of 10 admissions both coders answered"), compared.out());
    MedcodeCommandTest.Result result = medcode("gate", stopped.toString(), "--baseline", whole.toString(),
        "--rule", "exact.micro.f1.delta >= -0.01", "--max-failure-rate", "30%", "--permutations", "100", "--out",
        temp.resolve("g").toString());
    assertEquals(3, result.exit(), result.out() + result.err());
    JsonNode coder = new ObjectMapper().readTree(temp.resolve("g/gate.json").toFile()).path("coders").path(0);
    assertEquals(0.0, coder.path("rules").path(0).path("value").asDouble(), 1e-12, coder.toString());
    assertEquals(4, coder.path("paired_admissions").asInt(), coder.toString());
    assertEquals(0, coder.path("regressed_codes_total").asInt(), coder.toString());
    assertEquals(0, coder.path("regressed_admissions_total").asInt(), coder.toString());
  }

  @Test
  void malformedRulesAndFilesExitTwoNamingTheRule() throws IOException {
    Path top3 = run("top3");
    MedcodeCommandTest.Result typo = medcode("gate", top3.toString(), "--rule", "exact.micro.recal >= 0.2");
    assertEquals(2, typo.exit());
    assertTrue(typo.err().contains("error: gate rule 'exact.micro.recal >= 0.2': metric 'recal' is not one of"),
        typo.err());
    MedcodeCommandTest.Result missing = medcode("gate", top3.toString(), "--rule", "exact.per-admission.p@20 >= 0.2");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("the run has no exact.per-admission.p@20"), missing.err());
    MedcodeCommandTest.Result noBaseline = medcode("gate", top3.toString(), "--rule", "exact.micro.f1.delta >= 0");
    assertEquals(2, noBaseline.exit());
    assertTrue(noBaseline.err().contains("compares with a baseline"), noBaseline.err());
    MedcodeCommandTest.Result noRules = medcode("gate", top3.toString());
    assertEquals(2, noRules.exit());
    MedcodeCommandTest.Result otherCoder = medcode("gate", top3.toString(), "--coder", "rules", "--rule",
        "exact.micro.f1 >= 0");
    assertEquals(2, otherCoder.exit());
    assertTrue(otherCoder.err().contains("the gate names coder 'rules', but the run"), otherCoder.err());

    Path bad = temp.resolve("bad-gate.yaml");
    Files.writeString(bad, "rules:\n  - exact.micro.f1 >= 0.5\n  - exact.micro.f1 => 0.5\n");
    MedcodeCommandTest.Result before = medcode("run", config.toString(), "--gate", bad.toString(), "--out",
        temp.resolve("never").toString());
    assertEquals(2, before.exit(), before.err());
    assertTrue(before.err().contains("gate rule 'exact.micro.f1 => 0.5': '=>' is not a comparison"), before.err());
    assertFalse(Files.exists(temp.resolve("never")), "a bad gate file stops the run before any coding");
    Files.writeString(bad, "rule:\n  - exact.micro.f1 >= 0.5\n");
    MedcodeCommandTest.Result unknownKey = medcode("gate", top3.toString(), "--rules", bad.toString());
    assertEquals(2, unknownKey.exit());
    assertTrue(unknownKey.err().contains("unknown key 'rule'"), unknownKey.err());
    // the same list at every start (it came in another order each time)
    assertTrue(unknownKey.err().contains("a gate file has [baseline, coders, maxFailureRate, permutations, rules]"),
        unknownKey.err());
  }

  @Test
  void runWithAGateFileRunsAndJudgesInOneCommand() throws IOException {
    Path top3 = run("top3");
    Path gates = temp.resolve("ci");
    Files.createDirectories(gates);
    assertEquals(0, medcode("baseline", top3.toString(), "--out", gates.resolve("baseline.json").toString()).exit());
    Files.writeString(gates.resolve("gate.yaml"), """
        baseline: baseline.json       # relative to this file
        maxFailureRate: 0
        rules:
          - exact.micro.recall >= 0.6
          - exact.micro.f1.delta >= -0.01 interval
          - invalid_rate <= 0.02
        """);
    MedcodeCommandTest.Result same = medcode("run", config.toString(), "--gate", gates.resolve("gate.yaml").toString(),
        "--out", temp.resolve("again").toString());
    assertEquals(0, same.exit(), same.out() + same.err());
    assertTrue(verdictLine(same.out()).startsWith("gate: verdict=pass exit=0 rules=3 passed=3"), same.out());
    assertTrue(Files.exists(temp.resolve("again/gate/junit.xml")));

    MedcodeCommandTest.Result worse = medcode("run", config.toString(), "--gate", gates.resolve("gate.yaml").toString(),
        "--set", "coders.0.k=1", "--out", temp.resolve("worse").toString());
    assertEquals(1, worse.exit(), worse.out() + worse.err());
  }
  @Test
  void aBaselineFileWhoseCountsDisagreeWithItsMetricsIsRefused() throws IOException {
    // Each admission of the baseline file finds one more gold code than its metrics say: a gate took the point of the
    // difference from the metrics (+0.0000, passed) and the paired interval from the counts (wholly below 0), judged
    // the point and passed a run that the counts say is worse.
    Path top3 = run("top3");
    Path file = temp.resolve("top3.baseline.json");
    assertEquals(0, medcode("baseline", top3.toString(), "--out", file.toString()).exit());
    ObjectMapper json = new ObjectMapper();
    JsonNode baseline = json.readTree(file.toFile());
    for (JsonNode admission : baseline.get("paired").get("admissions")) {
      com.fasterxml.jackson.databind.node.ArrayNode exact = (com.fasterxml.jackson.databind.node.ArrayNode)
          admission.get("counts").get(0);
      exact.set(0, exact.get(0).asInt() + 1);
    }
    json.writeValue(file.toFile(), baseline);
    MedcodeCommandTest.Result edited = medcode("gate", top3.toString(), "--baseline", file.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertEquals(2, edited.exit(), edited.out() + edited.err());
    assertTrue(edited.err().contains(file + ": its per-admission counts (\"paired\") and its metrics disagree: "
        + "exact.micro.precision is"), edited.err());
    assertTrue(edited.err().contains("Write it again from the run: ./medcode baseline RUN_DIR --out " + file), edited.err());
  }
  /**
   * A coder's metrics.json written by an older medcode (2026-11-27, before it named the invalid-code policy and
   * population: its settings as written then, hand-made here) was copied into a baseline file as it stood, beside
   * counts scored now; the gate then refused the file as scored with "another population: ''" and told to write it
   * again with medcode baseline, which wrote the same file. Such a run is refused where it is read, naming the file and
   * the report that writes it again; so is one whose numbers are not what this medcode scores from its answers.
   */
  @Test
  void metricsWrittenByAnOlderMedcodeAreRefusedNamingTheReportThatRebuildsThem() throws IOException {
    Path top1 = run("top1", "coders.0.k=1");
    Path top3 = run("top3");
    ObjectMapper json = new ObjectMapper();
    Path metricsFile = top3.resolve("top/metrics.json");
    com.fasterxml.jackson.databind.node.ObjectNode metrics =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(metricsFile.toFile());
    Path file = temp.resolve("top3.baseline.json");
    assertEquals(0, medcode("baseline", top3.toString(), "--out", file.toString()).exit());
    com.fasterxml.jackson.databind.node.ObjectNode old = metrics.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) old.get("settings")).retain("invalid_policy",
        "bootstrap_resamples", "confidence", "seed", "resample_unit", "macro_intervals", "k");
    json.writeValue(metricsFile.toFile(), old);
    String report = "rebuild the run's reports with this medcode: ./medcode report " + top3;

    MedcodeCommandTest.Result baseline = medcode("baseline", top3.toString(), "--out", temp.resolve("b.json").toString());
    assertEquals(2, baseline.exit(), baseline.out() + baseline.err());
    assertTrue(baseline.err().contains(metricsFile + " records no settings.population: it was written by an older"
        + " medcode"), baseline.err());
    assertTrue(baseline.err().contains(report), baseline.err());
    assertFalse(Files.exists(temp.resolve("b.json")));
    MedcodeCommandTest.Result asBaseline = medcode("gate", top1.toString(), "--baseline", top3.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertEquals(2, asBaseline.exit(), asBaseline.out() + asBaseline.err());
    assertTrue(asBaseline.err().contains("the baseline's " + metricsFile + " records no settings.population"),
        asBaseline.err());
    assertTrue(asBaseline.err().contains("./medcode report " + top3), asBaseline.err());
    MedcodeCommandTest.Result asRun = medcode("gate", top3.toString(), "--baseline", top1.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertEquals(2, asRun.exit(), asRun.out() + asRun.err());
    assertTrue(asRun.err().contains(report), asRun.err());

    // a baseline file written from such a run
    com.fasterxml.jackson.databind.node.ObjectNode written =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(file.toFile());
    written.set("metrics", old);
    json.writeValue(file.toFile(), written);
    MedcodeCommandTest.Result fromFile = medcode("gate", top1.toString(), "--baseline", file.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertEquals(2, fromFile.exit(), fromFile.out() + fromFile.err());
    assertTrue(fromFile.err().contains("the baseline " + file + " records no settings.population: it was written by an"
        + " older medcode"), fromFile.err());
    assertTrue(fromFile.err().contains("./medcode baseline RUN_DIR --out " + file), fromFile.err());

    // numbers this medcode does not score from the run's answers (an older scoring) are not written into a baseline
    com.fasterxml.jackson.databind.node.ObjectNode other = metrics.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) other.get("levels").get("exact").get("metrics").get("micro")
        .get("precision")).put("value", 0.5);
    json.writeValue(metricsFile.toFile(), other);
    MedcodeCommandTest.Result scoredOtherwise = medcode("baseline", top3.toString(), "--out",
        temp.resolve("b.json").toString());
    assertEquals(2, scoredOtherwise.exit(), scoredOtherwise.out() + scoredOtherwise.err());
    assertTrue(scoredOtherwise.err().contains(metricsFile + " does not hold what this medcode scores from the run's"
        + " answers (exact.micro.precision is 0.5 where the counts give "), scoredOtherwise.err());
    assertTrue(scoredOtherwise.err().contains("./medcode report " + top3 + ", then write the baseline"),
        scoredOtherwise.err());

    // rebuilt by report, the run is a baseline again
    assertEquals(0, medcode("report", top3.toString()).exit());
    assertEquals(0, medcode("baseline", top3.toString(), "--out", temp.resolve("b.json").toString()).exit());
    assertEquals(0, medcode("gate", top3.toString(), "--baseline", temp.resolve("b.json").toString(),
        "--rule", "exact.micro.recall.delta >= -0.01").exit());
  }

  @Test
  void aDamagedBaselineFileExitsTwoNamingTheFile() throws IOException {
    // A misspelt level or a count cut short was "No enum constant ...CHAPTR" / "Index 2 out of bounds for length 2":
    // an unexpected error, exit 3 (an incomplete run to CI), naming no file.
    Path top3 = run("top3");
    Path file = temp.resolve("top3.baseline.json");
    assertEquals(0, medcode("baseline", top3.toString(), "--out", file.toString()).exit());
    ObjectMapper json = new ObjectMapper();
    JsonNode written = json.readTree(file.toFile());

    JsonNode level = written.deepCopy();
    ((com.fasterxml.jackson.databind.node.ArrayNode) level.get("paired").get("levels")).set(0, "exakt");
    json.writeValue(file.toFile(), level);
    MedcodeCommandTest.Result badLevel = medcode("gate", top3.toString(), "--baseline", file.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertEquals(2, badLevel.exit(), badLevel.out() + badLevel.err());
    assertTrue(badLevel.err().contains(file + ": \"paired\" lists the level 'exakt', not one of [exact, category"),
        badLevel.err());

    JsonNode cut = written.deepCopy();
    ((com.fasterxml.jackson.databind.node.ArrayNode) cut.get("paired").get("admissions").get(0).get("counts").get(0))
        .remove(2);
    json.writeValue(file.toFile(), cut);
    MedcodeCommandTest.Result shortCounts = medcode("gate", top3.toString(), "--baseline", file.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertEquals(2, shortCounts.exit(), shortCounts.out() + shortCounts.err());
    assertTrue(shortCounts.err().contains(file + ": admission A1 has [2, 1] at level exact, not [tp, fp, fn]"),
        shortCounts.err());
    assertTrue(shortCounts.err().contains("write it again from its run with ./medcode baseline RUN_DIR --out " + file),
        shortCounts.err());

    // without its counts the baseline run's completeness went unchecked
    JsonNode uncounted = written.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) uncounted).remove("counts");
    json.writeValue(file.toFile(), uncounted);
    MedcodeCommandTest.Result noCounts = medcode("gate", top3.toString(), "--baseline", file.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertEquals(2, noCounts.exit(), noCounts.out() + noCounts.err());
    assertTrue(noCounts.err().contains(file + ": it lacks its \"counts\""), noCounts.err());

    // a key given twice: the last one silently won
    String text = json.writeValueAsString(written);
    Files.writeString(file, text.replaceFirst("\\{", "{\"coder\": \"other\", "));
    MedcodeCommandTest.Result twice = medcode("gate", top3.toString(), "--baseline", file.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertEquals(2, twice.exit(), twice.out() + twice.err());
    assertTrue(twice.err().contains("Duplicate field 'coder'"), twice.err());
  }
  @Test
  void aGateWithoutBaselineRefusesAPredictionLogCutOrRepeatedSinceTheRun() throws IOException {
    // Without a baseline the gate read only metrics.json and passed (exit 0) a run whose log had been cut or had a line
    // pasted in again, which report, compare, baseline and a gate with a baseline refuse.
    Path top3 = run("top3");
    Path log = top3.resolve("top/predictions.jsonl");
    List<String> lines = Files.readAllLines(log);
    Files.write(log, lines.subList(0, 5));
    MedcodeCommandTest.Result cut = medcode("gate", top3.toString(), "--rule", "exact.micro.recall >= 0");
    assertEquals(2, cut.exit(), cut.out() + cut.err());
    assertTrue(cut.err().contains("coder top: " + log + " holds 5 admissions, but the run recorded 10"), cut.err());

    List<String> repeated = new ArrayList<>(lines);
    repeated.add(lines.get(2));
    Files.write(log, repeated);
    MedcodeCommandTest.Result twice = medcode("gate", top3.toString(), "--rule", "exact.micro.recall >= 0");
    assertEquals(2, twice.exit(), twice.out() + twice.err());
    assertTrue(twice.err().contains(log + ":11: admission 'A3' already has an answer on an earlier line"), twice.err());
  }
  @Test
  void aBaselineFileWithOtherAdmissionsSaysWhichAndWhatToDo() throws IOException {
    // An admission renamed in the baseline file was "scored other admissions than this run (10 vs 10)": which, why, and
    // what to do were left to guess.
    Path top3 = run("top3");
    Path file = temp.resolve("top3.baseline.json");
    assertEquals(0, medcode("baseline", top3.toString(), "--out", file.toString()).exit());
    ObjectMapper json = new ObjectMapper();
    JsonNode baseline = json.readTree(file.toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) baseline.get("paired").get("admissions").get(3)).put("id", "X4");
    json.writeValue(file.toFile(), baseline);
    MedcodeCommandTest.Result renamed = medcode("gate", top3.toString(), "--baseline", file.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertEquals(2, renamed.exit(), renamed.out() + renamed.err());
    assertTrue(renamed.err().contains("scored other admissions than this run (10 vs 10; e.g. 'X4' is in the baseline"
        + " only)"), renamed.err());
    assertTrue(renamed.err().contains("write it again from its run with ./medcode baseline RUN_DIR --out FILE"),
        renamed.err());
  }
  @Test
  void aGateFileWithAKeyGivenTwiceIsRefusedNotHalfRead() throws IOException {
    // A second 'rules:' block (a merge that kept both sides) silently replaced the first: the gate judged only the
    // last rule, 'rules=1', and passed a run the first block's rule fails.
    Path top3 = run("top3");
    Path gate = temp.resolve("twice.yaml");
    Files.writeString(gate, "rules:\n  - exact.micro.recall >= 0.99\nmaxFailureRate: 0\nrules:\n"
        + "  - exact.micro.recall >= 0\n");
    MedcodeCommandTest.Result result = medcode("gate", top3.toString(), "--rules", gate.toString());
    assertEquals(2, result.exit(), result.out() + result.err());
    assertTrue(result.err().contains(gate + ":4: not a readable YAML gate file: Duplicate field 'rules'"), result.err());
  }
  @Test
  void aGateFileWithASecondYamlDocumentIsRefusedNotHalfRead() throws IOException {
    // A second document after --- was never read: its rule, which fails this run, was left out and the gate passed
    // (exit 0, 'rules=1').
    Path top3 = run("top3");
    Path gate = temp.resolve("two-documents.yaml");
    Files.writeString(gate, "rules:\n  - exact.micro.recall >= 0\n---\nrules:\n  - exact.micro.recall >= 0.99\n");
    MedcodeCommandTest.Result result = medcode("gate", top3.toString(), "--rules", gate.toString());
    assertEquals(2, result.exit(), result.out() + result.err());
    assertTrue(result.err().contains(gate + ":4: holds more than one YAML document (separated by ---), of which only"
        + " the first would be read: merge them, or keep one per file"), result.err());
  }
  @Test
  void aCoderNamedTwiceIsRefusedNotJudgedTwice() throws IOException {
    // '--coder top --coder top' judged the coder twice: 'rules=2 ... coders=top,top' and two junit test suites of one
    // name, so a CI server counted every rule twice.
    Path top3 = run("top3");
    MedcodeCommandTest.Result twice = medcode("gate", top3.toString(), "--coder", "top", "--coder", "top",
        "--rule", "exact.micro.recall >= 0");
    assertEquals(2, twice.exit(), twice.out() + twice.err());
    assertTrue(twice.err().contains("the gate names coder 'top' twice"), twice.err());
    assertFalse(Files.exists(top3.resolve("gate/junit.xml")), "nothing written");
  }
  @Test
  void runGateRefusesARuleTheConfigCanNeverAnswerBeforeCoding() throws IOException {
    // 'run CONFIG --gate FILE' coded every admission (an llm run: its whole cost), then the gate refused the rule the
    // config could never answer (a level it does not score), exit 2: nothing had checked it before coding.
    Path gate = temp.resolve("gate.yaml");
    for (String[] rule : new String[][] {
        {"chapter.micro.f1 >= 0.1", "the run scores the levels [exact, category] (metrics.levels), not chapter"},
        {"exact.per-admission.p@7 >= 0.1", "the run ranks at K [1, 5, 10, 15] (metrics.k), not 7"},
        {"exact.micro.f1 >= 0.1 interval", "asks for an interval, but the run computes none (metrics.bootstrap is 0)"}}) {
      Files.writeString(gate, "rules:\n  - " + rule[0] + "\n");
      MedcodeCommandTest.Result result = medcode("run", config.toString(), "--gate", gate.toString(),
          "--set", "metrics.levels=[exact, category]", "--set", "metrics.bootstrap=0",
          "--out", temp.resolve("never").toString());
      assertEquals(2, result.exit(), result.out() + result.err());
      assertTrue(result.err().contains("gate rule '" + rule[0] + "' of the gate file " + gate + ": " + rule[1]),
          result.err());
      assertTrue(result.err().contains("Nothing was run"), result.err());
      assertFalse(Files.exists(temp.resolve("never/manifest.json")), "nothing run");
    }
    Files.writeString(gate, "rules:\n  - category.per-admission.p@3 >= 0\n  - invalid_rate <= 1\n");
    MedcodeCommandTest.Result answerable = medcode("run", config.toString(), "--gate", gate.toString(),
        "--set", "metrics.levels=[category]", "--set", "metrics.k=[3]", "--out", temp.resolve("ran").toString());
    assertEquals(0, answerable.exit(), answerable.out() + answerable.err());
  }
  @Test
  void aRuleGivenTwiceIsRefusedNotJudgedTwice() throws IOException {
    // A gate file's rule given again with --rule was judged twice: 'rules=2', and junit.xml held two test cases of one
    // name in one suite, which CI servers' JUnit readers merge or count twice.
    Path top3 = run("top3");
    Path gate = temp.resolve("gate.yaml");
    Files.writeString(gate, "rules:\n  - exact.micro.recall >= 0.6\n");
    MedcodeCommandTest.Result twice = medcode("gate", top3.toString(), "--rules", gate.toString(),
        "--rule", "exact.micro.recall >= 0.6");
    assertEquals(2, twice.exit(), twice.out() + twice.err());
    assertTrue(twice.err().contains("the gate has rule 'exact.micro.recall >= 0.6' twice (--rule, or rules: in the"
        + " gate file); give each rule once"), twice.err());
    assertFalse(Files.exists(top3.resolve("gate/junit.xml")), "nothing written");
    MedcodeCommandTest.Result otherwise = medcode("gate", top3.toString(), "--rule", "exact.micro.recall >= 0.6",
        "--rule", "EXACT.micro.recall>=60%");
    assertEquals(2, otherwise.exit(), otherwise.out() + otherwise.err());
    assertTrue(otherwise.err().contains("the gate has rule 'exact.micro.recall >= 0.6' twice (also as"
        + " 'EXACT.micro.recall>=60%')"), otherwise.err());
    Files.writeString(gate, "rules:\n  - exact.micro.recall >= 0.6\n  - exact.micro.recall >= 0.6\n");
    MedcodeCommandTest.Result beforeCoding = medcode("run", config.toString(), "--gate", gate.toString(),
        "--out", temp.resolve("never").toString());
    assertEquals(2, beforeCoding.exit(), beforeCoding.out() + beforeCoding.err());
    assertTrue(beforeCoding.err().contains("the gate has rule 'exact.micro.recall >= 0.6' twice"), beforeCoding.err());
    assertFalse(Files.exists(temp.resolve("never/manifest.json")), "nothing run");
    assertEquals(0, medcode("gate", top3.toString(), "--rule", "exact.micro.recall >= 0.6",
        "--rule", "exact.micro.recall >= 0.6 interval").exit(), "the same metric in another mode is another rule");
  }
  @Test
  void aBaselineOfAnotherCoderIdIsNamedInTheVerdict() throws IOException {
    // A baseline file of coder 'top' gated coder 'other' without a word: a renamed coder, or the wrong file, looked
    // the same in the console, gate.json and gate.md.
    Path top3 = run("top3");
    Path file = temp.resolve("top3.baseline.json");
    assertEquals(0, medcode("baseline", top3.toString(), "--out", file.toString()).exit());
    Path renamed = run("renamed", "coders.0.id=other");
    MedcodeCommandTest.Result result = medcode("gate", renamed.toString(), "--baseline", file.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertEquals(0, result.exit(), result.out() + result.err());
    String note = "the baseline " + file + " is coder 'top', judged against coder 'other' of this run";
    assertTrue(result.out().contains(note), result.out());
    assertTrue(Files.readString(renamed.resolve("gate/gate.json")).contains(note));
    MedcodeCommandTest.Result folder = medcode("gate", renamed.toString(), "--baseline", top3.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertTrue(folder.out().contains("the baseline " + top3 + " is coder 'top', judged against coder 'other'"),
        folder.out());
  }
  @Test
  void aCodersFolderGivenAsTheBaselineSaysWhatToGiveInstead() throws IOException {
    // --baseline RUN/top (the folder that holds the coder's metrics.json) was read as a run without coders: 'the
    // baseline run RUN/top has no coder 'top'; it has []'.
    Path top3 = run("top3");
    MedcodeCommandTest.Result result = medcode("gate", top3.toString(), "--baseline", top3.resolve("top").toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertEquals(2, result.exit(), result.out() + result.err());
    assertTrue(result.err().contains(top3.resolve("top") + " is the folder of coder top of the run " + top3
        + ", not a run; give the run as the baseline, " + top3 + ", or the coder's metrics.json, "
        + top3.resolve("top/metrics.json")), result.err());
    assertEquals(0, medcode("gate", top3.toString(), "--baseline", top3.resolve("top/metrics.json").toString(),
        "--rule", "exact.micro.recall.delta >= -0.01").exit(), "the metrics.json it names gates");
  }

  @Test
  void aFolderThatIsNoRunGivenAsTheBaselineIsNamedAsTheBaseline() throws IOException {
    // 'baseline: baselines/' (a folder of baseline files) said 'baselines is not a run folder: it has no manifest.json
    // (a run killed before it wrote one recorded nothing: start it again with ./medcode run CONFIG --out baselines)'
    Path top3 = run("top3");
    Path folder = Files.createDirectories(temp.resolve("ci/baselines"));
    Path gate = temp.resolve("ci/gate.yaml");
    Files.writeString(gate, "baseline: baselines\nrules:\n  - exact.micro.recall.delta >= -0.01\n");
    MedcodeCommandTest.Result result = medcode("gate", top3.toString(), "--rules", gate.toString());
    assertEquals(2, result.exit(), result.out() + result.err());
    assertTrue(result.err().contains("the baseline " + folder + " is a folder but not a run folder (it has no"
        + " manifest.json) (baseline: in the gate file " + gate + " is read from the gate file's folder); give a"
        + " baseline file (./medcode baseline RUN_DIR --out FILE), a coder's metrics.json or a run folder"),
        result.err());
    assertFalse(result.err().contains("start it again"), result.err());
    // the folder medcode evaluate writes: its metrics.json is a baseline
    Files.copy(top3.resolve("top/metrics.json"), folder.resolve("metrics.json"));
    MedcodeCommandTest.Result evaluated = medcode("gate", top3.toString(), "--baseline", folder.toString(),
        "--rule", "exact.micro.recall.delta >= -0.01");
    assertEquals(2, evaluated.exit(), evaluated.out() + evaluated.err());
    assertTrue(evaluated.err().contains("the baseline " + folder + " is a folder but not a run folder (it has no"
        + " manifest.json); give its metrics.json, " + folder.resolve("metrics.json") + " (point values and its own"
        + " intervals), or a run folder"), evaluated.err());
  }

  @Test
  void aBaselineThatIsNotThereIsNamedAsTheBaseline() throws IOException {
    // A misspelt baseline: in a gate file said "FILE does not exist: the coder has no metrics (did its run finish?)",
    // sending the reader after a run instead of the path they wrote.
    Path top3 = run("top3");
    Path gate = temp.resolve("ci/gate.yaml");
    Files.createDirectories(gate.getParent());
    Files.writeString(gate, "baseline: baseline.jsn\nrules:\n  - exact.micro.f1.delta >= -0.01\n");
    MedcodeCommandTest.Result typo = medcode("gate", top3.toString(), "--rules", gate.toString());
    assertEquals(2, typo.exit(), typo.out() + typo.err());
    assertTrue(typo.err().contains("the baseline " + temp.resolve("ci/baseline.jsn") + " does not exist (baseline: in the"
        + " gate file " + gate + " is read from the gate file's folder)"), typo.err());
    assertFalse(typo.err().contains("did its run finish"), typo.err());
    // run --gate finds it before it codes anything (an LLM run would have been paid for first)
    MedcodeCommandTest.Result before = medcode("run", config.toString(), "--gate", gate.toString(), "--out",
        temp.resolve("never").toString());
    assertEquals(2, before.exit(), before.out() + before.err());
    assertTrue(before.err().contains("the baseline " + temp.resolve("ci/baseline.jsn") + " does not exist"), before.err());
    assertFalse(Files.exists(temp.resolve("never")), "nothing was run");
  }

  @Test
  void runGateRefusesAGateFileNamingACoderTheRunLacksBeforeCoding() throws IOException {
    // coders: naming a coder the config lacks was found only after the whole run (coded, an llm coder paid), exit 2
    Path gate = temp.resolve("ci/coders.yaml");
    Files.createDirectories(gate.getParent());
    Files.writeString(gate, "coders: [rulez]\nrules:\n  - exact.micro.recall >= 0.1\n");
    MedcodeCommandTest.Result before = medcode("run", config.toString(), "--gate", gate.toString(), "--out",
        temp.resolve("never").toString());
    assertEquals(2, before.exit(), before.out() + before.err());
    assertTrue(before.err().contains("the gate file " + gate + " names coder 'rulez', but the run has [top]"),
        before.err());
    assertTrue(before.err().contains("Nothing was run"), before.err());
    assertFalse(Files.exists(temp.resolve("never")), "nothing was run");
  }

  @Test
  void aGateFilesLimitsOutOfRangeAreRefusedNamingTheFileBeforeCoding() throws IOException {
    // maxFailureRate: 1.5 passed the check before the run: the whole run was coded, then 'the failure-rate limit must
    // be between 0 and 1, got 1.5' (no file, no key); permutations: 2.5 was read as 2, and 0.5 as 0 (no p-values)
    Path gate = temp.resolve("ci/limits.yaml");
    Files.createDirectories(gate.getParent());
    Files.writeString(gate, "maxFailureRate: 1.5\nrules:\n  - exact.micro.recall >= 0.1\n");
    MedcodeCommandTest.Result rate = medcode("run", config.toString(), "--gate", gate.toString(), "--out",
        temp.resolve("never").toString());
    assertEquals(2, rate.exit(), rate.out() + rate.err());
    assertTrue(rate.err().contains(gate + ": maxFailureRate must be a number between 0 and 1 (the share of admissions"
        + " that may fail, 0.01 = 1 %), got 1.5"), rate.err());
    assertFalse(Files.exists(temp.resolve("never")), "nothing was run");
    Path top3 = run("top3");
    for (String permutations : List.of("2.5", "0.5", "-1")) {
      Files.writeString(gate, "permutations: " + permutations + "\nrules:\n  - exact.micro.recall >= 0.1\n");
      MedcodeCommandTest.Result result = medcode("gate", top3.toString(), "--rules", gate.toString());
      assertEquals(2, result.exit(), result.out() + result.err());
      assertTrue(result.err().contains(gate + ": permutations must be a whole number >= 0 (rounds of approximate"
          + " randomisation; 0 for no p-values), got " + permutations), result.err());
    }
    MedcodeCommandTest.Result option = medcode("gate", top3.toString(), "--max-failure-rate", "2", "--rule",
        "exact.micro.recall >= 0.1");
    assertEquals(2, option.exit(), option.out() + option.err());
    assertTrue(option.err().contains("--max-failure-rate must be between 0 and 1"), option.err());
    // a percentage, as gate rules take them ('2%' was "not a double", with the whole usage text)
    MedcodeCommandTest.Result percent = medcode("gate", top3.toString(), "--max-failure-rate", "2%", "--rule",
        "exact.micro.recall >= 0.1");
    assertEquals(0, percent.exit(), percent.out() + percent.err());
    MedcodeCommandTest.Result tooMany = medcode("gate", top3.toString(), "--max-failure-rate", "150%", "--rule",
        "exact.micro.recall >= 0.1");
    assertEquals(2, tooMany.exit(), tooMany.out() + tooMany.err());
    assertTrue(tooMany.err().contains("--max-failure-rate must be between 0 and 1 (a share of admissions), got 1.5"),
        tooMany.err());
    MedcodeCommandTest.Result word = medcode("gate", top3.toString(), "--max-failure-rate", "2x", "--rule",
        "exact.micro.recall >= 0.1");
    assertEquals(2, word.exit(), word.out() + word.err());
    assertTrue(word.err().contains("'2x' is not a share: a number from 0 to 1 or a percentage (0.02 or 2%)"), word.err());
  }

  /** {@code coders: []} gated every coder of the run (read as the key left out), the opposite of what it says. */
  @Test
  void aGateFileWithAnEmptyCoderListIsRefusedNotReadAsEveryCoder() throws IOException {
    Path gate = temp.resolve("ci/none.yaml");
    Files.createDirectories(gate.getParent());
    Files.writeString(gate, "coders: []\nrules:\n  - exact.micro.recall >= 0.1\n");
    MedcodeCommandTest.Result result = medcode("gate", run("top3").toString(), "--rules", gate.toString());
    assertEquals(2, result.exit(), result.out() + result.err());
    assertTrue(result.err().contains(gate + ": coders: [] names no coder to gate: list the coders' ids, or leave the key"
        + " out to gate every coder of the run"), result.err());
  }

  @Test
  void aGateFilesBaselineThatIsNoPathIsRefusedNotReadAsTheFilesFolder() throws IOException {
    // baseline: [a, b] was read as "", the gate file's own folder: 'ci is not a run folder: it has no manifest.json
    // (a run killed before it wrote one ...)', about a folder the user never named
    Path gate = temp.resolve("ci/baseline.yaml");
    Files.createDirectories(gate.getParent());
    Path top3 = run("top3");
    for (String baseline : List.of("[a, b]", "{ file: a.json }", "''")) {
      Files.writeString(gate, "baseline: " + baseline + "\nrules:\n  - exact.micro.recall.delta >= -0.4\n");
      MedcodeCommandTest.Result result = medcode("gate", top3.toString(), "--rules", gate.toString());
      assertEquals(2, result.exit(), result.out() + result.err());
      assertTrue(result.err().contains(gate + ": baseline must be one path (a baseline file, a metrics.json or a run"
          + " folder, relative to this file), got "), result.err());
    }
  }

  @Test
  void aGateFilesEmptyItemIsNamedNotReadAsTheWordNull() throws IOException {
    // A rule commented out after its '-' was read as the rule 'null': "gate rule 'null': no comparison after 'null'",
    // and coders: [~] as a coder named 'null'.
    Path top3 = run("top3");
    Path gate = temp.resolve("gate.yaml");
    Files.writeString(gate, "rules:\n  - exact.micro.recall >= 0\n  - # exact.micro.f1 >= 0.9\n");
    MedcodeCommandTest.Result rule = medcode("gate", top3.toString(), "--rules", gate.toString());
    assertEquals(2, rule.exit(), rule.out() + rule.err());
    assertTrue(rule.err().contains(gate + ": rules item 2 is empty (a '-' with nothing after it, or its text commented"
        + " out after the '-'): remove the item, or write it out"), rule.err());
    Files.writeString(gate, "coders: [~]\nrules:\n  - exact.micro.recall >= 0\n");
    MedcodeCommandTest.Result coder = medcode("gate", top3.toString(), "--rules", gate.toString());
    assertEquals(2, coder.exit(), coder.out() + coder.err());
    assertTrue(coder.err().contains(gate + ": coders item 1 is empty"), coder.err());
  }

  @Test
  void aPlainMetricsJsonBaselineJudgesOneCoderNotEveryCoderOfARun() throws IOException {
    // before: each of the run's coders was judged against the one coder's numbers of a metrics.json, without a word
    Path two = run("two", "coders=[{name: frequency, id: top, k: 3}, {name: frequency, id: top1, k: 1}]");
    Path metrics = two.resolve("top/metrics.json");
    MedcodeCommandTest.Result both = medcode("gate", two.toString(), "--baseline", metrics.toString(),
        "--rule", "exact.micro.f1.delta >= -0.01");
    assertEquals(2, both.exit(), both.out() + both.err());
    assertTrue(both.err().contains("the baseline " + metrics + " is one coder's metrics.json, and the gate judges 2 coders"
        + " [top, top1]"), both.err());
    MedcodeCommandTest.Result one = medcode("gate", two.toString(), "--baseline", metrics.toString(), "--coder", "top",
        "--rule", "exact.micro.f1.delta >= -0.01");
    assertEquals(0, one.exit(), one.out() + one.err());
    // the note says how to write a baseline with paired intervals, on the console and in gate.md (before: a bare
    // "medcode baseline", which runs nothing)
    String write = "write a baseline with ./medcode baseline RUN_DIR --out FILE for paired intervals";
    assertTrue(one.out().contains(write), one.out());
    assertTrue(Files.readString(two.resolve("gate/gate.md")).contains(write.replace("RUN_DIR", "RUN\\_DIR")));
  }
  /** A rule on a metric the baseline lacks said "the baseline baseline PATH has no …". */
  @Test
  void aMetricTheBaselineLacksNamesTheBaselineOnce() {
    Path exact = run("exact-only", "metrics.levels=[exact]");
    Path both = run("both", "metrics.levels=[exact, category]");
    Path file = temp.resolve("exact-only.json");
    assertEquals(0, medcode("baseline", exact.toString(), "--out", file.toString()).exit());
    for (Path baseline : List.of(exact, file)) {
      MedcodeCommandTest.Result result = medcode("gate", both.toString(), "--baseline", baseline.toString(),
          "--rule", "category.micro.recall.delta >= 0");
      assertEquals(2, result.exit(), result.out() + result.err());
      String expected = baseline.equals(file) ? file.toString() : exact + "/top";
      assertTrue(result.err().contains("error: gate rule 'category.micro.recall.delta >= 0': the baseline " + expected
          + " has no category.micro.recall; it has levels [exact]"), result.err());
    }
  }
}
