package org.medcode.coder.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderResult;

/**
 * A server that closes a connection after its answer without saying so (an HTTP/1.0 server, a keep-alive timeout): the
 * JDK client may send the next POST on that closed pooled connection. Such a request is sent again at once, spends no
 * retry and counts as no attempt; a request that may have reached the server (part of an answer came, a new connection,
 * a timeout) still counts.
 */
class StaleConnectionTest {
  private static final String KEY = "sk-stale-connection-test-key-0123456789";

  /** What the server does with the second request on a connection (the first is always answered, keep-alive style). */
  enum Reuse {
    CLOSE, RESET, PART_OF_AN_ANSWER, SLOW
  }

  /** Answers the first request of each connection; the second request on it meets {@code reuse}. */
  private static final class Server implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();

    Server(Reuse reuse, boolean answerFirst) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            Socket connection = socket.accept();
            connections.incrementAndGet();
            Thread serving = new Thread(() -> serve(connection, reuse, answerFirst));
            serving.setDaemon(true);
            serving.start();
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/code");
    }

    private void serve(Socket connection, Reuse reuse, boolean answerFirst) {
      try (connection) {
        InputStream in = new BufferedInputStream(connection.getInputStream());
        OutputStream out = connection.getOutputStream();
        for (int n = 0; ; n++) {
          RawHttp.readRequest(in);
          requests.incrementAndGet();
          if (n == 1 || !answerFirst) {
            switch (reuse) {
              case RESET -> connection.setSoLinger(true, 0);
              case PART_OF_AN_ANSWER -> out.write("HTTP/1.1 200 OK\r\nContent-Le".getBytes(StandardCharsets.US_ASCII));
              case SLOW -> Thread.sleep(2000);
              default -> { }
            }
            return;
          }
          String body = "{\"codes\":[]}";
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
              + body).getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the client went away
      }
    }


    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Attempts counted by {@link Retrying}. */
  private static final class Meter implements Retrying.Meter {
    int attempts;

    @Override
    public void attempted() {
      attempts++;
    }

    @Override
    public CoderResult.Usage usage() {
      return new CoderResult.Usage(0, 0, 0, attempts, false);
    }
  }

  /** One call as the http coder makes it: a POST with a key, through {@link Retrying}. */
  private static String call(HttpClient client, URI uri, int maxRetries, Duration timeout, Meter meter) throws Exception {
    Redaction.register(KEY);
    Retrying retrying = new Retrying(new AdaptiveLimiter(1), maxRetries, Duration.ofMillis(10), Duration.ofSeconds(30));
    return retrying.call(() -> TimedHttp.send(client, HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"A1\"}")).build(),
        HttpResponse.BodyHandlers.ofString(), timeout).body(), Retrying.Pacing.NONE, CallFailure::of,
        System.nanoTime() + Duration.ofSeconds(30).toNanos(), meter);
  }

  @Test
  void aPooledConnectionTheServerClosedIsAskedAgainWithoutSpendingARetry() throws Exception {
    for (Reuse reuse : new Reuse[] {Reuse.CLOSE, Reuse.RESET}) {
      try (Server server = new Server(reuse, true)) {
        HttpClient client = TimedHttp.newJdkClient(Duration.ofSeconds(5));
        try {
          for (int i = 0; i < 4; i++) {
            Meter meter = new Meter();
            assertEquals("{\"codes\":[]}", call(client, server.uri(), 0, Duration.ofSeconds(5), meter),
                reuse + ", call " + i);
            assertEquals(1, meter.attempts, reuse + ", call " + i + ": the stale connection is no attempt");
          }
          assertEquals(7, server.requests.get(), reuse + ": four answered, three met a closed connection");
        } finally {
          TimedHttp.close(client);
        }
      }
    }
  }

  @Test
  void aRequestThatMayHaveReachedTheServerStillCountsAsAnAttempt() throws Exception {
    // part of an answer came on the reused connection: the server had the request
    try (Server server = new Server(Reuse.PART_OF_AN_ANSWER, true)) {
      HttpClient client = TimedHttp.newJdkClient(Duration.ofSeconds(5));
      try {
        call(client, server.uri(), 0, Duration.ofSeconds(5), new Meter());
        Meter meter = new Meter();
        CoderException e = assertThrows(CoderException.class,
            () -> call(client, server.uri(), 0, Duration.ofSeconds(5), meter));
        assertEquals("connection", e.kind(), e.getMessage());
        assertEquals(1, meter.attempts);
        assertEquals(2, server.requests.get(), "not sent again");
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
      } finally {
        TimedHttp.close(client);
      }
    }
    // the reused connection timed out: the server had the request
    try (Server server = new Server(Reuse.SLOW, true)) {
      HttpClient client = TimedHttp.newJdkClient(Duration.ofSeconds(5));
      try {
        call(client, server.uri(), 0, Duration.ofSeconds(5), new Meter());
        Meter meter = new Meter();
        CoderException e = assertThrows(CoderException.class,
            () -> call(client, server.uri(), 0, Duration.ofMillis(300), meter));
        assertEquals(CallFailure.TIMEOUT, e.kind(), e.getMessage());
        assertEquals(1, meter.attempts);
        assertEquals(2, server.requests.get(), "not sent again");
      } finally {
        TimedHttp.close(client);
      }
    }
    // a new connection closed without an answer: the server had the request
    try (Server server = new Server(Reuse.CLOSE, false)) {
      HttpClient client = TimedHttp.newJdkClient(Duration.ofSeconds(5));
      try {
        Meter meter = new Meter();
        CoderException e = assertThrows(CoderException.class,
            () -> call(client, server.uri(), 1, Duration.ofSeconds(5), meter));
        assertEquals("connection", e.kind(), e.getMessage());
        assertEquals(2, meter.attempts, "the first attempt and its one retry");
        assertEquals(2, server.requests.get(), "each attempt sent once");
        assertTrue(e.getMessage().contains("2 attempts"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
      } finally {
        TimedHttp.close(client);
      }
    }
  }

  @Test
  void aRequestTheProviderMayHaveActedOnIsNotSentAgainOnAStaleConnection() throws Exception {
    // creating a batch: the caller looks for it before creating another, so the stale connection fails as any other
    try (Server server = new Server(Reuse.CLOSE, true)) {
      HttpClient client = TimedHttp.newJdkClient(Duration.ofSeconds(5));
      try {
        HttpRequest request = HttpRequest.newBuilder(server.uri()).timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString("{\"create\":true}")).build();
        TimedHttp.send(client, request, HttpResponse.BodyHandlers.ofString(), Duration.ofSeconds(5),
            TimedHttp.StaleConnection.FAIL);
        assertThrows(java.io.UncheckedIOException.class, () -> TimedHttp.send(client, request,
            HttpResponse.BodyHandlers.ofString(), Duration.ofSeconds(5), TimedHttp.StaleConnection.FAIL));
        assertEquals(2, server.requests.get(), "the second request reached the server once, and was not sent again");
      } finally {
        TimedHttp.close(client);
      }
    }
  }
}
