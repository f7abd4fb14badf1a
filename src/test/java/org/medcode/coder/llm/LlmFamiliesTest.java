package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.CoderResult;
import org.medcode.coder.CoderStoppedException;
import org.medcode.coder.remote.ResponseCache;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;

/**
 * Model families, structured outputs, served snapshots, reasoning tokens and fail-fast, against {@link ApiRulesStub}
 * (which refuses parameters as the real APIs do): the request each family sends, online and in a batch line; the
 * refusals explained in the config's terms; the coder stopping after identical systematic errors, and not once one
 * request was answered.
 */
class LlmFamiliesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  private CodeTable table;

  @BeforeEach
  void setUp() throws Exception {
    table = CodeTables.userTable(CodeSystemId.ICD10CM, Synthetic.table(temp));
  }

  private static Map<String, String> resolved(String... pairs) {
    Map<String, String> given = new HashMap<>();
    given.put("provider", "openai-compatible");
    given.put("baseUrl", "http://127.0.0.1:9/v1");
    for (int i = 0; i < pairs.length; i += 2) {
      given.put(pairs[i], pairs[i + 1]);
    }
    return CoderParameters.resolve(new LlmCoderFactory(name -> null), given);
  }

  private static LlmSettings settings(String... pairs) {
    return LlmSettings.parse(resolved(pairs), 7);
  }

  private Coder coder(String... pairs) {
    LlmCoderFactory factory = new LlmCoderFactory(name -> null);
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      given.put(pairs[i], pairs[i + 1]);
    }
    given.putIfAbsent("provider", "openai-compatible");
    given.put("cache", "false");
    given.put("maxInFlight", "1");
    given.put("price", "{input: 1, output: 4}");
    return factory.create(new CoderContext(table, List.of(), temp, temp.resolve("cache"), 7, id -> null, false),
        CoderParameters.resolve(factory, given));
  }

  private static Admission admission(String id, String text) {
    return new Admission(id, id, List.of(new Note("note", text)), List.of(new GoldCode("I10", CodeSystemId.ICD10CM)), Map.of());
  }

  @Test
  void theFamilyIsInferredFromOpenAiModelNamesAndCanBeSetForADeployment() {
    for (String reasoning : List.of("gpt-5", "gpt-5-mini", "gpt-5-2025-08-07", "gpt-5.1", "o1", "o3", "o3-mini", "o4-mini",
        "openai/gpt-5")) {
      assertEquals(LlmSettings.Family.REASONING, LlmSettings.Family.ofModel(reasoning), reasoning);
    }
    for (String chat : List.of("gpt-4.1", "gpt-4o", "gpt-4o-mini", "gpt-5-chat-latest", "omni-moderation", "llama3")) {
      assertEquals(LlmSettings.Family.CHAT, LlmSettings.Family.ofModel(chat), chat);
    }
    LlmSettings deployment = settings("provider", "azure-openai", "model", "coding-prod", "family", "reasoning",
        "reasoningEffort", "low");
    assertEquals(LlmSettings.Family.REASONING, deployment.generation().family());
    assertFalse(deployment.generation().familyInferred());
    assertEquals(LlmSettings.ResponseFormat.JSON_SCHEMA, deployment.generation().responseFormat());
    assertEquals(LlmSettings.ResponseFormat.NONE, settings("model", "gpt-4.1").generation().responseFormat(),
        "a local OpenAI-compatible server gets the prompt alone unless asked");
  }

  @Test
  void settingsTheProviderWouldRefuseAreConfigErrorsNamingTheKey() {
    assertTrue(assertThrows(MedcodeException.class, () -> settings("model", "gpt-4.1", "reasoningEffort", "low"))
        .getMessage().contains("set family: reasoning"));
    String anthropic = "http://127.0.0.1:9/anthropic/v1";
    assertTrue(assertThrows(MedcodeException.class, () -> settings("provider", "anthropic", "baseUrl", anthropic,
        "model", "claude-sonnet-4-0", "thinkingBudget", "512")).getMessage().contains("at least 1024"));
    assertTrue(assertThrows(MedcodeException.class, () -> settings("provider", "anthropic", "baseUrl", anthropic,
        "model", "claude-sonnet-4-0", "thinkingBudget", "2048", "maxTokens", "2048")).getMessage().contains("Raise maxTokens"));
    assertTrue(assertThrows(MedcodeException.class, () -> settings("provider", "anthropic", "baseUrl", anthropic,
        "model", "claude-sonnet-4-0", "thinkingBudget", "2048", "maxTokens", "4096", "responseFormat", "json_schema"))
        .getMessage().contains("responseFormat: none"));
    assertTrue(assertThrows(MedcodeException.class, () -> settings("model", "gpt-5", "thinkingBudget", "2048"))
        .getMessage().contains("reasoningEffort"));
    assertTrue(assertThrows(MedcodeException.class, () -> settings("model", "gpt-5", "responseFormat", "xml"))
        .getMessage().contains("json_schema"));
    assertTrue(assertThrows(MedcodeException.class, () -> settings("model", "gpt-5", "failFast", "-1"))
        .getMessage().contains("failFast"));
  }

  @Test
  void eachFamilySendsTheParametersItsApiTakesOnlineAndInBatchLines() throws Exception {
    try (ApiRulesStub stub = new ApiRulesStub(0)) {
      Admission a = admission("A001", "Patient case A001 with hypertension and fever.");
      CoderResult gpt5 = coder("baseUrl", stub.baseUrl(), "model", "gpt-5", "reasoningEffort", "minimal").code(a);
      JsonNode sent = JSON.readTree(stub.bodies().get(stub.bodies().size() - 1));
      assertEquals(1024, sent.get("max_completion_tokens").asInt());
      assertFalse(sent.has("max_tokens") || sent.has("temperature") || sent.has("seed"), sent.toString());
      assertEquals("minimal", sent.get("reasoning_effort").asText());
      assertEquals("gpt-5-2025-08-07", gpt5.annotations().get("served_model"));
      assertEquals(List.of("I10", "R509"), gpt5.codes().stream().map(c -> c.code()).toList());

      CoderResult o4 = coder("baseUrl", stub.baseUrl(), "model", "o4-mini", "reasoningEffort", "high").code(a);
      assertEquals(1024, o4.usage().reasoningTokens());
      assertEquals(o4.usage().outputTokens() * 4e-6 + o4.usage().inputTokens() * 1e-6, o4.usage().cost(), 1e-12,
          "reasoning tokens are billed as output");

      CoderResult gpt41 = coder("baseUrl", stub.baseUrl(), "model", "gpt-4.1", "responseFormat", "json_schema").code(a);
      sent = JSON.readTree(stub.bodies().get(stub.bodies().size() - 1));
      assertEquals("json_schema", sent.get("response_format").get("type").asText());
      assertTrue(sent.get("response_format").get("json_schema").get("strict").asBoolean());
      assertEquals("string", sent.get("response_format").get("json_schema").get("schema").get("properties").get("codes")
          .get("items").get("type").asText());
      assertEquals(0.0, sent.get("temperature").asDouble());
      assertEquals(1024, sent.get("max_tokens").asInt());
      assertEquals("gpt-4.1-2025-04-14", gpt41.annotations().get("served_model"));
      assertEquals("fp_b42ba8c1b0", gpt41.annotations().get("system_fingerprint"));
      assertEquals("json_schema", gpt41.annotations().get("response_format"));

      String anthropic = stub.baseUrl("anthropic");
      CoderResult thinking = coder("provider", "anthropic", "baseUrl", anthropic, "model", "claude-sonnet-4-0",
          "maxTokens", "4096", "thinkingBudget", "2048").code(a);
      sent = JSON.readTree(stub.bodies().get(stub.bodies().size() - 1));
      assertEquals(2048, sent.get("thinking").get("budget_tokens").asInt());
      assertFalse(sent.has("temperature") || sent.has("tool_choice"), sent.toString());
      assertEquals(List.of("I10", "R509"), thinking.codes().stream().map(c -> c.code()).toList());
      assertEquals("claude-sonnet-4-20250514", thinking.annotations().get("served_model"));

      CoderResult tool = coder("provider", "anthropic", "baseUrl", anthropic, "model", "claude-sonnet-4-0").code(a);
      sent = JSON.readTree(stub.bodies().get(stub.bodies().size() - 1));
      assertEquals("record_codes", sent.get("tool_choice").get("name").asText());
      assertEquals(List.of("I10", "R509"), tool.codes().stream().map(c -> c.code()).toList());

      CoderResult gemini = coder("provider", "gemini", "baseUrl", stub.baseUrl("gemini"), "model", "gemini-2.5-flash",
          "thinkingBudget", "512").code(a);
      sent = JSON.readTree(stub.bodies().get(stub.bodies().size() - 1));
      assertEquals(512, sent.get("generationConfig").get("thinkingConfig").get("thinkingBudget").asInt());
      assertEquals("application/json", sent.get("generationConfig").get("responseMimeType").asText());
      assertEquals(300, gemini.usage().reasoningTokens());
      assertTrue(gemini.usage().outputTokens() > 300, "Gemini's thoughts are added to the answer's tokens");
      assertEquals(Map.of(200, stub.requests()), stub.statuses(), "no request refused");
    }
    JsonNode line = OpenAiBatchApi.body(settings("model", "o4-mini", "reasoningEffort", "low"), "s", "u");
    assertEquals(1024, line.get("max_completion_tokens").asInt());
    assertFalse(line.has("max_tokens") || line.has("temperature") || line.has("seed"), line.toString());
    assertEquals("low", line.get("reasoning_effort").asText());
    JsonNode schema = OpenAiBatchApi.body(settings("provider", "openai", "baseUrl", "http://127.0.0.1:9/v1", "model",
        "gpt-4.1"), "s", "u");
    assertEquals("json_schema", schema.get("response_format").get("type").asText());
    assertEquals(1024, schema.get("max_tokens").asInt());
    JsonNode params = AnthropicBatchApi.params(settings("provider", "anthropic", "baseUrl", "http://127.0.0.1:9/v1",
        "model", "claude-sonnet-4-0", "maxTokens", "4096", "thinkingBudget", "2048"), "s", "u");
    assertEquals(2048, params.get("thinking").get("budget_tokens").asInt());
    assertFalse(params.has("temperature") || params.has("tool_choice"), params.toString());
    JsonNode forced = AnthropicBatchApi.params(settings("provider", "anthropic", "baseUrl", "http://127.0.0.1:9/v1",
        "model", "claude-sonnet-4-0"), "s", "u");
    assertEquals("tool", forced.get("tool_choice").get("type").asText());
    assertEquals("record_codes", forced.get("tools").get(0).get("name").asText());
  }

  @Test
  void aRefusedParameterIsExplainedWithTheKeyToChange() throws Exception {
    try (ApiRulesStub stub = new ApiRulesStub(0)) {
      Admission a = admission("A001", "Patient case A001 with hypertension.");
      CoderException maxTokens = assertThrows(CoderException.class,
          () -> coder("baseUrl", stub.baseUrl(), "model", "gpt-5", "family", "chat").code(a));
      assertEquals("unsupported_parameter", maxTokens.kind());
      assertTrue(maxTokens.getMessage().contains("refused the parameter 'max_tokens'"), maxTokens.getMessage());
      assertTrue(maxTokens.getMessage().contains("fix: set family: reasoning"), maxTokens.getMessage());
      assertTrue(maxTokens.getMessage().contains("(1 attempt)"), "not retried: " + maxTokens.getMessage());

      CoderException minimal = assertThrows(CoderException.class,
          () -> coder("baseUrl", stub.baseUrl(), "model", "o4-mini", "reasoningEffort", "minimal").code(a));
      assertTrue(minimal.getMessage().contains("fix: set reasoningEffort to a level this model takes"), minimal.getMessage());

      CoderException effort = assertThrows(CoderException.class, () -> coder("baseUrl", stub.baseUrl(), "model",
          "gpt-4.1", "family", "reasoning", "reasoningEffort", "low").code(a));
      assertTrue(effort.getMessage().contains("refused the parameter 'reasoning_effort'"), effort.getMessage());
      assertTrue(effort.getMessage().contains("fix: set family: chat"), effort.getMessage());

      CoderException missing = assertThrows(CoderException.class,
          () -> coder("baseUrl", stub.baseUrl(), "model", "gpt-6").code(a));
      assertEquals("model_not_found", missing.kind());
      assertTrue(missing.getMessage().contains("correct 'model'"), missing.getMessage());
    }
    LlmSettings gpt41 = settings("model", "gpt-4.1", "responseFormat", "json_schema");
    assertTrue(Rejection.fix(gpt41, "response_format", false).contains("responseFormat: json_object or none"));
    assertTrue(Rejection.fix(gpt41, "seed", false).contains("seed: none"));
    assertTrue(Rejection.fix(gpt41, "reasoning_effort", false).contains("family: chat"));
    assertTrue(Rejection.fix(gpt41, "logit_bias", false).contains("'logit_bias'"));
    assertNull(Rejection.of(gpt41, 400, "{\"error\":{\"message\":\"context_length_exceeded\",\"code\":\"context\"}}"));
  }

  @Test
  void identicalSystematicErrorsStopTheCoderButNotOnceARequestWasAnswered() throws Exception {
    try (ApiRulesStub stub = new ApiRulesStub(0)) {
      Coder refused = coder("baseUrl", stub.baseUrl(), "model", "gpt-5", "family", "chat", "failFast", "3");
      for (int n = 0; n < 3; n++) {
        Admission a = admission("A00" + n, "Patient case A00" + n + ".");
        assertThrows(CoderException.class, () -> refused.code(a));
      }
      int sent = stub.requests();
      CoderStoppedException stopped = assertThrows(CoderStoppedException.class,
          () -> refused.code(admission("A009", "Patient case A009.")));
      assertTrue(stopped.getMessage().contains("the first 3 requests all failed the same way (unsupported_parameter)"),
          stopped.getMessage());
      assertTrue(stopped.getMessage().contains("fix: set family: reasoning"), stopped.getMessage());
      assertEquals(sent, stub.requests(), "nothing more is sent");

      Coder never = coder("baseUrl", stub.baseUrl(), "model", "gpt-5", "family", "chat", "failFast", "0");
      for (int n = 0; n < 6; n++) {
        Admission a = admission("B00" + n, "Patient case B00" + n + ".");
        assertThrows(CoderException.class, () -> never.code(a));
      }
    }
    // one answer disarms it: a later run of identical failures is what single admissions do, not the configuration
    try (ChatStub chat = new ChatStub((admission, attempt, prompt) -> admission.equals("A000")
        ? ChatStub.answer("{\"codes\": [\"I10\"]}") : ChatStub.status(400, Map.of()))) {
      Coder coder = coder("baseUrl", chat.baseUrl(), "model", "stub-model", "failFast", "2");
      coder.code(admission("A000", "Patient case A000."));
      for (int n = 1; n < 6; n++) {
        Admission a = admission("A00" + n, "Patient case A00" + n + ".");
        assertThrows(CoderException.class, () -> coder.code(a));
      }
    }
  }

  @Test
  void theDryRunCountsTheThinkingAModelMaySpend() throws Exception {
    LlmCoderFactory factory = new LlmCoderFactory(name -> null);
    CoderContext context = new CoderContext(table, List.of(), temp, temp.resolve("cache"), 7, id -> null, false);
    List<Admission> admissions = List.of(admission("A001", "Patient case A001."), admission("A002", "Patient case A002."));
    var reasoning = factory.estimate(context, resolved("model", "gpt-5", "price", "{input: 1, output: 4}"), admissions)
        .orElseThrow();
    assertEquals(2 * 1024, reasoning.outputTokens(), reasoning.outputBasis());
    assertTrue(reasoning.outputBasis().contains("plus 824 reasoning/thinking tokens"), reasoning.outputBasis());
    var thinking = factory.estimate(context, resolved("provider", "anthropic", "baseUrl", "http://127.0.0.1:9/anthropic/v1",
        "model", "claude-sonnet-4-0", "maxTokens", "4096", "thinkingBudget", "2048", "price", "{input: 1, output: 4}"),
        admissions).orElseThrow();
    assertEquals(2 * (200 + 2048), thinking.outputTokens(), thinking.outputBasis());
    var chat = factory.estimate(context, resolved("model", "gpt-4.1", "price", "{input: 1, output: 4}"), admissions)
        .orElseThrow();
    assertEquals(2 * 200, chat.outputTokens(), chat.outputBasis());
  }

  @Test
  void aRunAnsweredByTwoSnapshotsListsBothAndWarns() throws Exception {
    java.util.function.Function<String, ChatStub.Reply> reply = snapshot -> {
      var root = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1)
          .put("model", snapshot).put("system_fingerprint", "fp_" + snapshot.hashCode());
      root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("message")
          .put("role", "assistant").put("content", "{\"codes\": [\"I10\"]}");
      root.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
      return new ChatStub.Reply(200, Map.of(), root.toString(), 0);
    };
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> reply.apply(Synthetic.number(admission) < 7
        ? "gpt-4.1-2025-04-14" : "gpt-4.1-2025-06-30"))) {
      Map<String, String> parameters = new java.util.LinkedHashMap<>(LlmRunTest.parameters(stub, Synthetic.prices(temp)));
      Path config = temp.resolve("mixed.yaml");
      java.nio.file.Files.writeString(config, "name: mixed\n"
          + "dataset: { spec: \"jsonl:" + Synthetic.dataset(temp, 10) + "\" }\n"
          + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
          + "coders: [ " + Synthetic.yaml(parameters) + " ]\n"
          + "metrics: { bootstrap: 0 }\n");
      org.medcode.run.Medcode medcode = new org.medcode.run.Medcode(new org.medcode.run.workspace.Workspace(temp,
          temp.resolve("data"), temp.resolve("results"), null, false, java.time.Clock.systemUTC(),
          org.medcode.coder.RunListener.SILENT));
      var outcome = medcode.run(new org.medcode.run.RunRequest(config, List.of(), null, List.of(), temp.resolve("run")));
      JsonNode coder = JSON.readTree(temp.resolve("run/manifest.json").toFile()).get("coders").get("llm");
      assertEquals(7, coder.get("served_models").get("gpt-4.1-2025-04-14").asInt(), coder.toString());
      assertEquals(3, coder.get("served_models").get("gpt-4.1-2025-06-30").asInt(), coder.toString());
      assertEquals(2, coder.get("system_fingerprints").size());
      assertTrue(outcome.problems().stream().anyMatch(p -> p.contains("answered by 2 model snapshots")), outcome.problems()
          .toString());
      assertTrue(java.nio.file.Files.readString(temp.resolve("run/summary.md")).contains("mix model versions"));
      assertTrue(java.nio.file.Files.readString(temp.resolve("run/llm/metrics.json")).contains("mix model versions"));
    }
  }

  /**
   * A served model name with a comma in it (a local server names its model so) is one model, not two: the annotation
   * is a JSON array then, and a run answered by it alone neither lists two snapshots nor warns that they mix. Logs
   * written before, whose values were joined by ", ", still read as before.
   */
  @Test
  void aServedModelNameWithACommaIsOneModel() throws Exception {
    var root = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1)
        .put("model", "acme/coder,v2").put("system_fingerprint", "fp_a,b");
    root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("message")
        .put("role", "assistant").put("content", "{\"codes\": [\"I10\"]}");
    root.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> new ChatStub.Reply(200, Map.of(), root.toString(),
        0))) {
      Map<String, String> parameters = new java.util.LinkedHashMap<>(LlmRunTest.parameters(stub, Synthetic.prices(temp)));
      Path config = temp.resolve("comma.yaml");
      java.nio.file.Files.writeString(config, "name: comma\n"
          + "dataset: { spec: \"jsonl:" + Synthetic.dataset(temp, 4) + "\" }\n"
          + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
          + "coders: [ " + Synthetic.yaml(parameters) + " ]\n"
          + "metrics: { bootstrap: 0 }\n");
      org.medcode.run.Medcode medcode = new org.medcode.run.Medcode(new org.medcode.run.workspace.Workspace(temp,
          temp.resolve("data"), temp.resolve("results"), null, false, java.time.Clock.systemUTC(),
          org.medcode.coder.RunListener.SILENT));
      Path run = temp.resolve("run");
      var outcome = medcode.run(new org.medcode.run.RunRequest(config, List.of(), null, List.of(), run));
      JsonNode coder = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("llm");
      assertEquals(JSON.readTree("{\"acme/coder,v2\": 4}"), coder.get("served_models"), coder.toString());
      assertEquals(JSON.readTree("{\"fp_a,b\": 4}"), coder.get("system_fingerprints"), coder.toString());
      assertTrue(outcome.problems().stream().noneMatch(p -> p.contains("model snapshots")), outcome.problems().toString());
      assertEquals(java.util.Set.of("acme/coder,v2"), org.medcode.run.engine.StoredRun.loggedModels(run, "llm"));
      String line = java.nio.file.Files.readAllLines(run.resolve("llm/predictions.jsonl")).get(0);
      assertEquals("[\"acme/coder,v2\"]", JSON.readTree(line).get("annotations").get("served_model").asText());
      // a log written before: two models joined by ", "
      Path old = temp.resolve("old/llm");
      java.nio.file.Files.createDirectories(old);
      java.nio.file.Files.writeString(old.resolve("predictions.jsonl"), line.replace("[\\\"acme/coder,v2\\\"]",
          "m-1, m-2") + "\n");
      assertEquals(java.util.Set.of("m-1", "m-2"), org.medcode.run.engine.StoredRun.loggedModels(old.getParent(), "llm"));
    }
    assertEquals("gpt-4.1", CoderResult.listAnnotation(List.of("gpt-4.1", "gpt-4.1")));
    assertEquals(List.of("a", "b,c", "[d"), CoderResult.annotationValues(CoderResult.listAnnotation(List.of("a", "b,c",
        "[d"))));
    assertEquals(List.of("[d"), CoderResult.annotationValues(CoderResult.listAnnotation(List.of("[d"))));
    assertEquals(List.of("a", "b"), CoderResult.annotationValues("a, b"));
  }

  @Test
  void aBatchResultRefusingAParameterIsExplainedAsOnline() throws Exception {
    OpenAiBatchApi api = new OpenAiBatchApi(settings("model", "gpt-5", "family", "chat"), null,
        java.net.http.HttpClient.newHttpClient());
    BatchApi.Result result = api.result(JSON.readTree("{\"custom_id\": \"k1\", \"response\": {\"status_code\": 400,"
        + " \"body\": {\"error\": {\"message\": \"Unsupported parameter: 'max_tokens' is not supported with this model."
        + " Use 'max_completion_tokens' instead.\", \"type\": \"invalid_request_error\", \"param\": \"max_tokens\","
        + " \"code\": \"unsupported_parameter\"}}}, \"error\": null}"));
    assertEquals("unsupported_parameter", result.kind());
    assertTrue(result.message().contains("fix: set family: reasoning"), result.message());
  }

  /**
   * Anthropic's classifier stops a refused answer with stop_reason refusal (and often no content): online it was an
   * empty answer ('the model answered nothing', scored as no codes) where the same answer in a batch is a refusal.
   */
  @Test
  void anAnthropicAnswerStoppedForRefusalIsARefusalOnlineAsInBatches() throws Exception {
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/messages", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        byte[] body = ("{\"id\": \"msg_1\", \"type\": \"message\", \"role\": \"assistant\", \"model\":"
            + " \"claude-sonnet-4-20250514\", \"content\": [], \"stop_reason\": \"refusal\", \"stop_sequence\": null,"
            + " \"usage\": {\"input_tokens\": 10, \"output_tokens\": 2}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.start();
    try {
      LlmSettings settings = settings("provider", "anthropic", "baseUrl", "http://127.0.0.1:"
          + server.getAddress().getPort() + "/v1", "model", "claude-sonnet-4-0", "responseFormat", "none");
      ChatGateway gateway = LangChainGateway.create(settings, "k", java.net.http.HttpClient::newHttpClient, headers -> { });
      ChatGateway.Reply reply = gateway.chat("system", "user");
      gateway.close();
      assertEquals("the model stopped with stop_reason refusal", reply.refusal(), reply.toString());
    } finally {
      server.stop(0);
    }
  }

  /** An Anthropic batch's errored result refusing a parameter, or naming no such model, is explained as online. */
  @Test
  void anAnthropicBatchResultRefusingAParameterIsExplainedAsOnline() throws Exception {
    AnthropicBatchApi api = new AnthropicBatchApi(settings("provider", "anthropic", "baseUrl", "http://127.0.0.1:9/v1",
        "model", "claude-sonnet-4-0", "thinkingBudget", "2048", "maxTokens", "4096"), null,
        java.net.http.HttpClient.newHttpClient());
    BatchApi.Result refused = api.result(JSON.readTree("{\"custom_id\": \"k1\", \"result\": {\"type\": \"errored\","
        + " \"error\": {\"type\": \"error\", \"error\": {\"type\": \"invalid_request_error\", \"message\":"
        + " \"`temperature` may only be set to 1 when thinking is enabled.\"}}}}"));
    assertEquals("unsupported_parameter", refused.kind(), refused.message());
    assertTrue(refused.message().contains("refused the parameter 'temperature'"), refused.message());
    BatchApi.Result missing = api.result(JSON.readTree("{\"custom_id\": \"k2\", \"result\": {\"type\": \"errored\","
        + " \"error\": {\"type\": \"error\", \"error\": {\"type\": \"not_found_error\", \"message\":"
        + " \"model: claude-sonnet-4-0\"}}}}"));
    assertEquals("model_not_found", missing.kind(), missing.message());
    BatchApi.Result other = api.result(JSON.readTree("{\"custom_id\": \"k3\", \"result\": {\"type\": \"errored\","
        + " \"error\": {\"type\": \"error\", \"error\": {\"type\": \"invalid_request_error\", \"message\":"
        + " \"prompt is too long: 210000 tokens > 200000 maximum\"}}}}"));
    assertEquals("http_4xx", other.kind());
    assertEquals("invalid_request_error: prompt is too long: 210000 tokens > 200000 maximum", other.message());
  }

  /**
   * An Anthropic batch answer cut off at max_tokens is read as online mode reads it (LangChain4j's finish reason
   * LENGTH), so the admission fails as truncated, whatever the cut answer parses to, not as an answer or unparseable.
   */
  @Test
  void anAnthropicBatchAnswerCutAtMaxTokensIsTruncatedAsOnline() throws Exception {
    AnthropicBatchApi api = new AnthropicBatchApi(settings("provider", "anthropic", "baseUrl", "http://127.0.0.1:9/v1",
        "model", "claude-sonnet-4-0"), null, java.net.http.HttpClient.newHttpClient());
    BatchApi.Result result = api.result(JSON.readTree("{\"custom_id\": \"k1\", \"result\": {\"type\": \"succeeded\","
        + " \"message\": {\"model\": \"claude-sonnet-4-20250514\", \"content\": [{\"type\": \"text\", \"text\":"
        + " \"I10, E11.9, J1\"}], \"stop_reason\": \"max_tokens\", \"usage\": {\"input_tokens\": 10,"
        + " \"output_tokens\": 5}}}}"));
    assertEquals("length", result.reply().finishReason(), "as online mode reads Anthropic's max_tokens");
  }

  /**
   * A batch line is the body the online client sends (so that either mode's answers are the other's cache hits), and
   * the answer's shape asked for is pinned: the cache key holds the response format's name, not its schema nor the
   * Anthropic tool, so a change to either would be answered from answers asked with the old one.
   */
  @Test
  void batchLinesCarryTheOnlineBodyAndTheSchemaOutsideTheCacheKeyIsPinned() throws Exception {
    try (ApiRulesStub stub = new ApiRulesStub(0)) {
      Admission a = admission("A001", "Patient case A001 with hypertension and fever.");
      String anthropic = stub.baseUrl("anthropic");
      List<String[]> cases = List.of(
          new String[] {"baseUrl", stub.baseUrl(), "model", "gpt-4.1", "responseFormat", "json_schema"},
          new String[] {"baseUrl", stub.baseUrl(), "model", "gpt-4.1", "responseFormat", "json_object"},
          new String[] {"baseUrl", stub.baseUrl(), "model", "gpt-4.1"},
          new String[] {"baseUrl", stub.baseUrl(), "model", "o4-mini", "reasoningEffort", "high"},
          new String[] {"provider", "anthropic", "baseUrl", anthropic, "model", "claude-sonnet-4-0"},
          new String[] {"provider", "anthropic", "baseUrl", anthropic, "model", "claude-sonnet-4-0", "maxTokens", "4096",
              "thinkingBudget", "2048"});
      for (String[] pairs : cases) {
        coder(pairs).code(a);
        ObjectNode online = (ObjectNode) JSON.readTree(stub.bodies().get(stub.bodies().size() - 1));
        LlmSettings settings = settings(pairs);
        JsonNode batch;
        if (settings.provider() == Provider.ANTHROPIC) {
          online.remove("stream"); // a batch request is never streamed, and Message Batches take no such field
          batch = AnthropicBatchApi.params(settings, online.get("system").get(0).get("text").asText(),
              online.get("messages").get(0).get("content").get(0).get("text").asText());
        } else {
          batch = OpenAiBatchApi.body(settings, online.get("messages").get(0).get("content").asText(),
              online.get("messages").get(1).get("content").asText());
        }
        assertEquals(online, batch, String.join(" ", pairs)); // field order aside
      }
    }
    JsonNode openAi = OpenAiBatchApi.body(settings("model", "gpt-4.1", "responseFormat", "json_schema"), "s", "u")
        .get("response_format");
    JsonNode tools = AnthropicBatchApi.params(settings("provider", "anthropic", "baseUrl", "http://127.0.0.1:9/v1",
        "model", "claude-sonnet-4-0"), "s", "u").get("tools");
    assertEquals("aa84b60b7d75cae8ac9d55d55514febcb4d4e91c2f3111d47bdf720ed9251db9"
        + " a3a6f607b9a6342c9e239482d02c4e3b03c82d071a56856f7b38a6526f8ab5e2",
        ResponseCache.sha256(openAi.toString()) + " " + ResponseCache.sha256(tools.toString()),
        "the answer's schema or tool changed: cached answers were asked with the old one. Add the change to"
            + " LlmCoder.cacheIdentity (e.g. a schema version after format=json_schema) before updating this digest");
  }

  /**
   * A request asking for the answer's shape sends more than its messages, and the dry run and the budget count it:
   * the schema's JSON text, or Anthropic's forced tool with the tool-use system prompt Anthropic adds (its pricing page:
   * 313 tokens on Claude 4 models for tool_choice tool, at most 340 on any model).
   */
  @Test
  void theAnswersShapeIsCountedWithThePrompt() {
    String openAi = "http://127.0.0.1:9/v1";
    TokenCounter plain = TokenCounter.of(settings("provider", "openai", "baseUrl", openAi, "model", "gpt-4.1",
        "responseFormat", "none"));
    TokenCounter schema = TokenCounter.of(settings("provider", "openai", "baseUrl", openAi, "model", "gpt-4.1",
        "responseFormat", "json_schema"));
    long schemaTokens = schema.count("s", "Hello world") - plain.count("s", "Hello world");
    assertEquals(com.knuddels.jtokkit.Encodings.newLazyEncodingRegistry().getEncoding(
        com.knuddels.jtokkit.api.EncodingType.O200K_BASE).countTokensOrdinary(OpenAiBatchApi.answerSchema().toString()),
        schemaTokens);
    assertTrue(schemaTokens > 20 && schemaTokens < 80, "schema tokens " + schemaTokens);
    assertEquals(schema.count("s", "Hello world"), schema.upperBound("s", "Hello world"));
    assertEquals("exact (o200k_base), with " + schemaTokens + " per request for the answer's schema, counted as its JSON"
        + " text", schema.label());
    assertEquals("exact (o200k_base)", plain.label());

    String anthropic = "http://127.0.0.1:9/anthropic/v1";
    TokenCounter tool = TokenCounter.of(settings("provider", "anthropic", "baseUrl", anthropic, "model",
        "claude-sonnet-4-0"));
    TokenCounter thinking = TokenCounter.of(settings("provider", "anthropic", "baseUrl", anthropic, "model",
        "claude-sonnet-4-0", "maxTokens", "4096", "thinkingBudget", "2048"));
    String tools = AnthropicBatchApi.params(settings("provider", "anthropic", "baseUrl", anthropic, "model",
        "claude-sonnet-4-0"), "", "").get("tools").toString();
    assertEquals(thinking.upperBound("", "Hello world") + 340 + TokenCounter.bound("", tools),
        tool.upperBound("", "Hello world"), "the forced tool and Anthropic's tool-use prompt are reserved");
    assertEquals((11 + 1) / 2 + 16, thinking.upperBound("", "Hello world"), "no tool: the messages alone");
    assertEquals(thinking.count("", "Hello world") + 340 + (tools.length() + 3) / 4, tool.count("", "Hello world"));
    assertTrue(tool.label().startsWith("estimate (4 characters per token), with ") && tool.label().endsWith(
        " per request for the answer tool and the 340 of Anthropic's tool-use prompt"), tool.label());
  }

  /**
   * OpenAI's models from before structured outputs refuse a JSON schema (HTTP 400 'response_format' of type
   * 'json_schema' is not supported with this model): auto gives each what it takes, so that the Soroush et al. study
   * configs (gpt-4, responseFormat left at auto) are answered and not stopped after failFast refusals.
   */
  @Test
  void autoAsksOpenAisOlderModelsOnlyForWhatTheyTake() throws Exception {
    String v1 = "http://127.0.0.1:9/v1";
    Map<String, LlmSettings.ResponseFormat> expected = new java.util.LinkedHashMap<>();
    expected.put("gpt-4", LlmSettings.ResponseFormat.NONE);
    expected.put("gpt-4-0613", LlmSettings.ResponseFormat.NONE);
    expected.put("gpt-4-32k", LlmSettings.ResponseFormat.NONE);
    expected.put("gpt-3.5-turbo-0613", LlmSettings.ResponseFormat.NONE);
    expected.put("o1-mini", LlmSettings.ResponseFormat.NONE);
    expected.put("gpt-4-turbo", LlmSettings.ResponseFormat.JSON_OBJECT);
    expected.put("gpt-4-turbo-2024-04-09", LlmSettings.ResponseFormat.JSON_OBJECT);
    expected.put("gpt-4-0125-preview", LlmSettings.ResponseFormat.JSON_OBJECT);
    expected.put("gpt-3.5-turbo", LlmSettings.ResponseFormat.JSON_OBJECT);
    expected.put("gpt-4o-2024-05-13", LlmSettings.ResponseFormat.JSON_OBJECT);
    expected.put("gpt-4o", LlmSettings.ResponseFormat.JSON_SCHEMA);
    expected.put("gpt-4o-2024-08-06", LlmSettings.ResponseFormat.JSON_SCHEMA);
    expected.put("gpt-4o-mini", LlmSettings.ResponseFormat.JSON_SCHEMA);
    expected.put("gpt-4.1", LlmSettings.ResponseFormat.JSON_SCHEMA);
    expected.put("gpt-5", LlmSettings.ResponseFormat.JSON_SCHEMA);
    expected.put("o3", LlmSettings.ResponseFormat.JSON_SCHEMA);
    expected.forEach((model, format) -> {
      assertEquals(format, settings("provider", "openai", "baseUrl", v1, "model", model).generation().responseFormat(), model);
      assertEquals(format, settings("provider", "azure-openai", "baseUrl", "https://x.openai.azure.com", "model", model)
          .generation().responseFormat(), model);
    });
    assertEquals(LlmSettings.ResponseFormat.JSON_SCHEMA, settings("provider", "openai", "baseUrl", v1, "model", "gpt-4",
        "responseFormat", "json_schema").generation().responseFormat(), "a format given is sent as given");

    try (ApiRulesStub stub = new ApiRulesStub(0)) {
      Admission a = admission("A001", "Patient case A001 with hypertension and fever.");
      Coder gpt4 = coder("provider", "openai", "baseUrl", stub.baseUrl(), "model", "gpt-4");
      CoderResult answer = gpt4.code(a);
      assertFalse(JSON.readTree(stub.bodies().get(stub.bodies().size() - 1)).has("response_format"));
      assertEquals(List.of("I10", "R509"), answer.codes().stream().map(c -> c.code()).toList());
      assertEquals("none", answer.annotations().get("response_format"));
      assertTrue(gpt4.facts().get("response_format").endsWith("; gpt-4 takes no JSON schema"),
          gpt4.facts().get("response_format"));
      CoderResult turbo = coder("provider", "openai", "baseUrl", stub.baseUrl(), "model", "gpt-4-turbo").code(a);
      assertEquals("json_object", JSON.readTree(stub.bodies().get(stub.bodies().size() - 1)).path("response_format")
          .path("type").asText());
      assertEquals(List.of("I10", "R509"), turbo.codes().stream().map(c -> c.code()).toList());
      CoderException refused = assertThrows(CoderException.class, () -> coder("provider", "openai", "baseUrl",
          stub.baseUrl(), "model", "gpt-4", "responseFormat", "json_schema").code(a));
      assertTrue(refused.getMessage().contains("responseFormat: json_object or none"), refused.getMessage());
    }
  }
}
