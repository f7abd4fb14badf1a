package org.medcode.coder.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /**
   * A server whose /slow sends 12 parts of a body 250 ms apart (3 s in all), whose /stall sends one part and then
   * nothing for 3 s, and whose /upload reads a request body in parts 50 ms apart before it answers.
   */
  private static HttpServer slowServer() throws java.io.IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.createContext("/slow", exchange -> paced(exchange, 12, 250));
    server.createContext("/stall", exchange -> paced(exchange, 2, 3000));
    server.createContext("/upload", exchange -> {
      try (exchange) {
        java.io.InputStream in = exchange.getRequestBody();
        byte[] part = new byte[512 << 10];
        while (in.readNBytes(part, 0, part.length) > 0) {
          Thread.sleep(50);
        }
        exchange.sendResponseHeaders(200, 2);
        exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
      } catch (InterruptedException | java.io.IOException e) {
        // the client gave up: what is tested
      }
    });
    server.start();
    return server;
  }

  private static void paced(com.sun.net.httpserver.HttpExchange exchange, int parts, long gapMillis) {
    try (exchange) {
      exchange.sendResponseHeaders(200, 0);
      java.io.OutputStream out = exchange.getResponseBody();
      for (int i = 0; i < parts; i++) {
        if (i > 0) {
          Thread.sleep(gapMillis);
        }
        out.write("0123456789".getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException | java.io.IOException e) {
      // the client gave up: what is tested
    }
  }

  @Test
  void aTransferRunsAsLongAsBytesMoveAndFailsWhenTheyStop() throws Exception {
    HttpServer server = slowServer();
    HttpClient client = TimedHttp.newJdkClient(Duration.ofSeconds(5));
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    TimedHttp.Transfer transfer = new TimedHttp.Transfer(Duration.ofSeconds(1), Duration.ofHours(1));
    try {
      // 3 s of a body that keeps coming: past 1 s in all, never 1 s without a byte
      HttpRequest slow = HttpRequest.newBuilder(URI.create(base + "/slow")).build();
      assertEquals(120, TimedHttp.send(client, slow, HttpResponse.BodyHandlers.ofString(), transfer,
          TimedHttp.StaleConnection.SEND_AGAIN).body().length());
      assertThrows(TimedHttp.CallTimeoutException.class, () -> TimedHttp.send(client, slow,
          HttpResponse.BodyHandlers.ofString(), Duration.ofSeconds(1)), "one timeout for the whole is a total");
      // an upload the server reads slowly (32 MB, 512 kB every 50 ms, over 3 s): the bytes sent are progress too (the
      // socket's buffers, a few MB, drain after the last part was handed over: within the idle time)
      java.nio.file.Path file = java.nio.file.Files.createTempFile("upload", ".jsonl");
      java.nio.file.Files.write(file, new byte[32 << 20]);
      HttpRequest upload = HttpRequest.newBuilder(URI.create(base + "/upload"))
          .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
      assertEquals("{}", TimedHttp.send(client, upload, HttpResponse.BodyHandlers.ofString(),
          new TimedHttp.Transfer(Duration.ofMillis(1500), Duration.ofHours(1)), TimedHttp.StaleConnection.SEND_AGAIN).body());
      // a body that stops: failed after 1 s without a byte, not at the end of the hour
      long started = System.nanoTime();
      TimedHttp.CallTimeoutException stalled = assertThrows(TimedHttp.CallTimeoutException.class, () -> TimedHttp.send(
          client, HttpRequest.newBuilder(URI.create(base + "/stall")).build(), HttpResponse.BodyHandlers.ofString(),
          transfer, TimedHttp.StaleConnection.SEND_AGAIN));
      assertTrue(System.nanoTime() - started < 2_800_000_000L, "within the stall");
      assertEquals("nothing was sent or received for 1000 ms", stalled.getMessage());
      java.nio.file.Files.delete(file);
    } finally {
      TimedHttp.close(client);
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
