package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.medcode.coder.remote.CallFailure;
import org.medcode.coder.remote.Redaction;

/**
 * OpenAI's batch API, also Azure OpenAI's (v1 endpoint, {@code api-key} header, {@code /chat/completions} as the line
 * URL) and OpenAI-compatible servers that implement it: JSONL request file uploaded to {@code /files} (purpose batch),
 * {@code /batches} created on it with a 24 h window, polled, and its output and error files downloaded. Each line's
 * body is the chat completion request online mode sends through LangChain4j (model, messages, temperature, stream
 * false, max_tokens, seed).
 */
final class OpenAiBatchApi implements BatchApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LlmSettings settings;
  private final BatchHttp http;
  private final String base;

  OpenAiBatchApi(LlmSettings settings, String apiKey, java.net.http.HttpClient client) {
    this.settings = settings;
    Map<String, String> headers = new LinkedHashMap<>();
    if (apiKey != null) {
      if (settings.provider() == Provider.AZURE_OPENAI) {
        headers.put("api-key", apiKey);
      } else {
        headers.put("Authorization", "Bearer " + apiKey);
      }
    }
    this.http = new BatchHttp(client, settings, headers);
    this.base = http.base();
  }

  @Override
  public int maxRequests() {
    return 50_000;
  }

  @Override
  public long maxBytes() {
    return 190_000_000L; // the limit is 200 MB
  }

  private String endpoint() {
    return settings.provider() == Provider.AZURE_OPENAI ? "/chat/completions" : "/v1/chat/completions";
  }

  /** The chat completion request online mode sends (LangChain4j's OpenAiChatModel with these settings). */
  static ObjectNode body(LlmSettings settings, String system, String user) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", settings.model());
    var messages = body.putArray("messages");
    if (!system.isBlank()) {
      messages.addObject().put("role", "system").put("content", system);
    }
    messages.addObject().put("role", "user").put("content", user);
    LlmSettings.Generation generation = settings.generation();
    if (generation.sampling()) {
      body.put("temperature", settings.temperature());
    }
    body.put("stream", false);
    if (generation.sampling()) {
      body.put("max_tokens", settings.maxTokens());
    } else {
      body.put("max_completion_tokens", settings.maxTokens());
      if (generation.reasoningEffort() != null) {
        body.put("reasoning_effort", generation.reasoningEffort());
      }
    }
    if (generation.sampling() && settings.seed() != null) {
      body.put("seed", settings.seed());
    }
    if (generation.responseFormat() == LlmSettings.ResponseFormat.JSON_OBJECT) {
      body.putObject("response_format").put("type", "json_object");
    } else if (generation.responseFormat() == LlmSettings.ResponseFormat.JSON_SCHEMA) {
      ObjectNode schema = body.putObject("response_format").put("type", "json_schema").putObject("json_schema");
      schema.put("name", "codes").put("strict", true);
      schema.set("schema", answerSchema());
    }
    return body;
  }

  /** {@code {"codes": [string]}} in JSON Schema, as LangChain4j sends {@link LangChainGateway#answerSchema()}. */
  static ObjectNode answerSchema() {
    ObjectNode schema = JSON.createObjectNode().put("type", "object");
    ObjectNode codes = schema.putObject("properties").putObject("codes").put("type", "array");
    codes.put("description", "the codes that apply, most important first");
    codes.putObject("items").put("type", "string");
    schema.putArray("required").add("codes");
    schema.put("additionalProperties", false);
    return schema;
  }

  @Override
  public String requestLine(String customId, String system, String user) {
    ObjectNode line = JSON.createObjectNode();
    line.put("custom_id", customId).put("method", "POST").put("url", endpoint());
    line.set("body", body(settings, system, user));
    return line.toString();
  }

  @Override
  public String customId(JsonNode line) {
    return line.path("custom_id").asText(null);
  }

  @Override
  public String upload(Path requests) throws IOException, InterruptedException {
    String boundary = "medcode-" + UUID.randomUUID();
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + requests.getFileName()
        + "\"\r\nContent-Type: application/jsonl\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
        HttpRequest.BodyPublishers.ofFile(requests), HttpRequest.BodyPublishers.ofString(tail));
    JsonNode file = http.json("POST", base + "/files", body, "multipart/form-data; boundary=" + boundary, http.transfer(),
        true);
    String id = file.path("id").asText(null);
    if (id == null) {
      throw new IOException("the upload of " + requests.getFileName() + " was answered without a file id: " + file);
    }
    return id;
  }

  @Override
  public Remote create(String fileId, Path requests) throws IOException, InterruptedException {
    ObjectNode request = JSON.createObjectNode().put("input_file_id", fileId).put("endpoint", endpoint())
        .put("completion_window", "24h");
    request.putObject("metadata").put("created_by", "medcode-bench").put("requests_file", requests.getFileName().toString());
    return remote(http.json("POST", base + "/batches", HttpRequest.BodyPublishers.ofString(request.toString()),
        "application/json", settings.timeout(), false));
  }

  @Override
  public Optional<Remote> findCreated(String fileId, int requests, Instant notBefore, java.util.Set<String> known)
      throws IOException, InterruptedException {
    if (fileId == null) {
      return Optional.empty();
    }
    List<JsonNode> since = http.batchesSince(base + "/batches", "after", notBefore,
        batch -> batch.path("created_at").canConvertToLong() ? Instant.ofEpochSecond(batch.path("created_at").asLong())
            : null, batch -> fileId.equals(batch.path("input_file_id").asText()));
    for (JsonNode batch : since) {
      if (fileId.equals(batch.path("input_file_id").asText()) && !known.contains(batch.path("id").asText())) {
        return Optional.of(remote(batch));
      }
    }
    return Optional.empty();
  }

  @Override
  public Remote status(String batchId) throws IOException, InterruptedException {
    return remote(http.json("GET", base + "/batches/" + URLEncoder.encode(batchId, StandardCharsets.UTF_8),
        HttpRequest.BodyPublishers.noBody(), null, settings.timeout()));
  }

  @Override
  public Remote cancel(String batchId) throws IOException, InterruptedException {
    return remote(http.json("POST", base + "/batches/" + URLEncoder.encode(batchId, StandardCharsets.UTF_8) + "/cancel",
        HttpRequest.BodyPublishers.noBody(), null, settings.timeout()));
  }

  static Remote remote(JsonNode batch) throws IOException {
    String id = batch.path("id").asText(null);
    if (id == null) {
      throw new IOException("the batch API answered without a batch id: " + HttpTransport.excerpt(batch.toString()));
    }
    State state = switch (batch.path("status").asText()) {
      case "validating" -> State.VALIDATING;
      case "in_progress" -> State.IN_PROGRESS;
      case "finalizing" -> State.FINALIZING;
      case "completed" -> State.COMPLETED;
      case "failed" -> State.FAILED;
      case "expired" -> State.EXPIRED;
      case "cancelling" -> State.CANCELLING;
      case "cancelled" -> State.CANCELLED;
      default -> throw new IOException("batch " + id + " has an unknown status '" + batch.path("status").asText() + "'");
    };
    JsonNode counts = batch.path("request_counts");
    StringBuilder problem = new StringBuilder();
    for (JsonNode error : batch.path("errors").path("data")) {
      problem.append(problem.length() == 0 ? "" : "; ").append(error.path("line").isNumber() ? "line "
          + error.path("line").asInt() + ": " : "").append(error.path("message").asText(error.path("code").asText()));
    }
    return new Remote(id, state, counts.path("total").asInt(), counts.path("completed").asInt(), counts.path("failed").asInt(),
        batch.path("output_file_id").asText(null), batch.path("error_file_id").asText(null), null,
        problem.length() == 0 ? null : problem.toString());
  }

  @Override
  public List<Path> download(Remote batch, Path output, Path errors) throws IOException, InterruptedException {
    List<Path> files = new ArrayList<>();
    if (batch.outputFileId() != null) {
      http.download(base + "/files/" + URLEncoder.encode(batch.outputFileId(), StandardCharsets.UTF_8) + "/content", output);
      files.add(output);
    }
    if (batch.errorFileId() != null) {
      http.download(base + "/files/" + URLEncoder.encode(batch.errorFileId(), StandardCharsets.UTF_8) + "/content", errors);
      files.add(errors);
    }
    return files;
  }

  @Override
  public Result result(JsonNode line) {
    String id = line.path("custom_id").asText(null);
    JsonNode response = line.path("response");
    JsonNode error = line.path("error");
    if (response.isObject() && response.path("status_code").asInt() == 200) {
      return new Result(id, reply(response.path("body")), null, null);
    }
    if (response.isObject() && response.path("status_code").isNumber()) {
      int status = response.path("status_code").asInt();
      CallFailure rejected = Rejection.of(settings, status, response.path("body").toString());
      if (rejected != null) {
        return new Result(id, null, rejected.kind(), rejected.message());
      }
      String message = response.path("body").path("error").path("message").asText("");
      CallFailure failure = CallFailure.ofStatus(status, "HTTP " + status + (message.isEmpty() ? "" : ": "
          + HttpTransport.excerpt(message)) + (status == 429 ? " " + Redaction.redact(response.path("body").toString()) : ""), null);
      return new Result(id, null, failure.kind(), failure.message());
    }
    if (error.isObject()) {
      String code = error.path("code").asText("error");
      String kind = switch (code) {
        case "batch_expired" -> "batch_expired";
        case "batch_cancelled" -> "batch_cancelled";
        default -> "batch_error";
      };
      return new Result(id, null, kind, code + ": " + error.path("message").asText(""));
    }
    throw new IllegalArgumentException("neither a response nor an error");
  }

  /** A chat completion read as online mode reads it (content, the refusal field, finish reason, token usage). */
  static ChatGateway.Reply reply(JsonNode body) {
    JsonNode choice = body.path("choices").path(0);
    if (!choice.isObject()) {
      throw new IllegalArgumentException("no choices");
    }
    JsonNode message = choice.path("message");
    String finish = choice.path("finish_reason").asText(null);
    String refusal = message.path("refusal").isTextual() && !message.path("refusal").asText().isBlank()
        ? message.path("refusal").asText() : null;
    if (refusal == null && "content_filter".equals(finish)) {
      refusal = "the provider's content filter stopped the answer";
    }
    JsonNode usage = body.path("usage");
    return new ChatGateway.Reply(message.path("content").isTextual() ? message.path("content").asText() : null, refusal,
        finish, AnthropicBatchApi.tokens(usage.path("prompt_tokens")), AnthropicBatchApi.tokens(usage.path("completion_tokens")),
        usage.path("completion_tokens_details").path("reasoning_tokens").asLong(), body.path("model").asText(null),
        body.path("system_fingerprint").isTextual() ? body.path("system_fingerprint").asText() : null);
  }

  @Override
  public Map<String, String> headers() {
    return http.headers();
  }

  @Override
  public void close() {
    http.close();
  }
}
