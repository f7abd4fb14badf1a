package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeProcess;

/**
 * Kill -9 in the middle of a run, then --resume: the final predictions and metrics equal those of an uninterrupted run.
 * The run is a separate JVM killed with SIGKILL; the coder is the test-only {@code scripted} coder (a ServiceLoader
 * provider), slowed down so the kill lands mid-run.
 */
class RunResumeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ADMISSIONS = 40;

  @TempDir
  Path temp;

  @Test
  void aKilledRunResumesToTheSameResultAsAnUninterruptedOne() throws Exception {
    Path config = writeConfig(60);
    Path killed = temp.resolve("killed");
    Process process = medcode("run", config.toString(), "--out", killed.toString());
    Path log = killed.resolve("scripted/predictions.jsonl");
    MedcodeProcess.awaitLines(process, log, 8);
    assertTrue(process.isAlive(), "the run finished before it could be killed");
    process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
    process.waitFor(30, TimeUnit.SECONDS);
    int before = MedcodeProcess.wholeLines(log);
    assertTrue(before >= 8 && before < ADMISSIONS, "killed after " + before + " admissions");

    Process resumed = medcode("run", "--resume", killed.toString());
    String output = new String(resumed.getInputStream().readAllBytes());
    assertEquals(0, resumed.waitFor(), output);
    assertTrue(output.contains("coder scripted: " + before + " of " + ADMISSIONS + " admissions already recorded in earlier"
        + " sessions; coding the other " + (ADMISSIONS - before)), output);

    Path straight = temp.resolve("straight");
    Process uninterrupted = medcode("run", writeConfig(0).toString(), "--out", straight.toString());
    String straightOutput = new String(uninterrupted.getInputStream().readAllBytes());
    assertEquals(0, uninterrupted.waitFor(), straightOutput);

    assertEquals(predictions(straight), predictions(killed));
    assertEquals(ADMISSIONS, predictions(killed).size());
    assertEquals(Files.readString(straight.resolve("summary.csv")), Files.readString(killed.resolve("summary.csv")));
    assertEquals(Files.readString(straight.resolve("scripted/per_admission.csv")),
        Files.readString(killed.resolve("scripted/per_admission.csv")));
    JsonNode manifest = JSON.readTree(killed.resolve("manifest.json").toFile());
    assertEquals(2, manifest.get("sessions").asInt());
    assertEquals("complete", manifest.get("status").asText());
    JsonNode coder = manifest.get("coders").get("scripted");
    assertEquals(ADMISSIONS, coder.get("answered").asInt() + coder.get("failed").asInt());
    assertTrue(coder.get("failures_by_kind").has("scripted"), coder.toString());
    assertTrue(coder.get("failures_by_kind").has("IllegalStateException"), coder.toString());
  }

  /** Every admission's line, without its timing. */
  private static Map<String, String> predictions(Path run) throws IOException {
    Map<String, String> byAdmission = new TreeMap<>();
    for (String line : Files.readAllLines(run.resolve("scripted/predictions.jsonl"))) {
      var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
      node.remove("millis");
      byAdmission.put(node.get("admission_id").asText(), node.toString());
    }
    return byAdmission;
  }

  private Process medcode(String... args) throws IOException {
    return MedcodeProcess.start(temp.resolve("data"), args);
  }

  private Path writeConfig(int millis) throws IOException {
    StringBuilder dataset = new StringBuilder();
    for (int i = 0; i < ADMISSIONS; i++) {
      String code = List.of("J18.9", "E11.9", "I10", "K35.80", "N39.0").get(i % 5);
      dataset.append(String.format("{\"id\":\"A%02d\",\"patient_id\":\"P%d\",\"notes\":[{\"type\":\"note\",\"text\":\"case %d\"}],"
          + "\"codes\":[{\"system\":\"icd10cm\",\"code\":\"%s\"}]}%n", i, i / 2, i, code));
    }
    Path data = temp.resolve("admissions.jsonl");
    Files.writeString(data, dataset);
    Path table = temp.resolve("table.csv");
    Files.writeString(table, "code,description\nJ18.9,Pneumonia\nE11.9,Diabetes\nI10,Hypertension\nK35.80,Appendicitis\nN39.0,UTI\n");
    Path config = temp.resolve("config-" + millis + ".yaml");
    Files.writeString(config, "name: resume-test\n"
        + "dataset: { spec: \"jsonl:" + data + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + table + "\" }\n"
        + "coders: [ { name: scripted, millis: " + millis + ", failEvery: 11 } ]\n"
        + "metrics: { bootstrap: 200 }\n"
        + "threads: 2\n");
    return config;
  }
}
