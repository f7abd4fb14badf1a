package org.medcode.coder.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimedHttpTest {
  @Test
  void closingAClientEndsItsSelectorThreadSoThatTheJvmExitsWithoutWaiting() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      HttpClient client = TimedHttp.newJdkClient(Duration.ofSeconds(5));
      List<Thread> selectors = Thread.getAllStackTraces().keySet().stream()
          .filter(thread -> !before.contains(thread) && thread.getName().endsWith("-SelectorManager")).toList();
      assertEquals(1, selectors.size(), "the client's selector thread");
      HttpResponse<String> response = TimedHttp.send(client,
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build(),
          HttpResponse.BodyHandlers.ofString(), Duration.ofSeconds(5));
      assertEquals("{}", response.body());

      TimedHttp.close(client);

      selectors.get(0).join(5000);
      assertFalse(selectors.get(0).isAlive(), "the selector thread ended");
      TimedHttp.close(client); // a second close is harmless
      TimedHttp.close(null);
    } finally {
      server.stop(0);
    }
  }

  private static java.net.http.HttpHeaders headers(String name, String value) {
    return java.net.http.HttpHeaders.of(java.util.Map.of(name, List.of(value)), (a, b) -> true);
  }

  @Test
  void retryAfterInSecondsMillisecondsOrAsAnHttpDateAndNeverOverflowing() {
    java.time.Instant now = java.time.Instant.parse("2026-12-05T10:00:00Z");
    assertEquals(Duration.ofMillis(2500), TimedHttp.retryAfter(headers("retry-after", "2.5"), now));
    assertEquals(Duration.ofMillis(120), TimedHttp.retryAfter(headers("retry-after-ms", "120"), now));
    assertEquals(Duration.ofSeconds(4), TimedHttp.retryAfter(headers("retry-after", "Sat, 05 Dec 2026 10:00:04 GMT"), now));
    assertEquals(Duration.ZERO, TimedHttp.retryAfter(headers("retry-after", "Sat, 05 Dec 2026 09:59:00 GMT"), now),
        "a date in the past: no wait");
    assertEquals(TimedHttp.LONGEST_RETRY_AFTER, TimedHttp.retryAfter(headers("retry-after", "1e13"), now));
    TimedHttp.retryAfter(headers("retry-after", "1e13"), now).toNanos(); // no overflow
    assertEquals(Duration.ZERO, TimedHttp.retryAfter(headers("retry-after", "-5"), now));
    assertEquals(null, TimedHttp.retryAfter(headers("retry-after", "soon"), now));
    assertEquals(null, TimedHttp.retryAfter(headers("x-other", "1"), now));
    java.net.http.HttpHeaders both = java.net.http.HttpHeaders.of(java.util.Map.of("retry-after-ms", List.of("soon"),
        "retry-after", List.of("7")), (a, b) -> true);
    assertEquals(Duration.ofSeconds(7), TimedHttp.retryAfter(both, now), "an unreadable retry-after-ms hides nothing");
    both = java.net.http.HttpHeaders.of(java.util.Map.of("retry-after-ms", List.of("soon"),
        "retry-after", List.of("Sat, 05 Dec 2026 10:00:04 GMT")), (a, b) -> true);
    assertEquals(Duration.ofSeconds(4), TimedHttp.retryAfter(both, now));
  }
}
