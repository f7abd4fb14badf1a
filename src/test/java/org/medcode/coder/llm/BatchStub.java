package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local imitation of OpenAI's batch API ({@code /v1/files}, {@code /v1/batches}, file content; Azure's is the same)
 * and Anthropic's Message Batches ({@code /anthropic/v1/messages/batches}, results URL), for tests. Each status request
 * moves a batch one step (OpenAI: validating, in progress, finalizing, completed; Anthropic: in progress, ended); when
 * it completes, every request line is answered by the {@link ChatStub.Script} like an online request (a non-200
 * reply becomes that request's error). Faults: rejected uploads, a batch failing validation, expiry after N requests,
 * malformed output lines, cancellation, and holding batches in progress (to kill a run while they are). It counts
 * uploads, creations and every request it processed, by custom id.
 */
final class BatchStub implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ADMISSION = Pattern.compile("case (A\\d+)");

  private final HttpServer server;
  private final ChatStub.Script script;
  private final Map<String, String> files = new ConcurrentHashMap<>();
  private final Map<String, Batch> batches = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final AtomicInteger uploads = new AtomicInteger();
  private final AtomicInteger online = new AtomicInteger();
  private final AtomicInteger created = new AtomicInteger();
  private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  volatile boolean rejectUploads;
  volatile boolean failValidation;
  volatile int expireAfter = -1;
  volatile int malformedLines;
  /** The result lines of the first this many answered requests are cut in half: processed (billed), but unreadable. */
  volatile int tornAnswers;
  volatile boolean hold;
  /** Run after each batch is created, before it is answered (a test's fault on the client's side). */
  volatile Runnable onCreate = () -> { };
  /** This many batch creations go through before the faults below apply. */
  final AtomicInteger createsBeforeFaults = new AtomicInteger();
  /** This many batch creations are carried out and then answered 500, as a provider failing after acting. */
  final AtomicInteger failAfterCreating = new AtomicInteger();
  /** This many batch creations are carried out and then their connection breaks mid-answer. */
  final AtomicInteger breakAfterCreating = new AtomicInteger();
  /** This many batch create requests are read and then their connection breaks, nothing created. */
  final AtomicInteger breakBeforeCreating = new AtomicInteger();
  /** After each batch created, this many batches of one request are created in the account too (others' work). */
  volatile int othersAfterCreating;
  /** This many status requests of a batch start an answer and then break their connection. */
  final AtomicInteger breakStatus = new AtomicInteger();
  /** Status requests of a batch are answered 404, as after a provider lost track of it for a while. */
  volatile boolean refuseStatus;
  /** Every call of the batch API (files, batches) is answered 401, as for a key without batch permission. */
  volatile boolean refuseKey;
  /** Index of a request whose success is followed by an error line for the same custom_id in the error file (-1: none). */
  volatile int repeatAsError = -1;

  private final class Batch {
    final String id;
    final boolean anthropic;
    final List<JsonNode> lines;
    final String inputFileId;
    final long createdAt = System.currentTimeMillis();
    String status;
    String outputFileId;
    String errorFileId;
    String results;
    int completed;
    int failed;
    ArrayNode errors;

    Batch(String id, boolean anthropic, List<JsonNode> lines, String inputFileId) {
      this.id = id;
      this.anthropic = anthropic;
      this.lines = lines;
      this.inputFileId = inputFileId;
      this.status = anthropic ? "in_progress" : "validating";
    }
  }

  BatchStub(ChatStub.Script script) throws IOException {
    this.script = script;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
      Thread thread = new Thread(r, "batch-stub");
      thread.setDaemon(true);
      return thread;
    }));
    server.createContext("/v1/", this::openAi);
    server.createContext("/anthropic/v1/messages/batches", this::anthropic);
    server.createContext("/results/", this::results);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  String anthropicUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/anthropic/v1";
  }

  int uploads() {
    return uploads.get();
  }

  int created() {
    return created.get();
  }

  /** Online chat requests ({@code /v1/chat/completions}). */
  int online() {
    return online.get();
  }

  /** Requests processed per custom id. */
  Map<String, Integer> processed() {
    Map<String, Integer> copy = new java.util.TreeMap<>();
    processed.forEach((id, n) -> copy.put(id, n.get()));
    return copy;
  }

  List<Map<String, List<String>>> headers() {
    return headers;
  }

  /** Every request body received (uploads included), for checks that no key leaks into them. */
  List<String> bodies() {
    return bodies;
  }

  /** The request lines of every batch created, in order. */
  List<JsonNode> lines() {
    List<JsonNode> all = new ArrayList<>();
    for (String id : order) {
      all.addAll(batches.get(id).lines);
    }
    return all;
  }

  /** Ends every batch still in progress as the provider would on expiry. */
  synchronized void expireAll() {
    batches.values().forEach(batch -> {
      if (!terminal(batch)) {
        finish(batch, 0, batch.anthropic ? "ended" : "expired", "expired");
      }
    });
  }

  /** Cancels every batch still in progress, as a user would in the provider's console. */
  synchronized void cancelAll() {
    batches.values().forEach(batch -> {
      if (!terminal(batch)) {
        finish(batch, 0, batch.anthropic ? "ended" : "cancelled", "cancelled");
      }
    });
  }

  private static boolean terminal(Batch batch) {
    return List.of("completed", "failed", "expired", "cancelled", "ended").contains(batch.status);
  }

  // ---- OpenAI ----

  private void openAi(HttpExchange exchange) throws IOException {
    try (exchange) {
      headers.add(Map.copyOf(exchange.getRequestHeaders()));
      byte[] body = exchange.getRequestBody().readAllBytes();
      bodies.add(new String(body, StandardCharsets.UTF_8));
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (method.equals("POST") && path.equals("/v1/chat/completions")) {
        online.incrementAndGet();
        JsonNode request = JSON.readTree(body);
        StringBuilder prompt = new StringBuilder();
        request.path("messages").forEach(m -> prompt.append(m.path("content").asText()).append('\n'));
        Matcher matcher = ADMISSION.matcher(prompt);
        String admission = matcher.find() ? matcher.group(1) : "unknown";
        ChatStub.Reply reply = script.reply(admission, attempts.computeIfAbsent(admission, k -> new AtomicInteger())
            .incrementAndGet(), prompt.toString());
        send(exchange, reply.status(), reply.body());
      } else if (refuseKey) {
        send(exchange, 401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}");
      } else if (method.equals("POST") && path.equals("/v1/files")) {
        upload(exchange, new String(body, StandardCharsets.UTF_8));
      } else if (method.equals("GET") && path.matches("/v1/files/[^/]+/content")) {
        String content = files.get(path.split("/")[3]);
        send(exchange, content == null ? 404 : 200, content == null ? "{\"error\":{\"message\":\"no such file\"}}" : content);
      } else if (method.equals("POST") && path.equals("/v1/batches")) {
        boolean faults = createsBeforeFaults.getAndUpdate(n -> Math.max(0, n - 1)) == 0;
        if (faults && breakBeforeCreating.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          broken(exchange);
        }
        JsonNode request = JSON.readTree(body);
        String file = files.get(request.path("input_file_id").asText());
        if (file == null) {
          send(exchange, 400, "{\"error\":{\"message\":\"no such file\"}}");
          return;
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : file.split("\n")) {
          if (!line.isBlank()) {
            lines.add(JSON.readTree(line));
          }
        }
        Batch batch = new Batch("batch_" + ids.incrementAndGet(), false, lines, request.path("input_file_id").asText());
        batches.put(batch.id, batch);
        order.add(batch.id);
        created.incrementAndGet();
        onCreate.run();
        others(false, lines.get(0));
        if (faults && breakAfterCreating.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          broken(exchange);
        }
        if (faults && failAfterCreating.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          send(exchange, 500, "{\"error\":{\"message\":\"internal error\"}}");
          return;
        }
        send(exchange, 200, openAiJson(batch).toString());
      } else if (method.equals("GET") && path.equals("/v1/batches")) {
        send(exchange, 200, page(exchange, "after", this::openAiJson).toString());
      } else if (method.equals("GET") && path.startsWith("/v1/batches/")
          && breakStatus.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        broken(exchange);
      } else if (method.equals("GET") && path.startsWith("/v1/batches/") && refuseStatus) {
        send(exchange, 404, "{\"error\":{\"message\":\"no such batch\"}}");
      } else if (method.equals("GET") && path.startsWith("/v1/batches/")) {
        Batch batch = batches.get(path.substring("/v1/batches/".length()));
        advance(batch);
        send(exchange, 200, openAiJson(batch).toString());
      } else if (method.equals("POST") && path.matches("/v1/batches/[^/]+/cancel")) {
        Batch batch = batches.get(path.split("/")[3]);
        batch.status = "cancelling";
        send(exchange, 200, openAiJson(batch).toString());
      } else {
        send(exchange, 404, "{\"error\":{\"message\":\"no route " + method + " " + path + "\"}}");
      }
    }
  }

  /** Batches of one request each, created by someone else in the account ({@link #othersAfterCreating}). */
  private void others(boolean anthropic, JsonNode line) {
    for (int i = 0; i < othersAfterCreating; i++) {
      Batch other = new Batch((anthropic ? "msgbatch_" : "batch_") + ids.incrementAndGet(), anthropic, List.of(line),
          anthropic ? null : "file-other-" + ids.get());
      other.status = anthropic ? "ended" : "completed";
      other.completed = 1; // its one request answered, as the provider counts it
      batches.put(other.id, other);
      order.add(other.id);
    }
  }

  /**
   * A page of the list of batches, newest first, as both providers give it: {@code limit} (default and at most 100),
   * the cursor parameter ({@code after} or {@code after_id}: the page after that batch), {@code has_more}, {@code first_id}
   * and {@code last_id}.
   */
  private ObjectNode page(HttpExchange exchange, String cursor, java.util.function.Function<Batch, ObjectNode> json) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int equals = pair.indexOf('=');
      query.put(pair.substring(0, equals), java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    int limit = Math.min(100, Integer.parseInt(query.getOrDefault("limit", "20")));
    List<String> newestFirst = new ArrayList<>(order);
    java.util.Collections.reverse(newestFirst);
    int start = query.containsKey(cursor) ? newestFirst.indexOf(query.get(cursor)) + 1 : 0;
    List<String> ids = newestFirst.subList(start, Math.min(newestFirst.size(), start + limit));
    ObjectNode page = JSON.createObjectNode();
    ArrayNode data = page.putArray("data");
    ids.forEach(id -> data.add(json.apply(batches.get(id))));
    page.put("has_more", start + ids.size() < newestFirst.size());
    page.put("first_id", ids.isEmpty() ? null : ids.get(0));
    page.put("last_id", ids.isEmpty() ? null : ids.get(ids.size() - 1));
    return page;
  }

  private void upload(HttpExchange exchange, String body) throws IOException {
    uploads.incrementAndGet();
    if (rejectUploads) {
      send(exchange, 400, "{\"error\":{\"message\":\"Invalid file format for Batch API. Must be .jsonl\",\"type\":"
          + "\"invalid_request_error\"}}");
      return;
    }
    int start = body.indexOf("\r\n\r\n", body.indexOf("name=\"file\"")) + 4;
    int end = body.lastIndexOf("\r\n--");
    String id = "file-" + ids.incrementAndGet();
    files.put(id, body.substring(start, end));
    send(exchange, 200, "{\"id\":\"" + id + "\",\"object\":\"file\",\"purpose\":\"batch\"}");
  }

  private ObjectNode openAiJson(Batch batch) {
    ObjectNode node = JSON.createObjectNode().put("id", batch.id).put("object", "batch").put("status", batch.status)
        .put("input_file_id", batch.inputFileId).put("endpoint", "/v1/chat/completions")
        .put("created_at", batch.createdAt / 1000);
    node.putObject("request_counts").put("total", batch.lines.size()).put("completed", batch.completed)
        .put("failed", batch.failed);
    node.put("output_file_id", batch.outputFileId);
    node.put("error_file_id", batch.errorFileId);
    if (batch.errors != null) {
      node.putObject("errors").set("data", batch.errors);
    }
    return node;
  }

  /** One step of the state machine per status request. */
  private synchronized void advance(Batch batch) {
    if (terminal(batch)) {
      return;
    }
    switch (batch.status) {
      case "validating" -> {
        if (failValidation) {
          batch.status = "failed";
          batch.errors = JSON.createArrayNode();
          batch.errors.addObject().put("code", "invalid_request").put("line", 1)
              .put("message", "The model 'stub-model' does not exist or you do not have access to it.");
        } else {
          batch.status = "in_progress";
        }
      }
      case "in_progress" -> {
        if (!hold) {
          if (batch.anthropic) {
            finish(batch, expireAfter < 0 ? batch.lines.size() : Math.min(expireAfter, batch.lines.size()), "ended",
                "expired");
          } else {
            batch.status = "finalizing";
          }
        }
      }
      case "finalizing" -> finish(batch, expireAfter < 0 ? batch.lines.size() : Math.min(expireAfter, batch.lines.size()),
          expireAfter < 0 ? "completed" : "expired", "expired");
      case "cancelling", "canceling" -> finish(batch, 0, batch.anthropic ? "ended" : "cancelled", "cancelled");
      default -> { }
    }
  }

  /** Answers the first {@code answered} requests; the rest end as {@code why} (expired, cancelled). */
  private void finish(Batch batch, int answered, String status, String why) {
    StringBuilder output = new StringBuilder();
    StringBuilder errors = new StringBuilder();
    for (int i = 0; i < malformedLines; i++) {
      output.append(i % 2 == 0 ? "{\"custom_id\": \"trunc" : "not json at all").append('\n');
    }
    for (int i = 0; i < batch.lines.size(); i++) {
      JsonNode line = batch.lines.get(i);
      String id = line.path("custom_id").asText();
      if (i >= answered) {
        batch.failed++;
        if (batch.anthropic) {
          output.append("{\"custom_id\":\"").append(id).append("\",\"result\":{\"type\":\"")
              .append(why.equals("cancelled") ? "canceled" : "expired").append("\"}}\n");
        } else {
          errors.append("{\"id\":\"r\",\"custom_id\":\"").append(id).append("\",\"response\":null,\"error\":{\"code\":\"batch_")
              .append(why).append("\",\"message\":\"This request could not be executed before the batch ").append(why)
              .append(".\"}}\n");
        }
        continue;
      }
      processed.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      JsonNode body = batch.anthropic ? line.path("params") : line.path("body");
      StringBuilder prompt = new StringBuilder();
      if (batch.anthropic) {
        prompt.append(body.path("system").path(0).path("text").asText()).append('\n');
        prompt.append(body.path("messages").path(0).path("content").path(0).path("text").asText()).append('\n');
      } else {
        body.path("messages").forEach(m -> prompt.append(m.path("content").asText()).append('\n'));
      }
      Matcher matcher = ADMISSION.matcher(prompt);
      String admission = matcher.find() ? matcher.group(1) : "unknown";
      int attempt = attempts.computeIfAbsent(admission, k -> new AtomicInteger()).incrementAndGet();
      ChatStub.Reply reply = script.reply(admission, attempt, prompt.toString());
      if (reply.status() == 200) {
        batch.completed++;
        if (batch.anthropic) {
          JsonNode completion = readQuietly(reply.body());
          JsonNode said = completion.path("choices").path(0).path("message");
          boolean refused = said.path("refusal").isTextual();
          String text = refused ? said.path("refusal").asText() : said.path("content").asText("");
          ObjectNode result = JSON.createObjectNode().put("custom_id", id);
          ObjectNode message = result.putObject("result").put("type", "succeeded").putObject("message")
              .put("id", "msg").put("type", "message").put("role", "assistant")
              .put("stop_reason", refused ? "refusal" : "end_turn");
          message.putArray("content").addObject().put("type", "text").put("text", text);
          message.putObject("usage").put("input_tokens", 100).put("output_tokens", 20);
          output.append(result).append('\n');
        } else {
          int start = output.length();
          output.append("{\"id\":\"r\",\"custom_id\":\"").append(id).append("\",\"response\":{\"status_code\":200,")
              .append("\"request_id\":\"q\",\"body\":").append(reply.body()).append("},\"error\":null}\n");
          if (i < tornAnswers) {
            output.setLength(start + (output.length() - start) / 2);
            output.append('\n');
          }
          if (i == repeatAsError) {
            errors.append("{\"id\":\"r\",\"custom_id\":\"").append(id).append("\",\"response\":{\"status_code\":500,")
                .append("\"body\":{\"error\":{\"message\":\"repeated\"}}},\"error\":null}\n");
          }
        }
      } else {
        batch.failed++;
        if (batch.anthropic) {
          output.append("{\"custom_id\":\"").append(id).append("\",\"result\":{\"type\":\"errored\",\"error\":{\"type\":")
              .append("\"error\",\"error\":{\"type\":\"").append(reply.status() >= 500 ? "api_error" : "invalid_request_error")
              .append("\",\"message\":\"scripted ").append(reply.status()).append("\"}}}}\n");
        } else {
          errors.append("{\"id\":\"r\",\"custom_id\":\"").append(id).append("\",\"response\":{\"status_code\":")
              .append(reply.status()).append(",\"body\":").append(reply.body()).append("},\"error\":null}\n");
        }
      }
    }
    if (batch.anthropic) {
      batch.results = "/results/" + batch.id;
      files.put(batch.id, output.toString());
    } else {
      if (output.length() > 0) {
        batch.outputFileId = "file-" + ids.incrementAndGet();
        files.put(batch.outputFileId, output.toString());
      }
      if (errors.length() > 0) {
        batch.errorFileId = "file-" + ids.incrementAndGet();
        files.put(batch.errorFileId, errors.toString());
      }
    }
    batch.status = status;
  }

  private static JsonNode readQuietly(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  // ---- Anthropic ----

  private void anthropic(HttpExchange exchange) throws IOException {
    try (exchange) {
      headers.add(Map.copyOf(exchange.getRequestHeaders()));
      byte[] body = exchange.getRequestBody().readAllBytes();
      bodies.add(new String(body, StandardCharsets.UTF_8));
      String path = exchange.getRequestURI().getPath();
      String rest = path.substring("/anthropic/v1/messages/batches".length());
      String method = exchange.getRequestMethod();
      if (method.equals("POST") && rest.isEmpty()) {
        boolean faults = createsBeforeFaults.getAndUpdate(n -> Math.max(0, n - 1)) == 0;
        if (faults && breakBeforeCreating.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          broken(exchange);
        }
        List<JsonNode> lines = new ArrayList<>();
        JSON.readTree(body).path("requests").forEach(lines::add);
        Batch batch = new Batch("msgbatch_" + ids.incrementAndGet(), true, lines, null);
        batches.put(batch.id, batch);
        order.add(batch.id);
        created.incrementAndGet();
        others(true, lines.get(0));
        if (faults && breakAfterCreating.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          broken(exchange);
        }
        if (faults && failAfterCreating.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          send(exchange, 500, "{\"error\":{\"message\":\"internal error\"}}");
          return;
        }
        send(exchange, 200, anthropicJson(batch).toString());
      } else if (method.equals("GET") && rest.isEmpty()) {
        send(exchange, 200, page(exchange, "after_id", this::anthropicJson).toString());
      } else if (method.equals("GET")) {
        Batch batch = batches.get(rest.substring(1));
        advance(batch);
        send(exchange, 200, anthropicJson(batch).toString());
      } else if (method.equals("POST") && rest.endsWith("/cancel")) {
        Batch batch = batches.get(rest.substring(1, rest.length() - "/cancel".length()));
        batch.status = "canceling";
        send(exchange, 200, anthropicJson(batch).toString());
      } else {
        send(exchange, 404, "{\"error\":{\"message\":\"no route\"}}");
      }
    }
  }

  private ObjectNode anthropicJson(Batch batch) {
    boolean ended = batch.status.equals("ended");
    ObjectNode node = JSON.createObjectNode().put("id", batch.id).put("type", "message_batch")
        .put("processing_status", ended ? "ended" : batch.status.equals("canceling") ? "canceling" : "in_progress")
        .put("created_at", java.time.Instant.ofEpochMilli(batch.createdAt).toString());
    int processing = ended ? 0 : batch.lines.size();
    node.putObject("request_counts").put("processing", processing).put("succeeded", batch.completed)
        .put("errored", ended ? batch.failed : 0).put("canceled", 0).put("expired", 0);
    node.put("results_url", ended ? "http://127.0.0.1:" + server.getAddress().getPort() + batch.results : null);
    return node;
  }

  private void results(HttpExchange exchange) throws IOException {
    try (exchange) {
      headers.add(Map.copyOf(exchange.getRequestHeaders()));
      String content = files.get(exchange.getRequestURI().getPath().substring("/results/".length()));
      send(exchange, content == null ? 404 : 200, content == null ? "{}" : content);
    }
  }

  /** Starts an answer and breaks the connection before its end (the client reads an early end of the body). */
  private static void broken(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 1000);
    OutputStream out = exchange.getResponseBody();
    out.write("{\"id\":".getBytes(StandardCharsets.UTF_8));
    out.flush();
    throw new IOException("connection broken on purpose"); // the server closes the connection, 993 bytes short
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Parses a request line's messages as text: for tests comparing with online bodies. */
  static Map<String, JsonNode> byCustomId(List<JsonNode> lines) {
    Map<String, JsonNode> map = new LinkedHashMap<>();
    lines.forEach(line -> map.put(line.path("custom_id").asText(), line));
    return map;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
