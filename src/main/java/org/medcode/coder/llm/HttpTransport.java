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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP client every LangChain4j chat model of this coder uses: the JDK client over HTTP/1.1 (one connection per
 * request in flight, so nothing is serialised), a hard per-call timeout covering the whole exchange (the request is
 * cancelled when it expires, so a call can never hang), and error statuses that keep the {@code Retry-After} /
 * {@code retry-after-ms} header, which LangChain4j's own client drops.
 */
final class HttpTransport implements HttpClient {
  /** A non-2xx answer; {@code retryAfter} is null when the server gave none. */
  static final class StatusException extends HttpException {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    StatusException(int status, String body, Duration retryAfter) {
      super(status, "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + excerpt(body)));
      this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
      return retryAfter;
    }
  }

  /** The call did not complete within the per-call timeout. */
  static final class CallTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallTimeoutException(Duration timeout) {
      super("no complete answer within " + timeout.toMillis() + " ms");
    }
  }

  private final java.net.http.HttpClient client;
  private final Duration timeout;

  HttpTransport(java.net.http.HttpClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /** A builder that LangChain4j model builders accept; the timeouts they set are ignored in favour of ours. */
  static HttpClientBuilder builder(java.net.http.HttpClient client, Duration timeout) {
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
        return new HttpTransport(client, timeout);
      }
    };
  }

  static java.net.http.HttpClient newJdkClient(Duration connectTimeout) {
    return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    java.net.http.HttpRequest.Builder jdk = java.net.http.HttpRequest.newBuilder(URI.create(request.url())).timeout(timeout);
    request.headers().forEach((name, values) -> values.forEach(value -> jdk.header(name, value)));
    jdk.method(request.method().name(), request.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
        : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
    CompletableFuture<HttpResponse<String>> future = client.sendAsync(jdk.build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new CallTimeoutException(timeout);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the model", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof java.net.http.HttpTimeoutException) {
        throw new CallTimeoutException(timeout);
      }
      throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause.toString(), cause);
    }
    Map<String, List<String>> headers = response.headers().map();
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      throw new StatusException(response.statusCode(), response.body(), retryAfter(response.headers()));
    }
    return SuccessfulHttpResponse.builder().statusCode(response.statusCode()).headers(headers).body(response.body()).build();
  }

  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    throw new UnsupportedOperationException("the llm coder does not stream");
  }

  /** {@code retry-after-ms} (OpenAI, Azure) or {@code Retry-After} in seconds; HTTP dates are not honoured. */
  static Duration retryAfter(java.net.http.HttpHeaders headers) {
    var millis = headers.firstValue("retry-after-ms");
    try {
      if (millis.isPresent()) {
        return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.get().trim())));
      }
      var seconds = headers.firstValue("retry-after");
      if (seconds.isPresent()) {
        return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(seconds.get().trim()) * 1000)));
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }

  static String excerpt(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
  }
}
