package org.medcode.coder.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** How a failed call is counted: a redirect is no 4xx, a broken connection is retried, a refused one is not. */
class CallFailureTest {
  @Test
  void redirectsBrokenAndRefusedConnections() {
    CallFailure redirect = CallFailure.ofStatus(307, "moved", null);
    assertEquals("http_3xx", redirect.kind());
    assertFalse(redirect.retriable());
    assertTrue(redirect.message().contains("give the final URL"), redirect.message());

    CallFailure broken = CallFailure.of(new IOException("fixed content-length: 120, bytes received: 60"));
    assertEquals("connection", broken.kind());
    assertTrue(broken.retriable(), "a body cut short is asked again");

    CallFailure refused = CallFailure.of(new ConnectException("Connection refused"));
    assertEquals("connection", refused.kind());
    assertFalse(refused.retriable(), "nobody listens: asking again changes nothing");
  }
}
