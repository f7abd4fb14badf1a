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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local OpenAI-compatible chat server for tests and the benchmark: {@code POST /v1/chat/completions} on 127.0.0.1 at
 * an ephemeral port. The admission is read from the prompt ("case A017" in the note) and a {@link Script} decides the
 * reply per admission and attempt: an answer, an error status with headers, a delay. It counts every request. Public
 * for the coder contract test, which runs the llm coder against it like every other coder.
 */
public final class ChatStub implements AutoCloseable {
  /** One scripted reply. */
  public record Reply(int status, Map<String, String> headers, String body, long delayMillis) {
    Reply delayed(long millis) {
      return new Reply(status, headers, body, millis);
    }
  }

  /** Decides the reply for an admission's n-th request (attempt counts from 1); {@code prompt} is all message text. */
  public interface Script {
    Reply reply(String admission, int attempt, String prompt);
  }

  static {
    // the JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and the client's
    // delayed ACK add ~40 ms to each answer (read once, when the first server starts)
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ADMISSION = Pattern.compile("case (A\\d+)");

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final List<String> prompts = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
  private volatile Script script;

  public ChatStub(Script script) throws IOException {
    this(script, 0);
  }

  /** A stub on a given loopback port (0 = any free one). */
  public ChatStub(Script script, int port) throws IOException {
    this.script = script;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
    executor = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "chat-stub");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", this::handle);
    server.createContext("/anthropic/v1/messages", exchange -> fixed(exchange, ANTHROPIC));
    server.createContext("/gemini/v1beta/models/", exchange -> fixed(exchange, GEMINI));
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  int requests() {
    return requests.get();
  }

  /** Every request received so far (for tests outside this package). */
  public int requestCount() {
    return requests.get();
  }

  /** Requests per admission since the last {@link #reset}. */
  Map<String, Integer> requestsByAdmission() {
    Map<String, Integer> copy = new java.util.TreeMap<>();
    attempts.forEach((id, n) -> copy.put(id, n.get()));
    return copy;
  }

  List<String> prompts() {
    return prompts;
  }

  /** The raw request bodies, in arrival order. */
  List<String> bodies() {
    return bodies;
  }

  /** The request headers of each request, in arrival order (names as the JDK server normalises them). */
  List<Map<String, List<String>>> headers() {
    return headers;
  }

  void reset(Script next) {
    script = next;
    requests.set(0);
    attempts.clear();
    prompts.clear();
    bodies.clear();
    headers.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      byte[] raw = exchange.getRequestBody().readAllBytes();
      bodies.add(new String(raw, StandardCharsets.UTF_8));
      JsonNode request = JSON.readTree(raw);
      StringBuilder prompt = new StringBuilder();
      for (JsonNode message : request.path("messages")) {
        prompt.append(message.path("content").asText()).append('\n');
      }
      prompts.add(prompt.toString());
      headers.add(Map.copyOf(exchange.getRequestHeaders()));
      Matcher matcher = ADMISSION.matcher(prompt);
      String admission = matcher.find() ? matcher.group(1) : "unknown";
      int attempt = attempts.computeIfAbsent(admission, k -> new AtomicInteger()).incrementAndGet();
      Reply reply = script.reply(admission, attempt, prompt.toString());
      if (reply.delayMillis() > 0) {
        try {
          Thread.sleep(reply.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      // the client gave up (a per-call timeout): nothing to answer
    }
  }

  /** Anthropic's and Gemini's wire formats, answering {"codes": ["I10"]} with 100 input and 20 output tokens. */
  private static final String ANTHROPIC = "{\"id\":\"msg_stub\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"model\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"{\\\"codes\\\": [\\\"I10\\\"]}\"}],"
      + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":100,\"output_tokens\":20}}";
  private static final String GEMINI = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
      + "\"{\\\"codes\\\": [\\\"I10\\\"]}\"}]},\"finishReason\":\"STOP\"}],"
      + "\"usageMetadata\":{\"promptTokenCount\":100,\"candidatesTokenCount\":20,\"totalTokenCount\":120}}";

  private void fixed(HttpExchange exchange, String body) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      headers.add(Map.copyOf(exchange.getRequestHeaders()));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  /** The base URL of the Anthropic or Gemini imitation. */
  String baseUrl(String provider) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + (provider.equals("anthropic") ? "/anthropic/v1" : "/gemini/v1beta");
  }

  /** A completion whose message content is {@code content} (null = JSON null), 100 prompt and 20 completion tokens. */
  public static Reply answer(String content) {
    return completion(content, null);
  }

  /** A completion carrying OpenAI's {@code refusal} field. */
  static Reply refusal(String refusal) {
    return completion(null, refusal);
  }

  private static Reply completion(String content, String refusal) {
    ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-stub").put("object", "chat.completion")
        .put("created", 1).put("model", "stub-model");
    ObjectNode message = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
        .putObject("message").put("role", "assistant");
    message.put("content", content);
    message.put("refusal", refusal);
    root.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20).put("total_tokens", 120);
    return new Reply(200, Map.of(), root.toString(), 0);
  }

  public static Reply status(int status, Map<String, String> headers) {
    return new Reply(status, headers, "{\"error\":{\"message\":\"scripted " + status + "\",\"type\":\"stub\"}}", 0);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
