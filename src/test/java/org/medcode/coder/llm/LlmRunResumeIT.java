package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The llm coder in a separate JVM as a user runs it: killed with SIGKILL mid-run and resumed, it ends with the same
 * predictions as an uninterrupted run (compared without timing and usage: answers cached before the kill are served
 * from the cache at no cost on resume); and {@code medcode coders} without a key lists it as unavailable, saying why.
 */
class LlmRunResumeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ADMISSIONS = 200;

  @TempDir
  Path temp;

  private static ChatStub.Reply script(String admission, int attempt) {
    int n = Synthetic.number(admission);
    ChatStub.Reply reply = switch (n % 20) {
      case 1 -> attempt == 1 ? ChatStub.status(429, Map.of("retry-after-ms", "10")) : ChatStub.answer(Synthetic.goldJson(admission));
      case 5 -> ChatStub.answer("{\"codes\": [\"I10\"");
      case 7 -> ChatStub.answer("I'm sorry, I can't help with that.");
      case 9 -> ChatStub.answer("{\"codes\": [\"Z99.999\"]}");
      default -> ChatStub.answer(Synthetic.goldJson(admission));
    };
    return reply.delayed(40);
  }

  @Test
  void aKilledLlmRunResumesToTheSameResult() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> script(admission, attempt))) {
      Map<String, String> parameters = new java.util.LinkedHashMap<>(LlmRunTest.parameters(stub, Synthetic.prices(temp)));
      parameters.put("maxInFlight", "4");
      parameters.put("timeout", "10");
      Path config = temp.resolve("llm.yaml");
      Files.writeString(config, "name: llm-resume\n"
          + "dataset: { spec: \"jsonl:" + Synthetic.dataset(temp, ADMISSIONS) + "\" }\n"
          + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
          + "coders: [ " + Synthetic.yaml(parameters) + " ]\n"
          + "metrics: { bootstrap: 0 }\n");

      Path killed = temp.resolve("killed");
      Process process = medcode(temp.resolve("data"), "run", config.toString(), "--out", killed.toString());
      Path log = killed.resolve("llm/predictions.jsonl");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (lines(log) < 30 && process.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(process.isAlive(), "the run finished before it could be killed");
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      int before = lines(log);
      assertTrue(before >= 30 && before < ADMISSIONS, "killed after " + before + " admissions");

      Process resumed = medcode(temp.resolve("data"), "run", "--resume", killed.toString());
      String output = new String(resumed.getInputStream().readAllBytes());
      assertEquals(0, resumed.waitFor(), output);

      Path straight = temp.resolve("straight");
      Process uninterrupted = medcode(temp.resolve("fresh-data"), "run", config.toString(), "--out", straight.toString());
      String straightOutput = new String(uninterrupted.getInputStream().readAllBytes());
      assertEquals(0, uninterrupted.waitFor(), straightOutput);

      Map<String, String> expected = predictions(straight);
      assertEquals(ADMISSIONS, expected.size());
      assertEquals(expected, predictions(killed));
      JsonNode coder = JSON.readTree(killed.resolve("manifest.json").toFile()).get("coders").get("llm");
      assertEquals(10, coder.get("failures_by_kind").get("refusal").asInt(), coder.toString());
      assertEquals(10, coder.get("failures_by_kind").get("unparseable").asInt(), coder.toString());
      assertEquals(2, coder.get("failures_by_kind").size(), coder.toString());
      assertEquals(2, JSON.readTree(killed.resolve("manifest.json").toFile()).get("sessions").asInt());
    }
  }

  @Test
  void withoutAKeyTheCoderListingSaysWhyLlmIsUnavailable() throws Exception {
    Process process = medcode(null, "coders");
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), output);
    int at = output.indexOf("\nllm ");
    assertTrue(at >= 0, output);
    assertTrue(output.substring(at).contains("unavailable: no API key in OPENAI_API_KEY"), output);
  }

  /**
   * Every admission's line without its timing and usage (and the annotation saying that its usage holds an estimate: a
   * request out when the run was killed is charged at its worst case to the admission that sends it again).
   */
  private static Map<String, String> predictions(Path run) throws IOException {
    Map<String, String> byAdmission = new TreeMap<>();
    for (String line : Files.readAllLines(run.resolve("llm/predictions.jsonl"))) {
      ObjectNode node = (ObjectNode) JSON.readTree(line);
      node.remove("millis");
      node.remove("usage");
      if (node.get("annotations") instanceof ObjectNode annotations) {
        annotations.remove("usage");
      }
      byAdmission.put(node.get("admission_id").asText(), node.toString());
    }
    return byAdmission;
  }

  private static int lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    return (int) Files.readAllLines(file).stream().filter(l -> l.endsWith("}")).count();
  }

  private Process medcode(Path dataDir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "org.medcode.cli.Main"));
    command.addAll(List.of(args));
    if (dataDir != null) {
      command.addAll(List.of("--data-dir", dataDir.toString(), "--no-pull"));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE);
    builder.environment().remove("OPENAI_API_KEY"); // never a real key in tests
    builder.environment().remove("MEDCODE_HOME");
    return builder.start();
  }
}
