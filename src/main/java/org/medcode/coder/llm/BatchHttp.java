package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.medcode.Plural;
import org.medcode.coder.remote.AnswerBody;
import org.medcode.coder.remote.CallFailure;
import org.medcode.coder.remote.Retrying;
import org.medcode.coder.remote.TimedHttp;

/**
 * The HTTP calls of the batch APIs: JSON in and out, files up and down, with the provider's headers (the key among
 * them, never logged), retries of 429, 5xx (not 501 or 505), timeouts and, for requests safe to send twice, broken
 * connections (backoff, {@code Retry-After} honoured) and
 * errors that say what to do. A 4xx other than 401/403/408/429 is the provider's "no" to this request
 * ({@link Rejected}). Answers are read as online ones are ({@link AnswerBody}: bounded, gzip or deflate decompressed),
 * result files with a bound of their own ({@link #LARGEST_RESULTS}).
 */
final class BatchHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The provider refused the request (e.g. a request file it does not accept): its status and message. */
  static final class Rejected extends IOException {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message);
    }
  }

  /**
   * A request that is not safe to send twice (creating a batch) timed out, met a server error or lost its connection
   * after it was sent: the provider may have acted on it. Never retried here; the caller looks for what it may have created first.
   */
  static final class MaybeSent extends IOException {
    private static final long serialVersionUID = 1L;

    MaybeSent(String message) {
      super(message);
    }
  }

  /**
   * The largest batch result file downloaded (as sent, and again decompressed): written to disk, never held in memory,
   * so it may be large, far above 10,000 answers of the 100k tokens (about 400 kB) a model answers at most, and bounded
   * only so that a server sending without end cannot fill the disk. Every other answer of a batch API (an upload's, a
   * batch's or a page of batches) is JSON read into memory, bounded as an online answer ({@link AnswerBody#LARGEST}).
   */
  static final long LARGEST_RESULTS = 8L << 30;

  private final java.net.http.HttpClient client;
  private final LlmSettings settings;
  private final Map<String, String> headers;

  BatchHttp(java.net.http.HttpClient client, LlmSettings settings, Map<String, String> headers) {
    this.client = client;
    this.settings = settings;
    this.headers = Map.copyOf(headers);
  }

  /** The provider's base URL without a trailing slash, for appending paths. */
  String base() {
    String url = settings.basePath();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  Map<String, String> headers() {
    return headers;
  }

  JsonNode json(String method, String url, HttpRequest.BodyPublisher body, String contentType, Duration timeout)
      throws IOException, InterruptedException {
    return json(method, url, body, contentType, timeout, true);
  }

  /**
   * As above; a request that is not {@code idempotent} is retried only after a 429 (refused unread), and a timeout, a
   * server error or a connection broken after it was sent is a {@link MaybeSent}.
   */
  JsonNode json(String method, String url, HttpRequest.BodyPublisher body, String contentType, Duration timeout,
      boolean idempotent) throws IOException, InterruptedException {
    return json(method, url, body, contentType, new Limit(timeout, null), idempotent);
  }

  /** As above for a request with a large body (a file up), within a transfer's limits ({@link #transfer}). */
  JsonNode json(String method, String url, HttpRequest.BodyPublisher body, String contentType,
      TimedHttp.Transfer transfer, boolean idempotent) throws IOException, InterruptedException {
    return json(method, url, body, contentType, new Limit(null, transfer), idempotent);
  }

  private JsonNode json(String method, String url, HttpRequest.BodyPublisher body, String contentType, Limit limit,
      boolean idempotent) throws IOException, InterruptedException {
    HttpResponse<String> response = exchange(method, url, body, contentType, AnswerBody.text(), limit, idempotent);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException(method + " " + path(url) + " answered something that is not JSON: "
          + HttpTransport.excerpt(response.body()));
    }
  }

  /** A page of a provider's list of batches: the most it gives at once. */
  static final int PAGE = 100;
  /** The most pages of batches read looking for one: 10,000 batches created since the attempt. */
  static final int MOST_PAGES = 100;
  /** How much earlier than our clock says a provider may have stamped a batch (clocks differ). */
  static final Duration CLOCK_SLACK = Duration.ofMinutes(15);

  /**
   * The provider's batches (newest first) created since {@code since} (less {@link #CLOCK_SLACK}), page by page
   * ({@code ?limit=100}, then the cursor parameter {@code cursor} set to the page's last id, while it {@code has_more}),
   * up to and including the first that {@code wanted} accepts; an error when {@link #MOST_PAGES} pages do not reach back
   * to {@code since}, rather than an answer that might miss it. {@code created}: a batch's creation time, null when
   * it has none.
   */
  List<JsonNode> batchesSince(String url, String cursor, Instant since, Function<JsonNode, Instant> created,
      Predicate<JsonNode> wanted) throws IOException, InterruptedException {
    Instant oldest = since.minus(CLOCK_SLACK);
    List<JsonNode> found = new ArrayList<>();
    String after = null;
    for (int page = 0; page < MOST_PAGES; page++) {
      JsonNode answer = json("GET", url + "?limit=" + PAGE + (after == null ? ""
          : "&" + cursor + "=" + URLEncoder.encode(after, StandardCharsets.UTF_8)), HttpRequest.BodyPublishers.noBody(),
          null, settings.timeout());
      boolean reachedBack = false;
      String last = null;
      for (JsonNode batch : answer.path("data")) {
        last = batch.path("id").asText(null);
        Instant at = created.apply(batch);
        if (at != null && at.isBefore(oldest)) {
          reachedBack = true; // newest first: the rest are older still
          break;
        }
        found.add(batch);
        if (wanted.test(batch)) {
          return found;
        }
      }
      after = answer.path("last_id").asText(last);
      if (reachedBack || !answer.path("has_more").asBoolean() || after == null) {
        return found;
      }
    }
    throw new IOException("GET " + url + ": " + MOST_PAGES * PAGE + " batches were created since " + oldest
        + " (" + MOST_PAGES + " pages), and the one looked for is not among them; cannot tell whether it was created");
  }

  /** Downloads a body into a file (through a temporary file, so a kill never leaves half a result file). */
  void download(String url, Path file) throws IOException, InterruptedException {
    download(url, file, LARGEST_RESULTS);
  }

  /** As above, refusing a file larger than {@code largest} bytes. */
  void download(String url, Path file, long largest) throws IOException, InterruptedException {
    Path temp = file.resolveSibling(file.getFileName() + ".part");
    try {
      exchange("GET", url, HttpRequest.BodyPublishers.noBody(), null, AnswerBody.file(temp, largest),
          new Limit(null, transfer()), true);
    } catch (AnswerBody.LocalFileException e) { // the disk, not the provider
      deleteQuietly(temp);
      throw unwritable(url, file, e.getMessage(), e.getCause());
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw unwritable(url, file, "cannot move " + temp + " to it: " + e, e);
    }
  }

  /** A result file the disk would not take: said as such, not asked again (the same disk would refuse it again). */
  private static IOException unwritable(String url, Path file, String why, Throwable cause) {
    return new IOException("GET " + path(url) + ": cannot write the result file " + file + " (" + why + "); make room"
        + " or fix the folder, then --resume downloads it again", cause);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a part file left beside the result: overwritten by the next download
    }
  }

  /** The longest a transfer may run while bytes keep moving: a backstop against a server trickling without end. */
  static final Duration LONGEST_TRANSFER = Duration.ofHours(24);

  /**
   * The limits of an upload or download (files of up to gigabytes, {@link #LARGEST_RESULTS}): it runs as long as bytes
   * move, failing as a timeout when none does for the call {@code timeout}, or after {@link #LONGEST_TRANSFER}.
   */
  TimedHttp.Transfer transfer() {
    return new TimedHttp.Transfer(settings.timeout(), LONGEST_TRANSFER);
  }

  /** A call's time: one {@code timeout} for the whole, or a {@code transfer}'s limits (one of them null). */
  private record Limit(Duration timeout, TimedHttp.Transfer transfer) {}

  private <T> HttpResponse<T> exchange(String method, String url, HttpRequest.BodyPublisher body, String contentType,
      HttpResponse.BodyHandler<T> handler, Limit limit, boolean idempotent) throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.withBaseQuery(url)))
          .timeout(limit.timeout() != null ? limit.timeout() : limit.transfer().longest()).method(method, body);
      headers.forEach(request::header);
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      CallFailure failure;
      HttpResponse<T> response = null;
      try {
        // a request that is not idempotent (creating a batch) is not sent again on a stale connection: the provider may
        // have acted on it, and a broken connection after it was sent is a MaybeSent, which looks for the batch first
        TimedHttp.StaleConnection stale = idempotent ? TimedHttp.StaleConnection.SEND_AGAIN
            : TimedHttp.StaleConnection.FAIL;
        response = limit.timeout() != null ? TimedHttp.send(client, request.build(), handler, limit.timeout(), stale)
            : TimedHttp.send(client, request.build(), handler, limit.transfer(), stale);
        int status = response.statusCode();
        if (status >= 200 && status <= 299) {
          return response;
        }
        String text = response.body() instanceof String s ? s
            : response.body() instanceof Path p && Files.exists(p)
            ? new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8) : "";
        failure = CallFailure.ofStatus(status, "HTTP " + status + (text.isBlank() ? "" : ": "
            + HttpTransport.excerpt(text)), TimedHttp.retryAfter(response.headers()));
        if (failure.kind().equals("auth")) { // this coder stops (its batches found again by --resume), not the run
          throw new IOException("the batch API refused " + method + " " + path(url) + ": " + failure.message());
        }
        if (failure.kind().equals("http_4xx")) {
          throw new Rejected(method + " " + path(url) + ": " + failure.message());
        }
      } catch (TimedHttp.CallTimeoutException e) {
        failure = new CallFailure(CallFailure.TIMEOUT, true, null, e.getMessage());
      } catch (AnswerBody.TooLargeException | AnswerBody.UndecodableException e) { // the same request would get it again
        throw new IOException(method + " " + path(url) + ": " + e.getMessage(), e);
      } catch (AnswerBody.LocalFileException e) {
        throw e; // the disk, not the provider: said by download
      } catch (java.io.UncheckedIOException e) {
        if (!CallFailure.of(e).retriable()) { // refused, unresolved, a TLS handshake: nothing was sent
          throw new IOException("cannot reach the batch API at " + path(url) + ": " + e.getMessage(), e);
        }
        if (!idempotent) { // it reached the provider, which may have acted on it
          throw new MaybeSent(method + " " + path(url) + ": the connection to the batch API broke after the request was"
              + " sent (" + e.getMessage() + ")");
        }
        // a status, a page, a file: asking again is safe, and one reset in hours of polling must not end the wait
        failure = new CallFailure("connection", true, null, "the connection to the batch API broke: " + e.getMessage());
      }
      if (!idempotent && failure.retriable() && !failure.kind().equals(CallFailure.RATE_LIMITED)) {
        throw new MaybeSent(method + " " + path(url) + ": " + failure.message());
      }
      if (!failure.retriable() || attempt >= settings.maxRetries()) {
        throw new IOException(method + " " + path(url) + " failed after " + Plural.of(attempt + 1, "attempt") + ": "
            + failure.message());
      }
      Duration wait = failure.retryAfter() != null && !failure.retryAfter().isZero() ? failure.retryAfter()
          : Retrying.exponential(settings.backoff(), Math.min(attempt, 10));
      Thread.sleep(wait.toMillis());
    }
  }

  /** The URL without query, for messages. */
  private static String path(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /** Ends the client (no call in flight). */
  void close() {
    TimedHttp.close(client);
  }
}
