package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options every command takes: where the coders' cache goes by default. */
class GlobalOptionsTest {
  private static Path cache(Map<String, String> environment, Map<String, String> properties) {
    return new GlobalOptions().cacheDir(environment::get, properties::get);
  }

  /**
   * A container user the system does not know (docker run --user 4321, an OpenShift pod) has $HOME but no account:
   * Java's user.home is then '?', and the cache was a folder named '?' in the working directory.
   */
  @Test
  void theDefaultCacheIsUnderHomeAsTheShellReadsItNotUnderAnUnknownAccountsQuestionMark() {
    Map<String, String> unknownUser = Map.of("user.home", "?", "java.io.tmpdir", "/tmp");
    assertEquals(Path.of("/home/app/.cache/medcode"), cache(Map.of("HOME", "/home/app"), unknownUser));
    assertEquals(Path.of("/tmp/medcode-cache"), cache(Map.of(), unknownUser), "no home at all");
    assertEquals(Path.of("/root/.cache/medcode"), cache(Map.of(), Map.of("user.home", "/root")), "HOME unset: the account's");
    assertEquals(Path.of("/data/cache"), cache(Map.of("MEDCODE_CACHE", "/data/cache", "HOME", "/home/app"), unknownUser));
  }
}
