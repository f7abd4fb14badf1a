package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medcode.coder.remote.CallFailure;

/**
 * Anthropic's Message Batches: the requests go inline ({@code POST /messages/batches} with {@code {requests: [...]}},
 * each {@code {custom_id, params}} where params is the Messages request online mode sends through LangChain4j, without
 * its {@code stream: false}, as batches do not stream), the batch
 * is polled until it has ended, and its results file ({@code results_url}) downloaded. Per-request results are
 * succeeded, errored (by error type), canceled or expired.
 */
final class AnthropicBatchApi implements BatchApi {
  static final String VERSION = "2023-06-01";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LlmSettings settings;
  private final BatchHttp http;
  private final String base;

  AnthropicBatchApi(LlmSettings settings, String apiKey, java.net.http.HttpClient client) {
    this.settings = settings;
    Map<String, String> headers = new LinkedHashMap<>();
    if (apiKey != null) {
      headers.put("x-api-key", apiKey);
    }
    headers.put("anthropic-version", VERSION);
    this.http = new BatchHttp(client, settings, headers);
    this.base = http.base();
  }

  @Override
  public int maxRequests() {
    return 100_000;
  }

  @Override
  public long maxBytes() {
    return 250_000_000L; // the limit is 256 MB
  }

  /** The Messages request online mode sends (LangChain4j's AnthropicChatModel with these settings). */
  static ObjectNode params(LlmSettings settings, String system, String user) {
    ObjectNode params = JSON.createObjectNode();
    params.put("model", settings.model());
    var content = params.putArray("messages").addObject().put("role", "user").putArray("content");
    content.addObject().put("type", "text").put("text", user);
    if (!system.isBlank()) {
      params.putArray("system").addObject().put("type", "text").put("text", system);
    }
    params.put("max_tokens", settings.maxTokens());
    LlmSettings.Generation generation = settings.generation();
    if (generation.thinkingBudget() != null && generation.thinkingBudget() > 0) {
      params.putObject("thinking").put("type", "enabled").put("budget_tokens", generation.thinkingBudget());
    } else {
      params.put("temperature", settings.temperature());
    }
    if (generation.responseFormat() == LlmSettings.ResponseFormat.JSON_SCHEMA) {
      ObjectNode tool = params.putArray("tools").addObject().put("name", LangChainGateway.ANSWER_TOOL)
          .put("description", "Record the codes that apply to the admission");
      ObjectNode schema = OpenAiBatchApi.answerSchema();
      schema.remove("additionalProperties"); // as LangChain4j sends a tool's schema to Anthropic
      tool.set("input_schema", schema);
      params.putObject("tool_choice").put("type", "tool").put("name", LangChainGateway.ANSWER_TOOL);
    }
    return params;
  }

  @Override
  public String requestLine(String customId, String system, String user) {
    ObjectNode line = JSON.createObjectNode().put("custom_id", customId);
    line.set("params", params(settings, system, user));
    return line.toString();
  }

  @Override
  public String customId(JsonNode line) {
    return line.path("custom_id").asText(null);
  }

  @Override
  public String upload(Path requests) {
    return null; // requests go inline with the batch
  }

  @Override
  public Remote create(String fileId, Path requests) throws IOException, InterruptedException {
    List<byte[]> parts = new ArrayList<>();
    parts.add("{\"requests\":[".getBytes(StandardCharsets.UTF_8));
    boolean first = true;
    for (String line : Files.readAllLines(requests, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      parts.add(((first ? "" : ",") + line).getBytes(StandardCharsets.UTF_8));
      first = false;
    }
    parts.add("]}".getBytes(StandardCharsets.UTF_8));
    return remote(http.json("POST", base + "/messages/batches", HttpRequest.BodyPublishers.ofByteArrays(parts),
        "application/json", http.transfer(), false));
  }

  @Override
  public Optional<Remote> findCreated(String fileId, int requests, Instant notBefore, java.util.Set<String> known)
      throws IOException, InterruptedException {
    List<JsonNode> since = http.batchesSince(base + "/messages/batches", "after_id", notBefore,
        AnthropicBatchApi::created, batch -> false);
    List<Remote> candidates = new ArrayList<>();
    for (JsonNode batch : since) {
      Instant created = created(batch);
      if (created == null || created.isBefore(notBefore) || known.contains(batch.path("id").asText())) {
        continue; // too old, or one of this run's own (its previous batch, sent a moment before, may be as large)
      }
      Remote remote = remote(batch);
      if (remote.total() == requests) {
        candidates.add(remote);
      }
    }
    if (candidates.size() > 1) {
      // this coder stops, not the run: the config's other coders still run and are scored, and --resume looks again
      throw new org.medcode.coder.CoderStoppedException("a request creating a batch of " + requests + " requests may"
          + " have created it (the run was killed, or the request failed, while it was sent), and " + candidates.size()
          + " batches of that size were created since then (" + candidates.stream().map(Remote::id).toList() + ");"
          + " cannot tell which is this run's. Cancel the ones that are not in the Anthropic console, or add \"batch_id\""
          + " to the entry in batches/state.json.", org.medcode.coder.CoderStoppedException.NextStep.RESUME);
    }
    return candidates.stream().findFirst();
  }

  /** A batch's {@code created_at} (RFC 3339); null when it has none or not one that reads. */
  private static Instant created(JsonNode batch) {
    try {
      String created = batch.path("created_at").asText("");
      return created.isEmpty() ? null : OffsetDateTime.parse(created).toInstant();
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  @Override
  public Remote status(String batchId) throws IOException, InterruptedException {
    return remote(http.json("GET", base + "/messages/batches/" + URLEncoder.encode(batchId, StandardCharsets.UTF_8),
        HttpRequest.BodyPublishers.noBody(), null, settings.timeout()));
  }

  @Override
  public Remote cancel(String batchId) throws IOException, InterruptedException {
    return remote(http.json("POST", base + "/messages/batches/" + URLEncoder.encode(batchId, StandardCharsets.UTF_8)
        + "/cancel", HttpRequest.BodyPublishers.noBody(), null, settings.timeout()));
  }

  static Remote remote(JsonNode batch) throws IOException {
    String id = batch.path("id").asText(null);
    if (id == null) {
      throw new IOException("the batch API answered without a batch id: " + HttpTransport.excerpt(batch.toString()));
    }
    JsonNode counts = batch.path("request_counts");
    int succeeded = counts.path("succeeded").asInt();
    int failed = counts.path("errored").asInt() + counts.path("canceled").asInt() + counts.path("expired").asInt();
    int total = succeeded + failed + counts.path("processing").asInt();
    State state = switch (batch.path("processing_status").asText()) {
      case "in_progress" -> State.IN_PROGRESS;
      case "canceling" -> State.CANCELLING;
      case "ended" -> State.COMPLETED;
      default -> throw new IOException("batch " + id + " has an unknown processing_status '"
          + batch.path("processing_status").asText() + "'");
    };
    return new Remote(id, state, total, succeeded, failed, null, null, batch.path("results_url").asText(null), null);
  }

  @Override
  public List<Path> download(Remote batch, Path output, Path errors) throws IOException, InterruptedException {
    if (batch.resultsUrl() == null) {
      return List.of();
    }
    http.download(batch.resultsUrl(), output);
    return List.of(output);
  }

  @Override
  public Result result(JsonNode line) {
    String id = line.path("custom_id").asText(null);
    JsonNode result = line.path("result");
    switch (result.path("type").asText()) {
      case "succeeded" -> {
        JsonNode message = result.path("message");
        StringBuilder text = new StringBuilder();
        for (JsonNode block : message.path("content")) {
          if ("text".equals(block.path("type").asText())) {
            text.append(block.path("text").asText());
          }
        }
        for (JsonNode block : message.path("content")) {
          if ("tool_use".equals(block.path("type").asText()) && LangChainGateway.ANSWER_TOOL.equals(block.path("name").asText())) {
            text.setLength(0);
            text.append(block.path("input").toString()); // the forced tool call's input is the answer
          }
        }
        String stop = message.path("stop_reason").asText(null);
        String refusal = "refusal".equals(stop) ? "the model stopped with stop_reason refusal" : null;
        String finish = "max_tokens".equals(stop) ? "length" : stop; // cut off: as online mode (LangChain4j) reads it
        return new Result(id, new ChatGateway.Reply(text.toString(), refusal, finish, tokens(message.path("usage").path("input_tokens")),
            tokens(message.path("usage").path("output_tokens")), 0, message.path("model").asText(null), null),
            null, null);
      }
      case "errored" -> {
        JsonNode error = result.path("error").path("error");
        String type = error.path("type").asText(result.path("error").path("type").asText("error"));
        // a parameter the model refuses, or a model not found, as online mode reads the same answer (HTTP 400 / 404)
        int status = switch (type) {
          case "invalid_request_error" -> 400;
          case "not_found_error" -> 404;
          default -> 0;
        };
        CallFailure rejected = status == 0 ? null : Rejection.of(settings, status, result.path("error").toString());
        if (rejected != null) {
          return new Result(id, null, rejected.kind(), rejected.message());
        }
        String kind = switch (type) {
          case "authentication_error", "permission_error" -> "auth";
          case "rate_limit_error" -> "rate_limited";
          case "api_error", "overloaded_error" -> "server_error";
          default -> "http_4xx";
        };
        return new Result(id, null, kind, type + ": " + error.path("message").asText(""));
      }
      case "canceled" -> {
        return new Result(id, null, "batch_cancelled", "the batch was cancelled before this request was processed");
      }
      case "expired" -> {
        return new Result(id, null, "batch_expired", "the batch expired before this request was processed");
      }
      default -> throw new IllegalArgumentException("unknown result type");
    }
  }

  @Override
  public Map<String, String> headers() {
    return http.headers();
  }

  @Override
  public void close() {
    http.close();
  }

  /** A token count of a result's usage; {@link ChatGateway#UNKNOWN} when the result has none. */
  static long tokens(JsonNode count) {
    return count.isIntegralNumber() ? count.asLong() : ChatGateway.UNKNOWN;
  }
}
