package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medcode.MedcodeException;
import org.medcode.coder.remote.Redaction;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.CoderResult;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;
import org.medcode.run.Medcode;
import org.medcode.run.engine.RunOutcome;
import org.medcode.run.RunRequest;
import org.medcode.run.workspace.Workspace;

/**
 * Issue 16 for the llm coder: an answer received is kept whatever happens to the cache (defect 1); a comma-separated
 * answer keeps every code (4); no key reaches a file or a message through a server's error text (5); an HTML, empty or
 * cut-short body is a bad_response, not a connection failure (10).
 */
class LlmHardeningTest extends LlmFixture {

  private Map<String, String> parameters(String baseUrl, String... more) {
    Map<String, String> p = new HashMap<>(LlmRunTest.parameters(baseUrl, prices));
    p.putAll(Map.of("timeout", "2", "maxRetries", "0"));
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    return p;
  }

  private CoderContext context(Path cacheDir) {
    return new CoderContext(table, List.of(), temp, cacheDir, 7, id -> null, false, listener);
  }

  private static Admission admission(String id) {
    return new Admission(id, id, List.of(new Note("note", "Patient case " + id + ".")),
        List.of(new GoldCode("I10", CodeSystemId.ICD10CM)), Map.of());
  }

  private static List<String> codes(CoderResult result) {
    return result.codes().stream().map(CodeSuggestion::code).toList();
  }

  /** A cache folder that cannot be written, even by root: its "llm" is a file. */
  private Path unwritableCache() throws IOException {
    Path cacheDir = temp.resolve("cache");
    Files.createDirectories(cacheDir);
    Files.writeString(cacheDir.resolve("llm"), "not a folder");
    return cacheDir;
  }

  @Test
  void anAnswerIsKeptScoredAndCountedWhenTheCacheCannotBeWritten() throws Exception {
    Path cacheDir = unwritableCache();
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("{\"codes\": [\"I10\"]}"))) {
      LlmCoderFactory factory = new LlmCoderFactory(name -> null);
      Coder coder = factory.create(context(cacheDir), CoderParameters.resolve(factory, parameters(stub.baseUrl())));
      for (int i = 1; i <= 5; i++) {
        CoderResult result = coder.code(admission("A00" + i));
        assertEquals(List.of("I10"), codes(result));
        assertEquals(1, result.usage().calls());
        assertTrue(result.usage().cost() > 0, "the paid answer is counted");
      }
      assertEquals(5, stub.requests());
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("cannot write the response cache"), warnings.get(0));
      assertTrue(coder.facts().get("cache").matches("\\d+ answers not cached: .*"), coder.facts().toString());
    }
  }

  /** A run of {@code admissions} answered right by a stub, its data folder's cache unwritable; the coder's manifest entry. */
  private JsonNode runWithAnUnwritableCache(ChatStub stub, int admissions, String more, boolean complete) throws Exception {
    Path config = temp.resolve("llm.yaml");
    Files.writeString(config, "name: cache\n"
        + "dataset: { spec: \"jsonl:" + Synthetic.dataset(temp, admissions) + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
        + "coders: [ " + Synthetic.yaml(parameters(stub.baseUrl())) + " ]\nmetrics: { bootstrap: 0 }\n" + more);
    Files.createDirectories(temp.resolve("data/.cache"));
    Files.writeString(temp.resolve("data/.cache/llm"), "not a folder");
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), listener));
    RunOutcome outcome = medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run")));
    assertEquals(complete, outcome.complete(), outcome.problems().toString());
    JsonNode coder = JSON.readTree(temp.resolve("run/manifest.json").toFile()).get("coders").get("llm");
    assertTrue(coder.get("facts").get("cache").asText().contains("not cached"), coder.toString());
    assertEquals(stub.requests(), coder.get("usage").get("calls").asInt(), "every call made is counted: " + coder);
    assertEquals(1, warnings.stream().filter(w -> w.contains("response cache")).count(), warnings.toString());
    return coder;
  }

  @Test
  void aRunWithAnUnwritableCacheRecordsEveryAnswerAndItsCost() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      JsonNode coder = runWithAnUnwritableCache(stub, 20, "", true);
      assertEquals(20, coder.get("answered").asInt(), coder.toString());
      assertEquals(0, coder.get("failed").asInt(), coder.toString());
      assertEquals(20, coder.get("usage").get("calls").asInt(), coder.toString());
      assertTrue(coder.get("usage").get("cost").asDouble() > 0, coder.toString());
    }
  }

  @Test
  void theCostBudgetStopsARunWhoseCacheCannotBeWritten() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      // each admission costs 140e-6 USD; its worst case (a full 1,024-token answer at 2 USD/M) about 2.1e-3
      JsonNode coder = runWithAnUnwritableCache(stub, 100, "maxCost: 0.006\n", false);
      assertTrue(coder.get("budget_reached").asBoolean(), coder.toString());
      double cost = coder.get("usage").get("cost").asDouble();
      assertTrue(cost <= 0.006 && cost >= 0.006 - 0.0025, "spent " + cost);
      assertTrue(coder.get("answered").asInt() < 100, coder.toString());
    }
  }

  @Test
  void cacheFailureStopRefusesTheRunBeforeTheFirstRequest() throws Exception {
    Path cacheDir = unwritableCache();
    LlmCoderFactory factory = new LlmCoderFactory(name -> null);
    Map<String, String> p = CoderParameters.resolve(factory, parameters("http://127.0.0.1:9/v1", "cacheFailure", "stop"));
    Optional<String> refusal = factory.refusal(context(cacheDir), p, 0);
    assertTrue(refusal.isPresent());
    assertTrue(refusal.get().contains("the response cache cannot be written"), refusal.get());
    assertEquals(Optional.empty(), factory.refusal(context(temp.resolve("fine")), p, 0));
  }

  @Test
  void aCommaSeparatedAnswerKeepsEveryCode() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("I10, E11.9, N39.0"))) {
      LlmCoderFactory factory = new LlmCoderFactory(name -> null);
      Coder coder = factory.create(context(temp.resolve("c")), CoderParameters.resolve(factory, parameters(stub.baseUrl())));
      assertEquals(List.of("I10", "E119", "N390"), codes(coder.code(admission("A001"))));
    }
  }

  @Test
  void theKeyNeverReachesAFileThroughAServersErrorText() throws Exception {
    String key = "sk-test-0123456789abcdefSECRET";
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> new ChatStub.Reply(400, Map.of(),
        "{\"error\":{\"message\":\"bad request; you sent Authorization: Bearer " + key + " and api-key: " + key
            + "\",\"type\":\"invalid_request\"}}", 0))) {
      Path config = temp.resolve("llm.yaml");
      Files.writeString(config, "name: key\n"
          + "dataset: { spec: \"jsonl:" + Synthetic.dataset(temp, 3) + "\" }\n"
          + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
          + "coders: [ " + Synthetic.yaml(parameters(stub.baseUrl(), "apiKeyEnv", "MEDCODE_TEST_KEY")) + " ]\n"
          + "metrics: { bootstrap: 0 }\n");
      LlmCoderFactory factory = new LlmCoderFactory(name -> name.equals("MEDCODE_TEST_KEY") ? key : null);
      Coder coder = factory.create(context(temp.resolve("c")), CoderParameters.resolve(factory,
          parameters(stub.baseUrl(), "apiKeyEnv", "MEDCODE_TEST_KEY")));
      CoderException e = assertThrows(CoderException.class, () -> coder.code(admission("A001")));
      assertEquals("http_4xx", e.kind());
      assertFalse(e.getMessage().contains(key), e.getMessage());
      assertFalse(e.getMessage().contains("0123456789abcdef"), e.getMessage());
      assertTrue(e.getMessage().contains("Bearer [redacted]"), e.getMessage());
      assertTrue(stub.headers().get(0).toString().contains(key), "the key was sent, in the header only");
    }
    assertEquals("Authorization: Bearer [redacted]", Redaction.redact("Authorization: Bearer abcdefgh12345678"));
    assertEquals("{\"api-key\": \"[redacted]\"}", Redaction.redact("{\"api-key\": \"abcdefgh12345678\"}"));
    assertEquals("GET /v1/models?key=[redacted]&x=1", Redaction.redact("GET /v1/models?key=AIzaSyABCDEF&x=1"));
    // a registered key inside a header is redacted once, not marked again ("[redacted]]]]")
    Redaction.register("sk-registered-0123456789");
    assertEquals("Authorization: Bearer [redacted]", Redaction.redact("Authorization: Bearer sk-registered-0123456789"));
    assertEquals("{\"authorization\": \"Bearer [redacted]\"}",
        Redaction.redact("{\"authorization\": \"Bearer sk-registered-0123456789\"}"));
    // a key pasted where the name of its variable belongs is refused without being repeated
    LlmCoderFactory factory = new LlmCoderFactory(name -> null);
    MedcodeException pasted = assertThrows(MedcodeException.class, () -> LlmSettings.parse(CoderParameters.resolve(factory,
        parameters("http://127.0.0.1:9/v1", "apiKeyEnv", "sk-proj-abc123XYZ")), 1));
    assertFalse(pasted.getMessage().contains("sk-proj-abc123XYZ"), pasted.getMessage());
    assertTrue(pasted.getMessage().startsWith("coder llm: parameter 'apiKeyEnv' is the NAME"), pasted.getMessage());
  }

  @Test
  void anHtmlOrEmptyBodyIsABadResponse() throws Exception {
    for (String body : List.of("<html><body>502 Bad Gateway from the proxy</body></html>", "")) {
      try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> new ChatStub.Reply(200, Map.of(), body, 0))) {
        LlmCoderFactory factory = new LlmCoderFactory(name -> null);
        Coder coder = factory.create(context(temp.resolve("c")), CoderParameters.resolve(factory, parameters(stub.baseUrl())));
        CoderException e = assertThrows(CoderException.class, () -> coder.code(admission("A001")));
        assertEquals("bad_response", e.kind(), e.getMessage());
        assertEquals(0, e.usage().cost(), "a proxy's page is no answer the provider billed: " + e.getMessage());
      }
    }
  }

  @Test
  void aTruncatedBodyIsABadResponse() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
      Thread thread = new Thread(() -> {
        while (!server.isClosed()) {
          try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            in.read(buffer); // the request (small enough for one read)
            OutputStream out = socket.getOutputStream();
            String body = "{\"id\":\"chatcmpl\",\"choices\":[{\"message\":{\"content\":\"I1";
            // first the connection ends before the announced length, then a complete exchange of cut JSON
            int length = served.getAndIncrement() == 0 ? 500 : body.length();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + length
                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
          } catch (IOException e) {
            return;
          }
        }
      });
      thread.setDaemon(true);
      thread.start();
      String base = "http://127.0.0.1:" + server.getLocalPort() + "/v1";
      for (String truncatedJson : List.of("body shorter than its length", "JSON cut short")) {
        LlmCoderFactory factory = new LlmCoderFactory(name -> null);
        Coder coder = factory.create(context(temp.resolve("c")), CoderParameters.resolve(factory, parameters(base)));
        CoderException e = assertThrows(CoderException.class, () -> coder.code(admission("A001")));
        assertEquals("bad_response", e.kind(), truncatedJson + ": " + e.getMessage());
        assertPaidAtWorstCase(coder, e);
      }
    }
  }
  @Test
  void anAnswerWithoutEndIsABadResponse() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread thread = new Thread(() -> {
        while (!server.isClosed()) {
          try (Socket socket = server.accept()) {
            socket.getInputStream().read(new byte[65536]); // the request (small enough for one read)
            OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n")
                .getBytes(StandardCharsets.UTF_8));
            byte[] spaces = " ".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 1000; i++) { // 64 MB of spaces, then the end of an answer that never comes
              out.write("10000\r\n".getBytes(StandardCharsets.UTF_8));
              out.write(spaces);
              out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
          } catch (IOException e) {
            // the client stopped reading
          }
        }
      });
      thread.setDaemon(true);
      thread.start();
      LlmCoderFactory factory = new LlmCoderFactory(name -> null);
      Coder coder = factory.create(context(temp.resolve("c")),
          CoderParameters.resolve(factory, parameters("http://127.0.0.1:" + server.getLocalPort() + "/v1", "timeout", "30")));
      CoderException e = assertThrows(CoderException.class, () -> coder.code(admission("A001")));
      assertEquals("bad_response", e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("larger than 32 MB"), e.getMessage());
      assertPaidAtWorstCase(coder, e);
    }
  }

  /**
   * An answer the provider sent (and bills) but that could not be read counts as paid at the worst case its admission
   * reserved against maxCost: the prompt's tokens bounded from above and a full maxTokens answer.
   */
  private static void assertPaidAtWorstCase(Coder coder, CoderException e) throws Exception {
    double worst = coder.worstCaseCost(admission("A001"));
    assertTrue(worst > 0, "priced");
    assertEquals(worst, e.usage().cost(), worst * 1e-9, e.getMessage());
    assertEquals(1024, e.usage().outputTokens(), "maxTokens");
    assertTrue(e.getMessage().contains("counted in cost and maxCost at its worst case"), e.getMessage());
  }

  @Test
  void aGzipAnswerIsRead() throws Exception {
    // RFC 9110 12.5.3: a request without Accept-Encoding accepts any content coding
    byte[] body = gzipped(ChatStub.answer("I10, E11.9").body());
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      serveGzip(server, body, new java.util.concurrent.atomic.AtomicInteger());
      LlmCoderFactory factory = new LlmCoderFactory(name -> null);
      Coder coder = factory.create(context(temp.resolve("c")),
          CoderParameters.resolve(factory, parameters("http://127.0.0.1:" + server.getLocalPort() + "/v1")));
      assertEquals(List.of("I10", "E119"), codes(coder.code(admission("A001"))));
    }
  }

  @Test
  void aGzipAnswerThatDoesNotDecompressIsABadResponseSayingSo() throws Exception {
    // the server answered, so it is neither a broken connection nor a body cut short; asking again would get it again
    byte[] body = gzipped(ChatStub.answer("I10, E11.9").body());
    body[body.length - 5] ^= (byte) 0xff; // the trailer's CRC
    java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      serveGzip(server, body, requests);
      LlmCoderFactory factory = new LlmCoderFactory(name -> null);
      Coder coder = factory.create(context(temp.resolve("c")), CoderParameters.resolve(factory,
          parameters("http://127.0.0.1:" + server.getLocalPort() + "/v1", "maxRetries", "2")));
      CoderException e = assertThrows(CoderException.class, () -> coder.code(admission("A001")));
      assertEquals("bad_response", e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("gzip body cannot be decompressed"), e.getMessage());
      assertFalse(e.getMessage().contains("cut short"), e.getMessage());
      assertEquals(1, requests.get(), e.getMessage());
      assertPaidAtWorstCase(coder, e);
    }
  }

  private static byte[] gzipped(String text) throws IOException {
    java.io.ByteArrayOutputStream gzip = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new java.util.zip.GZIPOutputStream(gzip)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return gzip.toByteArray();
  }

  /** Answers every request on {@code server} with {@code body}, sent as gzip, one connection each, counting them. */
  private static void serveGzip(ServerSocket server, byte[] body, java.util.concurrent.atomic.AtomicInteger requests) {
    Thread thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          socket.getInputStream().read(new byte[65536]); // the request (small enough for one read)
          requests.incrementAndGet();
          OutputStream out = socket.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
              + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
          out.write(body);
          out.flush();
        } catch (IOException e) {
          return;
        }
      }
    });
    thread.setDaemon(true);
    thread.start();
  }
}
