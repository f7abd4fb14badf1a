package org.medcode.run.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Intervals;
import org.medcode.eval.InvalidPolicy;

class RunConfigsTest {
  @TempDir
  Path temp;

  private Path config(String yaml) throws IOException {
    Path file = temp.resolve("config.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void theDefaultConfigLoads() {
    RunConfig config = RunConfigs.load(Path.of("configs/default.yaml"), List.of());
    assertEquals("codiesp:dev:en:D", config.dataset());
    assertEquals("codiesp:train:en:D", config.training());
    assertEquals("2018", config.codeSystem().year());
    assertTrue(config.coders().stream().anyMatch(c -> c.name().equals("frequency")));
  }

  @Test
  void configToManifestToConfigRoundTrips() throws IOException {
    RunConfig config = RunConfigs.load(config("""
        name: trip
        dataset: { spec: "jsonl:a.jsonl" }
        codeSystem: { system: icd10cm, year: 2026 }
        training: "jsonl:b.jsonl"
        coders:
          - { name: frequency, k: 7 }
          - { name: replay, id: python-model, file: preds.tsv }
        metrics: { levels: [exact, chapter], invalid: drop, bootstrap: 50, confidence: 0.9, k: [3], groupByPatient: true,
                   intervals: micro }
        seed: 42
        threads: 2
        """), List.of());
    RunManifest manifest = new RunManifest(RunManifest.SCHEMA, config,
        new RunManifest.DatasetRef("jsonl:a.jsonl", "f1", 3, false), new RunManifest.DatasetRef("jsonl:b.jsonl", "f2", 5, null),
        new RunManifest.TableRef("icd10cm", "FY2026", "icd10cm FY2026"), new RunManifest.Harness("dev", "abc", "17"), 42,
        "2026-11-27T10:00:00Z", 2, "complete", Map.of("python-model", new RunManifest.CoderEntry("replay",
            Map.of("file", "preds.tsv"), 3, 2, 1, 1, Map.of("timeout", 1), 3, 12, new RunManifest.Usage(10, 5, 0.25, 3), true,
            null, "incomplete", Map.of("price", "1/2 USD"))), null, null, "2026-11-27T10:01:00Z");
    manifest.write(temp.resolve("run"));
    assertEquals(manifest, RunManifest.read(temp.resolve("run")), "config -> manifest -> config gives the same records");
    RunConfig back = RunManifest.read(temp.resolve("run")).config();
    assertEquals(config, back);
    Path written = temp.resolve("written.yaml");
    RunConfigs.write(config, written);
    assertEquals(config, RunConfigs.load(written, List.of()), "the YAML written to a run folder reads back the same");
    assertEquals(List.of(Granularity.EXACT, Granularity.CHAPTER), back.metrics().levels());
    assertEquals(InvalidPolicy.DROP, back.metrics().invalid());
    assertEquals(Intervals.MICRO, back.metrics().intervals());
    assertEquals(Intervals.STANDARD, RunConfigs.load(Path.of("configs/default.yaml"), List.of()).metrics().intervals());
    assertEquals(Map.of("file", "preds.tsv"), back.coders().get(1).parameters());
    assertEquals("python-model", back.coders().get(1).id());
    // a manifest of a newer layout is refused, never read in part
    Path file = temp.resolve("run").resolve(RunManifest.FILE);
    Files.writeString(file, Files.readString(file).replace("\"schema\" : 1,", "\"schema\" : 2,"));
    String newer = assertThrows(MedcodeException.class, () -> RunManifest.read(temp.resolve("run"))).getMessage();
    assertEquals(file + ": written with manifest schema 2, which this medcode (schema 1) cannot read; use the medcode"
        + " that made the run, or a newer one", newer);
  }

  @Test
  void overridesReachNestedKeysAndListItems() throws IOException {
    RunConfig config = RunConfigs.load(config("""
        dataset: { spec: "jsonl:a.jsonl" }
        coders: [ { name: frequency, k: 10 } ]
        """), List.of("metrics.bootstrap=0", "coders.0.k=3", "dataset.spec=jsonl:other.jsonl", "seed=7", "metrics.levels=[exact]"));
    assertEquals(0, config.metrics().bootstrap());
    assertEquals("3", config.coders().get(0).parameters().get("k"));
    assertEquals("jsonl:other.jsonl", config.dataset());
    assertEquals(7, config.seed());
    assertEquals(List.of(Granularity.EXACT), config.metrics().levels());
  }

  @Test
  void mistakesAreNamed() throws IOException {
    Path file = config("dataset: { spec: \"jsonl:a.jsonl\" }\ncoders: [ frequency ]\nmetrcs: { bootstrap: 5 }\n");
    MedcodeException unknown = assertThrows(MedcodeException.class, () -> RunConfigs.load(file, List.of()));
    assertTrue(unknown.getMessage().contains("unknown key 'metrcs'"), unknown.getMessage());
    Path noCoders = config("dataset: { spec: \"jsonl:a.jsonl\" }\n");
    assertTrue(assertThrows(MedcodeException.class, () -> RunConfigs.load(noCoders, List.of())).getMessage()
        .contains("'coders' must list at least one coder"));
    Path twice = config("dataset: x.jsonl\ncoders: [ frequency, frequency ]\n");
    assertTrue(assertThrows(MedcodeException.class, () -> RunConfigs.load(twice, List.of())).getMessage()
        .contains("two coders are called 'frequency'"));
    Path badLevel = config("dataset: x.jsonl\ncoders: [ frequency ]\nmetrics: { levels: [exact, sentence] }\n");
    assertTrue(assertThrows(MedcodeException.class, () -> RunConfigs.load(badLevel, List.of())).getMessage()
        .contains("metrics.levels is 'sentence'; expected one of [exact, category, block, chapter]"));
    assertTrue(assertThrows(MedcodeException.class, () -> RunConfigs.load(badLevel, List.of("metrics.levels=[exact]",
        "metrics.intervals=some"))).getMessage().contains("metrics.intervals is 'some'; expected standard or micro"));
    assertTrue(assertThrows(MedcodeException.class, () -> RunConfigs.load(badLevel, List.of("metrics.levels=[exact]",
        "metrics.intervals=micro", "metrics.macroIntervals=true"))).getMessage()
        .contains("macro intervals need intervals standard"));
    assertTrue(assertThrows(MedcodeException.class, () -> RunConfigs.load(twice, List.of("nonsense"))).getMessage()
        .contains("--set expects key=value"));
  }

  @Test
  void anIntegerWithALeadingZeroIsRefusedNotReadAsOctal() throws IOException {
    // YAML 1.1 reads 010 as 8: a seed of "010" silently became 8 (in the file and through --set)
    Path file = config("dataset: x.jsonl\ncoders: [ frequency ]\nseed: 010\n");
    String message = assertThrows(MedcodeException.class, () -> RunConfigs.load(file, List.of())).getMessage();
    assertEquals(file + ":3: 'seed': 010 has a leading zero, which YAML reads as an octal number (8); write 10 (or 8 if the"
        + " octal value was meant; quote it, '010', if it is text)", message);
    Path plain = config("dataset: x.jsonl\ncoders: [ { name: frequency, k: 012 } ]\nseed: 07\n");
    String nested = assertThrows(MedcodeException.class, () -> RunConfigs.load(plain, List.of())).getMessage();
    assertTrue(nested.contains("'k': 012 has a leading zero") && nested.contains("(10); write 12 (or 10 if"), nested);
    Path fine = config("dataset: x.jsonl\ncoders: [ frequency ]\nseed: 0\n");
    String set = assertThrows(MedcodeException.class, () -> RunConfigs.load(fine, List.of("seed=-0_10"))).getMessage();
    assertTrue(set.startsWith("--set seed=-0_10: -0_10 has a leading zero, which YAML reads as an octal number (-8); write -10"), set);
    assertEquals(0L, RunConfigs.load(fine, List.of()).seed());
    assertEquals(7L, RunConfigs.load(fine, List.of("seed=07")).seed()); // the same number either way
    assertEquals(16L, RunConfigs.load(fine, List.of("seed=0x10")).seed());
    assertEquals(10L, RunConfigs.load(fine, List.of("seed=10")).seed());
    assertEquals(0.9, RunConfigs.load(fine, List.of("metrics.confidence=0.9")).metrics().confidence());
  }

  @Test
  void aSetReachesACoderWrittenByItsNameAlone() throws IOException {
    // coders: [frequency] with --set coders.0.k=1 ran frequency with k 10, its default, without a word: the override
    // stopped at the item "frequency", a plain value, and was dropped
    Path file = config("dataset: x.jsonl\ncoders: [ frequency, { name: rules } ]\nmetrics: { levels: [exact] }\n");
    RunConfig config = RunConfigs.load(file, List.of("coders.0.k=1"));
    assertEquals(new RunConfig.CoderConfig("frequency", "frequency", Map.of("k", "1")), config.coders().get(0));
    assertEquals(new RunConfig.CoderConfig("rules", "rules", Map.of()), config.coders().get(1));
    assertEquals("--set metrics.levels.0.x=1: item 0 holds a plain value (\"exact\"), not a mapping with a key 'x'; set"
        + " the item itself", assertThrows(MedcodeException.class,
            () -> RunConfigs.load(file, List.of("metrics.levels.0.x=1"))).getMessage());
  }

  @Test
  void aYamlAliasIsRefusedNotReadAsItsAnchorsName() throws IOException {
    // Jackson does not expand aliases: *t was read as the text 't' (a coder's parallel-evidence spec 't', a coder id
    // 'n'), and a merge key <<: *r as a coder's parameter '<<' holding 'r'
    Path file = config("name: &n ci\ndataset: x.jsonl\ncoders:\n  - { name: frequency, id: *n }\n");
    assertEquals(file + ":4: 'id': *n is a YAML alias, which is not expanded here (it would be read as the text 'n');"
        + " write the value out in full where it is used",
        assertThrows(MedcodeException.class, () -> RunConfigs.load(file, List.of())).getMessage());
    Path merge = config("dataset: x.jsonl\ncoders:\n  - &r { name: frequency, k: 5 }\n  - { <<: *r, id: f2 }\n");
    assertTrue(assertThrows(MedcodeException.class, () -> RunConfigs.load(merge, List.of())).getMessage()
        .startsWith(merge + ":4: '<<': *r is a YAML alias"));
    Path fine = config("dataset: x.jsonl\ncoders: [ frequency ]\n");
    assertTrue(assertThrows(MedcodeException.class, () -> RunConfigs.load(fine, List.of("name=*x"))).getMessage()
        .startsWith("--set name=*x: *x is a YAML alias"));
    assertEquals("a&b*c", RunConfigs.load(fine, List.of("name=a&b*c")).name()); // no alias: plain text
  }

  @Test
  void aDatasetMarkedCredentialedInTheConfigAndTheAllowedEndpoints() throws IOException {
    RunConfig config = RunConfigs.load(config("""
        dataset: { spec: "jsonl:${NOTES_DIR}/a.jsonl", credentialed: true }
        training: { spec: "jsonl:t.jsonl", credentialed: false }
        coders: [ frequency ]
        allowedEndpoints: [loopback, "myres.openai.azure.com:443"]
        """), List.of());
    assertEquals("jsonl:${NOTES_DIR}/a.jsonl?credentialed=true", config.dataset());
    assertEquals("jsonl:t.jsonl", config.training());
    assertEquals(List.of("loopback", "myres.openai.azure.com:443"), config.allowedEndpoints());
    assertEquals(config, RunConfigs.fromTree(RunConfigs.toTree(config), "manifest"));
    assertEquals(List.of("gpu-box", "10.0.0.5:8000"),
        RunConfigs.withOverrides(config, List.of("allowedEndpoints=gpu-box, 10.0.0.5:8000"), "--set").allowedEndpoints());
    assertEquals(RunConfig.DEFAULT_ALLOWED_ENDPOINTS, RunConfigs.load(config("dataset: a.jsonl\ncoders: [ frequency ]\n"),
        List.of()).allowedEndpoints());
    MedcodeException bad = assertThrows(MedcodeException.class, () -> RunConfigs.load(config(
        "dataset: a.jsonl\ncoders: [ frequency ]\nallowedEndpoints: [\"*.openai.azure.com\"]\n"), List.of()));
    assertTrue(bad.getMessage().contains("allowedEndpoints: '*.openai.azure.com' is not an allowed-endpoint entry"),
        bad.getMessage());
    assertThrows(MedcodeException.class, () -> RunConfigs.load(config(
        "dataset: { spec: a.jsonl, credentialed: yes-please }\ncoders: [ frequency ]\n"), List.of()));
  }

  @Test
  void theCodeTableIsAYearARangeOrTheDatasetsDictionary() throws IOException {
    for (String[] choice : new String[][] {{"year: 2024", "2024"}, {"years: 2016-2023", "2016-2023"},
        {"years: FY2016-FY2023", "FY2016-FY2023"}, {"dictionary: dataset", "dataset"}}) {
      RunConfig config = RunConfigs.load(config("dataset: a.jsonl\ncodeSystem: { system: icd10cm, " + choice[0]
          + " }\ncoders: [ frequency ]\n"), List.of());
      assertEquals(choice[1], config.codeSystem().year(), choice[0]);
      assertEquals(config, RunConfigs.fromTree(RunConfigs.toTree(config), "manifest"), choice[0]);
      assertTrue(RunConfigs.toTree(config).get("codeSystem").has(choice[0].substring(0, choice[0].indexOf(':'))), choice[0]);
    }
    for (String bad : new String[] {"year: 2024, years: 2016-2023", "years: 2016", "dictionary: mimic", "year: 2024, table: t.csv"}) {
      assertThrows(MedcodeException.class, () -> RunConfigs.load(config("dataset: a.jsonl\ncodeSystem: { system: icd10cm, "
          + bad + " }\ncoders: [ frequency ]\n"), List.of()), bad);
    }
  }

  /** --split names the run after the dataset actually evaluated: codiesp-dev on the test split is codiesp-test. */
  @org.junit.jupiter.api.Test
  void anotherSplitRenamesTheRun() {
    RunConfig config = new RunConfig("codiesp-dev", "codiesp:dev:en:D", new RunConfig.CodeSystemRef("icd10cm", "2018", null),
        null, java.util.List.of(new RunConfig.CoderConfig("frequency", "frequency", java.util.Map.of())),
        RunConfig.MetricsConfig.defaults(), 1, 0, 0);
    org.junit.jupiter.api.Assertions.assertEquals("codiesp-test", config.withSplit("test").name());
    org.junit.jupiter.api.Assertions.assertEquals("codiesp:test:en:D", config.withSplit("test").dataset());
    org.junit.jupiter.api.Assertions.assertEquals("codiesp-dev", config.withSplit("dev").name());
    RunConfig rules = new RunConfig("ci-rules", "codiesp:dev:en:D", config.codeSystem(), null, config.coders(),
        config.metrics(), 1, 0, 0);
    org.junit.jupiter.api.Assertions.assertEquals("ci-rules-test", rules.withSplit("test").name());
  }

  @Test
  void anEmptyRunNameIsNoNameAndANameOfNoLetterStillNamesItsFolder() throws IOException {
    // name: "" (or --set name=) gave a folder '<stamp>_' and reports titled with nothing; a missing name gave "run"
    Path file = config("name: \"\"\ndataset: x.jsonl\ncoders: [ frequency ]\n");
    assertEquals("run", RunConfigs.load(file, List.of()).name());
    Path named = config("name: ci\ndataset: x.jsonl\ncoders: [ frequency ]\n");
    assertEquals("run", RunConfigs.load(named, List.of("name=")).name());
    assertEquals("run", org.medcode.run.workspace.Workspace.slug("日本語"));
    assertEquals("ci-rules", org.medcode.run.workspace.Workspace.slug("CI rules!"));
  }

  @Test
  void aListOrMappingWhereOneWordBelongsIsCalledThatNotEmptyText() throws IOException {
    // --set 'metrics.invalid=[drop]' said "metrics.invalid is ''; expected one of [count, drop]"
    Path file = config("dataset: x.jsonl\ncoders: [ frequency ]\n");
    Map<String, String> cases = Map.of(
        "metrics.invalid=[drop]", "metrics.invalid takes one value, one of [count, drop]; got a list, [\"drop\"]",
        "metrics.levels=[[exact]]", "metrics.levels takes one value, one of [exact, category, block, chapter]; got a list,"
            + " [\"exact\"]",
        "metrics.population={a: all}", "metrics.population takes one value, all or with-gold; got a mapping, {\"a\":\"all\"}",
        "metrics.intervals=[micro]", "metrics.intervals takes one value, standard or micro; got a list, [\"micro\"]",
        "codeSystem={system: icd10cm, years: [2016-2023]}", "codeSystem.years takes one value, a range of fiscal years such as"
            + " 2016-2023; got a list, [\"2016-2023\"]",
        "codeSystem={system: icd10cm, dictionary: [dataset]}", "codeSystem.dictionary takes one value, dataset; got a list,"
            + " [\"dataset\"]");
    cases.forEach((set, expected) -> assertEquals(file + ": " + expected,
        assertThrows(MedcodeException.class, () -> RunConfigs.load(file, List.of(set))).getMessage(), set));
    assertEquals(InvalidPolicy.DROP, RunConfigs.load(file, List.of("metrics.invalid=drop")).metrics().invalid());
  }

  @Test
  void aSeedBeyondALongIsOutOfRangeNotNotAWholeNumber() throws IOException {
    // seed: 99999999999999999999 said "seed must be a whole number"
    Path file = config("dataset: x.jsonl\ncoders: [ frequency ]\nseed: 99999999999999999999\n");
    assertEquals(file + ": seed is 99999999999999999999, out of range: it takes a whole number from -9223372036854775808 to"
        + " 9223372036854775807", assertThrows(MedcodeException.class, () -> RunConfigs.load(file, List.of())).getMessage());
    Path fine = config("dataset: x.jsonl\ncoders: [ frequency ]\n");
    assertTrue(assertThrows(MedcodeException.class, () -> RunConfigs.load(fine, List.of("metrics.bootstrap=-3000000000")))
        .getMessage().endsWith("metrics.bootstrap is -3000000000, out of range: it takes a whole number from -2147483648 to"
            + " 2147483647"));
    // a quoted seed of 19 digits, within a long, was refused as not a whole number
    assertEquals(Long.MAX_VALUE, RunConfigs.load(fine, List.of("seed='9223372036854775807'")).seed());
    assertEquals(Long.MIN_VALUE, RunConfigs.load(fine, List.of("seed=-9223372036854775808")).seed());
  }

  /**
   * YAML that does not parse names its line, without Jackson's location line: `maxCost: .nan` said "config.yaml: not
   * valid YAML: Malformed numeric value '.nan'" and "at [Source: (File); line: 3, column: 10]" on a line of its own,
   * and `--set maxCost=.nan` the same with "(StringReader)".
   */
  @Test
  void yamlThatDoesNotParseNamesItsLineWithoutJacksonsLocation() throws IOException {
    Path file = config("""
        name: nan
        dataset: { spec: "jsonl:datasets/examples/tiny.jsonl" }
        maxCost: .nan
        coders: [frequency]
        """);
    MedcodeException inFile = assertThrows(MedcodeException.class, () -> RunConfigs.load(file, List.of()));
    assertTrue(inFile.getMessage().startsWith(file + ":3: not valid YAML: Malformed numeric value '.nan'"),
        inFile.getMessage());
    assertTrue(inFile.getMessage().contains("no number a key takes"), inFile.getMessage());
    assertTrue(!inFile.getMessage().contains("[Source"), inFile.getMessage());
    Path fine = config("""
        name: fine
        dataset: { spec: "jsonl:datasets/examples/tiny.jsonl" }
        coders: [frequency]
        """);
    MedcodeException set = assertThrows(MedcodeException.class, () -> RunConfigs.load(fine, List.of("maxCost=.inf")));
    assertTrue(set.getMessage().startsWith("--set maxCost=.inf: the value is not valid YAML: Malformed numeric value"),
        set.getMessage());
    assertTrue(!set.getMessage().contains("[Source") && set.getMessage().contains("no number a key takes"),
        set.getMessage());
  }
}
