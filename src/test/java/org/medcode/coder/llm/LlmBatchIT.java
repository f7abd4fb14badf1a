package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch mode at study scale, as a user runs it: 10,000 admissions submitted in four batches by a {@code medcode run}
 * process, which is killed with SIGKILL while the batches are in progress; {@code --resume} picks the submitted
 * batches up, collects, parses and scores every admission, and no request reaches the provider twice.
 */
class LlmBatchIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ADMISSIONS = 10_000;

  @TempDir
  Path temp;

  @Test
  void tenThousandAdmissionsSurviveAKillBetweenSubmissionAndCompletion() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      stub.hold = true;
      Map<String, String> p = new LinkedHashMap<>();
      p.put("provider", "openai-compatible");
      p.put("baseUrl", stub.baseUrl());
      p.put("model", "stub-model");
      p.put("mode", "batch");
      p.put("batchMaxRequests", "2500");
      p.put("batchPoll", "0.05");
      p.put("prices", Synthetic.prices(temp).toString());
      Path config = temp.resolve("batch.yaml");
      Files.writeString(config, "name: llm-batch-10k\n"
          + "dataset: { spec: \"jsonl:" + Synthetic.dataset(temp, ADMISSIONS) + "\" }\n"
          + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
          + "coders: [ " + Synthetic.yaml(p) + " ]\n"
          + "metrics: { bootstrap: 0 }\n");
      Path run = temp.resolve("run");
      long started = System.nanoTime();
      Path firstLog = temp.resolve("first.log");
      Process first = medcode(firstLog, "run", config.toString(), "--out", run.toString());
      Path state = run.resolve("llm/batches/state.json");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (submitted(state) < 4 && first.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(300); // a few polls of batches in progress
      boolean alive = first.isAlive();
      first.destroyForcibly();
      assertTrue(alive && submitted(state) == 4, "the run ended or stalled before it could be killed: "
          + Files.readString(firstLog));
      first.waitFor(30, TimeUnit.SECONDS);
      long submitSeconds = (System.nanoTime() - started) / 1_000_000_000L;
      assertEquals(4, stub.created());
      assertEquals(4, stub.uploads());
      assertEquals(0, stub.processed().size());
      assertTrue(!Files.exists(run.resolve("llm/predictions.jsonl")) || Files.readAllLines(run.resolve("llm/predictions.jsonl"))
          .isEmpty());

      stub.hold = false;
      Path resumedLog = temp.resolve("resumed.log");
      Process resumed = medcode(resumedLog, "run", "--resume", run.toString());
      assertTrue(resumed.waitFor(10, TimeUnit.MINUTES), "the resumed run did not end");
      assertEquals(0, resumed.exitValue(), Files.readString(resumedLog));
      assertEquals(4, stub.created(), "no batch created twice");
      assertEquals(4, stub.uploads());
      assertEquals(ADMISSIONS, stub.processed().size());
      assertTrue(stub.processed().values().stream().allMatch(n -> n == 1), "a request processed twice");
      List<String> lines = Files.readAllLines(run.resolve("llm/predictions.jsonl"));
      assertEquals(ADMISSIONS, lines.size());
      JsonNode coder = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("llm");
      assertEquals(ADMISSIONS, coder.get("answered").asInt());
      assertEquals(0, coder.get("failed").asInt());
      assertEquals("complete", coder.get("status").asText());
      assertEquals(2, JSON.readTree(run.resolve("manifest.json").toFile()).get("sessions").asInt());
      assertEquals(ADMISSIONS * (100 * 0.5 + 20 * 1.0) / 1e6, coder.get("usage").get("cost").asDouble(), 1e-9);
      JsonNode metrics = JSON.readTree(run.resolve("llm/metrics.json").toFile());
      assertEquals(1.0, metrics.at("/levels/exact/metrics/micro/f1/value").asDouble(), metrics.toString());
      System.out.printf("10,000 admissions in batch mode: killed after %d s, resumed in %d s%n%s", submitSeconds,
          (System.nanoTime() - started) / 1_000_000_000L - submitSeconds, Files.readString(resumedLog));
    }
  }

  private static int submitted(Path state) {
    try {
      if (!Files.exists(state)) {
        return 0;
      }
      int n = 0;
      for (JsonNode batch : JSON.readTree(state.toFile()).path("batches")) {
        n += batch.hasNonNull("batch_id") && batch.path("state").asText().equals("in_progress") ? 1 : 0;
      }
      return n;
    } catch (IOException e) {
      return 0; // being replaced
    }
  }

  private Process medcode(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "org.medcode.cli.Main"));
    command.addAll(List.of(args));
    command.addAll(List.of("--data-dir", temp.resolve("data").toString(), "--no-pull"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("OPENAI_API_KEY");
    builder.environment().remove("MEDCODE_HOME");
    return builder.start();
  }
}
