package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server that treats requests as OpenAI's, Anthropic's and Gemini's APIs do (as documented and observed in
 * 2025), for tests and for trying the {@code llm} coder from the command line:
 *
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: models {@code gpt-4.1}, {@code gpt-4.1-mini}, {@code gpt-4o} (chat) and
 *       {@code gpt-5}, {@code gpt-5-mini}, {@code o3}, {@code o4-mini} (reasoning). Reasoning models refuse
 *       {@code max_tokens} ({@code unsupported_parameter}) and a temperature other than 1 ({@code unsupported_value});
 *       only GPT-5 takes {@code reasoning_effort: minimal}; chat models refuse {@code reasoning_effort}. A model it does
 *       not know is a 404 {@code model_not_found}. Every error is OpenAI's body: {@code {"error": {"message", "type":
 *       "invalid_request_error", "param", "code"}}}. Answers name the dated snapshot ({@code gpt-4.1} →
 *       {@code gpt-4.1-2025-04-14}) and a {@code system_fingerprint}; reasoning models report
 *       {@code usage.completion_tokens_details.reasoning_tokens} (part of {@code completion_tokens}).</li>
 *   <li>{@code POST /anthropic/v1/messages}: extended thinking needs {@code budget_tokens >= 1024} and below
 *       {@code max_tokens}, refuses a temperature other than 1 and a {@code tool_choice} that forces a tool; answers
 *       start with a thinking block; a forced tool call is answered with a {@code tool_use} block.</li>
 *   <li>{@code POST /gemini/v1beta/models/MODEL:generateContent}: {@code thinkingConfig.thinkingBudget} reported as
 *       {@code thoughtsTokenCount}; a response schema is answered in JSON.</li>
 * </ul>
 *
 * <p>The answer lists codes for a few findings the note names (hypertension → I10, diabetes → E11.9, …). Without a
 * response format, one answer in {@value #UNSTRUCTURED_EVERY} (by the note's hash) is prose around a cut-off JSON list
 * (unparseable), as chat models sometimes answer; with {@code json_schema}, {@code json_object}, a forced tool call or a
 * Gemini response schema the answer is always the JSON object. Run as a process: {@code java -cp ...
 * org.medcode.coder.llm.ApiRulesStub PORT} prints {@code listening BASE_URL} and serves until it is stopped (Ctrl-C, kill).
 */
public final class ApiRulesStub implements AutoCloseable {
  static final int UNSTRUCTURED_EVERY = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Model name → served snapshot, whether it reasons, takes reasoning_effort minimal, and which response_format types
   * it takes beside text (OpenAI's older models: gpt-4 none, gpt-4-turbo JSON mode only).
   */
  private record Model(String snapshot, boolean reasoning, boolean minimal, List<String> formats) {
    Model(String snapshot, boolean reasoning, boolean minimal) {
      this(snapshot, reasoning, minimal, List.of("json_schema", "json_object"));
    }
  }

  private static final Map<String, Model> OPENAI = Map.of(
      "gpt-4.1", new Model("gpt-4.1-2025-04-14", false, false),
      "gpt-4.1-mini", new Model("gpt-4.1-mini-2025-04-14", false, false),
      "gpt-4o", new Model("gpt-4o-2024-08-06", false, false),
      "gpt-4", new Model("gpt-4-0613", false, false, List.of()),
      "gpt-4-turbo", new Model("gpt-4-turbo-2024-04-09", false, false, List.of("json_object")),
      "gpt-5", new Model("gpt-5-2025-08-07", true, true),
      "gpt-5-mini", new Model("gpt-5-mini-2025-08-07", true, true),
      "o3", new Model("o3-2025-04-16", true, false),
      "o4-mini", new Model("o4-mini-2025-04-16", true, false));

  private static final Map<String, String> FINDINGS = new LinkedHashMap<>();

  static {
    FINDINGS.put("hypertension", "I10");
    FINDINGS.put("diabetes", "E11.9");
    FINDINGS.put("fever", "R50.9");
    FINDINGS.put("pneumonia", "J18.9");
    FINDINGS.put("anemia", "D64.9");
    FINDINGS.put("abdominal pain", "R10.9");
    FINDINGS.put("cough", "R05");
    FINDINGS.put("renal failure", "N19");
    FINDINGS.put("dyspnea", "R06.00");
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> byStatus = new ConcurrentHashMap<>();
  private final List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile String fingerprint = "fp_b42ba8c1b0";

  public ApiRulesStub(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    executor = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "api-rules-stub");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", exchange -> serve(exchange, this::openAi));
    server.createContext("/anthropic/v1/messages", exchange -> serve(exchange, this::anthropic));
    server.createContext("/gemini/v1beta/models/", exchange -> serve(exchange, this::gemini));
    server.start();
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    ApiRulesStub stub = new ApiRulesStub(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
    System.out.println("listening " + stub.baseUrl());
    System.out.flush();
    Thread.currentThread().join(); // serves until the process is stopped (Ctrl-C, kill), in the foreground or with &
  }

  /** The OpenAI-compatible base URL ({@code …/v1}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** The Anthropic or Gemini base URL. */
  String baseUrl(String provider) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + (provider.equals("anthropic") ? "/anthropic/v1"
        : "/gemini/v1beta");
  }

  int requests() {
    return requests.get();
  }

  /** Requests answered per HTTP status. */
  Map<Integer, Integer> statuses() {
    Map<Integer, Integer> copy = new java.util.TreeMap<>();
    byStatus.forEach((status, n) -> copy.put(Integer.parseInt(status), n.get()));
    return copy;
  }

  List<String> bodies() {
    return bodies;
  }

  /** From now on answers carry this fingerprint (the provider moved the backend). */
  void fingerprint(String next) {
    fingerprint = next;
  }

  private record Answer(int status, String body) {}

  private interface Handler {
    Answer handle(String path, JsonNode request);
  }

  private void serve(HttpExchange exchange, Handler handler) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      byte[] raw = exchange.getRequestBody().readAllBytes();
      bodies.add(new String(raw, StandardCharsets.UTF_8));
      Answer answer = handler.handle(exchange.getRequestURI().getPath(), JSON.readTree(raw));
      byStatus.computeIfAbsent(String.valueOf(answer.status()), k -> new AtomicInteger()).incrementAndGet();
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  // ---- OpenAI ----

  private static Answer openAiError(int status, String message, String param, String code) {
    ObjectNode error = JSON.createObjectNode();
    error.putObject("error").put("message", message).put("type", "invalid_request_error").put("param", param)
        .put("code", code);
    return new Answer(status, error.toString());
  }

  private Answer openAi(String path, JsonNode request) {
    String name = request.path("model").asText();
    Model model = OPENAI.get(name);
    if (model == null) {
      return openAiError(404, "The model `" + name + "` does not exist or you do not have access to it.", null,
          "model_not_found");
    }
    if (model.reasoning()) {
      if (request.has("max_tokens")) {
        return openAiError(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use"
            + " 'max_completion_tokens' instead.", "max_tokens", "unsupported_parameter");
      }
      if (request.has("temperature") && request.path("temperature").asDouble() != 1.0) {
        return openAiError(400, "Unsupported value: 'temperature' does not support " + request.path("temperature").asText()
            + " with this model. Only the default (1) value is supported.", "temperature", "unsupported_value");
      }
      String effort = request.path("reasoning_effort").asText("medium");
      if (effort.equals("minimal") && !model.minimal()) {
        return openAiError(400, "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model."
            + " Supported values are: 'low', 'medium', and 'high'.", "reasoning_effort", "unsupported_value");
      }
    } else if (request.has("reasoning_effort")) {
      return openAiError(400, "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
          "reasoning_effort", "unsupported_parameter");
    }
    JsonNode format = request.path("response_format");
    String type = format.path("type").asText("text");
    if (!type.equals("text") && !model.formats().contains(type)) {
      return openAiError(400, "Invalid parameter: 'response_format' of type '" + type + "' is not supported with this"
          + " model.", "response_format", null);
    }
    if (type.equals("json_schema") && !format.path("json_schema").path("schema").isObject()) {
      return openAiError(400, "Missing required parameter: 'response_format.json_schema'.", "response_format.json_schema",
          "missing_required_parameter");
    }
    if (type.equals("json_object") && !request.toString().toLowerCase(Locale.ROOT).contains("json")) {
      return openAiError(400, "'messages' must contain the word 'json' in some form, to use 'response_format' of type"
          + " 'json_object'.", "messages", null);
    }
    String note = text(request.path("messages"));
    String content = answer(note, !type.equals("text"));
    long answerTokens = Math.max(1, content.length() / 4);
    long reasoning = model.reasoning() ? switch (request.path("reasoning_effort").asText("medium")) {
      case "minimal" -> 0;
      case "low" -> 64;
      case "high" -> 1024;
      default -> 256;
    } : 0;
    ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-" + requests.get()).put("object", "chat.completion")
        .put("created", 1_760_000_000).put("model", model.snapshot()).put("system_fingerprint", fingerprint);
    ObjectNode message = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
        .putObject("message").put("role", "assistant");
    message.put("content", content);
    message.putNull("refusal");
    ObjectNode usage = root.putObject("usage").put("prompt_tokens", Math.max(1, note.length() / 4))
        .put("completion_tokens", answerTokens + reasoning).put("total_tokens", note.length() / 4 + answerTokens + reasoning);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
    return new Answer(200, root.toString());
  }

  // ---- Anthropic ----

  private static Answer anthropicError(String message) {
    ObjectNode error = JSON.createObjectNode().put("type", "error");
    error.putObject("error").put("type", "invalid_request_error").put("message", message);
    return new Answer(400, error.toString());
  }

  private Answer anthropic(String path, JsonNode request) {
    int maxTokens = request.path("max_tokens").asInt(-1);
    if (maxTokens < 1) {
      return anthropicError("max_tokens: Field required");
    }
    JsonNode thinking = request.path("thinking");
    boolean thinks = thinking.path("type").asText().equals("enabled");
    JsonNode choice = request.path("tool_choice");
    boolean forced = choice.path("type").asText().equals("tool") || choice.path("type").asText().equals("any");
    if (thinks) {
      int budget = thinking.path("budget_tokens").asInt(-1);
      if (budget < 1024) {
        return anthropicError("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
      }
      if (budget >= maxTokens) {
        return anthropicError("`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our"
            + " documentation at https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size");
      }
      if (request.has("temperature") && request.path("temperature").asDouble() != 1.0) {
        return anthropicError("`temperature` may only be set to 1 when thinking is enabled. Please consult our"
            + " documentation at https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#feature-compatibility");
      }
      if (forced) {
        return anthropicError("Thinking may not be enabled when tool_choice forces tool use.");
      }
    }
    StringBuilder note = new StringBuilder(text(request.path("messages")));
    request.path("system").forEach(block -> note.append(block.path("text").asText()));
    String model = request.path("model").asText();
    ObjectNode root = JSON.createObjectNode().put("id", "msg_" + requests.get()).put("type", "message")
        .put("role", "assistant").put("model", model.endsWith("-0") ? model.substring(0, model.length() - 2) + "-20250514"
            : model);
    var content = root.putArray("content");
    int thought = 0;
    if (thinks) {
      thought = Math.min(thinking.path("budget_tokens").asInt() / 2, 600);
      content.addObject().put("type", "thinking").put("thinking", "The note mentions some findings; listing their codes.")
          .put("signature", "EqQBCgIYAhIM-stub");
    }
    String answer;
    if (forced) {
      String name = choice.path("name").asText(request.path("tools").path(0).path("name").asText());
      ObjectNode input;
      try {
        input = (ObjectNode) JSON.readTree(answer(note.toString(), true));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      content.addObject().put("type", "tool_use").put("id", "toolu_" + requests.get()).put("name", name).set("input", input);
      root.put("stop_reason", "tool_use");
      answer = input.toString();
    } else {
      answer = answer(note.toString(), false);
      content.addObject().put("type", "text").put("text", answer);
      root.put("stop_reason", "end_turn");
    }
    root.putNull("stop_sequence");
    root.putObject("usage").put("input_tokens", Math.max(1, note.length() / 4))
        .put("output_tokens", Math.max(1, answer.length() / 4) + thought);
    return new Answer(200, root.toString());
  }

  // ---- Gemini ----

  private Answer gemini(String path, JsonNode request) {
    JsonNode config = request.path("generationConfig");
    boolean structured = config.path("responseMimeType").asText().equals("application/json");
    JsonNode thinking = config.path("thinkingConfig");
    int budget = thinking.path("thinkingBudget").isNumber() ? thinking.path("thinkingBudget").asInt() : -1;
    String model = path.substring(path.lastIndexOf('/') + 1).replace(":generateContent", "");
    if (budget == 0 && model.contains("pro")) {
      ObjectNode error = JSON.createObjectNode();
      error.putObject("error").put("code", 400).put("message", "Budget 0 is invalid. This model only works in thinking"
          + " mode.").put("status", "INVALID_ARGUMENT");
      return new Answer(400, error.toString());
    }
    StringBuilder note = new StringBuilder();
    request.path("contents").forEach(c -> c.path("parts").forEach(p -> note.append(p.path("text").asText())));
    request.path("systemInstruction").path("parts").forEach(p -> note.append(p.path("text").asText()));
    String answer = answer(note.toString(), structured);
    int thoughts = budget == 0 ? 0 : budget < 0 ? 300 : Math.min(budget, 300);
    ObjectNode root = JSON.createObjectNode();
    ObjectNode candidate = root.putArray("candidates").addObject();
    candidate.putObject("content").put("role", "model").putArray("parts").addObject().put("text", answer);
    candidate.put("finishReason", "STOP");
    long prompt = Math.max(1, note.length() / 4);
    long candidates = Math.max(1, answer.length() / 4);
    root.putObject("usageMetadata").put("promptTokenCount", prompt).put("candidatesTokenCount", candidates)
        .put("thoughtsTokenCount", thoughts).put("totalTokenCount", prompt + candidates + thoughts);
    root.put("modelVersion", model.equals("gemini-2.5-flash") ? "gemini-2.5-flash-preview-05-20" : model);
    return new Answer(200, root.toString());
  }

  // ---- the answer ----

  private static String text(JsonNode messages) {
    StringBuilder text = new StringBuilder();
    for (JsonNode message : messages) {
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        text.append(content.asText()).append('\n');
      } else {
        content.forEach(block -> text.append(block.path("text").asText()).append('\n'));
      }
    }
    return text.toString();
  }

  /**
   * The codes of the findings the note names, as {@code {"codes": [...]}}; unstructured, one note in
   * {@value #UNSTRUCTURED_EVERY} is answered in prose around a cut-off list (unparseable).
   */
  static String answer(String note, boolean structured) {
    String lower = note.toLowerCase(Locale.ROOT);
    int at = lower.lastIndexOf("note:");
    String body = at >= 0 ? lower.substring(at) : lower;
    List<String> codes = new ArrayList<>();
    FINDINGS.forEach((finding, code) -> {
      if (body.contains(finding)) {
        codes.add(code);
      }
    });
    String json = "{\"codes\": [" + String.join(", ", codes.stream().map(c -> "\"" + c + "\"").toList()) + "]}";
    if (!structured && Math.floorMod(note.hashCode(), UNSTRUCTURED_EVERY) == 0) {
      return "Based on the clinical note, the relevant ICD-10-CM codes are as follows: {\"codes\": [\"" + String.join("\", \"",
          codes) + (codes.isEmpty() ? "R69" : "") + "\", \"";
    }
    return json;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
