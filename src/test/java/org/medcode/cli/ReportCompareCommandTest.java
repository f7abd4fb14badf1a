package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report} and {@code compare} as a user meets them (the work itself is tested through the facade). */
class ReportCompareCommandTest {
  @TempDir
  Path temp;

  @Test
  void helpListsReportAndCompare() {
    MedcodeCommandTest.Result result = MedcodeCommandTest.run();
    assertTrue(result.out().contains("report"), result.out());
    assertTrue(result.out().contains("compare"), result.out());
  }

  @Test
  void reportOnAFolderWithoutARunExitsTwo() {
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("report", temp.toString(), "--data-dir", temp.toString());
    assertEquals(2, result.exit(), result.err());
    assertTrue(result.err().contains("is not a run folder"), result.err());
    assertFalse(java.nio.file.Files.exists(temp.resolve("run.lock")), "a folder that is no run folder gets no lock file");
  }

  /**
   * What a run was scored on is said on the console of {@code run} and {@code report} as {@code evaluate} says it: a
   * level the code table cannot score (here blocks, which a table of one's own has none of) and the dataset's own
   * warnings. Both were only in metrics.json and summary.md, so a study run printed its table without them.
   */
  @Test
  void runAndReportSayALevelSkippedOnTheConsoleAsEvaluateDoes() throws Exception {
    Path predictions = Files.writeString(temp.resolve("p.tsv"), "A1\tJ18.9\nA2\tK35.80\nA3\tN39.0\n");
    Path out = temp.resolve("run");
    MedcodeCommandTest.Result run = runTiny("", "{ name: replay, file: " + predictions + " }", "[exact, block]", out);
    assertEquals(0, run.exit(), run.err());
    String skipped = "warning: level block skipped";
    assertTrue(run.err().contains(skipped), run.err());
    assertEquals(1, run.err().split(skipped, -1).length - 1, "said once: " + run.err());
    MedcodeCommandTest.Result report = MedcodeCommandTest.run("report", out.toString(), "--data-dir",
        temp.resolve("data").toString(), "--cache-dir", temp.resolve("cache").toString());
    assertEquals(0, report.exit(), report.err());
    assertTrue(report.err().contains(skipped), report.err());
  }

  /**
   * Admissions with only another system's gold codes (MIMIC-IV's ICD-9 admissions scored as ICD-10) are said on the
   * run's console, with how a run leaves them out: a config key, for run has no --population option.
   */
  @Test
  void runSaysWhichAdmissionsHaveNoGoldOfTheScoredSystemAndHowARunLeavesThemOut() throws Exception {
    Path dataset = Files.writeString(temp.resolve("mixed.jsonl"), "{\"id\": \"A1\", \"notes\": [{\"text\": \"pneumonia\"}],"
        + " \"codes\": [{\"system\": \"icd10cm\", \"code\": \"J18.9\"}]}\n{\"id\": \"A2\", \"notes\": [{\"text\":"
        + " \"hypertension\"}], \"codes\": [{\"system\": \"icd9cm\", \"code\": \"401.9\"}]}\n");
    Path table = Files.writeString(temp.resolve("table.csv"), "code,description\nJ18.9,Pneumonia\nI10,Hypertension\n");
    Path predictions = Files.writeString(temp.resolve("p.tsv"), "A1\tJ18.9\nA2\tI10\n");
    Path config = Files.writeString(temp.resolve("run.yaml"), "name: mixed\ndataset: { spec: \"jsonl:" + dataset + "\" }\n"
        + "codeSystem: { system: icd10cm, table: " + table + " }\ncoders:\n  - { name: replay, file: " + predictions + " }\n"
        + "metrics: { levels: [exact], bootstrap: 0 }\n");
    MedcodeCommandTest.Result run = MedcodeCommandTest.run("run", config.toString(), "--out", temp.resolve("run").toString(),
        "--data-dir", temp.resolve("data").toString(), "--cache-dir", temp.resolve("cache").toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.err().contains("warning: admissions without gold of the scored system: 1 of the 2 scored admissions"),
        run.err());
    assertTrue(run.err().contains("leave them out with --population with-gold (a run's config: metrics: { population:"
        + " with-gold }; or, for MIMIC-IV, icd=10 in the dataset spec)"), run.err());
  }

  /**
   * The training split's warnings (a MIMIC cohort's training sample cut short, admissions without notes) are shown
   * with the run's, naming the split: a coder that learns from a smaller or emptier split than asked is not silent.
   */
  @Test
  void runSaysTheTrainingSplitsWarningsNamingIt() throws Exception {
    Path training = Files.writeString(temp.resolve("train.jsonl"), "{\"id\": \"T1\", \"notes\": [{\"text\": \"pneumonia\"}],"
        + " \"codes\": [{\"system\": \"icd10cm\", \"code\": \"J18.9\"}]}\n{\"id\": \"T2\", \"notes\": [],"
        + " \"codes\": [{\"system\": \"icd10cm\", \"code\": \"I10\"}]}\n");
    Path out = temp.resolve("run");
    MedcodeCommandTest.Result run = runTiny("training: { spec: \"jsonl:" + training + "\" }\n",
        "{ name: frequency, k: 1 }", "[exact]", out);
    assertEquals(0, run.exit(), run.err());
    String warning = "warning: training split jsonl:" + training + ": 1 of 2 admissions has no notes";
    assertTrue(run.err().contains(warning), run.err());
    assertTrue(Files.readString(out.resolve("summary.md")).contains("1 of 2 admissions has no notes"),
        "recorded with the run's warnings");
  }

  /**
   * Runs one coder ({@code coder}, a YAML map) on datasets/examples/tiny.jsonl against a small user table, without
   * resamples, at {@code levels}, into {@code out}; {@code extra} adds config lines (e.g. a training split).
   */
  private MedcodeCommandTest.Result runTiny(String extra, String coder, String levels, Path out) throws Exception {
    Path table = Files.writeString(temp.resolve("table.csv"), "code,description\nJ18.9,Pneumonia\nE11.9,Type 2 diabetes\n"
        + "I10,Hypertension\nK35.80,Appendicitis\nN39.0,UTI\nB96.20,E. coli\n");
    Path config = Files.writeString(temp.resolve("run.yaml"), "name: tiny\n"
        + "dataset: { spec: \"jsonl:" + Path.of("datasets/examples/tiny.jsonl").toAbsolutePath() + "\" }\n" + extra
        + "codeSystem: { system: icd10cm, table: " + table + " }\n"
        + "coders:\n  - " + coder + "\nmetrics: { levels: " + levels + ", bootstrap: 0 }\n");
    return MedcodeCommandTest.run("run", config.toString(), "--out", out.toString(),
        "--data-dir", temp.resolve("data").toString(), "--cache-dir", temp.resolve("cache").toString());
  }

  @Test
  void compareNeedsTwoRunsNonNegativePermutationsAndAConfidenceBelowOne() {
    MedcodeCommandTest.Result one = MedcodeCommandTest.run("compare", temp.toString());
    assertEquals(2, one.exit(), one.err());
    assertTrue(one.err().contains("RUN_B"), one.err());
    MedcodeCommandTest.Result negative = MedcodeCommandTest.run("compare", temp.toString(), temp.toString(),
        "--permutations", "-1");
    assertEquals(2, negative.exit(), negative.err());
    assertTrue(negative.err().contains("--permutations must be >= 0"), negative.err());
    MedcodeCommandTest.Result percent = MedcodeCommandTest.run("compare", temp.toString(), temp.toString(),
        "--confidence", "95");
    assertEquals(2, percent.exit(), percent.err());
    assertTrue(percent.err().contains("--confidence must be in (0, 1), e.g. 0.95; got 95.0"), percent.err());
  }
}
