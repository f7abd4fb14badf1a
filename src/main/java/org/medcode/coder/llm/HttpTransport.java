package org.medcode.coder.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.medcode.coder.remote.AnswerBody;
import org.medcode.coder.remote.CallFailure;
import org.medcode.coder.remote.Redaction;
import org.medcode.coder.remote.TimedHttp;

/**
 * The HTTP client every LangChain4j chat model of this coder uses: the JDK client over HTTP/1.1 (one connection per
 * request in flight, so nothing is serialised), a hard per-call timeout covering the whole exchange (the request is
 * cancelled when it expires, so a call can never hang), error statuses that keep the {@code Retry-After} /
 * {@code retry-after-ms} header, which LangChain4j's own client drops, and every response's headers shown to an
 * observer (the rate-limit pacer reads {@code x-ratelimit-*}). The timed exchange itself is {@link TimedHttp}'s, shared
 * with the {@code http} coder.
 */
final class HttpTransport implements HttpClient {
  /** A non-2xx answer; {@code retryAfter} is null when the server gave none. */
  static final class StatusException extends HttpException implements CallFailure.Status {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;
    private final String body;

    StatusException(int status, String body, Duration retryAfter) {
      super(status, "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + excerpt(body)));
      this.retryAfter = retryAfter;
      this.body = body == null ? "" : Redaction.redact(body);
    }

    /** The error body the server sent (any key in it redacted), to read its error type, code and parameter. */
    String body() {
      return body;
    }

    @Override
    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /**
   * The server answered (a status line and headers arrived) but its body is not an answer: cut short, empty, or not
   * JSON (an HTML error page from a proxy). Counted as {@code bad_response}, not as a connection failure.
   */
  static final class BadResponseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean paid;

    BadResponseException(String message, Throwable cause) {
      this(message, cause, false);
    }

    /** {@code paid}: the model server's own answer (2xx) that cannot be read, which the provider bills all the same. */
    BadResponseException(String message, Throwable cause, boolean paid) {
      super(message, cause);
      this.paid = paid;
    }

    boolean paid() {
      return paid;
    }
  }

  private final java.net.http.HttpClient client;
  private final Duration timeout;
  private final Consumer<java.net.http.HttpHeaders> observer;
  private final java.util.function.UnaryOperator<String> url;

  HttpTransport(java.net.http.HttpClient client, Duration timeout, Consumer<java.net.http.HttpHeaders> observer,
      java.util.function.UnaryOperator<String> url) {
    this.client = client;
    this.timeout = timeout;
    this.observer = observer;
    this.url = url;
  }

  /**
   * A builder that LangChain4j model builders accept; the timeouts they set are ignored in favour of ours.
   * {@code observer} sees the headers of every response (rate-limit headers), errors included; {@code url} completes
   * each request's URL (the base URL's query string, {@link LlmSettings#withBaseQuery}).
   */
  static HttpClientBuilder builder(java.net.http.HttpClient client, Duration timeout,
      Consumer<java.net.http.HttpHeaders> observer, java.util.function.UnaryOperator<String> url) {
    return new HttpClientBuilder() {
      @Override
      public Duration connectTimeout() {
        return timeout;
      }

      @Override
      public HttpClientBuilder connectTimeout(Duration ignored) {
        return this;
      }

      @Override
      public Duration readTimeout() {
        return timeout;
      }

      @Override
      public HttpClientBuilder readTimeout(Duration ignored) {
        return this;
      }

      @Override
      public HttpClient build() {
        return new HttpTransport(client, timeout, observer, url);
      }
    };
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    java.net.http.HttpRequest.Builder jdk = java.net.http.HttpRequest.newBuilder(URI.create(url.apply(request.url()))).timeout(timeout);
    request.headers().forEach((name, values) -> values.forEach(value -> jdk.header(name, value)));
    jdk.method(request.method().name(), request.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
        : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
    java.util.concurrent.atomic.AtomicReference<HttpResponse.ResponseInfo> head = new java.util.concurrent.atomic.AtomicReference<>();
    HttpResponse.BodyHandler<String> handler = info -> {
      head.set(info);
      return AnswerBody.text().apply(info);
    };
    HttpResponse<String> response;
    try {
      response = TimedHttp.send(client, jdk.build(), handler, timeout);
    } catch (AnswerBody.UndecodableException e) {
      throw e; // a bad_response saying why (CallFailure), not one cut short
    } catch (java.io.UncheckedIOException e) {
      HttpResponse.ResponseInfo info = head.get();
      if (info == null) {
        throw e;
      }
      throw new BadResponseException("the server's answer (HTTP " + info.statusCode() + ") was cut short: "
          + Redaction.redact(e.getMessage()), e, info.statusCode() >= 200 && info.statusCode() <= 299);
    }
    observer.accept(response.headers());
    Map<String, List<String>> headers = response.headers().map();
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      throw new StatusException(response.statusCode(), response.body(), TimedHttp.retryAfter(response.headers()));
    }
    String body = response.body();
    if (body == null || body.isBlank()) {
      throw new BadResponseException("the server answered HTTP " + response.statusCode() + " with an empty body", null);
    }
    char first = body.stripLeading().charAt(0);
    if (first != '{' && first != '[') {
      throw new BadResponseException("the server answered HTTP " + response.statusCode() + " with "
          + (first == '<' ? "an HTML page" : "text") + ", not JSON: " + excerpt(body), null);
    }
    return SuccessfulHttpResponse.builder().statusCode(response.statusCode()).headers(headers).body(response.body()).build();
  }

  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    throw new UnsupportedOperationException("the llm coder does not stream");
  }

  /** At most 300 characters of a server's text, on one line, without any key or credential ({@link Redaction}). */
  static String excerpt(String text) {
    String flat = Redaction.redact(text).replaceAll("\\s+", " ").trim();
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
  }
}
