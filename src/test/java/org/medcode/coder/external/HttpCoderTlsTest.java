package org.medcode.coder.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderException;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Note;

/**
 * An https server whose certificate Java does not trust (self-signed, made by keytool here) is a configuration error:
 * failed at once as {@code tls}, not retried as a broken connection.
 */
class HttpCoderTlsTest {
  @TempDir
  Path temp;

  private SSLContext selfSigned() throws Exception {
    Path store = temp.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Assumptions.assumeTrue(Files.isExecutable(keytool), "no keytool in " + keytool);
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "stub", "-keyalg", "EC",
        "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), output);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    return context;
  }

  @Test
  void anUntrustedCertificateFailsAtOnceAsTls() throws Exception {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
    AtomicInteger requests = new AtomicInteger();
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    server.start();
    Path table = temp.resolve("table.csv");
    Files.writeString(table, "code,description\nI10,Hypertension\n");
    CoderContext context = new CoderContext(CodeTables.userTable(CodeSystemId.ICD10CM, table), List.of(), temp,
        temp.resolve("cache"), 7, id -> null, false);
    Coder coder = new HttpCoderFactory(name -> null).create(context, Map.of("url", "https://localhost:"
        + server.getAddress().getPort() + "/v1/code", "timeout", "20", "maxRetries", "3", "backoff", "0.2",
        "cache", "false"));
    try {
      CoderException e = assertThrows(CoderException.class, () -> coder.code(new Admission("A1", "P1",
          List.of(new Note("note", "Hypertension.")), List.of(), Map.of())));
      assertEquals("tls", e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("TLS handshake") && e.getMessage().endsWith("(1 attempt)"), e.getMessage());
      assertTrue(e.getMessage().contains("certificate") || e.getMessage().contains("PKIX"), e.getMessage());
      assertEquals(0, requests.get());
    } finally {
      coder.close();
      server.stop(0);
    }
  }
}
