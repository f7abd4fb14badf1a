package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.CodingSession;
import org.medcode.coder.RunListener;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;
import org.medcode.run.Medcode;
import org.medcode.run.RunRequest;
import org.medcode.run.engine.RunOutcome;
import org.medcode.run.workspace.Workspace;

/**
 * Batch mode against the batch stub: split into batches within the limit, ids and states in the run folder, per-request
 * failures by kind, the same requests (bodies and cache keys) as online mode, and every fault — a rejected file, a
 * batch failing validation, expiry, cancellation, malformed result lines, a kill between sending a create request and
 * recording it — with no admission lost and no request processed twice.
 */
class LlmBatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int ADMISSIONS = 120;

  @TempDir
  Path temp;

  /** Per 20 admissions: a 500, a 400, a refusal, an unparseable answer; the rest the gold codes. */
  static ChatStub.Reply script(String admission, int attempt) {
    int n = Synthetic.number(admission);
    return switch (n % 20) {
      case 3 -> ChatStub.status(500, Map.of());
      case 4 -> ChatStub.status(400, Map.of());
      case 7 -> ChatStub.refusal("I can't assist with that.");
      case 9 -> ChatStub.answer("{\"codes\": [\"I10\", \"E11");
      default -> ChatStub.answer(Synthetic.goldJson(admission));
    };
  }

  private final List<String> notes = new CopyOnWriteArrayList<>();
  private final RunListener listener = new RunListener() {
    @Override
    public void note(String message) {
      notes.add(message);
    }

    @Override
    public void warning(String message) {
      notes.add("warning: " + message);
    }
  };

  private Medcode medcode() {
    return new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(),
        listener));
  }

  private Path config(String baseUrl, String provider, String mode, int admissions, String... more) throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("provider", provider);
    p.put("baseUrl", baseUrl);
    p.put("model", "stub-model");
    p.put("mode", mode);
    p.put("batchPoll", "0.01");
    p.put("batchMaxRequests", "50");
    p.put("backoff", "0.01");
    p.put("maxRetries", "0");
    p.put("timeout", "5");
    p.put("prices", Synthetic.prices(temp).toString());
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    Path config = temp.resolve("llm-" + mode + "-" + provider + "-" + notes.size() + ".yaml");
    Files.writeString(config, "name: llm-batch\n"
        + "dataset: { spec: \"jsonl:" + Synthetic.dataset(temp, admissions) + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
        + "coders: [ " + Synthetic.yaml(p) + " ]\n"
        + "metrics: { bootstrap: 0 }\n");
    return config;
  }

  private static JsonNode coder(Path run) throws Exception {
    return JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("llm");
  }

  private static Map<String, Integer> kinds(Path run) throws Exception {
    Map<String, Integer> kinds = new TreeMap<>();
    coder(run).get("failures_by_kind").properties().forEach(e -> kinds.put(e.getKey(), e.getValue().asInt()));
    return kinds;
  }

  private static JsonNode state(Path run) throws Exception {
    return JSON.readTree(run.resolve("llm/batches/state.json").toFile());
  }

  @Test
  void aBatchRunAnswersLikeOnlineModeAndFillsTheCacheItsOnlineRerunReads() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> script(admission, attempt))) {
      RunOutcome outcome = medcode().run(new RunRequest(config(stub.baseUrl(), "openai-compatible", "batch", ADMISSIONS),
          List.of(), null, List.of(), temp.resolve("batch")));
      assertTrue(outcome.complete());
      assertEquals(ADMISSIONS, Files.readAllLines(temp.resolve("batch/llm/predictions.jsonl")).size());
      assertEquals(Map.of("http_4xx", 6, "refusal", 6, "server_error", 6, "unparseable", 6), kinds(temp.resolve("batch")));
      JsonNode state = state(temp.resolve("batch"));
      assertEquals(3, state.get("batches").size()); // 120 requests, at most 50 per batch
      for (JsonNode batch : state.get("batches")) {
        assertTrue(batch.get("batch_id").asText().startsWith("batch_"), batch.toString());
        assertEquals("completed", batch.get("state").asText());
        assertTrue(batch.get("collected").asBoolean());
      }
      assertEquals(3, stub.created());
      assertEquals(3, stub.uploads());
      assertEquals(ADMISSIONS, stub.processed().size());
      assertTrue(stub.processed().values().stream().allMatch(n -> n == 1), stub.processed().toString());
      assertEquals(0, stub.online());
      assertTrue(notes.stream().anyMatch(n -> n.startsWith("llm: batches: 3 submitted, 3 completed; requests: 120 of 120"
          + " done, 12 failed")), notes.toString());
      JsonNode line = LlmRunTest.byAdmission(Files.readAllLines(temp.resolve("batch/llm/predictions.jsonl"))).get("A001");
      assertEquals((100 * 0.5 + 20 * 1.0) / 1e6, line.get("usage").get("cost").asDouble(), 1e-15); // half price
      assertEquals("batch", line.get("annotations").get("mode").asText());
      assertTrue(coder(temp.resolve("batch")).get("facts").get("batches").asText().startsWith("3 "));

      // online, same settings: every answer comes from the cache the batch filled (server errors were not cached)
      RunOutcome online = medcode().run(new RunRequest(config(stub.baseUrl(), "openai-compatible", "online", ADMISSIONS),
          List.of(), null, List.of(), temp.resolve("online")));
      assertTrue(online.complete());
      assertEquals(6 + 6, stub.online(), "only the requests whose batch result was an HTTP error are sent online");
      Map<String, JsonNode> batchLines = LlmRunTest.byAdmission(Files.readAllLines(temp.resolve("batch/llm/predictions.jsonl")));
      Map<String, JsonNode> onlineLines = LlmRunTest.byAdmission(Files.readAllLines(temp.resolve("online/llm/predictions.jsonl")));
      for (String id : batchLines.keySet()) {
        assertEquals(batchLines.get(id).get("codes"), onlineLines.get(id).get("codes"), id);
      }
    }
  }

  /**
   * As the README says: a batch sends a prompt once even with {@code cache: false} (a request's custom id is its cache
   * key, unique in a batch), so two admissions with identical notes get one answer, billed once on the first; online
   * mode with {@code cache: false} sends each.
   */
  @Test
  void identicalPromptsGoOnceInABatchEvenWithoutTheCacheAndTwiceOnline() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)));
        ChatStub chat = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path batchConfig = config(stub.baseUrl(), "openai-compatible", "batch", 2, "cache", "false");
      Path onlineConfig = config(chat.baseUrl(), "openai-compatible", "online", 2, "cache", "false");
      String note = "{\"type\":\"discharge summary\",\"text\":\"Patient case A000 was admitted with sepsis.\"}";
      Files.writeString(temp.resolve("admissions.jsonl"), "{\"id\":\"A000\",\"notes\":[" + note + "],\"codes\":[]}\n"
          + "{\"id\":\"A001\",\"notes\":[" + note + "],\"codes\":[]}\n");
      Path run = temp.resolve("identical-batch");
      assertTrue(medcode().run(new RunRequest(batchConfig, List.of(), null, List.of(), run)).complete());
      assertEquals(1, stub.processed().size(), stub.processed().toString());
      assertEquals(2, coder(run).get("answered").asInt());
      assertEquals(1, coder(run).get("usage").get("calls").asInt(), coder(run).toString());
      Path online = temp.resolve("identical-online");
      assertTrue(medcode().run(new RunRequest(onlineConfig, List.of(), null, List.of(), online)).complete());
      assertEquals(2, chat.requests());
      assertEquals(2, coder(online).get("usage").get("calls").asInt(), coder(online).toString());
    }
  }

  @Test
  void batchRequestsAreTheOnlineRequestsByteForByteInMeaning() throws Exception {
    try (ChatStub chat = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("[]"));
        BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer("[]"))) {
      CoderContext context = new CoderContext(CodeTables.userTable(CodeSystemId.ICD10CM, Synthetic.table(temp)), List.of(),
          temp, temp.resolve("cache"), 7, CoderContext.NO_PEERS, false, listener);
      Admission admission = new Admission("A042", "P", List.of(new Note("note", "Patient case A042 with sepsis.")),
          List.of(new GoldCode("A419", CodeSystemId.ICD10CM)), Map.of());
      // each family's parameters, thinking and response format too (o4-mini: max_completion_tokens and
      // reasoning_effort, no temperature or seed; Claude with thinking: a budget, no temperature, no forced tool call)
      List<List<String>> variants = List.of(List.of("openai-compatible"), List.of("openai"), List.of("anthropic"),
          List.of("openai-compatible", "model", "o4-mini", "reasoningEffort", "low", "responseFormat", "json_object"),
          List.of("openai", "model", "gpt-5", "responseFormat", "json_schema"),
          List.of("anthropic", "model", "claude-sonnet-4-0", "maxTokens", "4096", "thinkingBudget", "2048"));
      int n = 0;
      for (List<String> variant : variants) {
        String provider = variant.get(0);
        Map<String, String> env = Map.of("ANTHROPIC_API_KEY", "sk-ant-test-SECRET-42", "OPENAI_API_KEY", "sk-test-SECRET-43");
        Map<String, String> online = new HashMap<>(Map.of("provider", provider, "model", "stub-model", "cache", "false",
            "baseUrl", provider.equals("anthropic") ? chat.baseUrl("anthropic") : chat.baseUrl(),
            "prices", Synthetic.prices(temp).toString()));
        for (int i = 1; i < variant.size(); i += 2) {
          online.put(variant.get(i), variant.get(i + 1));
        }
        LlmCoderFactory factory = new LlmCoderFactory(env::get);
        factory.create(context, CoderParameters.resolve(factory, online)).code(admission);
        Map<String, String> batch = new HashMap<>(online);
        batch.put("mode", "batch");
        batch.put("batchPoll", "0.01");
        batch.put("baseUrl", provider.equals("anthropic") ? stub.anthropicUrl() : stub.baseUrl());
        LlmCoder coder = (LlmCoder) factory.create(context, CoderParameters.resolve(factory, batch));
        Path folder = temp.resolve("run-" + provider + "-" + n++ + "/llm");
        coder.prepare(List.of(admission), new CodingSession(folder, Double.POSITIVE_INFINITY, false));
        coder.code(admission);
        JsonNode sent = JSON.readTree(chat.bodies().get(chat.bodies().size() - 1));
        JsonNode line = stub.lines().get(stub.lines().size() - 1);
        ObjectNode batchBody = (ObjectNode) (provider.equals("anthropic") ? line.get("params") : line.get("body")).deepCopy();
        if (provider.equals("anthropic")) {
          ((ObjectNode) sent).remove("stream"); // batches do not stream; everything else is the same
        }
        assertEquals(sent, batchBody, variant.toString());
        // the custom id is the cache key online mode uses (the base URL differs here, so the key does too)
        assertEquals(coder.requests(admission).list().get(0).key(), line.get("custom_id").asText());
      }
      // the key is sent in headers only: never in a request file, a state file, a result file or a request body
      assertEquals(List.of("sk-ant-test-SECRET-42"), stub.headers().get(stub.headers().size() - 1).get("X-api-key"));
      assertTrue(stub.headers().stream().anyMatch(h -> List.of("Bearer sk-test-SECRET-43").equals(h.get("Authorization"))));
      try (Stream<Path> files = Files.walk(temp)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
          assertFalse(text.contains("SECRET-42") || text.contains("SECRET-43"), file.toString());
        }
      }
      assertTrue(stub.bodies().stream().noneMatch(b -> b.contains("SECRET-4")));
      assertTrue(chat.bodies().stream().noneMatch(b -> b.contains("SECRET-4")));
    }
  }

  @Test
  void aRejectedFileFailsItsRequestsByKindAndRetryFailedSendsThemInAFollowUpBatch() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      stub.rejectUploads = true;
      Path run = temp.resolve("rejected");
      medcode().run(new RunRequest(config(stub.baseUrl(), "openai-compatible", "batch", 60), List.of(), null, List.of(), run));
      assertEquals(Map.of("batch_rejected", 60), kinds(run));
      JsonNode first = LlmRunTest.byAdmission(Files.readAllLines(run.resolve("llm/predictions.jsonl"))).get("A000");
      assertTrue(first.get("failure").get("message").asText().contains("Invalid file format for Batch API"),
          first.toString());
      assertTrue(first.get("failure").get("message").asText().contains("--retry-failed"), first.toString());
      assertEquals(0, stub.created());
      // the progress counts them as the log does (it said '0 of 60 done, 0 failed' beside 60 recorded failures)
      assertTrue(notes.stream().anyMatch(n -> n.endsWith("requests: 60 of 60 done, 60 failed")), notes.toString());

      stub.rejectUploads = false;
      RunOutcome retried = medcode().resume(run, List.of(), true);
      assertTrue(retried.complete());
      assertEquals(Map.of(), kinds(run));
      assertEquals(2, stub.created());
      assertEquals(4, state(run).get("batches").size()); // two rejected, two follow-ups
      assertTrue(stub.processed().values().stream().allMatch(n -> n == 1));
      assertEquals(60, stub.processed().size());
    }
  }

  @Test
  void theProgressOfAFollowUpBatchCountsEachRequestOnceByItsLatestOutcome() throws Exception {
    // per 20 admissions a 500 and a 400 the first time they are asked; the gold codes otherwise
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> attempt == 1 && Synthetic.number(admission) % 20 == 3
        ? ChatStub.status(500, Map.of()) : attempt == 1 && Synthetic.number(admission) % 20 == 4
        ? ChatStub.status(400, Map.of()) : ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path run = temp.resolve("progress");
      medcode().run(new RunRequest(config(stub.baseUrl(), "openai-compatible", "batch", 60), List.of(), null, List.of(), run));
      assertEquals("llm: batches: 2 submitted, 2 completed; requests: 60 of 60 done, 6 failed", lastProgress(), notes.toString());
      notes.clear();
      assertTrue(medcode().resume(run, List.of(), true).complete());
      assertEquals(Map.of(), kinds(run));
      // the follow-up batch answered what the first two failed: 60 requests, none failed now (not 66 of 66, 6 failed)
      assertEquals("llm: batches: 3 submitted, 3 completed; requests: 60 of 60 done, 0 failed", lastProgress(), notes.toString());
    }
  }

  private String lastProgress() {
    List<String> lines = notes.stream().filter(n -> n.contains("; requests: ")).toList();
    return lines.isEmpty() ? null : lines.get(lines.size() - 1);
  }

  @Test
  void aBatchThatFailsValidationExpiresOrIsCancelledLosesNoAdmission() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      stub.failValidation = true;
      Path failed = temp.resolve("failed");
      medcode().run(new RunRequest(config(stub.baseUrl(), "openai-compatible", "batch", 40), List.of(), null, List.of(), failed));
      assertEquals(Map.of("batch_rejected", 40), kinds(failed));
      String message = LlmRunTest.byAdmission(Files.readAllLines(failed.resolve("llm/predictions.jsonl"))).get("A001")
          .get("failure").get("message").asText();
      assertTrue(message.contains("line 1: The model 'stub-model' does not exist"), message);
      assertEquals("failed", state(failed).get("batches").get(0).get("state").asText());

      stub.failValidation = false;
      stub.expireAfter = 30;
      Path expired = temp.resolve("expired");
      medcode().run(new RunRequest(config(stub.baseUrl(), "openai-compatible", "batch", 40, "batchMaxRequests", "100",
          "cache", "false"), List.of(), null, List.of(), expired));
      assertEquals(Map.of("batch_expired", 10), kinds(expired));
      assertEquals(30, coder(expired).get("answered").asInt());
      stub.expireAfter = -1;
      medcode().resume(expired, List.of(), true);
      assertEquals(Map.of(), kinds(expired));
      assertEquals(40, coder(expired).get("answered").asInt());
      assertEquals(40, stub.processed().size());
      assertTrue(stub.processed().values().stream().allMatch(n -> n == 1), stub.processed().toString());

      // cancelled in the provider's console while the run waits
      stub.hold = true;
      Path cancelled = temp.resolve("cancelled");
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 40, "cache", "false");
      Thread canceller = new Thread(() -> {
        try {
          while (!Files.exists(cancelled.resolve("llm/batches/state.json"))
              || !Files.readString(cancelled.resolve("llm/batches/state.json")).contains("in_progress")) {
            Thread.sleep(5);
          }
          stub.cancelAll();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      canceller.start();
      medcode().run(new RunRequest(config, List.of(), null, List.of(), cancelled));
      canceller.join();
      assertEquals(Map.of("batch_cancelled", 40), kinds(cancelled));
      assertEquals("cancelled", state(cancelled).get("batches").get(0).get("state").asText());
    }
  }

  @Test
  void malformedResultLinesAreNamedAndAnthropicBatchesWorkTheSame() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> script(admission, attempt))) {
      stub.malformedLines = 2;
      Path run = temp.resolve("anthropic");
      medcode().run(new RunRequest(config(stub.anthropicUrl(), "anthropic", "batch", 40, "apiKeyEnv", "NO_SUCH_KEY_VARIABLE"),
          List.of(), null, List.of(), run));
      assertEquals(Map.of("http_4xx", 2, "refusal", 2, "server_error", 2, "unparseable", 2), kinds(run));
      assertTrue(notes.stream().anyMatch(n -> n.startsWith("warning: llm: 2 malformed lines in the results of batch-0001"
          + " (first at batch-0001-output.jsonl:1")), notes.toString());
      assertTrue(state(run).get("batches").get(0).get("batch_id").asText().startsWith("msgbatch_"));
      assertEquals(List.of(AnthropicBatchApi.VERSION), stub.headers().get(0).get("Anthropic-version"));
    }
  }

  @Test
  void aFollowUpBatchStillRunningAfterAKillIsWaitedForNotPaidAgain() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      stub.rejectUploads = true;
      Path run = temp.resolve("follow-up");
      medcode().run(new RunRequest(config(stub.baseUrl(), "openai-compatible", "batch", 30), List.of(), null, List.of(), run));
      assertEquals(Map.of("batch_rejected", 30), kinds(run));
      stub.rejectUploads = false;
      stub.hold = true;
      Thread retry = new Thread(() -> {
        try {
          medcode().resume(run, List.of(), true);
        } catch (RuntimeException e) {
          // stopped below
        }
      });
      retry.setDaemon(true);
      retry.start();
      while (stub.created() < 1) {
        Thread.sleep(5);
      }
      Path stateFile = run.resolve("llm/batches/state.json");
      while (state(run).get("batches").size() < 2 || !state(run).get("batches").get(1).has("batch_id")) {
        Thread.sleep(5);
      }
      retry.interrupt(); // killed while the follow-up batch runs
      retry.join(10_000);
      stub.hold = false;
      RunOutcome again = medcode().resume(run, List.of(), true);
      assertTrue(again.complete());
      assertEquals(1, stub.created(), "the running follow-up was waited for, not submitted again");
      assertTrue(stub.processed().values().stream().allMatch(n -> n == 1), stub.processed().toString());
      assertEquals(30, coder(run).get("answered").asInt());
      assertTrue(Files.exists(stateFile));
    }
  }

  /**
   * A baseUrl with a query string, as Azure's documentation writes the v1 endpoint ({@code …/openai/v1?api-version=
   * preview}): the paths were appended after the query ({@code /v1?api-version=preview/files}), so every request missed
   * the API. The query now follows each request's path, online and in batch mode.
   */
  @Test
  void aBaseUrlWithAQueryStringReachesTheApiOnlineAndInBatches() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path run = temp.resolve("api-version-batch");
      medcode().run(new RunRequest(config(stub.baseUrl() + "?api-version=preview", "openai-compatible", "batch", 10),
          List.of(), null, List.of(), run));
      assertEquals(Map.of(), kinds(run));
      assertEquals(10, coder(run).get("answered").asInt());
    }
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path run = temp.resolve("api-version-online");
      medcode().run(new RunRequest(config(stub.baseUrl() + "?api-version=preview", "openai-compatible", "online", 10),
          List.of(), null, List.of(), run));
      assertEquals(Map.of(), kinds(run));
      assertEquals(10, coder(run).get("answered").asInt());
    }
  }

  @Test
  void aRequestAnsweredTwiceKeepsItsPaidAnswer() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      stub.repeatAsError = 0;
      Path run = temp.resolve("repeated");
      medcode().run(new RunRequest(config(stub.baseUrl(), "openai-compatible", "batch", 10), List.of(), null, List.of(), run));
      assertEquals(Map.of(), kinds(run), "the later error line does not undo the answer");
      JsonNode first = LlmRunTest.byAdmission(Files.readAllLines(run.resolve("llm/predictions.jsonl"))).get("A000");
      assertEquals("ok", first.get("status").asText());
      assertTrue(first.get("usage").get("cost").asDouble() > 0, "its cost is counted: " + first);
      assertTrue(notes.stream().anyMatch(w -> w.contains("1 result line of batch-0001 repeats a request already answered")), notes.toString());
    }
  }

  @Test
  void aBatchCreatedJustBeforeAKillIsAdoptedNotCreatedAgain() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      stub.hold = true;
      Path run = temp.resolve("killed");
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 30, "cache", "false");
      Thread runner = new Thread(() -> {
        try {
          medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
        } catch (RuntimeException e) {
          // stopped below
        }
      });
      runner.setDaemon(true);
      runner.start();
      Path stateFile = run.resolve("llm/batches/state.json");
      while (!Files.exists(stateFile) || !Files.readString(stateFile).contains("batch_id")) {
        Thread.sleep(5);
      }
      runner.interrupt();
      runner.join(10_000);
      // as if killed after the create request left but before its answer was recorded
      ObjectNode state = (ObjectNode) JSON.readTree(stateFile.toFile());
      ObjectNode batch = (ObjectNode) state.get("batches").get(0);
      batch.remove("batch_id");
      batch.put("state", "preparing");
      Files.writeString(stateFile, state.toString());
      stub.hold = false;
      RunOutcome resumed = medcode().resume(run, List.of(), false);
      assertTrue(resumed.complete());
      assertEquals(1, stub.created());
      assertEquals(1, stub.uploads());
      assertTrue(state(run).get("batches").get(0).get("adopted").asBoolean());
      assertTrue(notes.stream().anyMatch(n -> n.contains("submitted before the interruption; not sent again")), notes.toString());
      assertEquals(30, coder(run).get("answered").asInt());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai-compatible", "anthropic"})
  void aBatchCreatedByARequestThatFailedIsFoundNotCreatedAgain(String provider) throws Exception {
    // the provider creates the batch, then answers 500: a retried create would have made (and billed) a second one
    runsAdoptingTheBatchCreatedOnce(provider, "uncertain-", stub -> stub.failAfterCreating.set(1), "created once");
    assertTrue(notes.stream().anyMatch(n -> n.contains("created although its request failed")), notes.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai-compatible", "anthropic"})
  void aBatchCreatedByARequestWhoseConnectionBrokeIsFoundNotCreatedAgain(String provider) throws Exception {
    // the provider creates the batch, then the connection breaks mid-answer: the request had reached it
    runsAdoptingTheBatchCreatedOnce(provider, "broken-", stub -> stub.breakAfterCreating.set(1), "created once");
    assertTrue(notes.stream().anyMatch(n -> n.contains("created although its request failed")), notes.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai-compatible", "anthropic"})
  void aBatchCreatedUnseenIsFoundBehindTheFirstPageOfABusyAccountsBatches(String provider) throws Exception {
    // 150 batches of others created after ours: the newest 100 (one page) do not hold it, the next page does
    runsAdoptingTheBatchCreatedOnce(provider, "busy-", stub -> {
      stub.breakAfterCreating.set(1);
      stub.othersAfterCreating = 150;
    }, "created once, not again for want of looking past the first page");
  }

  /**
   * Runs 20 admissions in batch mode against a stub that {@code fault} sets up to fail around creating the batch, and
   * checks that the batch was created once, adopted, and answered every admission.
   */
  private void runsAdoptingTheBatchCreatedOnce(String provider, String name, java.util.function.Consumer<BatchStub> fault,
      String createdOnce) throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      fault.accept(stub);
      Path config = config(provider.equals("anthropic") ? stub.anthropicUrl() : stub.baseUrl(), provider, "batch", 20,
          "cache", "false");
      Path run = temp.resolve(name + provider);
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
      assertTrue(outcome.complete(), outcome.problems().toString());
      assertEquals(1, stub.created(), createdOnce);
      assertTrue(state(run).get("batches").get(0).get("adopted").asBoolean());
      assertEquals(20, coder(run).get("answered").asInt());
    }
  }

  @Test
  void aCreateWhoseConnectionBrokeStopsSayingTheBatchMayExistAndResumeLooksForItFirst() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      stub.breakBeforeCreating.set(1);
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 20, "cache", "false", "maxRetries", "0");
      Path run = temp.resolve("broken-unknown");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
      assertFalse(outcome.complete());
      String problems = outcome.problems().toString();
      assertFalse(problems.contains("cannot reach"), problems);
      assertTrue(problems.contains("POST " + stub.baseUrl() + "/batches: the connection to the batch API broke after the"
          + " request was sent"), problems);
      assertTrue(problems.contains("may have been created"), problems);
      assertTrue(problems.contains("--resume looks for it first"), problems);
      // one next step, the right one: resume this folder (a new run would not look for the batch)
      assertTrue(problems.contains("Continue this run with ./medcode run --resume " + run + ", not a new run"), problems);
      assertFalse(problems.contains("run it again"), problems);
      assertEquals(0, stub.created());
      assertTrue(state(run).get("batches").get(0).hasNonNull("create_sent_at"), "the send time is kept for --resume");
      RunOutcome resumed = medcode().resume(run, List.of(), false);
      assertTrue(resumed.complete(), resumed.problems().toString());
      assertEquals(1, stub.created());
      assertEquals(20, coder(run).get("answered").asInt());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"breakBeforeCreating", "breakAfterCreating"})
  void theBatchSentJustBeforeIsNotTakenForOneWhoseCreateBroke(String fault) throws Exception {
    // two batches of 10 sent back to back: the second's create breaks; Anthropic's search by size and time must not
    // take the first (this run's own, a second older) for it
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      stub.createsBeforeFaults.set(1);
      (fault.equals("breakBeforeCreating") ? stub.breakBeforeCreating : stub.breakAfterCreating).set(1);
      Path config = config(stub.anthropicUrl(), "anthropic", "batch", 20, "cache", "false", "maxRetries", "0",
          "batchMaxRequests", "10");
      Path run = temp.resolve("two-" + fault);
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
      if (fault.equals("breakBeforeCreating")) { // not created: not found, and --resume creates it
        assertFalse(outcome.complete(), outcome.problems().toString());
        assertTrue(outcome.problems().toString().contains("may have been created"), outcome.problems().toString());
        outcome = medcode().resume(run, List.of(), false);
      }
      assertTrue(outcome.complete(), outcome.problems().toString());
      JsonNode batches = state(run).get("batches");
      assertFalse(batches.get(0).get("batch_id").asText().equals(batches.get(1).get("batch_id").asText()), batches.toString());
      assertEquals(2, stub.created());
      assertEquals(20, coder(run).get("answered").asInt());
      assertTrue(stub.processed().values().stream().allMatch(n -> n == 1));
    }
  }

  @Test
  void anAnthropicBatchThatCannotBeToldFromAnothersStopsItsCoderNotTheRun() throws Exception {
    // the create request breaks after the batch was created, and another batch of the same size (one request) is
    // created in the account just after: the search by size and time finds two, and cannot tell which is this run's
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      stub.breakAfterCreating.set(1);
      stub.othersAfterCreating = 1;
      Path config = config(stub.anthropicUrl(), "anthropic", "batch", 1, "cache", "false", "maxRetries", "0");
      Files.writeString(config, Files.readString(config).replace(" ]\nmetrics:", ", { name: rules } ]\nmetrics:"));
      Path run = temp.resolve("ambiguous");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
      assertFalse(outcome.complete());
      String problems = outcome.problems().toString();
      assertTrue(problems.contains("cannot tell which is this run's"), problems);
      assertTrue(problems.contains("Continue this run with ./medcode run --resume " + run + ", not a new run"), problems);
      JsonNode coders = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders");
      assertTrue(coders.get("llm").get("facts").get("stopped").asText().contains("cannot tell which is this run's"),
          coders.toString());
      assertEquals(1, coders.get("rules").get("answered").asInt(), coders.toString());
      assertEquals("complete", coders.get("rules").get("status").asText(), coders.toString());
      assertTrue(Files.exists(run.resolve("rules/metrics.json")), "the other coder is scored");
      assertEquals(1, stub.created());
    }
  }

  @Test
  void anEnsembleListedBeforeItsBatchMemberGetsTheMembersAnswers() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 4, "cache", "false");
      Files.writeString(config, Files.readString(config).replace("coders: [ ",
          "coders: [ { name: ensemble, members: llm, mode: union }, "));
      Path run = temp.resolve("ensemble-first");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
      JsonNode coders = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders");
      assertEquals(4, coders.get("ensemble").get("answered").asInt(), coders.toString());
      assertEquals(4, coders.get("llm").get("answered").asInt(), coders.toString());
      assertTrue(outcome.complete(), outcome.problems().toString());
      // without a cache, the ensemble's session sent the member's answered requests again, paid and charged to no one
      assertEquals(4, stub.processed().size());
      assertTrue(stub.processed().values().stream().allMatch(n -> n == 1), stub.processed().toString());
      assertEquals(0, coders.get("ensemble").get("usage").get("cost").asDouble(), coders.toString());
    }
  }

  @Test
  void aBatchApiThatRefusesTheKeyStopsItsCoderNotTheRun() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      stub.refuseKey = true;
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 3, "cache", "false");
      Files.writeString(config, Files.readString(config).replace(" ]\nmetrics:", ", { name: rules } ]\nmetrics:"));
      Path run = temp.resolve("refused-key");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
      assertFalse(outcome.complete());
      String problems = outcome.problems().toString();
      assertTrue(problems.contains("the batch API refused POST " + stub.baseUrl()), problems);
      assertTrue(problems.contains("/v1/files: HTTP 401"), problems);
      assertTrue(problems.contains("check the API key"), problems);
      JsonNode coders = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders");
      assertEquals(3, coders.get("rules").get("answered").asInt(), coders.toString());
      assertTrue(Files.exists(run.resolve("rules/metrics.json")), "the other coder is scored");
      assertEquals(0, stub.created());
    }
  }

  @Test
  void aStateFileThatCannotBeWrittenAfterCreatingSaysToResumeAndResumeAdoptsTheBatch() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path run = temp.resolve("state-unwritable");
      Path blocked = run.resolve("llm/batches/state.json.tmp");
      stub.onCreate = () -> { // the disk refuses the state file just as the batch is created (a folder in its place)
        try {
          Files.createDirectories(blocked.resolve("inside"));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      };
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 10, "cache", "false");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
      assertFalse(outcome.complete());
      String problems = outcome.problems().toString();
      assertTrue(problems.contains("cannot write " + run.resolve("llm/batches/state.json")), problems);
      assertTrue(problems.contains("Is a directory"), problems);
      assertTrue(problems.contains("Continue this run with ./medcode run --resume " + run + ", not a new run"), problems);
      assertFalse(problems.contains("run it again"), problems);
      stub.onCreate = () -> { };
      Files.delete(blocked.resolve("inside"));
      Files.delete(blocked);
      RunOutcome resumed = medcode().resume(run, List.of(), false);
      assertTrue(resumed.complete(), resumed.problems().toString());
      assertEquals(1, stub.created(), "adopted, not created again");
      assertEquals(10, coder(run).get("answered").asInt());
    }
  }

  @Test
  void aStatusRequestWhoseConnectionBrokeIsAskedAgainNotTheEndOfTheRun() throws Exception {
    // hours of polling meet a reset connection now and then: asking how a batch is doing again is safe
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      stub.breakStatus.set(2);
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 10, "cache", "false", "maxRetries", "2");
      Path run = temp.resolve("status-broken");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
      assertTrue(outcome.complete(), outcome.problems().toString());
      assertEquals(0, stub.breakStatus.get(), "both broken answers were met");
      assertEquals(1, stub.created());
      assertEquals(10, coder(run).get("answered").asInt());
    }
  }

  @Test
  void aStopAfterBatchesWereSubmittedSaysToResumeNotToRunAgain() throws Exception {
    // a new run would submit (and pay for) the same requests again: only --resume finds the submitted batch
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      stub.refuseStatus = true;
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 10, "cache", "false");
      Path run = temp.resolve("stopped-after-submitting");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
      assertFalse(outcome.complete());
      String problems = outcome.problems().toString();
      assertTrue(problems.contains("no such batch"), problems);
      assertTrue(problems.contains("Continue this run with ./medcode run --resume " + run + ", not a new run"), problems);
      assertFalse(problems.contains("run it again"), problems);
      stub.refuseStatus = false;
      RunOutcome resumed = medcode().resume(run, List.of(), false);
      assertTrue(resumed.complete(), resumed.problems().toString());
      assertEquals(1, stub.created());
      assertEquals(10, coder(run).get("answered").asInt());
    }
  }

  @Test
  void aBatchApiThatCannotBeReachedLeavesTheRunIncompleteNotRunning() throws Exception {
    // as an online coder that reaches nobody: the coder stops, the run ends incomplete (exit 3), resumable
    Path config = config("http://127.0.0.1:9/v1", "openai-compatible", "batch", 5, "cache", "false");
    Path run = temp.resolve("unreachable");
    RunOutcome outcome = medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
    assertFalse(outcome.complete());
    assertEquals("incomplete", JSON.readTree(run.resolve("manifest.json").toFile()).get("status").asText());
    assertTrue(outcome.problems().stream().anyMatch(p -> p.contains("could not prepare its admissions (cannot reach the"
        + " batch API")), outcome.problems().toString());
  }

  @Test
  void aBudgetHoldsBackWhatItCannotPayForBeforeSubmitting() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      // worst case per request at batch price (0.5 / 1 USD per million): ~(prompt tokens) x 0.5 + 1024 x 1, about 1.1e-3
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 40, "cache", "false");
      Path run = temp.resolve("budget");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of("maxCost=0.0115"), null, List.of(), run));
      assertFalse(outcome.complete());
      assertTrue(coder(run).get("budget_reached").asBoolean());
      int answered = coder(run).get("answered").asInt();
      assertTrue(answered >= 5 && answered < 40, "answered " + answered);
      assertEquals(answered, stub.processed().size());
      assertTrue(coder(run).get("usage").get("cost").asDouble() <= 0.0115);
      medcode().resume(run, List.of("maxCost=1"), false);
      assertEquals(40, coder(run).get("answered").asInt());
      assertTrue(stub.processed().values().stream().allMatch(n -> n == 1));
    }
  }

  @Test
  void answersABatchBroughtBackBeforeAKillAreChargedToTheBudgetOfTheResumedRun() throws Exception {
    // answers close to their worst case (1,000 completion tokens of the 1,024 allowed), so that a session that forgot
    // them would have room for a second batch as large as the first
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> {
      ChatStub.Reply reply = ChatStub.answer(Synthetic.goldJson(admission));
      return new ChatStub.Reply(reply.status(), reply.headers(), reply.body().replace(
          "\"completion_tokens\":20", "\"completion_tokens\":1000"), 0);
    })) {
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 40, "cache", "false");
      Path run = temp.resolve("budget-kill");
      medcode().run(new RunRequest(config, List.of("maxCost=0.0115"), null, List.of(), run));
      int paid = stub.processed().size();
      assertTrue(paid >= 5 && paid < 40, "paid for " + paid);
      // as if killed after the batch's answers were collected but before any of them was logged
      Path log = run.resolve("llm/predictions.jsonl");
      assertEquals(paid, Files.readAllLines(log).size());
      Files.writeString(log, "");
      medcode().resume(run, List.of("maxCost=0.0115"), false);
      int answered = coder(run).get("answered").asInt();
      assertEquals(stub.processed().size(), answered, "every paid answer is logged");
      assertTrue(answered <= paid + 1, "the collected answers were charged before submitting more: " + answered);
      assertTrue(coder(run).get("usage").get("cost").asDouble() <= 0.0115, "the budget holds: " + coder(run));
      assertTrue(stub.processed().values().stream().allMatch(n -> n == 1));
    }
  }

  /** A reply near its worst case: 100 prompt tokens and 1,000 of the 1,024 answer tokens allowed. */
  private static ChatStub.Reply dear(String admission) {
    ChatStub.Reply reply = ChatStub.answer(Synthetic.goldJson(admission));
    return new ChatStub.Reply(reply.status(), reply.headers(), reply.body().replace(
        "\"completion_tokens\":20", "\"completion_tokens\":1000"), 0);
  }

  /**
   * An ensemble's batch members submit, when the ensemble prepares, what their own sessions left unanswered (here held
   * back by their own budgets), within the ensemble's budget: each was handed the whole of it, so two members spent up to
   * twice maxCost (0.0189 USD billed for 0.0115), and what one had answered for admissions the other could not pay for
   * was recorded nowhere. The ensemble now prepares only the admissions all its members can afford together.
   */
  @Test
  void twoBatchMembersOfAnEnsembleHoldItsBudgetTogether() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> dear(admission))) {
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 40);
      String yaml = Files.readString(config);
      String member = yaml.substring(yaml.indexOf("{ name: llm") + "{ name: llm".length(), yaml.indexOf(" } ]"));
      Files.writeString(config, yaml.replace("coders: [ { name: llm" + member + " } ]", "coders: [ { name: llm, id: a"
          + member + ", temperature: \"0.1\" }, { name: llm, id: b" + member + " }, { name: ensemble, members: \"a,b\","
          + " mode: union } ]"));
      Path run = temp.resolve("two-members");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of("maxCost=0.0115"), null, List.of(), run));
      assertFalse(outcome.complete());
      // 100 prompt tokens at 0.5 and 1,000 answer tokens at 1 USD per million (batch price): 1.05e-3 USD each
      double billed = stub.processed().values().stream().mapToInt(Integer::intValue).sum() * 1.05e-3;
      JsonNode coders = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders");
      double recorded = 0;
      for (String id : List.of("a", "b", "ensemble")) {
        double cost = coders.get(id).get("usage").get("cost").asDouble();
        assertTrue(cost <= 0.0115, id + " spent " + cost + " of maxCost 0.0115: " + coders.get(id));
        recorded += cost;
      }
      assertTrue(coders.get("ensemble").get("usage").get("cost").asDouble() > 0, coders.toString());
      assertEquals(billed, recorded, 1e-9, "every request billed is on a line of the coder that paid: " + coders);
      assertTrue(medcode().resume(run, List.of("maxCost=1"), false).complete());
      coders = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders");
      recorded = 0;
      for (String id : List.of("a", "b", "ensemble")) {
        recorded += coders.get(id).get("usage").get("cost").asDouble();
      }
      assertEquals(stub.processed().values().stream().mapToInt(Integer::intValue).sum() * 1.05e-3, recorded, 1e-9,
          "every request billed is recorded once: " + coders);
      assertTrue(stub.processed().values().stream().allMatch(n -> n == 1), stub.processed().toString());
    }
  }

  /**
   * Two batch members with identical settings send identical requests: when the ensemble asks both for admissions their
   * own runs left unanswered (held back by their budgets), one batch of the ensemble's folder answers the request for
   * both, billed once, but each member charged it to the ensemble's line, so the run recorded 44 answers' cost for the
   * 40 billed. A member's usage whose every payment another member's already carries is now counted once.
   */
  @Test
  void twoIdenticalBatchMembersOfAnEnsembleRecordEachAnswerTheyShareOnce() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> dear(admission))) {
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 40);
      String yaml = Files.readString(config);
      String member = yaml.substring(yaml.indexOf("{ name: llm") + "{ name: llm".length(), yaml.indexOf(" } ]"));
      Files.writeString(config, yaml.replace("coders: [ { name: llm" + member + " } ]", "coders: [ { name: llm, id: a"
          + member + " }, { name: llm, id: b" + member + " }, { name: ensemble, members: \"a,b\", mode: union } ]"));
      Path run = temp.resolve("two-identical-members");
      medcode().run(new RunRequest(config, List.of("maxCost=0.0115"), null, List.of(), run));
      assertTrue(medcode().resume(run, List.of("maxCost=1"), false).complete());
      assertTrue(stub.processed().values().stream().allMatch(n -> n == 1), stub.processed().toString());
      JsonNode coders = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders");
      double recorded = 0;
      for (String id : List.of("a", "b", "ensemble")) {
        recorded += coders.get(id).get("usage").get("cost").asDouble();
      }
      assertTrue(coders.get("ensemble").get("usage").get("cost").asDouble() > 0, coders.toString());
      // 100 prompt tokens at 0.5 and 1,000 answer tokens at 1 USD per million (batch price): 1.05e-3 USD each
      assertEquals(stub.processed().size() * 1.05e-3, recorded, 1e-9, "every request billed is recorded once: " + coders);
    }
  }

  /**
   * A two-stage batch coder whose metered candidates coder (an ensemble of an online llm) has no answer for A001 fails
   * that admission (candidates_missing) and submits the others: preparing it asks no candidates coder, nor stops.
   */
  @Test
  void aTwoStageBatchCoderSubmitsWhatItsCandidatesCoderAnsweredAndFailsTheRest() throws Exception {
    try (BatchStub batchStub = new BatchStub((admission, attempt, prompt) -> dear(admission));
        ChatStub online = new ChatStub((admission, attempt, prompt) -> admission.equals("A001")
            ? ChatStub.status(500, Map.of()) : ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(batchStub.baseUrl(), "openai-compatible", "batch", 3, "cache", "false", "prompt",
          "two-stage", "candidates", "ens");
      Map<String, String> cand = new LinkedHashMap<>(LlmRunTest.parameters(online, Synthetic.prices(temp)));
      cand.put("id", "cand");
      cand.put("cache", "false");
      cand.put("maxRetries", "0");
      cand.put("failFast", "0");
      String yaml = Files.readString(config);
      Files.writeString(config, yaml.replace("coders: [ ", "coders: [ " + Synthetic.yaml(cand) + ", { name: ensemble,"
          + " id: ens, members: cand, mode: union }, "));
      Path run = temp.resolve("two-stage-batch");
      medcode().run(new RunRequest(config, List.of("maxCost=1"), null, List.of(), run));
      assertEquals(3 + 1, online.requests(), "cand's three and A001 again for the ensemble");
      JsonNode llm = coder(run);
      assertEquals(2, llm.get("answered").asInt(), llm.toString());
      assertEquals(1, llm.get("failures_by_kind").get("candidates_missing").asInt(), llm.toString());
      assertEquals(2, batchStub.processed().size(), batchStub.processed().toString());
    }
  }

  /**
   * An ensemble of a batch member and an online one: the online member's admissions reserved only their own worst case,
   * blind to what the batch member had submitted for the ensemble, so the batch answers of the admissions the budget
   * then stopped were paid and recorded nowhere (0.021 USD billed in the ensemble's session for 0.0115).
   */
  @Test
  void anEnsembleOfABatchAndAnOnlineMemberHoldsItsBudget() throws Exception {
    try (BatchStub batchStub = new BatchStub((admission, attempt, prompt) -> dear(admission));
        ChatStub online = new ChatStub((admission, attempt, prompt) -> dear(admission))) {
      Path config = config(batchStub.baseUrl(), "openai-compatible", "batch", 40, "cache", "false");
      Map<String, String> b = new LinkedHashMap<>(LlmRunTest.parameters(online, Synthetic.prices(temp)));
      b.put("id", "b");
      b.put("cache", "false");
      b.put("maxInFlight", "1");
      String yaml = Files.readString(config);
      Files.writeString(config, yaml.replace("coders: [ { name: llm", "coders: [ { name: llm, id: a")
          .replace(" } ]\n", " }, " + Synthetic.yaml(b) + ", { name: ensemble, members: \"a,b\", mode: union } ]\n"));
      Path run = temp.resolve("mixed");
      medcode().run(new RunRequest(config, List.of("maxCost=0.0115"), null, List.of(), run));
      JsonNode coders = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders");
      double batchBilled = batchStub.processed().values().stream().mapToInt(Integer::intValue).sum() * 1.05e-3;
      double onlineBilled = online.requests() * 2.1e-3; // 100 prompt tokens at 1, 1,000 answer tokens at 2 USD per million
      double recorded = 0;
      for (String id : List.of("a", "b", "ensemble")) {
        double cost = coders.get(id).get("usage").get("cost").asDouble();
        assertTrue(cost <= 0.0115, id + " spent " + cost + " of maxCost 0.0115: " + coders.get(id));
        recorded += cost;
      }
      assertTrue(coders.get("ensemble").get("answered").asInt() > 0, coders.toString());
      assertEquals(batchBilled + onlineBilled, recorded, 1e-9, "every request billed is on a line of the coder that"
          + " paid: " + coders);
    }
  }

  @Test
  void aRequestWithoutAReadableResultLineCountsAtItsWorstCaseSoRetryFailedKeepsTheBudget() throws Exception {
    // answers close to their worst case: 100 prompt tokens at 0.5 and 1,000 answer tokens at 1 USD per million (batch
    // price), 1.05e-3 USD each; the worst case (prompt bounded from above, 1,024 answer tokens) is about 1.1e-3
    double billedEach = 1.05e-3;
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> {
      ChatStub.Reply reply = ChatStub.answer(Synthetic.goldJson(admission));
      return new ChatStub.Reply(reply.status(), reply.headers(), reply.body().replace(
          "\"completion_tokens\":20", "\"completion_tokens\":1000"), 0);
    })) {
      stub.tornAnswers = 3; // processed (billed), their result lines cut in half
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 10, "cache", "false");
      Path run = temp.resolve("torn");
      medcode().run(new RunRequest(config, List.of("maxCost=0.0135"), null, List.of(), run));
      assertEquals(10, stub.processed().size());
      assertEquals(Map.of("batch_missing", 3), kinds(run));
      assertTrue(coder(run).get("usage").get("cost").asDouble() >= 10 * billedEach, "what may have been billed: " + coder(run));
      assertTrue(coder(run).get("facts").get("cost_worst_case").asText().startsWith("3 requests the provider may have"
          + " billed"), coder(run).toString());
      stub.tornAnswers = 0;
      medcode().resume(run, List.of("maxCost=0.0135"), true);
      int billed = stub.processed().values().stream().mapToInt(Integer::intValue).sum();
      assertTrue(billed * billedEach <= 0.0135, "the provider billed " + billed + " requests: " + billed * billedEach
          + " USD over maxCost 0.0135");
      assertTrue(coder(run).get("usage").get("cost").asDouble() <= 0.0135 + 1e-12, coder(run).toString());
    }
  }

  /**
   * A kill between collecting a batch and logging its requests without a result line ({@code batch_missing}, maybe
   * billed): {@code --retry-failed} sent them again and counted only the new answers, so the worst case of the first
   * ones was in no spent total.
   */
  @Test
  void aRequestWithoutAResultLineThatAKillKeptFromTheLogCountsWhenRetryFailedSendsItAgain() throws Exception {
    double billedEach = 1.05e-3; // as above: answers close to their worst case
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> {
      ChatStub.Reply reply = ChatStub.answer(Synthetic.goldJson(admission));
      return new ChatStub.Reply(reply.status(), reply.headers(), reply.body().replace(
          "\"completion_tokens\":20", "\"completion_tokens\":1000"), 0);
    })) {
      stub.tornAnswers = 3;
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 10, "cache", "false");
      Path run = temp.resolve("torn-killed");
      medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
      assertEquals(Map.of("batch_missing", 3), kinds(run));
      // as if killed after the batch was collected, before its three failures were logged
      Path log = run.resolve("llm/predictions.jsonl");
      Files.write(log, Files.readAllLines(log).stream().filter(line -> !line.contains("batch_missing")).toList());
      stub.tornAnswers = 0;
      medcode().resume(run, List.of(), true);
      int billed = stub.processed().values().stream().mapToInt(Integer::intValue).sum();
      assertEquals(13, billed);
      assertEquals(Map.of(), kinds(run));
      double cost = coder(run).get("usage").get("cost").asDouble();
      assertTrue(cost >= billed * billedEach, "recorded " + cost + " USD for " + billed + " billed requests");
      assertTrue(coder(run).get("facts").get("cost_worst_case").asText().startsWith("3 requests the provider may have"
          + " billed"), coder(run).toString());
    }
  }

  /**
   * {@code --retry-failed} on split notes whose second chunk failed: the first chunk's batch answer, counted on the
   * failed line, was claimed again when the resumed session re-read the batch's results.
   */
  @Test
  void retryFailedChargesNoBatchAnswerWhoseFailedLineCountedItAlready() throws Exception {
    try (BatchStub stub = new BatchStub((admission, attempt, prompt) -> prompt.contains("Later part")
        ? ChatStub.answer("The patient has pneumonia.") : ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(stub.baseUrl(), "openai-compatible", "batch", 4, "contextTokens", "10", "longNotes", "split");
      StringBuilder admissions = new StringBuilder();
      for (int n = 0; n < 4; n++) {
        admissions.append(String.format(java.util.Locale.ROOT, "{\"id\":\"A%03d\",\"notes\":[{\"type\":\"note\","
            + "\"text\":\"Patient case A%03d was admitted.\\n\\nLater part %d: hypertension.\"}],\"codes\":[]}%n", n, n, n));
      }
      Files.writeString(temp.resolve("admissions.jsonl"), admissions);
      Path run = temp.resolve("split");
      medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
      assertEquals(Map.of("unparseable", 4), kinds(run));
      medcode().resume(run, List.of(), true); // the second chunks go into a follow-up batch; the first are answered
      int billed = stub.processed().values().stream().mapToInt(Integer::intValue).sum();
      assertEquals(12, billed);
      // 100 prompt and 20 answer tokens each at the batch price (0.5 / 1 USD per million)
      assertEquals(billed * 70e-6, coder(run).get("usage").get("cost").asDouble(), 1e-12, "what was billed, once");
    }
  }

  @Test
  void batchModeNeedsAProviderWithABatchApi() {
    MedcodeException e = assertThrows(MedcodeException.class, () -> LlmSettings.parse(CoderParameters.resolve(
        new LlmCoderFactory(), Map.of("provider", "gemini", "mode", "batch")), 1));
    assertTrue(e.getMessage().startsWith("coder llm: mode batch needs a provider with a batch API"), e.getMessage());
  }
}
