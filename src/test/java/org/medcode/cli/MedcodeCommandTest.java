package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: exit codes, output, error messages. */
class MedcodeCommandTest {
  @TempDir
  Path temp;

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    return run(MedcodeCommand.commandLine(), args);
  }

  private static Result run(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private String[] args(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--data-dir");
    all.add(temp.resolve("data").toString());
    return all.toArray(String[]::new);
  }

  /**
   * A file given as the cache folder (MEDCODE_CACHE or --cache-dir naming a file): cache list said "caches in FILE:
   * none" and cache clear "nothing to clear", exit 0, though nothing could ever be cached there (a run warns each time).
   */
  @Test
  void aFileGivenAsTheCacheFolderIsSaidToBeOne() throws Exception {
    Path file = Files.writeString(temp.resolve("cache-file"), "not a folder\n");
    Result list = run(args("cache", "list", "--cache-dir", file.toString()));
    assertEquals(2, list.exit(), list.err());
    assertTrue(list.out().contains("caches in " + file + ": not a folder (a file is there: give the caches a folder with"
        + " --cache-dir or MEDCODE_CACHE)"), list.out());
    Result clear = run(args("cache", "clear", "--cache-dir", file.toString()));
    assertEquals(2, clear.exit(), clear.out());
    assertTrue(clear.err().contains("the cache folder " + file + " is not a folder"), clear.err());
    assertEquals("not a folder\n", Files.readString(file));
    Result data = run(args("data", "list", "--cache-dir", file.toString()));
    assertEquals(0, data.exit(), data.err());
    assertTrue(data.out().contains("caches in " + file + ": not a folder"), data.out());
  }

  @Test
  void aWholeNumberOptionBeyondItsTypeIsOutOfRangeNotNotANumber() {
    // evaluate --seed 99999999999999999999 said "'99999999999999999999' is not a long"
    Result seed = run(args("evaluate", "--dataset", "jsonl:x.jsonl", "--predictions", "p.tsv", "--seed", "99999999999999999999"));
    assertEquals(2, seed.exit());
    assertTrue(seed.err().contains("Invalid value for option '--seed': 99999999999999999999 is out of range: a whole number"
        + " from -9223372036854775808 to 9223372036854775807"), seed.err());
    Result bootstrap = run(args("evaluate", "--dataset", "jsonl:x.jsonl", "--predictions", "p.tsv", "--bootstrap", "3000000000"));
    assertTrue(bootstrap.err().contains("3000000000 is out of range: a whole number from -2147483648 to 2147483647"),
        bootstrap.err());
    assertTrue(run(args("evaluate", "--dataset", "jsonl:x.jsonl", "--predictions", "p.tsv", "--seed", "1e3")).err()
        .contains("'1e3' is not a whole number"));
  }

  @Test
  void aPullIntoADataFolderThatCannotBeWrittenSaysSoNotCheckTheMirror() throws IOException {
    // data pull --mirror M --data-dir FOLDER-THAT-CANNOT-BE-WRITTEN ended "check that the mirror holds them", whatever the cause
    Path mirror = Files.createDirectories(temp.resolve("mirror/gems"));
    Path notAFolder = Files.writeString(temp.resolve("data-file"), "");
    Result result = run("data", "pull", "gems", "--mirror", mirror.getParent().toString(), "--data-dir", notAFolder.toString());
    assertEquals(3, result.exit(), result.err());
    assertTrue(result.out().contains("problem: I/O error under " + notAFolder.resolve("gems")), result.out());
    assertTrue(result.err().contains("error: some sources could not be pulled (the problems above); the data folder cannot be"
        + " written"), result.err());
    assertFalse(result.err().contains("mirror"), result.err());
    Result empty = run("data", "pull", "gems", "--mirror", mirror.getParent().toString(), "--data-dir", temp.resolve("d").toString());
    assertTrue(empty.err().contains("; check that the mirror holds them, laid out like ../shared/data"), empty.err());
    assertFalse(empty.err().contains("cannot be written"), empty.err());
  }

  @Test
  void helpListsTheCommands() {
    Result result = run();
    assertEquals(0, result.exit());
    for (String command : List.of("run", "evaluate", "coders", "data", "lookup")) {
      assertTrue(result.out().contains(command), command + " missing from help:\n" + result.out());
    }
    assertTrue(result.out().contains("Exit codes"));
  }

  /**
   * The launcher's command line holds only the subcommand its arguments name: every command, and every command of a
   * group, reads and prints as in the whole tree (its help; an unknown option; a misspelt command, which the whole tree
   * answers).
   */
  @Test
  void theTreeOfTheNamedCommandAloneAnswersAsTheWholeTree() {
    List<String[]> cases = new ArrayList<>();
    for (Class<?> command : MedcodeCommand.SUBCOMMANDS) {
      String name = command.getAnnotation(CommandLine.Command.class).name();
      cases.add(new String[] {name, "--help"});
      cases.add(new String[] {name, "--no-such-option"});
      for (Class<?> sub : command.getAnnotation(CommandLine.Command.class).subcommands()) {
        cases.add(new String[] {name, sub.getAnnotation(CommandLine.Command.class).name(), "--help"});
      }
    }
    cases.add(new String[] {"rnu"});
    cases.add(new String[] {"--help"});
    cases.add(new String[] {"help", "gate"});
    for (String[] args : cases) {
      Result whole = run(MedcodeCommand.commandLine(), args);
      Result named = run(MedcodeCommand.commandLine(args), args);
      assertEquals(whole, named, String.join(" ", args));
    }
    assertEquals(1, MedcodeCommand.commandLine(new String[] {"gate", "--help"}).getSubcommands().size());
    assertEquals(MedcodeCommand.SUBCOMMANDS.size(), MedcodeCommand.commandLine(new String[] {"help", "gate"})
        .getSubcommands().size());
  }

  /**
   * Every command's help renders without picocli's format warning on the process's stderr: a lone {@code %} in a
   * description ({@code 2%)}) once put three {@code [picocli WARN] Could not format ...} lines before
   * {@code gate --help} and before every usage error of {@code gate}, in a CI job's log.
   */
  @Test
  void everyHelpRendersWithoutAFormatWarning() {
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"--help"});
    for (Class<?> command : MedcodeCommand.SUBCOMMANDS) {
      String name = command.getAnnotation(CommandLine.Command.class).name();
      cases.add(new String[] {name, "--help"});
      for (Class<?> sub : command.getAnnotation(CommandLine.Command.class).subcommands()) {
        cases.add(new String[] {name, sub.getAnnotation(CommandLine.Command.class).name(), "--help"});
      }
    }
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    try {
      System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      for (String[] args : cases) {
        assertEquals(0, run(args).exit(), String.join(" ", args));
      }
    } finally {
      System.setErr(stderr);
    }
    assertEquals("", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@code help} reaches a subcommand of a group ({@code help data pull}), not only the group. */
  @Test
  void helpShowsASubcommandOfAGroup() {
    Result result = run("help", "data", "pull");
    assertEquals(0, result.exit(), result.err());
    assertTrue(result.out().startsWith("Usage: medcode data pull"), result.out());
    assertTrue(result.out().contains("--mirror"), result.out());
    Result group = run("help", "data");
    assertTrue(group.out().startsWith("Usage: medcode data "), group.out());
    assertTrue(group.out().contains("audit"), group.out());
  }

  @Test
  void helpOfAnUnknownSubcommandNamesTheKnownOnes() {
    Result result = run("help", "data", "push");
    assertEquals(2, result.exit());
    assertTrue(result.err().contains("'medcode data' has no subcommand 'push'; its subcommands: pull, list, audit"),
        result.err());
  }

  /** Each command's one-line summary reads whole: no summary wraps onto a second line. */
  @Test
  void helpListsEveryCommandOnOneUnbrokenLine() {
    String out = run().out();
    String commands = out.substring(out.indexOf("Commands:\n") + "Commands:\n".length(), out.indexOf("\n\n", out.indexOf("Commands:")));
    for (String line : commands.split("\n")) {
      assertTrue(line.matches("  [a-z]+ +[A-Z].*\\.$"), "a wrapped or unfinished command line: '" + line + "' in\n" + out);
    }
    for (String command : List.of("run", "table", "completion", "cache", "coders")) {
      assertTrue(commands.contains("\n  " + command + " ") || commands.startsWith("  " + command + " "), command + "\n" + out);
    }
  }

  @Test
  void completionScriptsForBashAndZsh() {
    Result bash = run("completion", "bash");
    assertEquals(0, bash.exit(), bash.err());
    assertTrue(bash.out().contains("complete -F _complete_medcode") && bash.out().contains("table"), bash.out());
    Result zsh = run("completion", "zsh");
    assertTrue(zsh.out().startsWith("# medcode completion for zsh") && zsh.out().contains("bashcompinit"), zsh.out());
  }

  @Test
  void evaluateWritesARunFolderAndPrintsTheTable() throws IOException {
    Path predictions = temp.resolve("p.tsv");
    Files.writeString(predictions, "A1\tJ18.9\nA1\tI10\nA1\tZ99.9\nA2\tK35.80\nA9\tI10\n");
    Path out = temp.resolve("run");
    Result result = run(args("evaluate", "--dataset", "jsonl:datasets/examples/tiny.jsonl", "--predictions", predictions.toString(),
        "--system", "icd10cm", "--code-table", writeTable().toString(), "--bootstrap", "50", "--out", out.toString()));
    assertEquals(0, result.exit(), result.err());
    assertTrue(result.out().contains("level     averaging"), result.out());
    assertTrue(result.out().contains("exact     micro"), result.out());
    assertTrue(result.out().contains("invalid predicted codes kept and scored (policy count)"), result.out());
    assertTrue(result.err().contains("1 predicted admission id is not in"), result.err());
    for (String file : List.of("metrics.json", "summary.csv", "per_code.csv", "per_admission.csv")) {
      assertTrue(Files.exists(out.resolve(file)), file);
    }
    String summary = Files.readString(out.resolve("summary.csv"));
    assertTrue(summary.startsWith("granularity,averaging,metric,value,ci_low,ci_high,invalid_policy,population"), summary);
  }

  @Test
  void anEmptyPredictionsFileIsScoredAsEmptyPredictionsNotReportedAsNotMeasured() throws IOException {
    Path predictions = Files.writeString(temp.resolve("empty.tsv"), "");
    Path out = temp.resolve("run");
    Result result = run(args("evaluate", "--dataset", "jsonl:datasets/examples/tiny.jsonl", "--predictions", predictions.toString(),
        "--system", "icd10cm", "--code-table", writeTable().toString(), "--bootstrap", "20", "--out", out.toString()));
    assertEquals(0, result.exit(), result.err());
    assertTrue(Files.readString(out.resolve("summary.csv")).contains("exact,micro,recall,0,"), "a measured zero");
    for (String file : List.of("summary.md", "report.html")) {
      assertFalse(Files.readString(out.resolve(file)).contains("not measured"), file);
    }
    // every admission is an empty answer, and the tables count them so (they said 0)
    long admissions = Files.readAllLines(Path.of("datasets/examples/tiny.jsonl")).stream().filter(l -> !l.isBlank()).count();
    assertTrue(Files.readString(out.resolve("summary.md")).lines().anyMatch(l -> l.startsWith("| empty.tsv |")
        && l.endsWith("| " + admissions + " | 0 |")), Files.readString(out.resolve("summary.md")));
    assertTrue(Files.readString(out.resolve("report.html")).contains("<td>" + admissions + "</td><td>0</td></tr>"));
  }

  @Test
  void evaluateWithoutAnalysisWritesTheMetricsOnlyWithTheSameNumbers() throws IOException {
    Path predictions = temp.resolve("p.tsv");
    Files.writeString(predictions, "A1\tJ18.9\t0.9\nA1\tI10\t0.5\nA2\tK35.80\t0.7\n");
    Path full = temp.resolve("full");
    Path lean = temp.resolve("lean");
    for (Path out : List.of(full, lean)) {
      Result result = run(args("evaluate", "--dataset", "jsonl:datasets/examples/tiny.jsonl", "--predictions",
          predictions.toString(), "--system", "icd10cm", "--code-table", writeTable().toString(), "--bootstrap", "50",
          "--level", "exact,category", "--analysis", out == full ? "full" : "none", "--out", out.toString()));
      assertEquals(0, result.exit(), result.err());
    }
    for (String file : List.of("summary.csv", "per_code.csv", "per_admission.csv")) {
      assertEquals(Files.readString(full.resolve(file)), Files.readString(lean.resolve(file)), file);
    }
    for (String file : List.of("strata.csv", "errors.csv", "confusions.csv", "coverage.csv", "suggestions.csv")) {
      assertTrue(Files.exists(full.resolve(file)), file);
      assertTrue(!Files.exists(lean.resolve(file)), file);
    }
    assertTrue(!Files.readString(lean.resolve("report.html")).contains("id='strata'"));
  }

  @Test
  void intervalsMicroKeepsTheMicroIntervalsAndDropsTheOthers() throws IOException {
    Path predictions = temp.resolve("p.tsv");
    Files.writeString(predictions, "A1\tJ18.9\t0.9\nA1\tI10\t0.5\nA2\tK35.80\t0.7\nA3\tN39.0\t0.4\n");
    Map<String, List<String>> rows = new HashMap<>();
    for (String intervals : List.of("standard", "micro")) {
      Path out = temp.resolve(intervals);
      Result result = run(args("evaluate", "--dataset", "jsonl:datasets/examples/tiny.jsonl", "--predictions",
          predictions.toString(), "--system", "icd10cm", "--code-table", writeTable().toString(), "--bootstrap", "50",
          "--intervals", intervals, "--out", out.toString()));
      assertEquals(0, result.exit(), result.err());
      rows.put(intervals, Files.readAllLines(out.resolve("summary.csv")));
      assertEquals(intervals.equals("micro"), result.out().contains("seed 20261127; micro averages only (intervals micro)"),
          result.out());
      assertTrue(Files.readString(out.resolve("metrics.json")).contains("\"intervals\" : \"" + intervals + "\""));
    }
    List<String> standard = rows.get("standard");
    List<String> micro = rows.get("micro");
    assertEquals(standard.size(), micro.size());
    int withInterval = 0;
    for (int i = 1; i < standard.size(); i++) {
      String[] a = standard.get(i).split(",", -1);
      String[] b = micro.get(i).split(",", -1);
      assertEquals(a[3], b[3], "the same value: " + standard.get(i));
      if (a[1].equals("micro")) {
        assertEquals(standard.get(i), micro.get(i));
        withInterval += b[4].isEmpty() ? 0 : 1;
      } else {
        assertTrue(b[4].isEmpty() && b[5].isEmpty(), micro.get(i));
      }
    }
    assertTrue(withInterval >= 9, "micro intervals at every level: " + withInterval);

    Result bad = run(args("evaluate", "--dataset", "jsonl:datasets/examples/tiny.jsonl", "--predictions",
        predictions.toString(), "--intervals", "macro"));
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("expected standard or micro, got 'macro'"), bad.err());
    Result both = run(args("evaluate", "--dataset", "jsonl:datasets/examples/tiny.jsonl", "--predictions",
        predictions.toString(), "--intervals", "micro", "--macro-intervals"));
    assertEquals(2, both.exit());
    assertTrue(both.err().contains("macro intervals need intervals standard"), both.err());
  }

  /** A user table standing in for the official one, so this test needs no pulled data. */
  private Path writeTable() throws IOException {
    Path table = temp.resolve("table.csv");
    Files.writeString(table, "code,description\nJ18.9,Pneumonia\nE11.9,Type 2 diabetes\nI10,Hypertension\nK35.80,Appendicitis\n"
        + "N39.0,UTI\nB96.20,E. coli\n");
    return table;
  }

  @Test
  void aMalformedPredictionLineExitsTwoNamingFileAndLine() throws IOException {
    Path predictions = temp.resolve("bad.tsv");
    Files.writeString(predictions, "A1\tI10\nA1 I10\n");
    Result result = run(args("evaluate", "--dataset", "jsonl:datasets/examples/tiny.jsonl", "--predictions",
        predictions.toString(), "--system", "icd10cm", "--code-table", writeTable().toString()));
    assertEquals(2, result.exit());
    assertTrue(result.err().startsWith("error: " + predictions + ":2: expected 'admission<TAB>code'"), result.err());
  }

  @Test
  void predictionsOfNoAdmissionOfTheDatasetExitTwoAndSayWhichRewriteWouldMatch() throws IOException {
    Path floats = temp.resolve("floats.tsv");
    Files.writeString(floats, "A1.0\tI10\nA2.0\tE11.9\n"); // ids as pandas writes an integer column with gaps
    Path out = temp.resolve("unmatched");
    Result result = run(args("evaluate", "--dataset", "jsonl:datasets/examples/tiny.jsonl", "--predictions",
        floats.toString(), "--system", "icd10cm", "--code-table", writeTable().toString(), "--out", out.toString()));
    assertEquals(2, result.exit(), result.err());
    assertTrue(result.err().startsWith("error: none of the 2 admission ids in " + floats + " is in jsonl:"), result.err());
    assertTrue(result.err().contains("the predictions name 'A1.0', 'A2.0'; the dataset has 'A1'"), result.err());
    assertTrue(result.err().contains("numbers written as floats"), result.err());
    assertTrue(!Files.exists(out), "nothing is written");

    Path other = temp.resolve("other.tsv");
    Files.writeString(other, "B7\tI10\n");
    Result unrelated = run(args("evaluate", "--dataset", "jsonl:datasets/examples/tiny.jsonl", "--predictions",
        other.toString(), "--system", "icd10cm", "--code-table", writeTable().toString()));
    assertEquals(2, unrelated.exit(), unrelated.err());
    assertTrue(unrelated.err().contains("check that the predictions belong to this dataset and split"), unrelated.err());
  }

  @Test
  void aBadDatasetSpecExitsTwo() {
    Result result = run(args("evaluate", "--dataset", "mimic:somewhere", "--predictions", "x.tsv"));
    assertEquals(2, result.exit());
    assertTrue(result.err().startsWith("error: "), result.err());
  }

  @Test
  void missingDataExitsThreeAndNamesThePullCommand() {
    Result result = run(args("lookup", "N44.8", "--year", "2026", "--no-pull"));
    assertEquals(3, result.exit(), result.err());
    assertTrue(result.err().contains("./medcode data pull icd10cm"), result.err());
  }

  /** ICD-9-CM has one table, v32 (FY2015): a lookup in another year's table is refused, not answered from v32. */
  @Test
  void anIcd9LookupInAYearWithoutAnIcd9TableIsRefusedNamingV32() throws Exception {
    java.nio.file.Path folder = java.nio.file.Files.createDirectories(temp.resolve("data/icd9cm-cms"));
    java.nio.file.Files.writeString(folder.resolve("CMS32_DESC_LONG_DX.txt"), "25000 Diabetes mellitus without mention of complication\n");
    java.nio.file.Files.writeString(folder.resolve("CMS32_DESC_SHORT_DX.txt"), "25000 DMII wo cmp nt st uncntr\n");
    org.medcode.dataset.source.PullRecords.record(temp.resolve("data"), "icd9cm"); // as pulled: not the release's files
    Result in2018 = run(args("lookup", "250.00", "--system", "icd9cm", "--year", "2018", "--no-pull"));
    assertEquals(2, in2018.exit(), in2018.out() + in2018.err());
    assertEquals("", in2018.out());
    assertTrue(in2018.err().contains("ICD-9-CM has one table, v32 (FY2015: the final one, in use from October 2014 until"
        + " September 2015); there is no ICD-9-CM table of FY2018 (ICD-10 replaced ICD-9 in October 2015). Leave the year"
        + " out, or give v32 (or 2015)"), in2018.err());
    Result range = run(args("lookup", "250.00", "--system", "icd9cm", "--year", "2012-2015", "--no-pull"));
    assertEquals(2, range.exit(), range.err());
    assertTrue(range.err().contains("there is no ICD-9-CM table of every year of 2012-2015"), range.err());
    for (String[] year : List.of(new String[0], new String[] {"--year", "2015"}, new String[] {"--year", "v32"})) {
      List<String> command = new ArrayList<>(List.of("lookup", "250.00", "--system", "icd9cm", "--no-pull"));
      command.addAll(List.of(year));
      Result found = run(args(command.toArray(String[]::new)));
      assertEquals(0, found.exit(), found.err());
      assertTrue(found.out().startsWith("table  icd9cm v32 (3 codes, 1 billable)\n250.00 -> 250.00  billable"), found.out());
    }
  }

  /** An unknown code system is named with the known ones, in words, not as a Java conversion failure. */
  @Test
  void anUnknownSystemIsAUsageErrorListingTheKnownOnes() {
    Result unknown = run(args("lookup", "I10", "--system", "icd11", "--no-pull"));
    assertEquals(2, unknown.exit(), unknown.err());
    assertTrue(unknown.err().startsWith("Invalid value for option '--system': unknown code system 'icd11'; expected one of"
        + " [icd10cm, icd10pcs, icd9cm, icd9pcs, cpt, hcpcs]"), unknown.err());
    assertFalse(unknown.err().contains("java.lang"), unknown.err());
  }

  /** Without --year a table of one's own is the table, not a clash with a default year. */
  @Test
  void aLookupInATableOfOnesOwnNeedsNoYear() throws Exception {
    java.nio.file.Path table = java.nio.file.Files.writeString(temp.resolve("mine.csv"), "code,description\nI10,Hypertension\n");
    Result mine = run(args("lookup", "I10", "--code-table", table.toString(), "--no-pull"));
    assertEquals(0, mine.exit(), mine.err());
    assertTrue(mine.out().contains("I10 -> I10  billable  Hypertension"), mine.out());
  }

  @Test
  void aLookupOfACodeWithWhiteSpaceInsideIsRefusedAsFilesRefuseIt() throws Exception {
    // before: 'R50 .9 -> R50.9  billable', while a dataset or predictions file holding it is refused
    java.nio.file.Path table = java.nio.file.Files.writeString(temp.resolve("mine.csv"), "code,description\nR50.9,Fever\n");
    Result spaced = run(args("lookup", " R50.9", "R50 .9", "--code-table", table.toString(), "--no-pull"));
    assertEquals(2, spaced.exit(), spaced.err());
    assertTrue(spaced.err().contains("the code 'R50 .9' holds white space (U+0020) at position 4"), spaced.err());
  }

  @Test
  void aYearAndATableOfOnesOwnTogetherAreAUsageError() throws Exception {
    java.nio.file.Path table = java.nio.file.Files.writeString(temp.resolve("mine.csv"), "code,description\nI10,Hypertension\n");
    Result both = run(args("lookup", "I10", "--year", "2024", "--code-table", table.toString(), "--no-pull"));
    assertEquals(2, both.exit(), both.err());
    assertTrue(both.err().contains("--year 2024 and --code-table " + table + " both name a code table; give one"), both.err());
    Result dictionary = run(args("lookup", "I10", "--year", "dataset", "--no-pull"));
    assertEquals(2, dictionary.exit(), dictionary.err());
    assertTrue(dictionary.err().contains("there is no dataset here; give a year"), dictionary.err());
  }

  /**
   * A dataset of two systems needs the one to score: run's message said "--system icd10cm", an option run does not
   * have (following it: "Unknown options"); it names the config key too now.
   */
  @Test
  void aDatasetOfTwoSystemsNamesHowToChooseOneInEachCommand() throws Exception {
    java.nio.file.Path data = java.nio.file.Files.writeString(temp.resolve("two.jsonl"),
        "{\"id\":\"A1\",\"notes\":[{\"text\":\"x\"}],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"},"
            + "{\"system\":\"cpt\",\"code\":\"99213\"}]}\n");
    java.nio.file.Path predictions = java.nio.file.Files.writeString(temp.resolve("p.tsv"), "A1\t99213\n");
    java.nio.file.Path config = java.nio.file.Files.writeString(temp.resolve("two.yaml"), "name: two\n"
        + "dataset: \"jsonl:" + data + "\"\ncoders: [ { name: replay, file: \"" + predictions + "\" } ]\n"
        + "metrics: { bootstrap: 0 }\n");
    Result run = run(args("run", config.toString(), "--out", temp.resolve("run").toString(), "--no-pull"));
    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().contains("has gold codes of [icd10cm, cpt]; score one system at a time: --system icd10cm (a"
        + " run's config: codeSystem: { system: icd10cm })"), run.err());
    Result evaluate = run(args("evaluate", "--dataset", "jsonl:" + data, "--predictions", predictions.toString(),
        "--out", temp.resolve("ev").toString(), "--no-pull"));
    assertEquals(2, evaluate.exit(), evaluate.err());
    assertTrue(evaluate.err().contains("score one system at a time: --system icd10cm"), evaluate.err());
  }

  /**
   * data audit's closing advice was always "Use --year to check them against another edition": for a CPT table of
   * one's own (no CPT table has a year) and for CPT codes only format-checked, where no code is checked at all.
   */
  @Test
  void anAuditOfCptCodesAdvisesATableNotAYear() throws Exception {
    java.nio.file.Path data = java.nio.file.Files.writeString(temp.resolve("cpt.jsonl"),
        "{\"id\":\"A1\",\"notes\":[],\"codes\":[{\"system\":\"cpt\",\"code\":\"99213\"},"
            + "{\"system\":\"cpt\",\"code\":\"99999\"}]}\n");
    java.nio.file.Path table = java.nio.file.Files.writeString(temp.resolve("cpt.csv"), "code,description\n99213,Visit\n");
    Result mine = run(args("data", "audit", "--dataset", "jsonl:" + data, "--code-table", table.toString(), "--no-pull"));
    assertEquals(0, mine.exit(), mine.err());
    assertTrue(mine.out().contains("99999        not_in_table"), mine.out());
    assertFalse(mine.out().contains("--year"), mine.out());
    assertTrue(mine.out().contains("Give another --code-table to check them against another table."), mine.out());
    Result unchecked = run(args("data", "audit", "--dataset", "jsonl:" + data, "--no-pull"));
    assertEquals(0, unchecked.exit(), unchecked.err());
    assertFalse(unchecked.out().contains("--year"), unchecked.out());
    assertTrue(unchecked.out().contains("only their format is checked: give a table of your own with\n--code-table"),
        unchecked.out());
  }

  /**
   * A code-query dataset built from a table of one's own is scored against that table, as one built from a year's
   * table is against that year's: evaluate scored code-query:cpt?table=FILE against no table (format check only), so a
   * predicted CPT code the table lacks was not counted invalid.
   */
  @Test
  void aCodeQueryDatasetOfATableOfOnesOwnIsScoredAgainstItsTable() throws Exception {
    java.nio.file.Path table = java.nio.file.Files.writeString(temp.resolve("cpt.csv"),
        "code,description\n99213,Office visit\n93000,Electrocardiogram\n");
    java.nio.file.Path predictions = java.nio.file.Files.writeString(temp.resolve("p.tsv"), "99213\t99213\n93000\t85027\n");
    Result evaluate = run(args("evaluate", "--dataset", "code-query:cpt?table=" + table, "--predictions",
        predictions.toString(), "--bootstrap", "0", "--out", temp.resolve("ev").toString(), "--no-pull"));
    assertEquals(0, evaluate.exit(), evaluate.err());
    assertTrue(evaluate.out().contains("code table   cpt "), evaluate.out());
    assertFalse(evaluate.out().contains("format check only"), evaluate.out());
    assertTrue(evaluate.out().contains("1 of 2 predicted codes invalid (50.0%): 0 malformed, 1 not in table"),
        evaluate.out());
  }

  /** CPT and HCPCS have no table of any year here: a year was dropped without a word, even one that is no year. */
  @Test
  void aYearForCptOrHcpcsIsAUsageErrorNotDroppedSilently() throws Exception {
    for (String[] given : new String[][] {{"cpt", "99213", "2024"}, {"hcpcs", "J1100", "banana"}}) {
      Result year = run(args("lookup", given[1], "--system", given[0], "--year", given[2], "--no-pull"));
      assertEquals(2, year.exit(), year.out() + year.err());
      assertTrue(year.err().contains("year " + given[2] + ": medcode has no " + given[0] + " table of any year"),
          year.err());
      assertTrue(year.err().contains("--code-table"), year.err());
    }
    Result none = run(args("lookup", "99213", "--system", "cpt", "--no-pull"));
    assertEquals(0, none.exit(), none.err());
    assertTrue(none.out().contains("99213 -> 99213  unchecked"), none.out());
  }

  @Test
  void unknownOptionIsAUsageError() {
    Result result = run("evaluate", "--no-such-option");
    assertEquals(2, result.exit());
  }

  @Test
  void codersListsBuiltInsWithParameters() {
    Result result = run("coders");
    assertEquals(0, result.exit());
    assertTrue(result.out().contains("frequency"), result.out());
    assertTrue(result.out().contains("k "), result.out());
    assertTrue(result.out().contains("replay"), result.out());
    assertTrue(result.out().contains("file"), result.out());
    assertTrue(result.out().contains("egress: local (admissions stay in this process)"), result.out());
    assertTrue(result.out().contains("egress: sends admissions to https://api.openai.com/v1 (with its default parameters)"),
        result.out());
  }

  @Test
  void dataListShowsEverySourceAndHowToFetchIt() {
    Result result = run(args("data", "list"));
    assertEquals(0, result.exit());
    for (String source : List.of("icd10cm", "icd10pcs", "icd10cm-hierarchy", "icd9cm", "gems", "mimic-iv-demo", "codiesp")) {
      assertTrue(result.out().contains(source), source);
    }
    assertTrue(result.out().contains("./medcode data pull codiesp"), result.out());
  }

  @Test
  void invalidNumericOptionsAreUsageErrors() throws IOException {
    Path predictions = temp.resolve("p.tsv");
    Files.writeString(predictions, "A1\tI10\n");
    for (String[] bad : List.of(new String[] {"--k", "0"}, new String[] {"--confidence", "1.5"}, new String[] {"--bootstrap", "-1"})) {
      Result result = run(args("evaluate", "--dataset", "jsonl:datasets/examples/tiny.jsonl", "--predictions",
          predictions.toString(), "--system", "icd10cm", "--code-table", writeTable().toString(), bad[0], bad[1]));
      assertEquals(2, result.exit(), String.join(" ", bad) + ": " + result.err());
    }
  }

  @Test
  void evaluateNeverOverwritesAnEarlierRunFolder() throws IOException {
    Path predictions = temp.resolve("p.tsv");
    Files.writeString(predictions, "A1\tI10\n");
    String[] args = args("evaluate", "--dataset", "jsonl:datasets/examples/tiny.jsonl", "--predictions", predictions.toString(),
        "--system", "icd10cm", "--code-table", writeTable().toString(), "--bootstrap", "0", "--out", temp.resolve("once").toString());
    assertEquals(0, run(args).exit());
    Result again = run(args);
    assertEquals(2, again.exit());
    assertTrue(again.err().contains("already holds results"), again.err());
    // said before anything is read or scored (on 122,000 admissions it came after 15 s of scoring): a dataset and a
    // predictions file that are not there are not even looked at
    Result first = run(args("evaluate", "--dataset", "jsonl:" + temp.resolve("gone.jsonl"), "--predictions",
        temp.resolve("gone.tsv").toString(), "--out", temp.resolve("once").toString()));
    assertEquals(2, first.exit());
    assertTrue(first.err().contains("already holds results"), first.err());
  }
}
