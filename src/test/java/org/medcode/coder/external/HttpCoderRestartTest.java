package org.medcode.coder.external;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.Warnings;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Note;

/**
 * A coding service that restarts in the middle of a run: its port refuses connections for a moment, then it answers
 * again. The admissions coded meanwhile were failed at once as {@code connection} (153 of 250 within 0.2 s, exit 0);
 * a server that answered earlier is now asked again within the deadline.
 */
class HttpCoderRestartTest {
  @TempDir
  Path temp;

  private final AtomicInteger requests = new AtomicInteger();

  private HttpServer server(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    Pattern id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    server.createContext("/v1/code", exchange -> {
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.incrementAndGet();
      Matcher m = id.matcher(request);
      byte[] body = ("{\"id\": \"" + (m.find() ? m.group(1) : "?") + "\", \"codes\": [\"I10\"]}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static Admission admission(String id) {
    return new Admission(id, "P" + id, List.of(new Note("note", "Hypertension.")), List.of(), Map.of());
  }

  @Test
  void aServiceThatRestartsIsAskedAgainOnceItAnsweredBefore() throws Exception {
    Path table = temp.resolve("table.csv");
    Files.writeString(table, "code,description\nI10,Hypertension\n");
    List<String> warnings = new ArrayList<>();
    CoderContext context = new CoderContext(CodeTables.userTable(CodeSystemId.ICD10CM, table), List.of(), temp,
        temp.resolve("cache"), 7, id -> null, false, Warnings.into(warnings));
    HttpServer first = server(0);
    int port = first.getAddress().getPort();
    Coder coder = new HttpCoderFactory(name -> null).create(context, Map.of("url", "http://127.0.0.1:" + port
        + "/v1/code", "timeout", "20", "deadline", "60", "backoff", "0.2", "maxRetries", "8", "cache", "false"));
    HttpServer[] second = new HttpServer[1];
    try {
      assertEquals("I10", coder.code(admission("A1")).codes().get(0).code());
      first.stop(0); // the port refuses connections until the service is back
      CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
        try {
          second[0] = server(port);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));
      var answer = coder.code(admission("A2"));
      assertEquals("I10", answer.codes().get(0).code(), "asked again until the service was back");
      assertEquals(1, answer.usage().calls(), "the refused attempts reached no service: one call, as the service saw");
      restart.join();
      assertEquals(2, requests.get(), "each admission answered once");
    } finally {
      coder.close();
      if (second[0] != null) {
        second[0].stop(0);
      }
    }
  }
}
