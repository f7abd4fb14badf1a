package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medcode table}: runs gathered into one table, pivoted, filtered, written in four formats; what it refuses. */
class TableCommandTest {
  @TempDir
  Path temp;

  private MedcodeCommandTest.Result medcode(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", temp.resolve("data").toString(), "--no-pull"));
    return MedcodeCommandTest.run(all.toArray(String[]::new));
  }

  private Path run(String name, String invalid, String... coders) throws IOException {
    Path table = temp.resolve("table.csv");
    Files.writeString(table, "code,description\nJ18.9,Pneumonia\nE11.9,Diabetes\nI10,Hypertension\nK35.80,Appendicitis\n"
        + "N39.0,UTI\n");
    StringBuilder list = new StringBuilder();
    for (String coder : coders) {
      Path predictions = temp.resolve(coder + ".tsv");
      Files.writeString(predictions, coder.startsWith("good") ? "A1\tJ18.9\nA1\tI10\nA2\tK35.80\nA3\tN39.0\n" : "A1\tI10\nA2\tZ99.9\n");
      list.append("  - { name: replay, id: ").append(coder).append(", file: \"").append(predictions).append("\" }\n");
    }
    Path config = temp.resolve(name + ".yaml");
    Files.writeString(config, "name: " + name + "\ndataset: { spec: \"jsonl:datasets/examples/tiny.jsonl\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + table + "\" }\ncoders:\n" + list
        + "metrics: { levels: [exact, category], invalid: " + invalid + ", bootstrap: 20 }\n");
    Path out = temp.resolve("results").resolve(name);
    MedcodeCommandTest.Result result = medcode("run", config.toString(), "--out", out.toString());
    assertEquals(0, result.exit(), result.err());
    return out;
  }

  @Test
  void gathersAFolderOfRunsPivotsFiltersAndWritesEveryFormat() throws IOException {
    run("first", "count", "good", "weak");
    run("second", "count", "good2");
    Files.createDirectories(temp.resolve("results/not-a-run"));
    MedcodeCommandTest.Result result = medcode("table", temp.resolve("results").toString());
    assertEquals(0, result.exit(), result.err());
    assertTrue(result.out().contains("runs         2"), result.out());
    assertTrue(result.out().contains("micro f1 by level\nscored with 95% intervals; invalid codes: count; population:"
        + " all; dataset: jsonl:datasets/examples/tiny.jsonl; code table: icd10cm table.csv\n"), result.out());
    assertTrue(result.out().contains("coder  exact"), result.out());
    assertTrue(result.out().contains("good   0.800 ["), result.out());
    assertTrue(result.err().contains("not-a-run (not a run folder: no manifest.json)"), result.err());

    MedcodeCommandTest.Result filtered = medcode("table", temp.resolve("results").toString(), "--where", "run=first",
        "--rows", "run,coder", "--metric", "recall", "--out", temp.resolve("t.md").toString());
    assertEquals(0, filtered.exit(), filtered.err());
    assertTrue(!filtered.out().contains("good2"), filtered.out());
    // it said "runs         2 (96 numbers)", the numbers of the one run --where kept
    assertTrue(filtered.out().startsWith("runs         1 of 2 read (96 numbers)\n"), filtered.out());
    for (String format : List.of("csv", "json", "xlsx")) {
      Path file = temp.resolve("long." + format);
      MedcodeCommandTest.Result written = medcode("table", temp.resolve("results").toString(), "--long", "--out",
          file.toString());
      assertEquals(0, written.exit(), written.err());
      assertTrue(Files.size(file) > 100, format);
    }
    String csv = Files.readString(temp.resolve("long.csv"));
    assertTrue(csv.startsWith("run,date,dataset,split,code_table,coder,model,prompt_hash,level,averaging,metric,value,ci_low,"
        + "ci_high,invalid_policy,population,status"), csv.substring(0, 200));
    assertTrue(csv.lines().skip(1).allMatch(line -> line.endsWith(",complete")), csv.substring(0, 400));
    assertTrue(Files.readString(temp.resolve("t.md")).startsWith("micro recall by level; 95% intervals; invalid codes: count; population: all;"
        + " dataset: jsonl:datasets/examples/tiny.jsonl; code table: icd10cm table.csv\n\n"
        + "| run / coder |"), Files.readString(temp.resolve("t.md")));
  }

  /** The console's numbers are the same digits under any default locale (an Arabic one writes its own digits). */
  @Test
  void theConsoleCountsRunsInAsciiDigitsUnderAnArabicDefaultLocale() throws IOException {
    run("first", "count", "good", "weak");
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("ar-SA"));
    try {
      MedcodeCommandTest.Result result = medcode("table", temp.resolve("results").toString());
      assertEquals(0, result.exit(), result.err());
      assertTrue(result.out().startsWith("runs         1 (96 numbers)\n"), result.out());
      assertTrue(result.out().chars().allMatch(c -> c < 128), result.out());
    } finally {
      Locale.setDefault(before);
    }
  }

  /** The file is written beside itself and renamed over: a write that fails leaves the previous file whole. */
  @Test
  void aWriteThatFailsLeavesThePreviousFileAsItWas() throws IOException {
    run("first", "count", "good");
    Path file = temp.resolve("board.csv");
    assertEquals(0, medcode("table", temp.resolve("results").toString(), "--out", file.toString()).exit());
    String before = Files.readString(file);
    assertTrue(before.startsWith("coder,"), before);
    Files.createDirectories(temp.resolve(".board.csv.tmp/blocked"));   // the temporary file cannot be written
    MedcodeCommandTest.Result failed = medcode("table", temp.resolve("results").toString(), "--long", "--out",
        file.toString());
    assertEquals(2, failed.exit(), failed.err());
    assertTrue(failed.err().contains("cannot write " + file + " (it is as it was before)"), failed.err());
    assertEquals(before, Files.readString(file));
    Files.delete(temp.resolve(".board.csv.tmp/blocked"));
    Files.delete(temp.resolve(".board.csv.tmp"));
    assertEquals(0, medcode("table", temp.resolve("results").toString(), "--long", "--out", file.toString()).exit());
    assertTrue(Files.readString(file).startsWith("run,date,"));
    try (var left = Files.list(temp)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
  }

  @Test
  void runsOfTheSameFolderNameAreToldApartByTheirPaths() throws IOException {
    Path good = run("ci-run", "count", "good");
    Path first = temp.resolve("artifacts/a/ci-run");
    Files.createDirectories(first.getParent());
    Files.move(good, first);
    Path weak = run("ci-run", "count", "weak");
    Path second = temp.resolve("artifacts/b/ci-run");
    Files.createDirectories(second.getParent());
    Files.move(weak, second);
    Path file = temp.resolve("same.csv");
    MedcodeCommandTest.Result written = medcode("table", first.toString(), second.toString(), "--long", "--out",
        file.toString());
    assertEquals(0, written.exit(), written.err());
    List<String> runs = Files.readAllLines(file).stream().skip(1).map(line -> line.substring(0, line.indexOf(',')))
        .distinct().toList();
    assertEquals(List.of(first.normalize().toString(), second.normalize().toString()), runs);
  }

  /**
   * Before: two runs of one dataset spec that scored different data (the JSONL file edited between them; also a
   * relative path read from another folder, a MIMIC copy named by a variable) were one dataset to the table, pivoted
   * together in --cols dataset without a word, though compare and gate refuse them (another fingerprint).
   */
  @Test
  void runsOfOneSpecThatScoredDifferentDataAreToldApart() throws IOException {
    Path data = temp.resolve("notes.jsonl");
    Files.copy(Path.of("datasets/examples/tiny.jsonl"), data);
    Path predictions = temp.resolve("p.tsv");
    Files.writeString(predictions, "A1\tJ18.9\nA2\tK35.80\n");
    Path config = temp.resolve("data.yaml");
    Files.writeString(config, "name: data\ndataset: { spec: \"jsonl:" + data + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + temp.resolve("table.csv") + "\" }\ncoders:\n"
        + "  - { name: replay, file: \"" + predictions + "\" }\nmetrics: { levels: [exact], bootstrap: 0 }\n");
    run("first", "count", "good"); // writes the code table
    Path before = temp.resolve("before");
    assertEquals(0, medcode("run", config.toString(), "--out", before.toString()).exit());
    Files.writeString(data, Files.readString(data).replace("\"K35.80\"", "\"N39.0\""));
    Path after = temp.resolve("after");
    assertEquals(0, medcode("run", config.toString(), "--out", after.toString()).exit());

    MedcodeCommandTest.Result mixed = medcode("table", before.toString(), after.toString(), "--rows", "run");
    assertEquals(2, mixed.exit(), mixed.out());
    assertTrue(mixed.err().contains("these runs scored different datasets (jsonl:" + data + " (data "), mixed.err());
    // the refusal keeps the warning that says why: it was printed only when the table was shown
    assertTrue(mixed.err().contains("\nwarning: the runs of dataset jsonl:" + data + " scored different data"), mixed.err());
    MedcodeCommandTest.Result shown = medcode("table", before.toString(), after.toString(), "--cols", "dataset");
    assertEquals(0, shown.exit(), shown.err());
    assertTrue(shown.err().contains("the runs of dataset jsonl:" + data + " scored different data (its file or folder"
        + " changed between them, or was another copy): jsonl:" + data + " (data "), shown.err());
    assertTrue(shown.out().lines().anyMatch(line -> line.matches("replay +0\\.500 +0\\.250")), shown.out());
  }

  /**
   * Before: two runs scored with tables of your own of one file name and size but other codes (the file edited between
   * them, or a table of another year of the same name) were one code table to the table, pivoted together without a
   * word, though compare and gate refuse them (the manifests' code_table.sha256).
   */
  @Test
  void runsScoredWithTablesOfOneNameButOtherCodesAreToldApart() throws IOException {
    Path before = run("before", "count", "good");
    Path table = temp.resolve("table.csv");
    Files.writeString(table, Files.readString(table).replace("E11.9,Diabetes", "E11.8,Diabetes"));
    Path after = temp.resolve("results/after");
    MedcodeCommandTest.Result edited = medcode("run", temp.resolve("before.yaml").toString(), "--out", after.toString());
    assertEquals(0, edited.exit(), edited.err());

    MedcodeCommandTest.Result mixed = medcode("table", before.toString(), after.toString(), "--rows", "run");
    assertEquals(2, mixed.exit(), mixed.out());
    assertTrue(mixed.err().contains("\nwarning: the runs of code table icd10cm table.csv scored with tables of other"
        + " codes (the file changed between them, or was another file of the same name): icd10cm table.csv (codes "),
        mixed.err());
    MedcodeCommandTest.Result shown = medcode("table", before.toString(), after.toString(), "--cols", "code_table",
        "--where", "level=exact");
    assertEquals(0, shown.exit(), shown.err());
    assertTrue(shown.out().lines().anyMatch(line -> line.contains("icd10cm table.csv (codes ")), shown.out());
  }

  /**
   * Before: one run at another confidence level anywhere in a folder refused the whole folder, even with --where
   * keeping only runs of one level (the advice, "table the runs of one level at a time", could not be followed with
   * --where), and a run scored without a bootstrap, which shows no interval at all, was refused for its level.
   */
  @Test
  void onlyTheIntervalsTheTableShowsMustBeAtOneConfidenceLevel() throws IOException {
    Path usual = run("usual", "count", "good");
    run("half", "count", "weak");
    Path config = temp.resolve("half.yaml");
    Files.writeString(config, Files.readString(config).replace("bootstrap: 20", "bootstrap: 20, confidence: 0.5"));
    assertEquals(0, medcode("run", config.toString(), "--out", temp.resolve("results/half50").toString()).exit());
    run("bare", "count", "good2");
    config = temp.resolve("bare.yaml");
    Files.writeString(config, Files.readString(config).replace("bootstrap: 20", "bootstrap: 0, confidence: 0.5"));
    Path bare = temp.resolve("results/bare0");
    assertEquals(0, medcode("run", config.toString(), "--out", bare.toString()).exit());

    MedcodeCommandTest.Result all = medcode("table", temp.resolve("results").toString(), "--rows", "run,coder");
    assertEquals(2, all.exit(), all.out());
    assertTrue(all.err().contains("these runs' intervals are at different confidence levels (50%: half50; 95%: bare,"
        + " half, usual)"), all.err());
    MedcodeCommandTest.Result kept = medcode("table", temp.resolve("results").toString(), "--rows", "run,coder",
        "--where", "coder=good");
    assertEquals(0, kept.exit(), kept.err());
    assertTrue(kept.out().contains("usual / good"), kept.out());
    MedcodeCommandTest.Result withoutIntervals = medcode("table", usual.toString(), bare.toString(), "--rows",
        "run,coder");
    assertEquals(0, withoutIntervals.exit(), withoutIntervals.err());
    assertTrue(withoutIntervals.out().contains("bare0 / good2"), withoutIntervals.out());
  }

  @Test
  void refusesFoldersThatAreNotRunsMixedPoliciesAndAmbiguousCells() throws IOException {
    Files.createDirectories(temp.resolve("empty"));
    MedcodeCommandTest.Result none = medcode("table", temp.resolve("empty").toString());
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("is not a run folder"), none.err());

    Path counted = run("counted", "count", "good");
    // both said "is not a folder", the file as the path that is not there
    MedcodeCommandTest.Result missing = medcode("table", temp.resolve("nowhere").toString());
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains(temp.resolve("nowhere") + " does not exist: name run folders, or a folder of them"
        + " such as results/"), missing.err());
    MedcodeCommandTest.Result file = medcode("table", counted.resolve("summary.csv").toString());
    assertEquals(2, file.exit());
    assertTrue(file.err().contains(counted.resolve("summary.csv") + " is a file, not a folder: name the run folder that"
        + " holds it (" + counted.toAbsolutePath().normalize() + "), or a folder of run folders"), file.err());
    Path dropped = run("dropped", "drop", "weak");
    MedcodeCommandTest.Result mixed = medcode("table", counted.toString(), dropped.toString());
    assertEquals(2, mixed.exit());
    assertTrue(mixed.err().contains("different invalid-code policies (count: counted; drop: dropped)"), mixed.err());
    assertEquals(0, medcode("table", counted.toString(), dropped.toString(), "--where", "invalid_policy=drop").exit());
    // a run whose intervals are 50% ones stood beside 95% ones in the pivot, unlabelled, as one of them
    Path half = run("half", "count", "good");
    Path config = temp.resolve("half.yaml");
    Files.writeString(config, Files.readString(config).replace("bootstrap: 20", "bootstrap: 20, confidence: 0.5"));
    Path halfOut = temp.resolve("elsewhere/half");
    assertEquals(0, medcode("run", config.toString(), "--out", halfOut.toString()).exit());
    MedcodeCommandTest.Result levelsMixed = medcode("table", half.toString(), halfOut.toString(), "--rows", "run,coder");
    assertEquals(2, levelsMixed.exit(), levelsMixed.out());
    assertTrue(levelsMixed.err().contains("these runs' intervals are at different confidence levels (50%: "
        + halfOut.normalize() + "; 95%: " + half.normalize() + ")"), levelsMixed.err());
    MedcodeCommandTest.Result notANumber = medcode("table", counted.toString(), "--where", "value=abc");
    assertEquals(2, notANumber.exit(), "a usage error, not an unexpected one");
    assertTrue(notANumber.err().contains("--where value=abc: value is a number column; give a number"), notANumber.err());

    Path again = run("again", "count", "good");
    MedcodeCommandTest.Result twice = medcode("table", counted.toString(), again.toString());
    assertEquals(2, twice.exit());
    assertTrue(twice.err().contains("two numbers for coder = good and level = exact: they differ in run (counted, again)"),
        twice.err());
    assertTrue(twice.err().contains("; add run to --rows, or choose one with --where run=counted"), twice.err());
    assertEquals(0, medcode("table", counted.toString(), again.toString(), "--rows", "run,coder").exit());
    // one run, a column that holds both levels: the advice names the level, which is what tells the numbers apart
    MedcodeCommandTest.Result levels = medcode("table", counted.toString(), "--rows", "run,coder", "--cols", "averaging");
    assertEquals(2, levels.exit());
    assertTrue(levels.err().contains(": they differ in level (exact, category); add level to --rows, or choose one with"
        + " --where level=exact"), levels.err());
  }

  @Test
  void aRunNamedTwiceCountsOnceAndAnOutputInsideARunIsRefused() throws IOException {
    Path first = run("once", "count", "good");
    MedcodeCommandTest.Result twice = medcode("table", first.toString(), first.resolve("..").resolve("once").toString(),
        "--long", "--out", temp.resolve("dup.csv").toString());
    assertEquals(0, twice.exit(), twice.err());
    assertTrue(twice.err().contains("(the same run as " + first + ")"), twice.err());
    long numbers = Files.readAllLines(temp.resolve("dup.csv")).size() - 1;
    MedcodeCommandTest.Result once = medcode("table", first.toString(), "--long", "--out", temp.resolve("one.csv").toString());
    assertEquals(0, once.exit(), once.err());
    assertEquals(Files.readAllLines(temp.resolve("one.csv")).size() - 1, numbers, "every number once");

    MedcodeCommandTest.Result inside = medcode("table", first.toString(), "--out",
        first.resolve("manifest.json").toString());
    assertEquals(2, inside.exit());
    assertTrue(inside.err().contains("is inside the run folder"), inside.err());
    assertTrue(Files.readString(first.resolve("manifest.json")).contains("\"config\""), "the manifest is intact");
    Path link = Files.createSymbolicLink(temp.resolve("latest"), first);
    MedcodeCommandTest.Result throughLink = medcode("table", link.toString(), "--out",
        first.resolve("summary.csv").toString());
    assertEquals(2, throughLink.exit(), "the same folder through a symbolic link");
    MedcodeCommandTest.Result intoLink = medcode("table", first.toString(), "--out",
        link.resolve("manifest.json").toString());
    assertEquals(2, intoLink.exit());
    assertTrue(Files.readString(first.resolve("manifest.json")).contains("\"config\""), "the manifest is intact");
  }

  @Test
  void aRunThatCannotBeReadAmongOthersIsSkippedWithWhyAndNamedItselfIsRefused() throws IOException {
    run("readable", "count", "good");
    Path newer = run("newer", "count", "weak");
    String manifest = Files.readString(newer.resolve("manifest.json"));
    Files.writeString(newer.resolve("manifest.json"), manifest.replaceFirst("\"schema\"\\s*:\\s*\\d+", "\"schema\": 99"));
    MedcodeCommandTest.Result gathered = medcode("table", temp.resolve("results").toString());
    assertEquals(0, gathered.exit(), gathered.err());
    assertTrue(gathered.out().contains("runs         1"), gathered.out());
    assertTrue(gathered.out().contains("good   0.800 ["), gathered.out());
    assertTrue(gathered.err().contains("skipped " + newer + " (cannot be read: " + newer.resolve("manifest.json")
        + ": written with manifest schema 99"), gathered.err());

    MedcodeCommandTest.Result named = medcode("table", newer.toString());
    assertEquals(2, named.exit());
    assertTrue(named.err().contains("written with manifest schema 99"), named.err());
  }
  @Test
  void aSummaryCutAtALineEndOrEmptiedIsSkippedWithWhyNotTabledAsPartOfItsRun() throws IOException {
    run("whole", "count", "good");
    Path cut = run("cut", "count", "good2", "weak");
    Path emptied = run("emptied", "count", "good3");
    Path torn = run("torn", "count", "good4");
    List<String> lines = Files.readAllLines(cut.resolve("summary.csv"));
    // the file cut at a line end: the first coder's rows whole, the second's gone (was tabled as a run without it)
    Files.writeString(cut.resolve("summary.csv"), String.join("\r\n", lines.stream()
        .filter(line -> !line.startsWith("weak,")).toList()) + "\r\n");
    Files.writeString(emptied.resolve("summary.csv"), ""); // was counted as a run, with no number and no word
    String summary = Files.readString(torn.resolve("summary.csv"));
    Files.writeString(torn.resolve("summary.csv"), summary.substring(0, summary.indexOf("\r\n", 200) - 12));
    MedcodeCommandTest.Result gathered = medcode("table", temp.resolve("results").toString(), "--rows", "run,coder");
    assertEquals(0, gathered.exit(), gathered.err());
    assertTrue(gathered.out().contains("runs         1"), gathered.out());
    assertTrue(gathered.err().contains("skipped " + cut + " (cannot be read: " + cut.resolve("summary.csv")
        + ": cannot read the run's summary: it has no rows for coder weak of the run's config (it has rows for good2);"
        + " the file is damaged: write it again with "), gathered.err());
    assertTrue(gathered.err().contains("skipped " + emptied + " (cannot be read: " + emptied.resolve("summary.csv")
        + ":1: cannot read the run's summary: it is empty (no header row)"), gathered.err());
    assertTrue(gathered.err().contains(torn.resolve("summary.csv") + ":4: cannot read the run's summary: 7 fields"
        + " where the header has 9 (a line cut short or edited)"), gathered.err());

    MedcodeCommandTest.Result named = medcode("table", cut.toString());
    assertEquals(2, named.exit());
    assertTrue(named.err().contains("report " + cut), named.err());
  }
  /**
   * A run made by an older medcode (2026-11-27: its summary.csv has no population column, hand-made here as it wrote
   * it) was skipped as "damaged", which it is not; it is named as an older medcode's, with the report that writes it
   * again, after which it is tabled.
   */
  @Test
  void aSummaryOfAnOlderMedcodeIsNamedSoNotDamaged() throws IOException {
    run("now", "count", "good");
    Path older = run("older", "count", "good2");
    List<String> lines = Files.readAllLines(older.resolve("summary.csv"));
    List<String> old = new ArrayList<>();
    for (String line : lines) {
      old.add(line.substring(0, line.lastIndexOf(',')));
    }
    assertTrue(old.get(0).endsWith(",ci_high,invalid_policy"), old.get(0));
    Files.writeString(older.resolve("summary.csv"), String.join("\r\n", old) + "\r\n");
    MedcodeCommandTest.Result gathered = medcode("table", temp.resolve("results").toString());
    assertEquals(0, gathered.exit(), gathered.err());
    String why = older.resolve("summary.csv") + ":1: cannot read the run's summary: its header has no column population:"
        + " it was written by an older medcode (";
    assertTrue(gathered.err().contains("skipped " + older + " (cannot be read: " + why), gathered.err());
    assertTrue(gathered.err().contains("write it again with this medcode: ./medcode report " + older), gathered.err());
    assertTrue(!gathered.err().contains("damaged"), gathered.err());
    MedcodeCommandTest.Result named = medcode("table", older.toString());
    assertEquals(2, named.exit());
    assertTrue(named.err().contains(why), named.err());
    assertEquals(0, medcode("report", older.toString()).exit());
    assertEquals(0, medcode("table", older.toString()).exit());
  }

  /** A complete run whose summary.csv is gone was said to be a run that "did not finish", to be resumed. */
  @Test
  void aCompleteRunWithoutItsSummaryIsNotSaidToBeUnfinished() throws IOException {
    run("kept", "count", "good");
    Path lost = run("lost", "count", "good2");
    Files.delete(lost.resolve("summary.csv"));
    MedcodeCommandTest.Result gathered = medcode("table", temp.resolve("results").toString());
    assertEquals(0, gathered.exit(), gathered.err());
    assertTrue(gathered.err().contains("skipped " + lost + " (no summary.csv, though the run is complete: write it again"
        + " with "), gathered.err());
    MedcodeCommandTest.Result named = medcode("table", lost.toString());
    assertEquals(2, named.exit());
    assertTrue(named.err().contains(lost + " is a complete run without its summary.csv (deleted or not copied with the"
        + " folder): write its reports again with "), named.err());
  }

  /** {@code help table} names the long table's columns as the file has them ({@code status} was left out). */
  @Test
  void helpNamesEveryColumnOfTheLongTable() {
    MedcodeCommandTest.Result help = MedcodeCommandTest.run("help", "table");
    assertEquals(0, help.exit(), help.err());
    String text = help.out().replaceAll("\\s+", " ");
    assertTrue(text.contains("into one long table: " + String.join(", ", org.medcode.report.table.Leaderboard.COLUMNS)
        + ". "), text);
  }
}
