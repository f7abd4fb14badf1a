package org.medcode.coder.external;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderResult;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.remote.AnswerBody;
import org.medcode.coder.remote.CallFailure;
import org.medcode.coder.remote.Redaction;
import org.medcode.coder.remote.ResponseCache;
import org.medcode.coder.remote.Retrying;
import org.medcode.coder.remote.TimedHttp;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;

/**
 * The configured {@code http} coder. Per admission: the request body, then the answer from the cache, else from the
 * service (through {@link Retrying}: in-flight limit, retries, per-call timeout, deadline), parsed as the protocol
 * says; a well-formed answer is cached. Any HTTP status but 2xx is a failure by kind ({@link CallFailure#ofStatus}).
 */
final class HttpCoder implements Coder {
  /** A non-2xx answer of the service. */
  static final class StatusException extends RuntimeException implements CallFailure.Status {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient java.time.Duration retryAfter;
    private final String location;

    StatusException(int status, String body, java.time.Duration retryAfter, String location) {
      super("HTTP " + status + (body == null || body.isBlank() ? "" : ": " + Protocol.excerpt(body)));
      this.status = status;
      this.retryAfter = retryAfter;
      this.location = location;
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public int statusCode() {
      return status;
    }

    @Override
    public java.time.Duration retryAfter() {
      return retryAfter;
    }
  }

  private final HttpCoderFactory.Settings settings;
  private final HttpClient client;
  private final String key;
  private final Retrying retrying;
  private final ResponseCache cache;
  private final CodeTable table;
  private final Map<String, String> facts;
  private final Map<String, Boolean> models = new ConcurrentHashMap<>();

  HttpCoder(HttpCoderFactory.Settings settings, HttpClient client, String key, Retrying retrying, ResponseCache cache,
      CodeTable table, Map<String, String> facts) {
    this.settings = settings;
    this.client = client;
    this.key = key;
    this.retrying = retrying;
    this.cache = cache;
    this.table = table;
    this.facts = facts;
  }

  @Override
  public int concurrency() {
    return settings.maxInFlight();
  }

  @Override
  public Map<String, String> facts() {
    Map<String, String> all = new LinkedHashMap<>(facts);
    if (!models.isEmpty()) {
      all.put("model", String.join(", ", new java.util.TreeSet<>(models.keySet())));
    }
    if (cache != null && cache.problem() != null) {
      all.put("cache", cache.problem());
    }
    return all;
  }

  @Override
  public CoderResult code(Admission admission) throws Exception {
    long deadline = System.nanoTime() + settings.deadline().toNanos();
    String body = Protocol.request(admission, table);
    String cacheKey = ResponseCache.key("http", settings.url().toString(), Protocol.VERSION, body);
    Counter counter = new Counter();
    boolean cached = false;
    String text = null;
    if (cache != null) {
      var hit = cache.get(cacheKey);
      if (hit.isPresent() && hit.get().text() != null) {
        text = hit.get().text();
        cached = true;
      }
    }
    if (text == null) { // a key the service echoes (a header, a model name, a rationale) is stored nowhere
      text = Redaction.redact(retrying.call(() -> post(body), Retrying.Pacing.NONE, this::failure, deadline, counter));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("answer_sha256", ResponseCache.sha256(text));
    if (cached) {
      annotations.put("cached", "true");
    }
    JsonNode answer;
    CoderResult result;
    try {
      answer = Protocol.parse(text, admission.id());
      result = Protocol.result(answer, admission.id(), annotations);
    } catch (CoderException e) { // an answer that fails (malformed, another id, an error) took its calls all the same
      throw new CoderException(e.kind(), e.getMessage(), e.getCause(),
          new CoderResult.Usage(0, 0, 0, counter.calls, cached));
    }
    String model = Protocol.model(answer);
    if (model != null) {
      models.put(model, true);
    }
    if (cache != null && !cached && wellFormed(result)) { // a malformed answer is asked again, never reused
      cache.put(cacheKey, new ResponseCache.Entry(text, null, null, 0, 0));
    }
    return new CoderResult(result.codes(), new CoderResult.Usage(0, 0, 0, counter.calls, cached), result.annotations());
  }

  /**
   * Whether the answer's codes are codes as written ({@link CodeSuggestion#canonical}): one that is not fails the
   * admission when the run logs it, and must not be cached, or {@code --retry-failed} would get it back from the cache.
   */
  private boolean wellFormed(CoderResult result) {
    try {
      CodeSuggestion.canonical(result.codes(), table.system());
      return true;
    } catch (CodeSuggestion.MalformedCode e) {
      return false;
    }
  }

  /** A call's failure; one that never reached the server names the URL it tried (the config's, with no key in it). */
  private CallFailure failure(Throwable error) {
    CallFailure failure = CallFailure.of(error);
    return failure.kind().equals("connection") && !failure.retriable()
        ? new CallFailure(failure.kind(), false, failure.retryAfter(), failure.message().replaceFirst(
            "^cannot reach the model server", java.util.regex.Matcher.quoteReplacement("cannot reach the model server at "
                + Redaction.redact(settings.url().toString()))))
        : failure;
  }

  private String post(String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> response = TimedHttp.send(client, request.build(), AnswerBody.text(), settings.timeout());
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      throw new StatusException(response.statusCode(), response.body(), TimedHttp.retryAfter(response.headers()),
          response.headers().firstValue("Location").orElse(null));
    }
    return response.body();
  }

  /** Calls made for one admission. */
  private static final class Counter implements Retrying.Meter {
    int calls;

    @Override
    public void attempted() {
      calls++;
    }

    @Override
    public void unreached() {
      calls--; // a refused connection reached no service: no call to count
    }

    @Override
    public CoderResult.Usage usage() {
      return new CoderResult.Usage(0, 0, 0, calls, false);
    }
  }

  /** Ends the HTTP client (the run's calls are over). */
  @Override
  public void close() {
    TimedHttp.close(client);
  }
}
