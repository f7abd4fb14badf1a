package org.medcode.coder.remote;

import java.net.ConnectException;
import java.time.Duration;
import java.util.function.Function;

/**
 * Why a call to a model failed, as the run counts it ({@code kind}: {@code rate_limited}, {@code quota},
 * {@code server_error}, {@code timeout}, {@code auth}, {@code http_4xx}, {@code connection}, {@code tls},
 * {@code bad_response}), and whether another attempt may help (429s, 5xx but 501 and 505, and timeouts only). Messages
 * carry no key ({@link Redaction}).
 */
public record CallFailure(String kind, boolean retriable, Duration retryAfter, String message) {
  public static final String RATE_LIMITED = "rate_limited";
  public static final String TIMEOUT = "timeout";
  /** The server cannot be reached (not retried) or the connection broke after reaching it (retried). */
  public static final String CONNECTION = "connection";
  /** A redirect (3xx), which is not followed. */
  static final String REDIRECT = "http_3xx";
  /** A certificate or TLS handshake the client refuses: a configuration error, the same at every attempt. */
  public static final String TLS = "tls";

  /** An error carrying an HTTP status and the server's {@code Retry-After} (null when it gave none). */
  public interface Status {
    int statusCode();

    Duration retryAfter();

    String getMessage();

    /** Where a redirect (3xx) points, its {@code Location}; null when the answer gave none. */
    default String location() {
      return null;
    }
  }

  /** The failure behind an error: its first cause that says what went wrong. */
  public static CallFailure of(Throwable error) {
    return of(error, t -> null);
  }

  /**
   * As {@link #of(Throwable)}, asking {@code special} first at every cause (a coder's own client's exceptions; null
   * when it does not know the cause).
   */
  public static CallFailure of(Throwable error, Function<Throwable, CallFailure> special) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      CallFailure known = special.apply(t);
      if (known != null) {
        return known;
      }
      if (t instanceof AnswerBody.TooLargeException || t instanceof AnswerBody.UndecodableException) {
        return new CallFailure("bad_response", false, null, t.getMessage());
      }
      if (t instanceof Status status) {
        return ofStatus(status.statusCode(), Redaction.redact(status.getMessage()), status.retryAfter(),
            status.location());
      }
      if (t instanceof TimedHttp.CallTimeoutException || t instanceof java.net.http.HttpTimeoutException
          || t instanceof java.util.concurrent.TimeoutException) {
        return new CallFailure(TIMEOUT, true, null, "timed out: " + t.getMessage());
      }
      if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof javax.net.ssl.SSLPeerUnverifiedException) {
        return new CallFailure(TLS, false, null, "the TLS handshake with the model server failed (" + tlsCause(t)
            + "): check the URL, and that the server's certificate is valid for its host name and trusted by Java (a"
            + " private CA: -Djavax.net.ssl.trustStore=FILE in JAVA_TOOL_OPTIONS)");
      }
      if (t instanceof ConnectException || t instanceof java.nio.channels.UnresolvedAddressException) {
        return new CallFailure("connection", false, null, "cannot reach the model server: " + Redaction.redact(t.toString()));
      }
      if (t instanceof java.io.IOException) { // reached, then the connection broke (a reset, a body cut short): retried
        return new CallFailure("connection", true, null, "the connection to the model server broke: "
            + Redaction.redact(t.toString()));
      }
    }
    return new CallFailure("bad_response", false, null, "the model call failed: " + Redaction.redact(error.toString()));
  }

  /** What the handshake's error says, its innermost cause first (the certificate path, the host name). */
  private static String tlsCause(Throwable handshake) {
    Throwable root = handshake;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : root.toString();
    return Redaction.redact(root == handshake || handshake.getMessage() == null || handshake.getMessage().contains(message)
        ? message : handshake.getMessage() + ": " + message);
  }

  /** A failure by HTTP status, online or in a batch's per-request result. */
  public static CallFailure ofStatus(int code, String message, Duration retryAfter) {
    return ofStatus(code, message, retryAfter, null);
  }

  /** As {@link #ofStatus(int, String, Duration)}, a redirect naming its {@code location} (when not null). */
  private static CallFailure ofStatus(int code, String message, Duration retryAfter, String location) {
    if (code == 429) {
      boolean quota = message.contains("insufficient_quota");
      return new CallFailure(quota ? "quota" : RATE_LIMITED, !quota, retryAfter,
          quota ? "the account's quota is exhausted (HTTP 429 insufficient_quota)" : "rate limited (HTTP 429)");
    }
    if (code == 501 || code == 505) { // the server does not do this at all: it will answer the same every time
      return new CallFailure("server_error", false, null, Redaction.redact(message) + " (the server does not support"
          + (code == 501 ? " this request" : " HTTP/1.1") + ", which asking again will not change: check the URL)");
    }
    if (code >= 500) {
      return new CallFailure("server_error", true, retryAfter, Redaction.redact(message));
    }
    if (code == 408) {
      return new CallFailure(TIMEOUT, true, null, "the server timed out the request (HTTP 408)");
    }
    if (code >= 300 && code < 400) {
      return new CallFailure(REDIRECT, false, null, "the server answered with a redirect (HTTP " + code
          + (location == null ? "" : " to " + Redaction.redact(location)) + "), which is"
          + " not followed: give the final URL in the config");
    }
    if (code == 401 || code == 403) {
      return new CallFailure("auth", false, null, Redaction.redact(message) + " (check the API key and its permissions)");
    }
    return new CallFailure("http_4xx", false, null, Redaction.redact(message));
  }
}
