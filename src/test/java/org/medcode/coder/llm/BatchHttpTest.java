package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.remote.TimedHttp;

/** The batch APIs' answers are read as online answers are: decompressed when sent compressed, and bounded. */
class BatchHttpTest {
  private static final String RESULTS = "{\"custom_id\":\"a\",\"response\":{\"status_code\":200}}\n".repeat(1000);

  @TempDir
  Path temp;

  private HttpServer server;
  private BatchHttp http;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/v1/gzip-json", e -> send(e, gzip("{\"id\":\"file-1\",\"object\":\"file\"}"), "gzip", 0));
    server.createContext("/v1/deflate-file", e -> send(e, deflate(RESULTS), "deflate", 0));
    server.createContext("/v1/gzip-file", e -> send(e, gzip(RESULTS), "gzip", 0));
    server.createContext("/v1/results-file", e -> send(e, RESULTS.getBytes(StandardCharsets.UTF_8), null, 0));
    server.createContext("/v1/slow-file", e -> paced(e, 12, 250));
    server.createContext("/v1/stalled-file", e -> paced(e, 2, 3000));
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.createContext("/v1/huge-json", e -> send(e, null, null, 40L << 20));
    server.createContext("/v1/huge-file", e -> send(e, null, null, 3L << 20));
    server.createContext("/v1/bomb-file", e -> send(e, gzip(" ".repeat(3 << 20)), "gzip", 0));
    server.createContext("/v1/corrupt-json", e -> send(e, damaged(gzip("{\"id\":\"file-1\"}")), "gzip", 0));
    server.createContext("/v1/corrupt-file", e -> send(e, damaged(gzip(RESULTS)), "gzip", 0));
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    LlmSettings settings = LlmSettings.parse(CoderParameters.resolve(new LlmCoderFactory(name -> null), Map.of(
        "provider", "openai-compatible", "baseUrl", base, "model", "m", "maxRetries", "2", "backoff", "0.01")), 1);
    http = new BatchHttp(TimedHttp.newJdkClient(Duration.ofSeconds(5)), settings, Map.of());
  }

  @AfterEach
  void stop() {
    http.close();
    server.stop(0);
  }

  /** Sends {@code body} with this coding, or {@code padding} bytes of a JSON string sent without a length. */
  private void send(HttpExchange exchange, byte[] body, String coding, long padding) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      if (coding != null) {
        exchange.getResponseHeaders().set("Content-Encoding", coding);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body == null ? 0 : body.length);
      OutputStream out = exchange.getResponseBody();
      if (body != null) {
        out.write(body);
        return;
      }
      byte[] spaces = " ".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
      out.write('"');
      for (long sent = 0; sent < padding; sent += spaces.length) {
        out.write(spaces);
      }
      out.write('"');
    } catch (IOException clientGone) {
      // the client stopped reading: what is tested
    }
  }

  /** Sends {@code parts} result lines {@code gapMillis} apart. */
  private void paced(HttpExchange exchange, int parts, long gapMillis) {
    requests.incrementAndGet();
    try (exchange) {
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      for (int i = 0; i < parts; i++) {
        if (i > 0) {
          Thread.sleep(gapMillis);
        }
        out.write("{\"custom_id\":\"a\"}\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException | IOException e) {
      // the client gave up: what is tested
    }
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  /** A gzip body with its trailer's CRC changed: it no longer decompresses. */
  private static byte[] damaged(byte[] gzip) {
    gzip[gzip.length - 5] ^= (byte) 0xff;
    return gzip;
  }

  private static byte[] deflate(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  @Test
  void aGzipJsonAnswerIsRead() throws Exception {
    assertEquals("file-1", http.json("GET", http.base() + "/gzip-json", java.net.http.HttpRequest.BodyPublishers.noBody(),
        null, Duration.ofSeconds(5)).path("id").asText());
  }

  @Test
  void aCompressedResultFileIsStoredDecompressed() throws Exception {
    for (String name : new String[] {"gzip-file", "deflate-file"}) {
      Path file = temp.resolve(name + ".jsonl");
      http.download(http.base() + "/" + name, file);
      assertEquals(RESULTS, Files.readString(file), name);
      assertFalse(Files.exists(temp.resolve(name + ".jsonl.part")));
      assertFalse(Files.exists(temp.resolve(name + ".jsonl.part.sent")));
    }
  }

  @Test
  void aJsonAnswerPast32MbIsRefusedOnceAsItArrives() {
    IOException e = assertThrows(IOException.class, () -> http.json("GET", http.base() + "/huge-json",
        java.net.http.HttpRequest.BodyPublishers.noBody(), null, Duration.ofSeconds(20)));
    assertTrue(e.getMessage().contains("larger than 32 MB"), e.getMessage());
    assertEquals(1, requests.get(), "not asked again: the same request would get it again");
  }

  @Test
  void aResultFilePastItsBoundIsRefusedAndNothingIsLeft() {
    for (String name : new String[] {"huge-file", "bomb-file"}) {
      Path file = temp.resolve(name + ".jsonl");
      IOException e = assertThrows(IOException.class, () -> http.download(http.base() + "/" + name, file, 1L << 20));
      assertTrue(e.getMessage().contains("larger than 1 MB"), name + ": " + e.getMessage());
      assertFalse(Files.exists(file), name);
      assertFalse(Files.exists(temp.resolve(name + ".jsonl.part")), name);
      assertFalse(Files.exists(temp.resolve(name + ".jsonl.part.sent")), name);
    }
    assertEquals(2, requests.get(), "neither asked again");
  }

  @Test
  void aCompressedAnswerThatDoesNotDecompressIsSaidToBeSoNotUnreachable() {
    IOException json = assertThrows(IOException.class, () -> http.json("GET", http.base() + "/corrupt-json",
        java.net.http.HttpRequest.BodyPublishers.noBody(), null, Duration.ofSeconds(5)));
    Path file = temp.resolve("corrupt.jsonl");
    IOException download = assertThrows(IOException.class, () -> http.download(http.base() + "/corrupt-file", file));
    for (IOException e : java.util.List.of(json, download)) {
      assertTrue(e.getMessage().contains("gzip body cannot be decompressed"), e.getMessage());
      assertFalse(e.getMessage().contains("cannot reach"), e.getMessage());
    }
    assertTrue(json.getMessage().startsWith("GET " + http.base() + "/corrupt-json: "), json.getMessage());
    assertFalse(Files.exists(file));
    assertFalse(Files.exists(temp.resolve("corrupt.jsonl.part")));
    assertFalse(Files.exists(temp.resolve("corrupt.jsonl.part.sent")));
    assertEquals(2, requests.get(), "neither asked again");
  }

  @Test
  void aResultFileThatCannotBeWrittenLocallyNamesTheFileAndTheErrorNotTheNetwork() throws Exception {
    // a folder where the download writes (even root cannot write a file there): the body as sent, the decompressed body,
    // and the body moved into place
    String[][] cases = {{"results-file", ".jsonl.part.sent"}, {"gzip-file", ".jsonl.part"}, {"results-file", ".jsonl.part"},
        {"results-file", ".jsonl"}};
    for (String[] c : cases) {
      requests.set(0);
      Path file = temp.resolve(c[0] + "-" + c[1].replace('.', '_') + ".jsonl");
      Path blocked = temp.resolve(file.getFileName() + c[1].substring(".jsonl".length()));
      Files.createDirectories(blocked.resolve("inside"));
      IOException e = assertThrows(IOException.class, () -> http.download(http.base() + "/" + c[0], file));
      String said = c[0] + " at " + c[1] + ": " + e.getMessage();
      assertTrue(e.getMessage().contains("cannot write the result file " + file), said);
      assertFalse(e.getMessage().contains("cannot reach"), said);
      assertFalse(e.getMessage().contains("connection"), said);
      assertFalse(e.getMessage().contains("decompressed"), said);
      assertEquals(1, requests.get(), "not asked again: " + said);
      assertFalse(Files.isRegularFile(file), said);
      assertFalse(Files.exists(temp.resolve(file.getFileName() + ".part")) && !blocked.toString().endsWith(".part"), said);
    }
  }

  @Test
  void aResultFileTakesAsLongAsItKeepsComingAndFailsWhenItStalls() throws Exception {
    // timeout 1 s: a file that takes 3 s but never pauses 1 s is downloaded; one that stops for 3 s fails at 1 s
    LlmSettings settings = LlmSettings.parse(CoderParameters.resolve(new LlmCoderFactory(name -> null), Map.of(
        "provider", "openai-compatible", "baseUrl", http.base(), "model", "m", "maxRetries", "0", "timeout", "1")), 1);
    BatchHttp quick = new BatchHttp(TimedHttp.newJdkClient(Duration.ofSeconds(1)), settings, Map.of());
    try {
      Path slow = temp.resolve("slow.jsonl");
      quick.download(quick.base() + "/slow-file", slow);
      assertEquals(12, Files.readAllLines(slow).size());
      long started = System.nanoTime();
      IOException e = assertThrows(IOException.class, () -> quick.download(quick.base() + "/stalled-file",
          temp.resolve("stalled.jsonl")));
      assertTrue(e.getMessage().contains("nothing was sent or received for 1000 ms"), e.getMessage());
      assertTrue(System.nanoTime() - started < 2_800_000_000L, "within the stall");
      assertEquals(new TimedHttp.Transfer(Duration.ofSeconds(1), BatchHttp.LONGEST_TRANSFER), quick.transfer());
    } finally {
      quick.close();
    }
  }

  @Test
  void theResultFileBoundHoldsTenThousandLargeAnswers() {
    assertTrue(BatchHttp.LARGEST_RESULTS >= 10_000L * 400_000, "10,000 answers of 100k tokens");
  }
}
