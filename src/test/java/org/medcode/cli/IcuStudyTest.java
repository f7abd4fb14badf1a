package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.load.Datasets;
import org.medcode.dataset.mimic.MimicFixture;

/**
 * The GPT-4.1 ICU study (configs/studies/gpt41-mimic4-icu.yaml) end to end on the MIMIC-IV demo's coding tables with
 * synthetic ICU stays and discharge notes, against a local stub standing in for the model: of each admission's gold
 * codes it names every third one exactly and the category of the next, and adds one invented code. The run is
 * credentialed (MIMIC) and the stub is on this machine (allowed); the code table is MIMIC's own dictionary, which the
 * manifest and every report name; the printed table has the published ranges, this run's values and intervals, and the
 * category − exact gap with its paired interval.
 */
class IcuStudyTest {
  private static final Path MIRROR = TestData.require("mimic-iv-demo/hosp/d_icd_diagnoses.csv.gz", "icd10cm-hierarchy");
  private static final Pattern ADMISSION = Pattern.compile("of admission (\\d+)");

  @TempDir
  Path temp;

  @org.junit.jupiter.api.AfterEach
  void unlink() throws java.io.IOException {
    CodeQueryStudyTest.unlinkRoot(temp);
  }

  @Test
  void theIcuStudyPrintsPublishedVersusThisRunWithTheGapAndItsInterval() throws Exception {
    Path mimic = MimicFixture.write(temp.resolve("mimic"));
    Files.createLink(mimic.resolve("hosp/d_icd_diagnoses.csv.gz"), MIRROR.resolve("mimic-iv-demo/hosp/d_icd_diagnoses.csv.gz"));
    Path root = CodeQueryStudyTest.linkedRoot(temp, MIRROR, "icd10cm-hierarchy");
    String spec = "mimic-iv:" + mimic + "?icd=10&codes=diagnoses&icu=true&note=discharge&sample=1000&seed=20261127";
    Dataset dataset = Datasets.load(DatasetSpec.parse(spec), root);
    assertTrue(dataset.credentialed());
    Map<String, String> answers = new HashMap<>();
    for (Admission admission : dataset.admissions()) {
      List<String> codes = new ArrayList<>();
      List<GoldCode> gold = admission.codes();
      for (int j = 0; j < gold.size(); j++) {
        String code = gold.get(j).code();
        if (j % 3 == 0) {
          codes.add("\"" + code + "\"");
        } else if (j % 3 == 1) {
          codes.add("\"" + code.substring(0, 3) + "\"");
        }
      }
      codes.add("\"Q99.9ZZ\"");
      answers.put(admission.id(), "{\"codes\": [" + String.join(", ", codes) + "]}");
    }

    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> {
      Matcher m = ADMISSION.matcher(prompt);
      return ChatStub.answer(m.find() ? answers.getOrDefault(m.group(1), "{\"codes\": []}") : "{\"codes\": []}");
    })) {
      Path out = temp.resolve("run");
      MedcodeCommandTest.Result result = MedcodeCommandTest.run("run", "configs/studies/gpt41-mimic4-icu.yaml",
          "--set", "dataset.spec=" + spec, "--set", "coders.0.provider=openai-compatible",
          "--set", "coders.0.baseUrl=" + stub.baseUrl(), "--set", "metrics.bootstrap=300",
          "--out", out.toString(), "--data-dir", root.toString(), "--no-pull");
      assertEquals(0, result.exit(), result.err() + result.out());
      assertEquals(dataset.admissions().size(), stub.requestCount());

      JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
      assertEquals("mimic-iv d_icd_diagnoses (ICD-10)", manifest.get("code_table").get("version").asText());
      assertTrue(manifest.get("dataset").get("credentialed").asBoolean());
      String table = manifest.get("code_table").get("description").asText();
      assertTrue(table.contains("the dataset's own dictionary"), table);

      Map<String, CSVRecord> rows = new HashMap<>();
      try (Reader reader = Files.newBufferedReader(out.resolve("study.csv"))) {
        for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
          rows.put(row.get("figure"), row);
          assertEquals(table, row.get("code_table"));
        }
      }
      JsonNode metrics = new ObjectMapper().readTree(out.resolve("llm/metrics.json").toFile()).get("levels");
      double exact = metrics.get("exact").get("metrics").get("micro").get("recall").get("value").asDouble();
      double category = metrics.get("category").get("metrics").get("micro").get("recall").get("value").asDouble();
      assertEquals(exact, Double.parseDouble(rows.get("exact.micro.recall").get("value")));
      assertEquals("18-21%", rows.get("exact.micro.recall").get("published"));
      assertEquals("33-34%", rows.get("category.micro.recall").get("published"));
      CSVRecord gap = rows.get("recall_gap.category-exact");
      assertEquals(category - exact, Double.parseDouble(gap.get("value")));
      double low = Double.parseDouble(gap.get("ci_low"));
      double high = Double.parseDouble(gap.get("ci_high"));
      assertTrue(low < category - exact && category - exact < high, gap.toString());
      assertEquals("0.12", gap.get("published_low"));
      assertEquals("0.16", gap.get("published_high"));
      assertEquals(0.12 <= high && 0.16 >= low ? "yes" : "no", gap.get("inside"));
      assertTrue(Double.parseDouble(rows.get("invalid_rate").get("value")) > 0, "the invented code is invalid");

      String printed = result.out();
      assertTrue(printed.contains("study        GPT-4.1 codes MIMIC-IV ICU admissions: exact-code vs category recall"), printed);
      assertTrue(printed.contains("code table   icd10cm mimic-iv d_icd_diagnoses (ICD-10) (the dataset's own dictionary"),
          printed);
      assertTrue(printed.contains("category - exact recall gap (recall_gap.category-exact)"), printed);
      assertTrue(printed.contains(String.format(java.util.Locale.ROOT, "[%.3f, %.3f]", low, high)), printed);
      assertTrue(printed.contains("18-21%") && printed.contains("33-34%") && printed.contains("12-16%"), printed);
      assertTrue(Files.readString(out.resolve("report.html")).contains("mimic-iv d_icd_diagnoses (ICD-10)"));
      assertTrue(Files.readString(out.resolve("summary.md")).contains("| llm | category - exact recall gap"));

      // run --json gave every coder's numbers and nothing of the study's table
      MedcodeCommandTest.Result json = MedcodeCommandTest.run("run", "configs/studies/gpt41-mimic4-icu.yaml",
          "--set", "dataset.spec=" + spec, "--set", "coders.0.provider=openai-compatible",
          "--set", "coders.0.baseUrl=" + stub.baseUrl(), "--set", "metrics.bootstrap=300",
          "--out", temp.resolve("run-json").toString(), "--data-dir", root.toString(), "--no-pull", "--json");
      assertEquals(0, json.exit(), json.err());
      JsonNode study = new ObjectMapper().readTree(json.out()).get("study");
      assertEquals("gpt41-mimic4-icu", study.get("name").asText(), study.toString());
      assertEquals(dataset.admissions().size(), study.get("admissions").asInt());
      assertEquals(rows.size(), study.get("rows").size());
      for (JsonNode row : study.get("rows")) {
        CSVRecord csv = rows.get(row.get("figure").asText());
        assertEquals(csv.get("inside"), row.get("inside").asText(), row.toString());
        assertEquals(csv.get("published"), row.get("published").isNull() ? "" : row.get("published").asText());
        assertEquals(csv.get("value").isEmpty() ? null : Double.valueOf(csv.get("value")),
            row.get("value").isNull() ? null : row.get("value").asDouble(), row.toString());
      }
    }
  }
  /**
   * The study file's comment tells how to run it against a model served on this machine; taken as written (with a
   * model name for NAME), the run was refused (exit 2): the study's maxCost cannot be held for a model without a price.
   */
  @Test
  void theLocalModelSetsOfTheStudyFilesCommentLetTheRunStart() throws Exception {
    Path mimic = MimicFixture.write(temp.resolve("mimic"));
    Files.createLink(mimic.resolve("hosp/d_icd_diagnoses.csv.gz"), MIRROR.resolve("mimic-iv-demo/hosp/d_icd_diagnoses.csv.gz"));
    Path root = CodeQueryStudyTest.linkedRoot(temp, MIRROR, "icd10cm-hierarchy");
    String comments = String.join(" ", Files.readAllLines(Path.of("configs/studies/gpt41-mimic4-icu.yaml")).stream()
        .filter(line -> line.startsWith("#")).map(line -> line.substring(1).strip()).toList());
    String local = comments.substring(comments.indexOf("A model served on this machine"));
    local = local.substring(0, local.indexOf("=NAME") + "=NAME".length());
    List<String> args = new ArrayList<>(List.of("run", "configs/studies/gpt41-mimic4-icu.yaml", "--dry-run", "--set",
        "dataset.spec=mimic-iv:" + mimic + "?icd=10&codes=diagnoses&icu=true&note=discharge&sample=1000&seed=20261127",
        "--data-dir", root.toString(), "--no-pull"));
    Matcher set = Pattern.compile("--set (\\S+)").matcher(local);
    while (set.find()) {
      args.add("--set");
      args.add(set.group(1).replace("=NAME", "=llama-3.1-8b-instruct"));
    }
    assertTrue(args.contains("coders.0.model=llama-3.1-8b-instruct"), args.toString());
    MedcodeCommandTest.Result result = MedcodeCommandTest.run(args.toArray(String[]::new));
    assertEquals(0, result.exit(), result.err() + result.out());
    assertTrue(result.out().contains("the run may start"), result.out());
  }
}
