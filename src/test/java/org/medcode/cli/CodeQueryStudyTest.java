package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TestData;
import org.medcode.coder.llm.ChatStub;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.load.Datasets;

/**
 * The code-querying study (configs/studies/soroush2024-code-query-icd10cm.yaml) end to end against a local stub that
 * reads each description and answers, by the code's position in the dataset: the code itself (4 in 10), its parent
 * (2 in 10), a billable sibling (2 in 10) or an invented code (2 in 10; also whenever a code has no parent or sibling).
 * The reported exact-match rate, category-match rate and shares of wrong answers by kind equal the script's, exactly.
 */
class CodeQueryStudyTest {
  private static final Path MIRROR = TestData.require("icd10cm-cms", "icd10cm-hierarchy",
      "mimic-iv-demo/hosp/diagnoses_icd.csv.gz");
  private static final String SPEC = "code-query:icd10cm?year=2026&weights=data:mimic-iv-demo/hosp/diagnoses_icd.csv.gz"
      + "&sample=200&seed=20261127";
  private static final Pattern DESCRIPTION = Pattern.compile("Description:\n\"\"\"\n(.*)\n\"\"\"", Pattern.DOTALL);

  @TempDir
  Path temp;

  @org.junit.jupiter.api.AfterEach
  void unlink() throws java.io.IOException {
    CodeQueryStudyTest.unlinkRoot(temp);
  }

  /** What the stub answers for one code and why. */
  private enum Answer { CORRECT, PARENT, SIBLING, INVENTED }

  /** A data root of links to the public data (so nothing is written into the mirror). */
  static Path linkedRoot(Path temp, Path mirror, String... folders) throws java.io.IOException {
    Path root = Files.createDirectories(temp.resolve("data"));
    for (String folder : folders) {
      Files.createSymbolicLink(root.resolve(folder), mirror.resolve(folder).toAbsolutePath());
    }
    return root;
  }

  /** Removes the links of {@link #linkedRoot} (their targets stay). */
  static void unlinkRoot(Path temp) throws java.io.IOException {
    Path root = temp.resolve("data");
    if (Files.isDirectory(root)) {
      try (var entries = Files.list(root)) {
        for (Path entry : entries.toList()) {
          if (Files.isSymbolicLink(entry)) {
            Files.delete(entry);
          }
        }
      }
    }
  }

  @Test
  void theReportedRatesAreExactlyWhatTheStubWasScriptedToDo() throws Exception {
    Path root = linkedRoot(temp, MIRROR, "icd10cm-cms", "icd10cm-hierarchy", "mimic-iv-demo");
    CodeTable table = CodeTables.load(root, CodeSystemId.ICD10CM, "2026");
    Dataset dataset = Datasets.load(DatasetSpec.parse(SPEC), root);
    assertEquals(200, dataset.admissions().size());
    Map<String, String> reply = new HashMap<>();
    Map<Answer, Integer> scripted = new java.util.EnumMap<>(Answer.class);
    for (int i = 0; i < dataset.admissions().size(); i++) {
      Admission admission = dataset.admissions().get(i);
      String code = admission.codes().get(0).code();
      assertEquals(CodeStatus.BILLABLE, table.status(code));
      Answer answer = switch (i % 10) {
        case 0, 1, 2, 3 -> Answer.CORRECT;
        case 4, 5 -> parent(table, code) != null ? Answer.PARENT : Answer.INVENTED;
        case 6, 7 -> sibling(table, code) != null ? Answer.SIBLING : Answer.INVENTED;
        default -> Answer.INVENTED;
      };
      String answered = switch (answer) {
        case CORRECT -> code;
        case PARENT -> parent(table, code);
        case SIBLING -> sibling(table, code);
        case INVENTED -> invented(table, code);
      };
      String description = admission.notes().get(0).text();
      assertEquals(null, reply.put(description, table.system().display(answered)), "descriptions are unique: " + description);
      scripted.merge(answer, 1, Integer::sum);
    }
    assertTrue(scripted.get(Answer.PARENT) > 20 && scripted.get(Answer.SIBLING) > 20, scripted.toString());

    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> {
      Matcher m = DESCRIPTION.matcher(prompt);
      return ChatStub.answer("{\"codes\": [\"" + (m.find() ? reply.getOrDefault(m.group(1), "NONE") : "NONE") + "\"]}");
    })) {
      Path out = temp.resolve("run");
      MedcodeCommandTest.Result result = MedcodeCommandTest.run("run", "configs/studies/soroush2024-code-query-icd10cm.yaml",
          "--set", "dataset.spec=" + SPEC, "--set", "coders.0.provider=openai-compatible",
          "--set", "coders.0.baseUrl=" + stub.baseUrl(), "--set", "metrics.bootstrap=200",
          "--out", out.toString(), "--data-dir", root.toString(), "--no-pull");
      assertEquals(0, result.exit(), result.err() + result.out());
      assertEquals(200, stub.requestCount());

      double n = 200;
      double wrong = n - scripted.get(Answer.CORRECT);
      Map<String, Double> expected = new HashMap<>();
      expected.put("exact.per-admission.exact_match", scripted.get(Answer.CORRECT) / n);
      expected.put("category.per-admission.exact_match", 1.0); // parent, sibling and invented all keep the category
      expected.put("exact.micro.recall", scripted.get(Answer.CORRECT) / n);
      expected.put("wrong.under_specified", scripted.get(Answer.PARENT) / wrong);
      expected.put("wrong.sibling", scripted.get(Answer.SIBLING) / wrong);
      expected.put("wrong.invalid", scripted.get(Answer.INVENTED) / wrong);
      expected.put("wrong.over_specified", 0.0);
      expected.put("wrong.same_chapter", 0.0);
      expected.put("wrong.wrong_chapter", 0.0);
      expected.put("wrong.header", 0.0);
      expected.put("invalid_rate", scripted.get(Answer.INVENTED) / n);
      expected.put("no_answer_rate", 0.0);
      Map<String, CSVRecord> rows = new HashMap<>();
      try (Reader reader = Files.newBufferedReader(out.resolve("study.csv"))) {
        for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
          rows.put(row.get("figure"), row);
        }
      }
      assertEquals(expected.keySet(), rows.keySet());
      for (Map.Entry<String, Double> figure : expected.entrySet()) {
        CSVRecord row = rows.get(figure.getKey());
        assertEquals(figure.getValue(), Double.parseDouble(row.get("value")), figure.getKey());
        assertTrue(Double.parseDouble(row.get("ci_low")) <= figure.getValue()
            && figure.getValue() <= Double.parseDouble(row.get("ci_high")), row.toString());
      }
      CSVRecord exact = rows.get("exact.per-admission.exact_match");
      assertEquals("33.9%", exact.get("published"));
      assertEquals("0.339", exact.get("published_low"));
      assertEquals(0.339 >= Double.parseDouble(exact.get("ci_low")) && 0.339 <= Double.parseDouble(exact.get("ci_high"))
          ? "yes" : "no", exact.get("inside"));
      assertTrue(exact.get("code_table").startsWith("icd10cm FY2026 (the dataset's own dictionary") || exact.get("code_table")
          .startsWith("icd10cm FY2026 ("), exact.get("code_table"));

      // printed: the published-vs-run table
      assertTrue(result.out().contains("study        Code querying, ICD-10-CM (Soroush et al., NEJM AI 2024)"), result.out());
      assertTrue(result.out().contains("exact match (exact.per-admission.exact_match)"), result.out());
      assertTrue(result.out().contains("33.9%"), result.out());
      // the answers came from the stub's model, not GPT-4: the table says the published figures are another model's
      assertTrue(result.out().contains("note: coder llm ran stub-model (asked for gpt-4), not the study's model gpt-4: the"
          + " published figures are gpt-4's, so inside says whether this other model's interval holds them, not whether"
          + " the study was reproduced"), result.out());
      // every report names the study and the table
      assertTrue(Files.readString(out.resolve("report.html")).contains("Published study: Code querying, ICD-10-CM"));
      assertTrue(Files.readString(out.resolve("summary.md")).contains("### Published study: Code querying, ICD-10-CM"));
      assertEquals("FY2026", new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("code_table")
          .get("version").asText());

      // report rebuilds the study from the stored predictions, to the same numbers
      String before = Files.readString(out.resolve("study.csv"));
      Files.delete(out.resolve("study.csv"));
      MedcodeCommandTest.Result report = MedcodeCommandTest.run("report", out.toString(), "--data-dir", root.toString(),
          "--no-pull");
      assertEquals(0, report.exit(), report.err());
      assertEquals(before, Files.readString(out.resolve("study.csv")));
    }
  }

  @Test
  void aCoderWithoutItsKeyIsNotMeasuredRatherThanScoredZero() throws Exception {
    Path root = linkedRoot(temp, MIRROR, "icd10cm-cms", "icd10cm-hierarchy", "mimic-iv-demo");
    Path out = temp.resolve("run");
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("run", "configs/studies/soroush2024-code-query-icd10cm.yaml",
        "--set", "dataset.spec=" + SPEC, "--set", "coders.0.apiKeyEnv=MEDCODE_TEST_KEY_NOBODY_SETS",
        "--set", "metrics.bootstrap=50", "--out", out.toString(), "--data-dir", root.toString(), "--no-pull");
    assertEquals(3, result.exit(), result.err() + result.out());
    assertTrue(result.out().contains("llm            not measured: unavailable: no API key in MEDCODE_TEST_KEY_NOBODY_SETS"),
        result.out());
    List<CSVRecord> study = records(out.resolve("study.csv"));
    assertEquals(12, study.size());
    for (CSVRecord row : study) {
      assertEquals(List.of("", "", "", "not measured"), List.of(row.get("value"), row.get("ci_low"), row.get("ci_high"),
          row.get("inside")), row.toString());
    }
    for (CSVRecord row : records(out.resolve("summary.csv"))) {
      assertEquals("", row.get("value"), row.toString());
    }
    assertTrue(result.out().contains("exact match (exact.per-admission.exact_match)               33.9%          -         -"
        + "                  not measured"), result.out());

    // report rebuilds the same from the stored run (the reason comes from the manifest); table shows no number
    String before = Files.readString(out.resolve("study.csv"));
    MedcodeCommandTest.Result report = MedcodeCommandTest.run("report", out.toString(), "--data-dir", root.toString(),
        "--no-pull");
    assertTrue(report.out().contains("llm            not measured: unavailable: no API key in MEDCODE_TEST_KEY_NOBODY_SETS"),
        report.out() + report.err());
    assertEquals(before, Files.readString(out.resolve("study.csv")));
    // and prints the study's table as run did (it wrote study.csv and said nothing of it)
    assertTrue(report.out().contains("study        Code querying, ICD-10-CM (Soroush et al., NEJM AI 2024)"), report.out());
    assertTrue(report.out().contains("exact match (exact.per-admission.exact_match)               33.9%          -         -"
        + "                  not measured"), report.out());
    MedcodeCommandTest.Result table = MedcodeCommandTest.run("table", out.toString());
    assertEquals(0, table.exit(), table.err());
    assertTrue(table.out().lines().anyMatch(l -> l.matches("llm\\s+-\\s+-")), table.out());
  }

  @Test
  void failedAdmissionsAreNamedUnderTheStudyTable() throws Exception {
    // A server error on one description in ten was scored as a miss and the table judged 'inside' on that, with no
    // word under it that a tenth of the answers were the server's, not the model's.
    Path root = linkedRoot(temp, MIRROR, "icd10cm-cms", "icd10cm-hierarchy", "mimic-iv-demo");
    Dataset dataset = Datasets.load(DatasetSpec.parse(SPEC), root);
    java.util.Set<String> failing = new java.util.HashSet<>();
    for (int i = 0; i < dataset.admissions().size(); i += 10) {
      failing.add(dataset.admissions().get(i).notes().get(0).text());
    }
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> {
      Matcher m = DESCRIPTION.matcher(prompt);
      return m.find() && failing.contains(m.group(1)) ? ChatStub.status(500, Map.of())
          : ChatStub.answer("{\"codes\": [\"I10\"]}");
    })) {
      Path out = temp.resolve("run");
      MedcodeCommandTest.Result result = MedcodeCommandTest.run("run", "configs/studies/soroush2024-code-query-icd10cm.yaml",
          "--set", "dataset.spec=" + SPEC, "--set", "coders.0.provider=openai-compatible",
          "--set", "coders.0.baseUrl=" + stub.baseUrl(), "--set", "coders.0.maxRetries=0", "--set", "coders.0.cache=false",
          "--set", "metrics.bootstrap=50", "--out", out.toString(), "--data-dir", root.toString(), "--no-pull");
      assertEquals(0, result.exit(), result.err() + result.out());
      String note = "coder llm failed on 20 of 200 admissions (server_error 20): each is scored as an answer without a"
          + " code, so its figures count these failures as the model's misses (they are in no_answer_rate); ask again"
          + " with ./medcode run --resume RUN_DIR --retry-failed";
      assertTrue(result.out().contains("note: " + note), result.out());
      String summary = Files.readString(out.resolve("summary.md"));
      assertTrue(summary.contains("coder llm failed on 20 of 200 admissions (server\\_error 20)"), summary);
    }
  }

  @Test
  void aStudyRunKilledBeforeItStartedCanBeStartedAgainInItsFolder() throws Exception {
    // Killed while loading its data, a study run leaves study.yaml (and run.lock) but no manifest. Starting it again
    // with the same --out said "already holds a run; continue it with --resume", and --resume said "not a run
    // folder ... start it again with ./medcode run CONFIG --out": neither could be done.
    Path root = linkedRoot(temp, MIRROR, "icd10cm-cms", "icd10cm-hierarchy", "mimic-iv-demo");
    Path out = Files.createDirectories(temp.resolve("run"));
    Files.writeString(out.resolve("study.yaml"), "title: left by a killed run\n");
    Files.writeString(out.resolve("run.lock"), "");
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("run", "configs/studies/soroush2024-code-query-icd10cm.yaml",
        "--set", "dataset.spec=" + SPEC, "--set", "coders.0.apiKeyEnv=MEDCODE_TEST_KEY_NOBODY_SETS",
        "--set", "metrics.bootstrap=50", "--out", out.toString(), "--data-dir", root.toString(), "--no-pull");
    assertEquals(3, result.exit(), result.err() + result.out()); // it ran: the coder has no key, so it is not measured
    assertTrue(Files.exists(out.resolve("manifest.json")), result.err());
    assertTrue(Files.readString(out.resolve("study.yaml")).contains("Code querying, ICD-10-CM"), "this study's file");
    assertEquals(12, records(out.resolve("study.csv")).size());
  }

  @Test
  void aStudyFileDryRunsLikeAnyConfig() throws Exception {
    Path root = linkedRoot(temp, MIRROR, "icd10cm-cms", "icd10cm-hierarchy", "mimic-iv-demo");
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("run", "configs/studies/soroush2024-code-query-icd10cm.yaml",
        "--dry-run", "--set", "dataset.spec=" + SPEC, "--set", "coders.0.apiKeyEnv=MEDCODE_TEST_KEY_NOBODY_SETS",
        "--data-dir", root.toString(), "--no-pull");
    assertEquals(0, result.exit(), result.err() + result.out());
    assertTrue(result.out().startsWith("dry run      nothing was sent, spent or written"), result.out());
    assertTrue(result.out().contains("(200 admissions)"), result.out());
  }

  /**
   * The README's figure for the ICD-10-CM study at the price it suggests (prompt tokens in all, the most it costs) is
   * what the dry run it names prints: it had stayed at 63,000 tokens and 3.81 USD once each request also counted the
   * answer's schema (82,986 and 4.41), and again once GPT-4 was asked for no schema (62,986 and 3.81).
   */
  @Test
  void theReadmesDryRunFiguresAreTheDryRunsOutput() throws Exception {
    Path root = linkedRoot(temp, MIRROR, "icd10cm-cms", "icd10cm-hierarchy", "mimic-iv-demo");
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("run", "configs/studies/soroush2024-code-query-icd10cm.yaml",
        "--dry-run", "--max-cost", "5", "--set", "coders.0.price={input: 30, output: 60}",
        "--set", "coders.0.apiKeyEnv=MEDCODE_TEST_KEY_NOBODY_SETS", "--data-dir", root.toString(), "--no-pull");
    assertEquals(0, result.exit(), result.err() + result.out());
    Matcher tokens = Pattern.compile("input tokens +([0-9,]+) to send").matcher(result.out());
    Matcher most = Pattern.compile("at most ([0-9.]+) USD online").matcher(result.out());
    assertTrue(tokens.find() && most.find(), result.out());
    String readme = Files.readString(Path.of("README.md")).replaceAll("\\s+", " ");
    String figure = String.format(java.util.Locale.ROOT, "%.2f", Double.parseDouble(most.group(1)));
    assertTrue(readme.contains("500 prompts of about " + Math.round(Integer.parseInt(tokens.group(1).replace(",", "")) / 500.0)
        + " tokens (" + tokens.group(1) + " in all") && readme.contains("cost at most " + figure + " USD at those prices"),
        "README, the code-querying study: the dry run now prints " + tokens.group(1) + " tokens and at most " + figure + " USD");
  }

  /** The dry run says what the dataset says (here: fewer codes than the sample asks for), as the run itself does. */
  @Test
  void aDryRunShowsTheDatasetsWarnings() throws Exception {
    Path table = Files.writeString(temp.resolve("cpt.csv"), "code,description\n99213,Office visit\n93000,Electrocardiogram\n"
        + "85025,Blood count\n");
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("run", "configs/studies/soroush2024-code-query-cpt.yaml",
        "--dry-run", "--set", "dataset.spec=code-query:cpt?table=" + table + "&sample=500&seed=1",
        "--set", "coders.0.apiKeyEnv=MEDCODE_TEST_KEY_NOBODY_SETS", "--data-dir", temp.resolve("data").toString(), "--no-pull");
    assertEquals(0, result.exit(), result.err() + result.out());
    assertTrue(result.out().contains("(3 admissions)\nwarning      sample=500 asked for more codes than the population has: 3"
        + " kept\n"), result.out());
  }

  @Test
  void aStudyDryRunChecksWhatOnlyTheUserCanProvide() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("MIMIC_IV_DIR") == null, "MIMIC_IV_DIR is set here");
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("run", "configs/studies/gpt41-mimic4-icu.yaml", "--dry-run",
        "--no-pull");
    assertEquals(3, result.exit(), result.err() + result.out());
    assertTrue(result.err().contains("needs what only you can provide") && result.err().contains("set MIMIC_IV_DIR"),
        result.err());
  }

  private static List<CSVRecord> records(Path file) throws java.io.IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
    }
  }

  /** The nearest ancestor of a code that the table has (a header or a billable category), or null. */
  static String parent(CodeTable table, String code) {
    for (int length = code.length() - 1; length >= 3; length--) {
      if (table.entry(code.substring(0, length)).isPresent()) {
        return code.substring(0, length);
      }
    }
    return null;
  }

  /** Another billable code of the same category that is neither an ancestor nor a descendant of the code, or null. */
  static String sibling(CodeTable table, String code) {
    List<String> candidates = new ArrayList<>();
    for (CodeEntry entry : table.entries().values()) {
      String other = entry.code();
      if (entry.billable() && other.startsWith(code.substring(0, 3)) && !other.startsWith(code) && !code.startsWith(other)) {
        candidates.add(other);
      }
    }
    return candidates.isEmpty() ? null : candidates.stream().sorted().findFirst().orElseThrow();
  }

  /** A well-formed code of the same category that the table does not have. */
  static String invented(CodeTable table, String code) {
    for (String suffix : new String[] {"9", "Z", "Y", "X"}) {
      for (String candidate : new String[] {code + suffix, code.substring(0, code.length() - 1) + suffix}) {
        if (!candidate.equals(code) && table.system().isWellFormed(candidate) && table.status(candidate) == CodeStatus.NOT_IN_TABLE) {
          return candidate;
        }
      }
    }
    throw new AssertionError("no invented code for " + code);
  }
}
