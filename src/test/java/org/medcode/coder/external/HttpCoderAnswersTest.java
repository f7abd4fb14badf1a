package org.medcode.coder.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderException;
import org.medcode.coder.remote.RawHttp;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Note;

/** The {@code http} coder against answers a demanding user meets: a body without end, a compressed body. */
class HttpCoderAnswersTest {
  @TempDir
  Path temp;

  /** Writes one reply to a request: the raw bytes after the request was read. */
  @FunctionalInterface
  interface Reply {
    void write(OutputStream out) throws IOException;
  }

  /** A server that reads each request and writes {@code reply}, one request per connection. */
  private static final class Server implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger requests = new AtomicInteger();

    Server(Reply reply) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket connection = socket.accept()) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            RawHttp.readRequest(in);
            requests.incrementAndGet();
            OutputStream out = new BufferedOutputStream(connection.getOutputStream(), 1 << 16);
            reply.write(out);
            out.flush();
          } catch (IOException e) {
            // the client stopped reading
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/v1/code";
    }


    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private Coder coder(String url, String... more) throws IOException {
    Path table = temp.resolve("table.csv");
    Files.writeString(table, "code,description\nI10,Hypertension\nJ18.9,Pneumonia\n");
    CoderContext context = new CoderContext(CodeTables.userTable(CodeSystemId.ICD10CM, table), List.of(), temp,
        temp.resolve("cache"), 7, id -> null, false);
    Map<String, String> parameters = new java.util.HashMap<>(Map.of("url", url, "timeout", "20", "maxRetries", "2",
        "backoff", "0.01", "cache", "false"));
    for (int i = 0; i < more.length; i += 2) {
      parameters.put(more[i], more[i + 1]);
    }
    return new HttpCoderFactory(name -> null).create(context, parameters);
  }

  private static Admission admission() {
    return new Admission("A1", "P1", List.of(new Note("note", "Hypertension.")), List.of(), Map.of());
  }

  /** {@code size} bytes of spaces after the start of an answer, then its end: valid JSON of any length. */
  private static void padded(OutputStream out, long size) throws IOException {
    byte[] spaces = new byte[1 << 16];
    java.util.Arrays.fill(spaces, (byte) ' ');
    for (long sent = 0; sent < size; sent += spaces.length) {
      out.write(spaces, 0, (int) Math.min(spaces.length, size - sent));
    }
  }

  @Test
  void aServerThatIsNotListeningIsNamedByItsUrl() throws Exception {
    String url;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      url = "http://127.0.0.1:" + closed.getLocalPort() + "/v1/code"; // nobody listens there once it is closed
    }
    Coder coder = coder(url);
    try {
      CoderException e = assertThrows(CoderException.class, () -> coder.code(admission()));
      assertEquals("connection", e.kind(), e.getMessage());
      assertTrue(e.getMessage().startsWith("cannot reach the model server at " + url + ": "), e.getMessage());
    } finally {
      coder.close();
    }
  }

  @Test
  void anAnswerWithoutEndIsABadResponseNotAskedAgain() throws Exception {
    String start = "{\"id\":\"A1\",\"codes\":[{\"code\":\"I10\"}]";
    long size = 100L << 20;
    Reply announced = out -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + (start.length() + size + 1)
          + "\r\n\r\n" + start).getBytes(StandardCharsets.UTF_8));
      padded(out, size);
      out.write('}');
    };
    Reply chunked = out -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      for (long sent = 0; sent < size; sent += 1 << 16) {
        out.write(("10000\r\n").getBytes(StandardCharsets.US_ASCII));
        padded(out, 1 << 16);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(("1\r\n}\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    };
    for (Reply reply : List.of(announced, chunked)) {
      try (Server server = new Server(reply)) {
        Coder coder = coder(server.url());
        try {
          CoderException e = assertThrows(CoderException.class, () -> coder.code(admission()));
          assertEquals("bad_response", e.kind(), e.getMessage());
          assertTrue(e.getMessage().contains("larger than 32 MB"), e.getMessage());
          assertEquals(1, server.requests.get(), "not asked again: it would answer the same");
        } finally {
          coder.close();
        }
      }
    }
  }

  /** A redirect is not followed, and its message said neither where it pointed: it now names its Location. */
  @Test
  void aRedirectNamesWhereItPoints() throws Exception {
    Reply moved = out -> out.write(("HTTP/1.1 308 Permanent Redirect\r\nLocation: http://127.0.0.1:9/v2/code\r\n"
        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    try (Server server = new Server(moved)) {
      Coder coder = coder(server.url());
      try {
        CoderException e = assertThrows(CoderException.class, () -> coder.code(admission()));
        assertEquals("http_3xx", e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith("the server answered with a redirect (HTTP 308 to http://127.0.0.1:9/v2/code),"
            + " which is not followed: give the final URL in the config"), e.getMessage());
        assertEquals(1, server.requests.get());
      } finally {
        coder.close();
      }
    }
  }

  /**
   * An answer that starts with a byte order mark (a service on Windows writing UTF-8 "with BOM", or UTF-16) was a
   * {@code malformed_answer} ("not JSON"): the mark is no part of the text, which is read as JSON after it.
   */
  @Test
  void anAnswerThatStartsWithAByteOrderMarkIsRead() throws Exception {
    String json = "{\"id\":\"A1\",\"codes\":[{\"code\":\"I10\"}]}";
    for (java.nio.charset.Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE)) {
      byte[] body = ("\uFEFF" + json).getBytes(charset);
      Reply marked = out -> {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=" + charset.name() + "\r\nContent-Length: "
            + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
      };
      try (Server server = new Server(marked)) {
        Coder coder = coder(server.url());
        try {
          assertEquals("I10", coder.code(admission()).codes().get(0).code(), charset.name());
        } finally {
          coder.close();
        }
      }
    }
  }

  /**
   * An answer in another character set than the one it is read in. Before, read as UTF-8 with replacement characters:
   * a service answering {@code I10é} in Latin-1 was logged as the invalid code {@code I10\uFFFD}, status ok, no word.
   * Undeclared, it is a bad response naming the byte; declared ({@code charset=iso-8859-1}), it is read in that set.
   */
  @Test
  void anAnswerThatIsNotInItsCharacterSetIsABadResponse() throws Exception {
    byte[] body = "{\"id\":\"A1\",\"codes\":[{\"code\":\"I10\u00e9\"}]}".getBytes(StandardCharsets.ISO_8859_1);
    for (String type : List.of("application/json", "application/json; charset=iso-8859-1")) {
      Reply latin1 = out -> {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
      };
      try (Server server = new Server(latin1)) {
        Coder coder = coder(server.url());
        try {
          if (type.contains("charset")) {
            assertEquals("I10\u00e9", coder.code(admission()).codes().get(0).code());
          } else {
            CoderException e = assertThrows(CoderException.class, () -> coder.code(admission()));
            assertEquals("bad_response", e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("is not UTF-8 text: byte 0xE9 at byte offset 32"), e.getMessage());
            assertEquals(1, server.requests.get(), "not asked again: it would answer the same");
          }
        } finally {
          coder.close();
        }
      }
    }
  }

  @Test
  void aHugeErrorBodyKeepsItsStatus() throws Exception {
    Reply error = out -> {
      out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      for (long sent = 0; sent < 40L << 20; sent += 1 << 16) {
        out.write(("10000\r\n").getBytes(StandardCharsets.US_ASCII));
        padded(out, 1 << 16);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(("0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    };
    try (Server server = new Server(error)) {
      Coder coder = coder(server.url(), "maxRetries", "1");
      try {
        CoderException e = assertThrows(CoderException.class, () -> coder.code(admission()));
        assertEquals("server_error", e.kind(), e.getMessage());
        assertEquals(2, server.requests.get(), "a 5xx is asked again");
      } finally {
        coder.close();
      }
    }
  }
  @Test
  void aKeyTheServiceEchoesIsNeverInTheFailure() throws Exception {
    // a gateway that names the token it refused (or puts it in a malformed answer): the failure message, written into
    // predictions.jsonl, carried the key of apiKeyEnv
    String key = "s3cretTokenValue42";
    for (String reply : List.of("401 Unauthorized\r\nContent-Type: application/json", "200 OK\r\nContent-Type: text/plain")) {
      String body = reply.startsWith("401") ? "{\"error\": \"token " + key + " is not valid\"}" : "your token: " + key;
      Reply echo = out -> out.write(("HTTP/1.1 " + reply + "\r\nContent-Length: " + body.length()
          + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      try (Server server = new Server(echo)) {
        Map<String, String> parameters = Map.of("url", server.url(), "timeout", "20", "cache", "false", "apiKeyEnv",
            "MY_KEY");
        Path table = temp.resolve("table.csv");
        Files.writeString(table, "code,description\nI10,Hypertension\n");
        Coder coder = new HttpCoderFactory(name -> name.equals("MY_KEY") ? key : null).create(new CoderContext(
            CodeTables.userTable(CodeSystemId.ICD10CM, table), List.of(), temp, temp.resolve("cache"), 7, id -> null,
            false), parameters);
        try {
          CoderException e = assertThrows(CoderException.class, () -> coder.code(admission()));
          assertTrue(!e.getMessage().contains(key) && e.getMessage().contains("[redacted]"), e.getMessage());
        } finally {
          coder.close();
        }
      }
    }
  }

  @Test
  void aStatusThatWillNotChangeIsNotAskedAgain() throws Exception {
    for (String status : List.of("501 Not Implemented", "505 HTTP Version Not Supported", "503 Service Unavailable")) {
      Reply reply = out -> out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      try (Server server = new Server(reply)) {
        Coder coder = coder(server.url(), "maxRetries", "2");
        try {
          CoderException e = assertThrows(CoderException.class, () -> coder.code(admission()));
          assertEquals("server_error", e.kind(), e.getMessage());
          assertEquals(status.startsWith("503") ? 3 : 1, server.requests.get(), status + ": " + e.getMessage());
        } finally {
          coder.close();
        }
      }
    }
  }

  @Test
  void aCallEndsByTheAdmissionsDeadlineNotItsOwnTimeout() throws Exception {
    String answer = "{\"id\":\"A1\",\"codes\":[{\"code\":\"I10\"}]}";
    Reply slow = out -> {
      try {
        Thread.sleep(4000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length()
          + "\r\n\r\n" + answer).getBytes(StandardCharsets.UTF_8));
    };
    try (Server server = new Server(slow)) {
      Coder coder = coder(server.url(), "timeout", "20", "deadline", "1", "maxRetries", "0");
      try {
        long start = System.nanoTime();
        CoderException e = assertThrows(CoderException.class, () -> coder.code(admission()));
        long took = System.nanoTime() - start;
        assertEquals("timeout", e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("what was left of the admission's deadline"), e.getMessage());
        assertTrue(took < 2_500_000_000L, "ended by the deadline of 1 s, not the answer at 4 s: " + took / 1_000_000 + " ms");
      } finally {
        coder.close();
      }
    }
  }

  private static byte[] compressed(String text, boolean gzip) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = gzip ? new java.util.zip.GZIPOutputStream(bytes)
        : new java.util.zip.DeflaterOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  @Test
  void aCompressedAnswerIsRead() throws Exception {
    // RFC 9110 12.5.3: a request without Accept-Encoding accepts any content coding
    String answer = "{\"id\":\"A1\",\"codes\":[{\"code\":\"I10\",\"score\":0.9}]}";
    for (String coding : List.of("gzip", "deflate")) {
      byte[] body = compressed(answer, coding.equals("gzip"));
      Reply reply = out -> {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: " + coding
            + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(body);
      };
      try (Server server = new Server(reply)) {
        Coder coder = coder(server.url());
        try {
          assertEquals(List.of("I10"), coder.code(admission()).codes().stream().map(c -> c.code()).toList(), coding);
        } finally {
          coder.close();
        }
      }
    }
    // a compression bomb: 64 MB of spaces in a body of 64 kB
    byte[] bomb = compressed("{\"id\":\"A1\",\"codes\":[]" + " ".repeat(64 << 20) + "}", true);
    Reply reply = out -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
          + bomb.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.write(bomb);
    };
    try (Server server = new Server(reply)) {
      Coder coder = coder(server.url());
      try {
        CoderException e = assertThrows(CoderException.class, () -> coder.code(admission()));
        assertEquals("bad_response", e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("larger than 32 MB"), e.getMessage());
      } finally {
        coder.close();
      }
    }
  }

  @Test
  void aCompressedAnswerThatDoesNotDecompressIsABadResponseNotAskedAgain() throws Exception {
    // the server answered: its damaged body would come again, so asking again would only cost another call
    byte[] good = compressed("{\"id\":\"A1\",\"codes\":[{\"code\":\"I10\"}]}", true);
    byte[] corrupt = java.util.Arrays.copyOf(good, good.length);
    corrupt[12] ^= (byte) 0xff; // inside the deflated data, after gzip's 10-byte header
    byte[] notGzip = "{\"id\":\"A1\",\"codes\":[]}".getBytes(StandardCharsets.UTF_8);
    for (byte[] body : List.of(corrupt, notGzip)) {
      Reply reply = out -> {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
            + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(body);
      };
      try (Server server = new Server(reply)) {
        Coder coder = coder(server.url(), "maxRetries", "2");
        try {
          CoderException e = assertThrows(CoderException.class, () -> coder.code(admission()));
          assertEquals("bad_response", e.kind(), e.getMessage());
          assertTrue(e.getMessage().contains("gzip body cannot be decompressed"), e.getMessage());
          assertEquals(1, server.requests.get(), "not asked again: " + e.getMessage());
        } finally {
          coder.close();
        }
      }
    }
  }
}
