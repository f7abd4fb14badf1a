package org.medcode.coder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plug-in jars as a user may get them wrong: each is listed as unavailable, with what to fix. */
class CoderRegistryTest {
  private static Path jar(Path folder, String name, String services) throws IOException {
    Path jar = folder.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(services == null ? "readme.txt" : CoderRegistry.SERVICES));
      out.write((services == null ? "hello" : services).getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void aJarWhoseServiceFileNamesNoClassIsListedNotLost(@TempDir Path folder) throws Exception {
    // a service file left empty (or only comments) made the jar vanish from `medcode coders` without a word
    Path empty = jar(folder, "empty.jar", "# my coder, to come\n\n");
    Path none = jar(folder, "none.jar", null);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {empty.toUri().toURL(), none.toUri().toURL()},
        CoderRegistry.class.getClassLoader())) {
      List<String> reasons = CoderRegistry.load(loader, folder.toString()).unavailable().stream()
          .filter(u -> u.source().startsWith(folder.toAbsolutePath().normalize().toString()))
          .map(u -> u.provider() + ": " + u.reason()).toList();
      assertEquals(List.of("empty.jar: declares no coder: its " + CoderRegistry.SERVICES + " names no class",
          "none.jar: declares no coder: it has no " + CoderRegistry.SERVICES), reasons);
    }
  }
}
