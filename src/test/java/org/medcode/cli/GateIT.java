package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TestData;

/**
 * The regression gate on real data: the rule-based coder on CodiEsp dev, and the same coder with half its lexicon
 * removed ({@code lexicon-share: 0.5}). Against the committed CI baseline the full coder passes the committed gate
 * file, and the degraded one fails with exit 1, naming the codes it lost; the degraded run as baseline makes the full
 * coder an improvement that passes.
 */
class GateIT {
  @TempDir
  static Path temp;

  static Path root;
  static Path full;
  static Path degraded;

  private static MedcodeCommandTest.Result medcode(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", root.toString(), "--results-dir", temp.resolve("results").toString(), "--no-pull"));
    return MedcodeCommandTest.run(all.toArray(String[]::new));
  }

  @BeforeAll
  static void runBoth() {
    root = TestData.require("codiesp/final_dataset_v4_to_publish/train", "codiesp/final_dataset_v4_to_publish/dev",
        "icd10cm-cms", "icd10cm-hierarchy");
    full = temp.resolve("full");
    degraded = temp.resolve("degraded");
    MedcodeCommandTest.Result a = medcode("run", "configs/ci-rules.yaml", "--out", full.toString());
    assertEquals(0, a.exit(), a.err());
    MedcodeCommandTest.Result b = medcode("run", "configs/ci-rules.yaml", "--set", "coders.0.lexicon-share=0.5", "--out",
        degraded.toString());
    assertEquals(0, b.exit(), b.err());
  }

  @Test
  void theFullCoderPassesTheCommittedGate() {
    MedcodeCommandTest.Result result = medcode("gate", full.toString(), "--rules", "configs/gates/codiesp-dev-rules.yaml");
    assertEquals(0, result.exit(), result.out() + result.err());
    assertTrue(result.out().contains("exact.micro.f1.delta = +0.0000 [+0.0000, +0.0000]"),
        "the rule coder is deterministic, so it reproduces the committed baseline exactly:\n" + result.out());
  }

  @Test
  void halfTheLexiconFailsWithExitOneAndNamesTheLostCodes() throws Exception {
    MedcodeCommandTest.Result result = medcode("gate", degraded.toString(), "--rules",
        "configs/gates/codiesp-dev-rules.yaml");
    assertEquals(1, result.exit(), result.out() + result.err());
    assertTrue(result.out().contains("FAIL   exact.micro.f1.delta >= -0.01 interval"), result.out());
    assertTrue(result.out().contains("regressed codes (found by the baseline, no longer): "), result.out());
    JsonNode gate = new ObjectMapper().readTree(degraded.resolve("gate/gate.json").toFile());
    JsonNode coder = gate.get("coders").get(0);
    JsonNode f1 = coder.get("rules").get(2);
    assertEquals("exact.micro.f1.delta >= -0.01 interval", f1.get("rule").asText());
    assertTrue(f1.get("ci_high").asDouble() < -0.01, "the whole paired interval lies below -0.01: " + f1);
    assertTrue(coder.get("regressed_codes_total").asInt() > 50, coder.toString());
    JsonNode top = coder.get("regressed_codes").get(0);
    assertTrue(top.get("lost").asInt() >= 10 && !top.get("title").asText().isEmpty(), top.toString());
    String junit = Files.readString(degraded.resolve("gate/junit.xml"));
    assertTrue(junit.contains("regressed codes:"), junit);
    for (String schema : List.of("jenkins-junit.xsd", "JUnit.xsd")) {
      SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
          .newSchema(new StreamSource(GateIT.class.getResourceAsStream("/junit-schemas/" + schema))).newValidator()
          .validate(new StreamSource(new StringReader(junit)));
    }
  }

  @Test
  void againstTheDegradedRunTheFullCoderIsAnImprovement() throws Exception {
    MedcodeCommandTest.Result result = medcode("gate", full.toString(), "--baseline", degraded.toString(),
        "--rule", "exact.micro.f1.delta >= 0.10 interval", "--rule", "category.micro.recall.delta > 0",
        "--out", temp.resolve("improved").toString());
    assertEquals(0, result.exit(), result.out() + result.err());
    JsonNode coder = new ObjectMapper().readTree(temp.resolve("improved/gate.json").toFile()).get("coders").get(0);
    assertTrue(coder.get("improved_admissions_total").asInt() > 5 * coder.get("regressed_admissions_total").asInt(),
        coder.toString());
  }

  @Test
  void aPlainMetricsJsonBaselineJudgesWithoutPairingAndSaysSo() {
    MedcodeCommandTest.Result result = medcode("gate", degraded.toString(), "--baseline",
        full.resolve("rules/metrics.json").toString(), "--rule", "exact.micro.f1.delta >= -0.01 interval",
        "--out", temp.resolve("plain").toString());
    assertEquals(1, result.exit(), result.out() + result.err());
    assertTrue(result.out().contains("minus the baseline's point value"), result.out());
    assertTrue(result.out().contains("note: the baseline"), result.out());
  }
}
