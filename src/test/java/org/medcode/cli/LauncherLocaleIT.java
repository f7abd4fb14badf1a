package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher in the C or POSIX locale (LANG unset, as in many containers and CI runners): Java 17 would take ASCII
 * for arguments, file names and the console, so that a folder named with an accent could not be opened and the console
 * printed '?' for it. The launcher gives the JVM the C.UTF-8 character set there.
 */
class LauncherLocaleIT {
  @TempDir
  Path temp;

  @Test
  void aFolderNamedWithAnAccentIsReadAndPrintedUnderTheCLocale() throws Exception {
    Path cache = temp.resolve("cachés");
    for (Map<String, String> locale : List.of(Map.of("LC_ALL", "C"), Map.of("LANG", "C"),
        Map.of("LC_ALL", "POSIX"), Map.<String, String>of())) {
      ProcessBuilder builder = new ProcessBuilder(Path.of("medcode").toAbsolutePath().toString(), "cache", "list",
          "--cache-dir", cache.toString());
      builder.environment().keySet().removeIf(name -> name.equals("LANG") || name.startsWith("LC_"));
      builder.environment().putAll(locale);
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(5, TimeUnit.MINUTES), err);
      assertEquals(0, process.exitValue(), locale + ": " + err);
      assertTrue(out.contains("caches in " + cache + ": none"), locale + ": " + out);
    }
  }
}
