package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeProcess;
import org.medcode.coder.llm.ChatStub;
import org.medcode.run.testcoders.ExecStub;
import org.medcode.run.testcoders.KeywordService;

/**
 * Issue 16: kill -9 at five points of every built-in coder, then resume, loses and duplicates no admission. One run
 * folder of all built-in coders (the llm against a local chat stub, http against a coding service in this JVM, exec with
 * Java workers) is run as a user runs it, in a child JVM, and that
 * JVM sends itself SIGKILL at the point named by {@link KillPoints#PROPERTY}: for each coder in turn {@code start},
 * {@code open}, {@code torn} (a prediction line half written), {@code coded} and {@code done}, then
 * {@code run:reports}; each kill is followed by {@code run --resume} killed at the next point, and a last resume
 * finishes. After every kill each whole line names an admission not seen before; in the end every coder answered every
 * admission exactly once, with the same predictions and per-admission scores as an uninterrupted run.
 */
class FaultInjectionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> POINTS = List.of("start", "open", "torn", "coded", "done");
  /** The coders in run order; each is a built-in kind (checked against the registry by {@link CoderContractTest}). */
  private static final List<String> CODERS = List.of("frequency", "replay", "rules", "llm", "http", "exec", "ml-linear",
      "ml-knn", "embed-retrieval", "ensemble");
  private static final String[][] CONDITIONS = {
      {"J18.9", "pneumonia"}, {"R50.9", "fever"}, {"I10", "hypertension"}, {"E11.9", "type 2 diabetes"},
      {"N39.0", "urinary tract infection"}, {"R51", "headache"}};
  private static final int ADMISSIONS = 12;

  @TempDir
  Path temp;

  @Test
  void killedAtFivePointsOfEveryBuiltInCoderTheRunResumesWithEveryAdmissionOnce() throws Exception {
    assertEquals(new TreeSet<>(CoderContractTest.builtIns().toList()), new TreeSet<>(CODERS));
    Map<String, String> codeByKeyword = new LinkedHashMap<>();
    for (String[] condition : CONDITIONS) {
      codeByKeyword.put(condition[1], condition[0]);
    }
    HttpServer service = KeywordService.start(codeByKeyword);
    try (ChatStub chat = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(llmAnswer(prompt)))) {
      Path config = writeConfig(chat.baseUrl(), KeywordService.url(service));
      Path straight = temp.resolve("straight");
      assertEquals(0, medcode("straight-data", null, "run", config.toString(), "--out", straight.toString()).exit(),
          "uninterrupted run");
      int straightRequests = chat.requestCount();

      Path killed = temp.resolve("killed");
      List<String> kills = new ArrayList<>();
      for (String coder : CODERS) {
        POINTS.forEach(point -> kills.add(coder + ":" + point));
      }
      kills.add("run:reports");
      int sessions = 0;
      for (String at : kills) {
        List<String> args = sessions == 0 ? List.of("run", config.toString(), "--out", killed.toString())
            : List.of("run", "--resume", killed.toString());
        Result result = medcode("data", at, args.toArray(String[]::new));
        sessions++;
        assertEquals(137, result.exit(), "killed at " + at + " (128 + SIGKILL); output:\n" + result.output());
        for (String coder : CODERS) {
          wholeLinesOnce(killed, coder, at);
        }
        if (at.endsWith(":torn")) {
          String log = Files.readString(killed.resolve(at.substring(0, at.indexOf(':')) + "/predictions.jsonl"));
          assertTrue(!log.endsWith("\n") && log.lines().count() > KillPoints.LINES, "a torn last line: " + log);
        }
      }
      Result last = medcode("data", null, "run", "--resume", killed.toString());
      sessions++;
      assertEquals(0, last.exit(), last.output());
      // the killed run's own data folder: its llm answers were asked for, not read from the other run's cache
      assertTrue(chat.requestCount() - straightRequests >= ADMISSIONS, "requests: " + chat.requestCount());

      JsonNode manifest = JSON.readTree(killed.resolve("manifest.json").toFile());
      assertEquals("complete", manifest.get("status").asText());
      assertEquals(sessions, manifest.get("sessions").asInt());
      for (String coder : CODERS) {
        Map<String, String> expected = predictions(straight, coder);
        assertEquals(ADMISSIONS, expected.size(), coder);
        assertEquals(ADMISSIONS, wholeLinesOnce(killed, coder, "the end").size(), coder);
        assertEquals(expected, predictions(killed, coder), coder);
        assertEquals(Files.readString(straight.resolve(coder + "/per_admission.csv")),
            Files.readString(killed.resolve(coder + "/per_admission.csv")), coder);
        JsonNode counts = manifest.get("coders").get(coder);
        assertEquals(ADMISSIONS, counts.get("answered").asInt() + counts.get("failed").asInt(), coder + ": " + counts);
      }
      assertEquals(Files.readString(straight.resolve("summary.csv")), Files.readString(killed.resolve("summary.csv")));
    } finally {
      service.stop(0);
    }
  }

  /** The admissions of a coder's whole lines, failing on one seen twice (a torn last line is not a whole line). */
  private static Set<String> wholeLinesOnce(Path run, String coder, String at) throws IOException {
    Path log = run.resolve(coder + "/predictions.jsonl");
    Set<String> ids = new HashSet<>();
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log)) {
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException torn) {
          continue; // half a line, even one that happens to end in "}"
        }
        String id = node.get("admission_id").asText();
        assertTrue(ids.add(id), coder + " has " + id + " twice after the kill at " + at);
      }
    }
    return ids;
  }

  /**
   * Every admission's line of a coder without its timing and usage, and without the llm's note that a call was not
   * priced or that its usage holds an estimate, the http coder's that an answer was cached, or the exec worker that answered: after a kill, answers received before it come from the
   * response cache, at no cost and without a call, and a request out at the kill is charged at its worst case.
   */
  private static Map<String, String> predictions(Path run, String coder) throws IOException {
    Map<String, String> byAdmission = new TreeMap<>();
    for (String line : Files.readAllLines(run.resolve(coder + "/predictions.jsonl"))) {
      ObjectNode node = (ObjectNode) JSON.readTree(line);
      node.remove("millis");
      node.remove("usage");
      if (node.get("annotations") instanceof ObjectNode annotations) {
        annotations.remove("cost");
        annotations.remove("usage");
        annotations.remove("cached");
        annotations.remove("worker");
      }
      byAdmission.put(node.get("admission_id").asText(), node.toString());
    }
    return byAdmission;
  }

  private record Result(int exit, String output) {}

  /** {@code medcode ARGS} in a child JVM with a data folder of its own, dying at {@code killAt} (none: null). */
  private Result medcode(String data, String killAt, String... args) throws IOException, InterruptedException {
    Process process = MedcodeProcess.start(temp.resolve(data), Map.of(),
        killAt == null ? List.of() : List.of("-D" + KillPoints.PROPERTY + "=" + killAt), args);
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "medcode " + String.join(" ", args) + " did not end");
    return new Result(process.exitValue(), output);
  }

  private Path writeConfig(String chatUrl, String serviceUrl) throws IOException {
    Path training = jsonl("training.jsonl", "T", 40, 0);
    Path evaluated = jsonl("admissions.jsonl", "A", ADMISSIONS, 3);
    StringBuilder table = new StringBuilder("code,description\n");
    for (String[] condition : CONDITIONS) {
      table.append(condition[0]).append(",\"").append(condition[1]).append("\"\n");
    }
    Files.writeString(temp.resolve("table.csv"), table);
    StringBuilder replay = new StringBuilder();
    for (int i = 1; i <= ADMISSIONS; i++) {
      replay.append('A').append(i).append('\t').append(CONDITIONS[i % CONDITIONS.length][0]).append('\n');
    }
    Files.writeString(temp.resolve("replay.tsv"), replay);
    Map<String, String> coders = new LinkedHashMap<>();
    coders.put("frequency", "k: 3");
    coders.put("replay", "file: \"" + temp.resolve("replay.tsv") + "\"");
    coders.put("rules", "language: en, learn-min-support: 1");
    coders.put("llm", "provider: openai-compatible, baseUrl: \"" + chatUrl + "\", model: stub, maxRetries: 0");
    coders.put("http", "url: \"" + serviceUrl + "\", maxRetries: 0");
    List<String> worker = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), ExecStub.class.getName()));
    for (String[] condition : CONDITIONS) {
      worker.add(condition[1] + "=" + condition[0]);
    }
    coders.put("exec", "command: " + JSON.writeValueAsString(worker) + ", workers: 2, egress: local");
    coders.put("ml-linear", "epochs: 3, min-df: 1, min-count: 1");
    coders.put("ml-knn", "min-df: 1, k: 5");
    coders.put("embed-retrieval", "threshold: 0.3");
    coders.put("ensemble", "members: \"rules,ml-knn\", mode: fusion");
    assertEquals(CODERS, List.copyOf(coders.keySet()));
    StringBuilder yaml = new StringBuilder("name: fault-injection\n"
        + "dataset: { spec: \"jsonl:" + evaluated + "\" }\n"
        + "training: { spec: \"jsonl:" + training + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + temp.resolve("table.csv") + "\" }\n"
        + "coders:\n");
    coders.forEach((name, parameters) -> yaml.append("  - { name: ").append(name).append(", ").append(parameters).append(" }\n"));
    yaml.append("metrics: { bootstrap: 0 }\nthreads: 2\n");
    Path config = temp.resolve("config.yaml");
    Files.writeString(config, yaml);
    return config;
  }

  /** {@code n} admissions naming one or two conditions each, gold codes to match. */
  private Path jsonl(String name, String prefix, int n, int offset) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      String[] first = CONDITIONS[(i + offset) % CONDITIONS.length];
      String[] second = CONDITIONS[(i * 2 + offset) % CONDITIONS.length];
      Set<String> codes = new TreeSet<>(List.of(first[0], second[0]));
      StringBuilder gold = new StringBuilder();
      for (String code : codes) {
        gold.append(gold.length() == 0 ? "" : ",").append("{\"system\":\"icd10cm\",\"code\":\"").append(code).append("\"}");
      }
      text.append(String.format(Locale.ROOT, "{\"id\":\"%s%d\",\"patient_id\":\"p%s%d\",\"notes\":[{\"type\":\"discharge\","
          + "\"text\":\"This is case %s%d. The patient presented with %s and %s. No other complaints.\"}],\"codes\":[%s]}%n",
          prefix, i, prefix, i, prefix, i, first[1], second[1], gold));
    }
    Path file = temp.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** The stand-in model reads the note: one code per condition it names, as a comma-separated list. */
  private static String llmAnswer(String prompt) {
    String note = prompt.substring(prompt.indexOf("case A")).toLowerCase(Locale.ROOT);
    List<String> codes = new ArrayList<>();
    for (String[] condition : CONDITIONS) {
      if (note.contains(condition[1])) {
        codes.add(condition[0]);
      }
    }
    return String.join(", ", codes);
  }
}
