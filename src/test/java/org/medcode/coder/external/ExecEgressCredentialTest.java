package org.medcode.coder.external;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.RefusedRun;

/**
 * The exec coder's egress declares the URLs its command calls; one with a key (?api_key=…) was taken and kept in the
 * run folder's config.yaml and manifest, and shown by --dry-run. It is refused before any coder starts, never repeated.
 */
class ExecEgressCredentialTest {
  @Test
  void aDeclaredUrlCarryingACredentialIsRefusedBeforeTheRunStarts(@TempDir Path temp) throws Exception {
    RefusedRun.assertRefused(temp, "[ { name: exec, command: [\"true\"], egress: \"http://127.0.0.1:8000/v1,"
        + " https://api.example.com/v1?api_key=s3cr3t\" } ]",
        "coder exec: parameter 'egress' carries a credential (the query parameter 'api_key')");
  }

  @Test
  void plainDeclarationsAreTaken() {
    ExecCoderFactory factory = new ExecCoderFactory();
    assertEquals(List.of("http://127.0.0.1:8000/v1", "https://api.example.com/v1?model=a"),
        factory.egress(Map.of("egress", "http://127.0.0.1:8000/v1, https://api.example.com/v1?model=a")).endpoints());
    assertEquals("local (admissions stay in this process)", factory.egress(Map.of("egress", "local")).describe());
  }
}
