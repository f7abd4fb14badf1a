package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external coders end to end through the command line: the Python examples of {@code examples/coders/} (skipped
 * with a message where python3 is absent) served over HTTP and run as exec workers, and their faults: an answer that is
 * not JSON, names another admission, is cut mid-line, never comes, a worker that dies, an HTTP 500 or 429 (retried), an
 * empty body. Each fault fails its admission by kind; the run goes on and resumes.
 */
class ExternalCodersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLES = Path.of("examples", "coders").toAbsolutePath();

  @TempDir
  Path temp;

  static boolean python() {
    try {
      Process process = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void needPython() {
    Assumptions.assumeTrue(python(), "python3 is not on this machine: the Python coders of examples/coders are not tested");
  }

  private Path table() throws IOException {
    Path table = temp.resolve("table.csv");
    Files.writeString(table, "code,description\nJ18.9,Pneumonia\nE11.9,Type 2 diabetes\nI10,Hypertension\n"
        + "K35.80,Appendicitis\nN39.0,UTI\nR50.9,Fever\nR10.9,Abdominal pain\n");
    return table;
  }

  private Path config(String name, String coder, String dataset) throws IOException {
    Path config = temp.resolve(name + ".yaml");
    Files.writeString(config, "name: " + name + "\n"
        + "dataset: { spec: \"" + dataset + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + table() + "\" }\n"
        + "coders:\n  - " + coder + "\n"
        + "metrics: { levels: [exact, category], bootstrap: 20 }\n");
    return config;
  }

  private MedcodeCommandTest.Result medcode(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", temp.resolve("data").toString(), "--no-pull"));
    return MedcodeCommandTest.run(all.toArray(String[]::new));
  }

  private static Map<String, JsonNode> predictions(Path folder) throws IOException {
    Map<String, JsonNode> lines = new TreeMap<>();
    for (String line : Files.readAllLines(folder.resolve("predictions.jsonl"))) {
      JsonNode node = JSON.readTree(line);
      lines.put(node.get("admission_id").asText(), node);
    }
    return lines;
  }

  @Test
  void thePythonExecCoderCodesTheExampleAdmissionsAndNamesItsModel() throws IOException {
    needPython();
    Path out = temp.resolve("exec-run");
    MedcodeCommandTest.Result result = medcode("run", config("exec-example", "{ name: exec, command: [\"python3\", \""
        + EXAMPLES.resolve("keyword_exec.py") + "\"], workers: 2 }", "jsonl:datasets/examples/tiny.jsonl").toString(),
        "--out", out.toString());
    assertEquals(0, result.exit(), result.err() + result.out());
    Map<String, JsonNode> predictions = predictions(out.resolve("exec"));
    assertEquals(3, predictions.size());
    JsonNode a1 = predictions.get("A1");
    assertEquals("ok", a1.get("status").asText(), a1.toString());
    List<String> codes = new ArrayList<>();
    a1.get("codes").forEach(code -> codes.add(code.get("code").asText()));
    assertEquals(List.of("J189", "E119", "I10"), codes, a1.toString());
    assertEquals("pneumonia", a1.get("codes").get(0).get("evidence").get(0).get("text").asText(), a1.toString());
    JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    JsonNode facts = manifest.get("coders").get("exec").get("facts");
    assertEquals("keyword-matcher 1.0", facts.get("model").asText(), facts.toString());
    assertEquals("0", facts.get("restarts").asText(), facts.toString());
    assertTrue(Files.readString(out.resolve("exec/coder.log")).contains("keyword_exec: coding icd10cm"));
  }

  @Test
  void thePythonHttpCoderCodesTheExampleAdmissionsAndACachedRerunAsksNothing() throws Exception {
    needPython();
    Process server = new ProcessBuilder("python3", EXAMPLES.resolve("keyword_http.py").toString(), "--port", "0", "--quiet")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String first = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertTrue(first != null && first.startsWith("listening on "), String.valueOf(first));
      String url = first.substring("listening on ".length()).trim();
      Path config = config("http-example", "{ name: http, url: \"" + url + "\" }", "jsonl:datasets/examples/tiny.jsonl");
      Path out = temp.resolve("http-run");
      MedcodeCommandTest.Result result = medcode("run", config.toString(), "--out", out.toString());
      assertEquals(0, result.exit(), result.err() + result.out());
      Map<String, JsonNode> predictions = predictions(out.resolve("http"));
      assertEquals(3, predictions.size());
      assertEquals("ok", predictions.get("A2").get("status").asText());
      assertEquals("R509", predictions.get("A2").get("codes").get(0).get("code").asText(), predictions.toString());
      JsonNode facts = JSON.readTree(out.resolve("manifest.json").toFile()).get("coders").get("http").get("facts");
      assertEquals("keyword-matcher 1.0", facts.get("model").asText(), facts.toString());
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
      Path again = temp.resolve("http-again");
      MedcodeCommandTest.Result cached = medcode("run", config.toString(), "--out", again.toString());
      assertEquals(0, cached.exit(), cached.err());
      assertEquals(Files.readString(out.resolve("http/per_admission.csv")), Files.readString(again.resolve("http/per_admission.csv")));
      assertTrue(predictions(again.resolve("http")).values().stream().allMatch(p -> "ok".equals(p.get("status").asText())));
    } finally {
      server.destroyForcibly();
    }
  }

  @Test
  void awkwardButCorrectWorkersLoseNoAnswerAndLeaveNoProcessBehind() throws IOException {
    needPython();
    Path script = Path.of("src/test/resources/coders/tricky_exec.py").toAbsolutePath();
    String marker = "medcode-test-child-" + System.nanoTime();
    List<String> behaviours = List.of("fine", "dup", "fine", "exitafter", "fine", "spawn", "fine", "dup", "fine");
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < behaviours.size(); i++) {
      jsonl.append(String.format("{\"id\":\"T%02d\",\"notes\":[{\"type\":\"note\",\"text\":\"%s\"}],"
          + "\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}%n", i, behaviours.get(i)));
    }
    Path data = Files.writeString(temp.resolve("tricky.jsonl"), jsonl);
    Path config = config("tricky", "{ name: exec, command: [\"python3\", \"" + script + "\", \"" + marker
        + "\"], timeout: 5 }", "jsonl:" + data);
    Path out = temp.resolve("tricky-run");
    MedcodeCommandTest.Result result = medcode("run", config.toString(), "--out", out.toString());
    assertEquals(0, result.exit(), result.err() + result.out());
    Map<String, JsonNode> predictions = predictions(out.resolve("exec"));
    assertEquals(behaviours.size(), predictions.size());
    predictions.forEach((id, p) -> assertEquals("ok", p.get("status").asText(), id + ": " + p));
    String log = Files.readString(out.resolve("exec/coder.log"));
    assertTrue(log.contains("ignored a late or repeated answer for T01"), log);
    long until = System.nanoTime() + 5_000_000_000L; // killing is asynchronous: allow the system a moment
    boolean alive = true;
    while (alive && System.nanoTime() < until) {
      alive = ProcessHandle.allProcesses().anyMatch(p -> p.isAlive() && p.info().arguments()
          .map(a -> List.of(a).contains(marker)).orElse(false));
      if (alive) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    assertFalse(alive, "the worker's child process was ended with it");
  }

  @Test
  void aWorkerThatNeverShakesHandsLeavesItsCoderUnmeasuredAndTheOthersReported() throws IOException {
    needPython();
    Path data = Files.writeString(temp.resolve("two.jsonl"), "{\"id\":\"A1\",\"notes\":[{\"type\":\"n\",\"text\":\"x\"}],"
        + "\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n");
    Path config = temp.resolve("mute.yaml");
    Files.writeString(config, "name: mute\n"
        + "dataset: { spec: \"jsonl:" + data + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + table() + "\" }\n"
        + "coders:\n  - { name: replay, file: \"" + Files.writeString(temp.resolve("p.tsv"), "A1\tI10\n") + "\" }\n"
        + "  - { name: exec, command: [\"python3\", \"-c\", \"import sys, time; sys.stdin.readline(); time.sleep(30)\"],"
        + " startTimeout: 1 }\n"
        + "metrics: { levels: [exact], bootstrap: 0 }\n");
    Path out = temp.resolve("mute-run");
    MedcodeCommandTest.Result result = medcode("run", config.toString(), "--out", out.toString());
    assertEquals(3, result.exit(), result.err() + result.out());
    assertTrue(result.out().contains("exec           not measured: unavailable: could not start:"), result.out());
    assertTrue(result.out().lines().anyMatch(l -> l.startsWith("replay ") && l.contains("1.000")), result.out());
    JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    assertEquals("incomplete", manifest.get("status").asText());
    assertTrue(manifest.get("coders").get("exec").get("unavailable").asText().startsWith("could not start:"),
        manifest.toString());
    assertTrue(Files.exists(out.resolve("summary.csv")) && Files.exists(out.resolve("report.html")));
  }

  /**
   * A worker that cannot start left the end of its stderr in the reason only: coder.log, where a worker that fails
   * later leaves its stderr, starts and failures, was not written, as the coder learnt its folder after starting.
   */
  @Test
  void aWorkerThatFailsToStartLeavesItsStderrInCoderLog() throws IOException {
    needPython();
    Path data = Files.writeString(temp.resolve("one.jsonl"), "{\"id\":\"A1\",\"notes\":[{\"type\":\"n\",\"text\":\"x\"}],"
        + "\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n");
    Path config = Files.writeString(temp.resolve("broken.yaml"), "name: broken\n"
        + "dataset: { spec: \"jsonl:" + data + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + table() + "\" }\n"
        + "coders:\n  - { name: exec, command: [\"python3\", \"-c\", \"import sys; print('loading weights',"
        + " file=sys.stderr); print('the model file is missing', file=sys.stderr); sys.exit(3)\"] }\n"
        + "metrics: { levels: [exact], bootstrap: 0 }\n");
    Path out = temp.resolve("broken-run");
    MedcodeCommandTest.Result result = medcode("run", config.toString(), "--out", out.toString());
    assertEquals(3, result.exit(), result.err() + result.out());
    assertTrue(result.out().contains("exec           not measured: unavailable: could not start:"), result.out());
    Path log = out.resolve("exec/coder.log");
    assertTrue(Files.exists(log), "no " + log);
    String logged = Files.readString(log);
    assertTrue(logged.contains("[worker 1 stderr] loading weights") && logged.contains("the model file is missing"),
        logged);
  }

  /** A dataset whose note texts tell the faulty worker what to do. */
  private String faultDataset() throws IOException {
    List<String> behaviours = List.of("fine", "malformed", "fine", "wrong_id", "partial", "fine", "hang", "die", "error",
        "fine");
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < behaviours.size(); i++) {
      jsonl.append(String.format("{\"id\":\"F%02d\",\"notes\":[{\"type\":\"note\",\"text\":\"%s\"}],"
          + "\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}%n", i, behaviours.get(i)));
    }
    Path data = temp.resolve("faults.jsonl");
    Files.writeString(data, jsonl);
    return "jsonl:" + data;
  }

  @Test
  void execFaultsFailTheirAdmissionByKindAndTheRunGoesOnAndResumes() throws IOException {
    needPython();
    Path script = Path.of("src/test/resources/coders/faulty_exec.py").toAbsolutePath();
    Path config = config("faults", "{ name: exec, command: [\"python3\", \"" + script + "\"], timeout: 3 }", faultDataset());
    Path out = temp.resolve("faults-run");
    MedcodeCommandTest.Result result = medcode("run", config.toString(), "--out", out.toString());
    assertEquals(0, result.exit(), result.err() + result.out());
    Map<String, JsonNode> predictions = predictions(out.resolve("exec"));
    Map<String, String> kinds = new TreeMap<>();
    predictions.forEach((id, p) -> kinds.put(id, p.get("status").asText().equals("ok") ? "ok" : p.get("failure").get("kind").asText()));
    assertEquals(Map.of("F00", "ok", "F01", "malformed_answer", "F02", "ok", "F03", "wrong_id", "F04", "partial_line",
        "F05", "ok", "F06", "timeout", "F07", "worker_died", "F08", "coder_error", "F09", "ok"), kinds);
    String died = predictions.get("F07").get("failure").get("message").asText();
    assertTrue(died.contains("exited with code 5") && died.contains("dying on purpose"), died);
    assertTrue(predictions.get("F04").get("failure").get("message").asText().contains("leaving in the middle of a line"));
    for (String refused : List.of("F01", "F03", "F08")) { // answers refused while the worker lives on: its stderr too
      String message = predictions.get(refused).get("failure").get("message").asText();
      assertTrue(message.contains("its stderr ended with: ") && message.contains("faulty: got " + refused), message);
    }
    String log = Files.readString(out.resolve("exec/coder.log"));
    assertTrue(log.contains("faulty: dying on purpose") && log.contains("restarting"), log);
    assertTrue(log.contains("failed (malformed_answer)") && log.contains("failed (wrong_id)")
        && log.contains("failed (coder_error)"), log);
    JsonNode coder = JSON.readTree(out.resolve("manifest.json").toFile()).get("coders").get("exec");
    assertEquals(6, coder.get("failed").asInt(), coder.toString());
    // partial, timeout, die (twice: an admission a worker died on is asked once more of a restarted worker)
    assertEquals("4", coder.get("facts").get("restarts").asText(), coder.toString());
    assertTrue(result.err().contains("coder exec failed on 6 of 10 admissions"), result.err());
    // the warning says how to code them again
    assertTrue(result.err().contains("run --resume " + out + " --retry-failed"), result.err());

    // a resumed run codes only what failed, and the same faults fail the same way
    MedcodeCommandTest.Result resumed = medcode("run", "--resume", out.toString(), "--retry-failed");
    assertEquals(0, resumed.exit(), resumed.err());
    assertEquals(kinds.keySet(), predictions(out.resolve("exec")).keySet());
    long lines = Files.readAllLines(out.resolve("exec/predictions.jsonl")).size();
    assertEquals(16, lines, "10 first answers and 6 retried");
  }

  @Test
  void httpFaultsAreRetriedOrFailTheirAdmissionByKind() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    server.createContext("/v1/code", exchange -> {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      String id = request.get("id").asText();
      String text = request.get("notes").get(0).get("text").asText();
      int call = calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      int status = 200;
      String body = "{\"id\":\"" + id + "\",\"codes\":[\"I10\"],\"model\":{\"name\":\"stub\",\"version\":\"2\"}}";
      switch (text) {
        case "malformed" -> body = "{\"id\": \"" + id + "\", \"codes\": [";
        case "wrong_id" -> body = "{\"id\":\"nobody\",\"codes\":[]}";
        case "partial" -> body = "";
        case "hang" -> {
          status = call == 1 ? 500 : 200;
          body = call == 1 ? "overloaded" : body;
        }
        case "die" -> {
          status = call == 1 ? 429 : 200;
          body = call == 1 ? "slow down" : body;
          exchange.getResponseHeaders().add("Retry-After", "0");
        }
        case "error" -> status = 404;
        default -> { }
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/code";
      Path out = temp.resolve("http-faults");
      MedcodeCommandTest.Result result = medcode("run", config("http-faults", "{ name: http, url: \"" + url
          + "\", backoff: 0.01, cache: false }", faultDataset()).toString(), "--out", out.toString());
      assertEquals(0, result.exit(), result.err() + result.out());
      Map<String, String> kinds = new TreeMap<>();
      predictions(out.resolve("http")).forEach((id, p) -> kinds.put(id,
          p.get("status").asText().equals("ok") ? "ok" : p.get("failure").get("kind").asText()));
      assertEquals(Map.of("F00", "ok", "F01", "malformed_answer", "F02", "ok", "F03", "wrong_id", "F04", "malformed_answer",
          "F05", "ok", "F06", "ok", "F07", "ok", "F08", "http_4xx", "F09", "ok"), kinds);
      assertEquals(2, calls.get("F06").get(), "a 500 is retried");
      assertEquals(2, calls.get("F07").get(), "a 429 is retried");
      assertEquals(1, calls.get("F08").get(), "a 404 is not");
      JsonNode facts = JSON.readTree(out.resolve("manifest.json").toFile()).get("coders").get("http").get("facts");
      assertEquals("stub 2", facts.get("model").asText());
    } finally {
      server.stop(0);
    }
  }
}
