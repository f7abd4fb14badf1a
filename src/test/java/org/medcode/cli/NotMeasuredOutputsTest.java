package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * A coder that failed on every admission (an endpoint that is down, a program that always fails) was not measured:
 * none of the outputs that read its numbers may show them as a measured 0. Tiny data as in {@link GateCommandTest}:
 * a frequency coder that answers every admission beside the test-only {@code scripted} coder failing every one.
 */
class NotMeasuredOutputsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  Path run;

  @BeforeEach
  void runWithACoderThatFailsEverywhere() throws IOException {
    Path config = TinyData.write(temp, GateCommandTest.GOLD, 1, i -> "note",
        "[ { name: frequency, id: top, k: 3 }, { name: scripted, failEvery: 1 } ]", 50);
    run = temp.resolve("run");
    MedcodeCommandTest.Result result = GateCommandTest.medcode(temp, "run", config.toString(), "--out", run.toString());
    assertEquals(3, result.exit(), result.out() + result.err());
  }

  @Test
  void gateJudgesNoRuleOfACoderThatWasNotMeasured() throws IOException {
    // it printed 'pass exact.micro.recall >= 0.0 ... = 0.0000 [0.0000, 0.0000]' for the coder, and gate.json, junit.xml
    // and gate.md held that rule as passed with value 0.0, beside the coder's incomplete run
    MedcodeCommandTest.Result result = GateCommandTest.medcode(temp, "gate", run.toString(), "--coder", "scripted",
        "--rule", "exact.micro.recall >= 0.0");
    assertEquals(3, result.exit(), result.out() + result.err());
    assertTrue(result.out().contains("answered none of its 10 admissions: not measured, so it has no numbers to judge"),
        result.out());
    assertFalse(result.out().contains("0.0000"), result.out());
    JsonNode coder = JSON.readTree(run.resolve("gate/gate.json").toFile()).get("coders").get(0);
    assertEquals("scripted", coder.get("coder").asText());
    assertFalse(coder.get("passed").asBoolean());
    assertEquals(0, coder.get("rules").size(), coder.toString());
    assertTrue(coder.get("invalid_policy").isNull(), "a coder without numbers");
    String junit = Files.readString(run.resolve("gate/junit.xml"));
    assertFalse(junit.contains("exact.micro.recall"), junit);
    assertTrue(junit.contains("not measured"), junit);
    assertFalse(Files.readString(run.resolve("gate/gate.md")).contains("0.0000"));
  }

  @Test
  void runJsonGivesNoNumbersForItAndItsMetricsJsonIsNoBaseline() throws IOException {
    // run --json said not_measured beside a result of 0.0 [0.0, 0.0]; a copy of that metrics.json made a baseline
    Path config = temp.resolve("c.yaml");
    MedcodeCommandTest.Result result = GateCommandTest.medcode(temp, "run", config.toString(), "--out",
        temp.resolve("again").toString(), "--json");
    assertEquals(3, result.exit(), result.err());
    JsonNode scripted = JSON.readTree(result.out()).get("coders").get("scripted");
    assertEquals("failed on every admission (10)", scripted.get("not_measured").asText());
    JsonNode recall = scripted.get("result").get("levels").get("exact").get("metrics").get("micro").get("recall");
    assertTrue(recall.get("value").isNull(), recall.toString());
    assertEquals(scripted.get("not_measured"), scripted.get("result").get("not_measured"));

    Path copy = temp.resolve("scripted-metrics.json");
    Files.copy(run.resolve("scripted/metrics.json"), copy);
    MedcodeCommandTest.Result gated = GateCommandTest.medcode(temp, "gate", run.toString(), "--coder", "top",
        "--baseline", copy.toString(), "--rule", "exact.micro.recall.delta >= 0");
    assertEquals(2, gated.exit(), gated.out() + gated.err());
    assertTrue(gated.err().contains("is the metrics.json of a coder that was not measured (failed on every admission"
        + " (10))"), gated.err());
  }

  @Test
  void itsPerAdmissionCsvSaysFailedWithNoScoresWhereTheMeasuredCodersHasThem() throws IOException {
    // each row of it read 'failed' beside recall, F1 and exact match 0: a mean over the file scored the coder 0
    java.util.List<String> lines = Files.readAllLines(run.resolve("scripted/per_admission.csv"));
    assertEquals("admission_id,patient_id,status,granularity,gold,predicted,tp,fp,fn,invalid_predicted,precision,recall,"
        + "f1,jaccard,exact_match,average_precision,invalid_policy,population", lines.get(0));
    assertTrue(lines.size() > 1, lines.toString());
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertEquals("failed", cells[2], line);
      assertEquals(java.util.List.of("0", "0", "0", cells[4]), java.util.List.of(cells[5], cells[6], cells[7], cells[8]),
          "its counts: nothing predicted, every gold code missed: " + line);
      assertEquals(java.util.List.of("", "", "", "", "", ""), java.util.Arrays.asList(cells).subList(10, 16), line);
    }
    assertTrue(Files.readAllLines(run.resolve("top/per_admission.csv")).stream().skip(1)
        .allMatch(line -> !line.split(",", -1)[11].isEmpty()), "the measured coder's rows keep their scores");
  }
}
