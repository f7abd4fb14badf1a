package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TinyData;

/**
 * {@code --json} on {@code evaluate}, {@code run}, {@code compare} and {@code gate}: stdout is exactly one JSON document
 * a script can parse, with the numbers the files hold; the console table goes to stderr. Tiny data as in
 * {@link GateCommandTest}: frequency coders predicting the top 1 (I10) or top 3 (I10, E11.9, N39.0) training codes.
 */
class JsonOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  Path config;

  @BeforeEach
  void data() throws IOException {
    config = TinyData.write(temp, GateCommandTest.GOLD, 1, i -> "note", "[ { name: frequency, id: top, k: 3 } ]", 50);
  }

  private MedcodeCommandTest.Result medcode(String... args) {
    return GateCommandTest.medcode(temp, args);
  }

  /** Stdout parsed as one JSON document (Jackson refuses trailing content, so nothing else may be printed there). */
  private static JsonNode document(MedcodeCommandTest.Result result) throws IOException {
    return JSON.readerFor(JsonNode.class).with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .readValue(result.out());
  }

  private static double micro(JsonNode metricsJson, String level, String metric) {
    return metricsJson.get("levels").get(level).get("metrics").get("micro").get(metric).get("value").asDouble();
  }

  @Test
  void runPrintsOneDocumentWithEveryCoderAndTheTableOnStderr() throws IOException {
    MedcodeCommandTest.Result result = medcode("run", config.toString(), "--out", temp.resolve("top3").toString(), "--json");
    assertEquals(0, result.exit(), result.err());
    JsonNode doc = document(result);
    assertEquals("run", doc.get("command").asText());
    assertEquals(temp.resolve("top3").toString(), doc.get("folder").asText());
    assertTrue(doc.get("complete").asBoolean());
    assertTrue(doc.get("gate").isNull());
    assertTrue(doc.get("study").isNull(), "not a study file's run");
    JsonNode top = doc.get("coders").get("top");
    assertEquals(10, top.get("admissions").asInt());
    assertEquals(10, top.get("answered").asInt());
    assertEquals(0, top.get("failed").asInt());
    assertEquals(0, top.get("never_coded").asInt());
    assertTrue(top.get("not_measured").isNull());
    // 12 of the 15 gold codes are I10, E11.9 or N39.0; 30 codes predicted
    assertEquals(0.8, micro(top.get("result"), "exact", "recall"), 1e-12);
    assertEquals(0.4, micro(top.get("result"), "exact", "precision"), 1e-12);
    assertEquals(JSON.readTree(temp.resolve("top3/top/metrics.json").toFile()), top.get("result"),
        "the coder's result is its metrics.json");
    assertTrue(result.err().contains("results      " + temp.resolve("top3")), result.err());
    assertTrue(result.err().contains("top"), result.err());
  }

  @Test
  void failuresByKindAndIncompleteRunsAreInTheDocument() throws IOException {
    MedcodeCommandTest.Result result = medcode("run", config.toString(), "--out", temp.resolve("failing").toString(),
        "--set", "coders=[{name: scripted, failEvery: 4}]", "--json");
    JsonNode scripted = document(result).get("coders").get("scripted");
    assertEquals(4, scripted.get("failed").asInt(), result.out());
    int byKind = 0;
    for (JsonNode count : scripted.get("failures_by_kind")) {
      byKind += count.asInt();
    }
    assertEquals(4, byKind, result.out());

    MedcodeCommandTest.Result stopped = medcode("run", config.toString(), "--out", temp.resolve("stopped").toString(),
        "--set", "coders=[{name: scripted, cost: 0.1}]", "--set", "maxCost=0.25", "--json");
    assertEquals(3, stopped.exit(), stopped.err());
    JsonNode doc = document(stopped);
    assertEquals(false, doc.get("complete").asBoolean());
    assertTrue(doc.get("problems").size() > 0, stopped.out());

    // a coder that failed on every admission measured nothing: the run is incomplete (exit 3), however few admissions
    MedcodeCommandTest.Result allFailed = medcode("run", config.toString(), "--out", temp.resolve("all-failed").toString(),
        "--set", "coders=[{name: scripted, failEvery: 1}]", "--json");
    assertEquals(3, allFailed.exit(), allFailed.err());
    JsonNode failedDoc = document(allFailed);
    assertEquals(false, failedDoc.get("complete").asBoolean());
    assertTrue(failedDoc.get("problems").toString().contains("coder scripted failed on every admission"), allFailed.out());
    assertTrue(allFailed.err().contains("--retry-failed"), allFailed.err());
    assertEquals("incomplete", JSON.readTree(temp.resolve("all-failed/manifest.json").toFile()).get("status").asText());
  }

  @Test
  void evaluatePrintsTheMetricsJsonOfItsFolder() throws IOException {
    assertEquals(0, medcode("run", config.toString(), "--out", temp.resolve("top3").toString()).exit());
    Path out = temp.resolve("evaluated");
    MedcodeCommandTest.Result result = medcode("evaluate", "--dataset", "jsonl:" + temp.resolve("dev.jsonl"),
        "--predictions", temp.resolve("top3/top/predictions.jsonl").toString(), "--code-table",
        temp.resolve("t.csv").toString(), "--bootstrap", "0", "--out", out.toString(), "--json");
    assertEquals(0, result.exit(), result.err());
    JsonNode doc = document(result);
    assertEquals("evaluate", doc.get("command").asText());
    assertEquals(out.toString(), doc.get("folder").asText());
    assertEquals(JSON.readTree(out.resolve("metrics.json").toFile()), doc.get("result"));
    assertEquals(0.8, micro(doc.get("result"), "exact", "recall"), 1e-12);
    assertTrue(result.err().contains("results      " + out), result.err());
  }

  @Test
  void compareAndGatePrintTheirResultsAndKeepTheirExitCodes() throws IOException {
    assertEquals(0, medcode("run", config.toString(), "--out", temp.resolve("top1").toString(),
        "--set", "coders.0.k=1").exit());
    assertEquals(0, medcode("run", config.toString(), "--out", temp.resolve("top3").toString()).exit());

    MedcodeCommandTest.Result compared = medcode("compare", temp.resolve("top1").toString(),
        temp.resolve("top3").toString(), "--permutations", "100", "--out", temp.resolve("cmp").toString(), "--json");
    assertEquals(0, compared.exit(), compared.err());
    JsonNode comparison = document(compared).get("comparisons").get(0);
    assertEquals(10, comparison.get("admissions").asInt());
    assertEquals("count", comparison.get("invalid_policy").asText());
    assertEquals("all", comparison.get("population").asText());
    assertTrue(comparison.get("seed").isIntegralNumber(), "the seed of the paired resamples: " + comparison);
    JsonNode recall = null;
    for (JsonNode d : comparison.get("differences")) {
      if (d.get("granularity").asText().equals("exact") && d.get("averaging").asText().equals("micro")
          && d.get("metric").asText().equals("recall")) {
        recall = d;
      }
    }
    assertEquals(0.4, recall.get("a").asDouble(), 1e-12);
    assertEquals(0.8, recall.get("b").asDouble(), 1e-12);
    assertEquals(0.4, recall.get("difference").asDouble(), 1e-12);
    assertTrue(recall.get("p_value").isNumber(), recall.toString());
    assertTrue(compared.err().contains("B − A"), compared.err());

    MedcodeCommandTest.Result gated = medcode("gate", temp.resolve("top1").toString(), "--baseline",
        temp.resolve("top3").toString(), "--rule", "exact.micro.recall.delta >= -0.01", "--json");
    assertEquals(1, gated.exit(), gated.err());
    JsonNode gate = document(gated);
    assertEquals("gate", gate.get("command").asText());
    assertEquals(JSON.readTree(temp.resolve("top1/gate/gate.json").toFile()), gate.get("result"));
    assertEquals(1, gate.get("result").get("exit_code").asInt());
    assertTrue(gated.err().contains("gate: verdict=fail exit=1"), gated.err());
  }

  @Test
  void runWithAGateCarriesTheVerdictAndDryRunRefusesJson() throws IOException {
    Path rules = temp.resolve("gate.yaml");
    Files.writeString(rules, "rules:\n  - exact.micro.recall >= 0.9\n");
    MedcodeCommandTest.Result result = medcode("run", config.toString(), "--gate", rules.toString(), "--out",
        temp.resolve("gated").toString(), "--json");
    assertEquals(1, result.exit(), result.err());
    JsonNode doc = document(result);
    assertEquals("fail", doc.get("gate").get("verdict").asText());
    assertEquals(0.8, micro(doc.get("coders").get("top").get("result"), "exact", "recall"), 1e-12);

    MedcodeCommandTest.Result dry = medcode("run", config.toString(), "--dry-run", "--json");
    assertEquals(2, dry.exit());
    assertTrue(dry.err().contains("drop --resume, --gate and --json"), dry.err());
  }
}
