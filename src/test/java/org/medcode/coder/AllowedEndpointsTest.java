package org.medcode.coder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.medcode.MedcodeException;

/** The allowed-endpoint check compares parsed hosts exactly: every bypass form below is refused. */
class AllowedEndpointsTest {
  private static final AllowedEndpoints LOOPBACK = AllowedEndpoints.loopbackOnly();
  private static final AllowedEndpoints AZURE = AllowedEndpoints.parse("myres.openai.azure.com, 10.0.0.5:8000, [2001:db8::1]");

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8000/v1", "http://127.8.9.10/v1", "http://localhost:11434/v1",
      "HTTP://LOCALHOST/v1", "http://[::1]:8000/v1", "http://[0:0:0:0:0:0:0:1]/v1", "http://[0::1]/v1",
      "http://[::ffff:127.0.0.1]:8000/v1", "https://127.0.0.1/"})
  void loopbackForms(String url) {
    assertTrue(LOOPBACK.refusal(url).isEmpty(), url + ": " + LOOPBACK.refusal(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://127.0.0.1.example.com/v1",        // a name that starts like a loopback address
      "http://localhost.example.com/v1",
      "http://localhost@evil.example/v1",        // user info: the host is evil.example
      "http://127.0.0.1@evil.example/v1",
      "http://localhost:8000@evil.example/v1",
      "http://user:secret@127.0.0.1/v1",         // user info is refused even in front of a loopback host
      "http://localhost./v1",                    // trailing dot: another name
      "http://127.0.0.1./v1",
      "http://127.1/v1",                         // IPv4 forms other than a.b.c.d
      "http://2130706433/v1",
      "http://0x7f.0.0.1/v1",
      "http://0177.0.0.1/v1",
      "http://127.000.000.001/v1",
      "http://[::2]/v1",                         // IPv6 that is not ::1
      "http://[::ffff:10.0.0.1]/v1",
      "http://[fe80::1%25lo]/v1",                // a zone
      "http://0.0.0.0:8000/v1",
      "http://evil.example#@127.0.0.1/v1",
      "http://evil.example\\@127.0.0.1/v1",
      "ftp://127.0.0.1/v1",
      "file:///etc/passwd",
      "127.0.0.1:8000/v1",
      "http:///v1",
      "not a url"})
  void bypassFormsAreRefusedUnderLoopback(String url) {
    assertTrue(LOOPBACK.refusal(url).isPresent(), url + " must be refused");
  }

  @Test
  void hostsAreComparedExactlyNeverByPrefixSuffixOrSubstring() {
    assertTrue(AZURE.refusal("https://myres.openai.azure.com/openai/v1").isEmpty());
    assertTrue(AZURE.refusal("https://MyRes.OpenAI.Azure.com:443/openai/v1").isEmpty());
    for (String url : List.of("https://evil-myres.openai.azure.com/", "https://myres.openai.azure.com.evil.net/",
        "https://xmyres.openai.azure.com/", "https://openai.azure.com/", "https://myres.openai.azure.co/",
        "https://myres.openai.azure.com./openai/v1", "https://myres.openai.azure.com@evil.net/",
        "https://evil.net/?myres.openai.azure.com", "https://evil.net/myres.openai.azure.com",
        "http://127.0.0.1/v1")) {
      assertTrue(AZURE.refusal(url).isPresent(), url + " must be refused");
    }
    assertTrue(AZURE.refusal("https://myres.openai.azure.com./v1").get().contains("trailing dot"));
  }

  @Test
  void portsAndIpv6Addresses() {
    assertTrue(AZURE.refusal("http://10.0.0.5:8000/v1").isEmpty());
    assertTrue(AZURE.refusal("http://10.0.0.5/v1").isPresent(), "port 80 is not 8000");
    assertTrue(AZURE.refusal("http://10.0.0.5:8001/v1").isPresent());
    assertTrue(AZURE.refusal("http://10.0.0.50:8000/v1").isPresent());
    assertTrue(AZURE.refusal("https://[2001:db8::1]/v1").isEmpty());
    assertTrue(AZURE.refusal("https://[2001:DB8:0:0::1]:8443/v1").isEmpty(), "an address, whatever its spelling and port");
    assertTrue(AZURE.refusal("https://[2001:db8::2]/v1").isPresent());
    AllowedEndpoints port = AllowedEndpoints.parse("[::1]:8000");
    assertTrue(port.refusal("http://[::1]:8000/v1").isEmpty());
    assertTrue(port.refusal("http://[::1]:8001/v1").isPresent());
    assertTrue(port.refusal("http://127.0.0.1:8000/v1").isPresent(), "::1 is not 127.0.0.1");
    assertTrue(AllowedEndpoints.parse("api.example.com:443").refusal("https://api.example.com/v1").isEmpty(),
        "https without a port is port 443");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*.openai.azure.com", "https://myres.openai.azure.com", "localhost@evil.example",
      "user@host", "host:99999", "host:", "[::1", "127.1", "bad_host", "host/path", "[fe80::1%eth0]"})
  void malformedEntriesAreErrors(String entry) {
    MedcodeException e = assertThrows(MedcodeException.class, () -> AllowedEndpoints.parse(entry));
    assertTrue(e.getMessage().startsWith("allowedEndpoints: '"), e.getMessage());
    assertEquals(2, e.exitCode());
  }

  @Test
  void anEmptyListAllowsNothing() {
    AllowedEndpoints none = AllowedEndpoints.parse(List.of());
    assertTrue(none.refusal("http://127.0.0.1/v1").isPresent());
    assertEquals("none", none.describe());
    assertEquals("loopback, myres.openai.azure.com", AllowedEndpoints.parse(List.of("loopback", "MyRes.openai.azure.com"))
        .describe());
  }

  @Test
  void loopbackHosts() {
    assertTrue(AllowedEndpoints.isLoopback("localhost"));
    assertTrue(AllowedEndpoints.isLoopback("[::1]"));
    assertTrue(AllowedEndpoints.isLoopback("127.0.0.1"));
    assertFalse(AllowedEndpoints.isLoopback("localhost."));
    assertFalse(AllowedEndpoints.isLoopback("127.0.0.1.example.com"));
    assertTrue(AllowedEndpoints.isLoopback("::1"));
    assertFalse(AllowedEndpoints.isLoopback("::2"));
  }

  @Test
  void anEntryWrittenAsAUrlWithAKeyIsRefusedWithoutShowingTheKey() {
    for (String entry : List.of("https://myres.openai.azure.com/openai?api-key=sk-secret-1",
        "https://user:sk-secret-1@myres.openai.azure.com", "myres.openai.azure.com?key=sk-secret-1",
        "myres.openai.azure.com#key=sk-secret-1", "myres.openai.azure.com;key=sk-secret-1")) {
      MedcodeException e = assertThrows(MedcodeException.class, () -> AllowedEndpoints.parse(entry));
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
      assertTrue(e.getMessage().contains("myres.openai.azure.com"), e.getMessage());
    }
  }
}
