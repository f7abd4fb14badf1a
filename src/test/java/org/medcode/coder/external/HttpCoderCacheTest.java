package org.medcode.coder.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderResult;
import org.medcode.coder.Warnings;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Note;

/**
 * The {@code http} coder's answer cache at scale: a cache folder it cannot write is said (it was silent: every rerun
 * asked the service again, and nothing in the console or the manifest said why), and an entry emptied or cut since is
 * asked again and written whole, not read as an answer (nor counted as one from the cache).
 */
class HttpCoderCacheTest {
  @TempDir
  Path temp;

  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> warnings = new ArrayList<>();
  private volatile String answer = "{\"id\": \"A1\", \"codes\": [\"I10\"]}";

  private HttpServer server() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/code", exchange -> {
      exchange.getRequestBody().readAllBytes();
      requests.incrementAndGet();
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private Coder coder(HttpServer server, Path cacheDir) throws IOException {
    return coder(server, cacheDir, Map.of(), name -> null);
  }

  private Coder coder(HttpServer server, Path cacheDir, Map<String, String> more, java.util.function.Function<String, String> env)
      throws IOException {
    Path table = temp.resolve("table.csv");
    Files.writeString(table, "code,description\nI10,Hypertension\n");
    CoderContext context = new CoderContext(CodeTables.userTable(CodeSystemId.ICD10CM, table), List.of(), temp, cacheDir,
        7, id -> null, false, Warnings.into(warnings));
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/code";
    Map<String, String> parameters = new java.util.HashMap<>(Map.of("url", url, "timeout", "20"));
    parameters.putAll(more);
    return new HttpCoderFactory(env).create(context, parameters);
  }

  private static Admission admission() {
    return new Admission("A1", "P1", List.of(new Note("note", "Hypertension.")), List.of(), Map.of());
  }

  @Test
  void aCacheFolderThatCannotBeWrittenIsSaidAndCounted() throws Exception {
    Path cacheDir = Files.createDirectories(temp.resolve("cache"));
    Files.writeString(cacheDir.resolve("http"), "a file where the folder belongs: not writable, even by root");
    HttpServer server = server();
    try {
      for (int run = 0; run < 2; run++) {
        Coder coder = coder(server, cacheDir);
        try {
          CoderResult result = coder.code(admission());
          assertEquals("I10", result.codes().get(0).code());
          assertTrue(coder.facts().get("cache").startsWith("1 answer not cached: "), coder.facts().toString());
        } finally {
          coder.close();
        }
      }
      assertEquals(2, requests.get(), "nothing cached: asked again");
      assertEquals(2, warnings.size(), "one warning per run: " + warnings);
      assertTrue(warnings.get(0).startsWith("http: cannot write the response cache"), warnings.get(0));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anEmptiedEntryIsAskedAgainAndWrittenWhole() throws Exception {
    Path cacheDir = temp.resolve("cache");
    HttpServer server = server();
    try {
      Coder coder = coder(server, cacheDir);
      try {
        assertTrue(!coder.code(admission()).usage().cached());
        Path entry;
        try (Stream<Path> files = Files.walk(cacheDir.resolve("http"))) {
          entry = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        Files.writeString(entry, ""); // what a crash before the rename reached the disk leaves
        CoderResult again = coder.code(admission());
        assertEquals("I10", again.codes().get(0).code());
        assertTrue(!again.usage().cached() && again.usage().calls() == 1, "asked, not counted as cached: " + again.usage());
        assertNull(again.annotations().get("cached"));
        assertEquals(2, requests.get());
        assertTrue(Files.size(entry) > 0, "written whole again");
        CoderResult third = coder.code(admission());
        assertTrue(third.usage().cached(), "from the cache again");
        assertEquals(2, requests.get());
        assertEquals(List.of(), warnings);
      } finally {
        coder.close();
      }
    } finally {
      server.stop(0);
    }
  }

  /**
   * Before: an answer whose code is no code as written ({@code "E11 9"}) was cached before the run found it malformed, so
   * {@code --resume --retry-failed} got the same answer from the cache and failed the admission again, the service never
   * asked. Now only well-formed answers are cached.
   */
  @Test
  void aMalformedAnswerIsNotCachedSoARetryAsksTheServiceAgain() throws Exception {
    Path cacheDir = temp.resolve("cache");
    HttpServer server = server();
    try {
      answer = "{\"id\": \"A1\", \"codes\": [\"E11 9\"]}";
      Coder coder = coder(server, cacheDir);
      try {
        CoderResult bad = coder.code(admission());
        assertThrows(org.medcode.coder.CodeSuggestion.MalformedCode.class, () -> org.medcode.coder.CodeSuggestion
            .canonical(bad.codes(), CodeTables.userTable(CodeSystemId.ICD10CM, temp.resolve("table.csv")).system()),
            "the run fails the admission as malformed_answer");
        answer = "{\"id\": \"A1\", \"codes\": [\"E11.9\"]}"; // the service fixed
        CoderResult retried = coder.code(admission());
        assertEquals("E11.9", retried.codes().get(0).code());
        assertFalse(retried.usage().cached(), "asked again");
        assertEquals(2, requests.get());
        assertTrue(coder.code(admission()).usage().cached(), "the well-formed answer is cached");
        assertEquals(2, requests.get());
      } finally {
        coder.close();
      }
    } finally {
      server.stop(0);
    }
  }

  /**
   * Before: a key (apiKeyEnv) the service echoed in a normal answer (a model name, a rationale) was written in plain
   * text into every cache entry and, through the answer's model and rationale, into the run's log and manifests. The
   * answer is redacted as it arrives, as the llm coder's are.
   */
  @Test
  void aKeyTheServiceEchoesInAnAnswerIsStoredNowhere() throws Exception {
    String key = "sk-echoed-0123456789";
    Path cacheDir = temp.resolve("cache");
    HttpServer server = server();
    try {
      answer = "{\"id\": \"A1\", \"model\": {\"name\": \"m " + key + "\"}, \"codes\": [{\"code\": \"I10\","
          + " \"rationale\": \"seen with Bearer " + key + "\"}], \"echo\": \"Authorization: Bearer " + key + "\"}";
      Coder coder = coder(server, cacheDir, Map.of("apiKeyEnv", "SERVICE_KEY"), name -> name.equals("SERVICE_KEY") ? key : null);
      try {
        CoderResult result = coder.code(admission());
        assertEquals("I10", result.codes().get(0).code());
        assertFalse(String.valueOf(result.codes().get(0).rationale()).contains(key), result.codes().get(0).rationale());
        assertFalse(coder.facts().toString().contains(key), coder.facts().toString());
        assertFalse(result.annotations().toString().contains(key), result.annotations().toString());
        try (Stream<Path> files = Files.walk(cacheDir)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            assertFalse(Files.readString(file).contains(key), "the key in the cache entry " + file);
          }
        }
      } finally {
        coder.close();
      }
    } finally {
      server.stop(0);
    }
  }

  /**
   * Before: a key with a character no header can carry (an en dash pasted for a hyphen) failed every admission as
   * bad_response ("invalid header value"), counting a call for each though the service got none. It is refused before
   * the run starts, without the key in the message.
   */
  @Test
  void aKeyNoHeaderCanCarryIsRefusedBeforeTheRun() throws Exception {
    Path table = Files.writeString(temp.resolve("table.csv"), "code,description\nI10,Hypertension\n");
    CoderContext context = new CoderContext(CodeTables.userTable(CodeSystemId.ICD10CM, table), List.of(), temp,
        temp.resolve("cache"), 7, id -> null, false, Warnings.into(warnings));
    HttpCoderFactory factory = new HttpCoderFactory(name -> "sk\u2013secret0123");
    Map<String, String> parameters = org.medcode.coder.CoderParameters.resolve(factory,
        Map.of("url", "http://127.0.0.1:9/v1/code", "apiKeyEnv", "SERVICE_KEY"));
    String refusal = factory.refusal(context, parameters, 0).orElseThrow();
    assertEquals("the key in SERVICE_KEY (named by apiKeyEnv) holds a character no HTTP header can carry (U+2013 at"
        + " position 3 of 13): set it again from its source, as plain ASCII without line breaks", refusal);
    assertEquals(java.util.Optional.empty(), new HttpCoderFactory(name -> "sk-secret0123").refusal(context, parameters, 0));
  }

  /**
   * Before: an answer that failed after it arrived (another admission's id, not JSON, an error field) carried no usage,
   * so the run's call count left its call out (224 calls counted where the service got 250).
   */
  @Test
  void anAnswerThatFailsCountsTheCallItTook() throws Exception {
    HttpServer server = server();
    try {
      Coder coder = coder(server, temp.resolve("cache"));
      try {
        for (String failing : List.of("{\"id\": \"A2\", \"codes\": [\"I10\"]}", "not json", "{\"id\": \"A1\","
            + " \"error\": \"model not loaded\"}")) {
          answer = failing;
          org.medcode.coder.CoderException e = assertThrows(org.medcode.coder.CoderException.class,
              () -> coder.code(admission()), failing);
          assertEquals(1, e.usage().calls(), failing + ": " + e.getMessage());
          assertFalse(e.usage().cached());
        }
        assertEquals(3, requests.get());
      } finally {
        coder.close();
      }
    } finally {
      server.stop(0);
    }
  }
}
