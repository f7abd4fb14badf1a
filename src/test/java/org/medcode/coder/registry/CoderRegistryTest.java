package org.medcode.coder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;

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

  /** A plug-in's factory; {@link Twin} declares the same name, {@link Rules} a built-in's. */
  public static class Named implements CoderFactory {
    @Override
    public String name() {
      return "twin";
    }

    @Override
    public String description() {
      return getClass().getSimpleName();
    }

    @Override
    public List<CoderParameter> parameters() {
      return List.of();
    }

    @Override
    public Coder create(CoderContext context, Map<String, String> parameters) {
      return admission -> null;
    }
  }

  public static final class Twin extends Named {}

  public static final class Rules extends Named {
    @Override
    public String name() {
      return "rules";
    }
  }

  @Test
  void aCoderNameTwoProvidersDeclareIsRefusedNamingBothNotRunAsTheFirstOnTheClassPath(@TempDir Path folder)
      throws Exception {
    // two versions of a plug-in side by side (twin-1.0.jar, twin-1.1.jar): the run used whichever came first on the
    // class path without a word, and scored it as the coder meant; a plug-in named as a built-in ran the built-in
    Path first = jar(folder, "twin-1.0.jar", Named.class.getName() + "\n");
    Path second = jar(folder, "twin-1.1.jar", Twin.class.getName() + "\n" + Rules.class.getName() + "\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {first.toUri().toURL(), second.toUri().toURL()},
        CoderRegistry.class.getClassLoader())) {
      CoderRegistry registry = CoderRegistry.load(loader, folder.toString());
      String message = assertThrows(MedcodeException.class, () -> registry.require("twin")).getMessage();
      assertTrue(message.startsWith("coder 'twin' is declared more than once: by " + Named.class.getName() + " ("
          + first.toAbsolutePath().normalize() + ") and by " + Twin.class.getName() + " ("
          + second.toAbsolutePath().normalize() + "); remove the jar you do not mean"), message);
      String builtIn = assertThrows(MedcodeException.class, () -> registry.require("rules")).getMessage();
      assertTrue(builtIn.startsWith("coder 'rules' is declared more than once: by the built-in coder and by "
          + Rules.class.getName() + " (" + second.toAbsolutePath().normalize() + ")"), builtIn);
      assertEquals("frequency", registry.require("frequency").name());
      assertEquals(2, registry.problems().size(), registry.problems().toString());
    }
  }

  @Test
  void aServicesFileSavedWithAByteOrderMarkLoadsItsCoder(@TempDir Path folder) throws Exception {
    // saved by a Windows editor as "UTF-8 with BOM": listed as "class not found: \uFEFFdemo.Factory", an invisible
    // character before a class that is in the jar
    Path bom = jar(folder, "bom.jar", "\uFEFF" + Named.class.getName() + "\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {bom.toUri().toURL()}, CoderRegistry.class.getClassLoader())) {
      CoderRegistry registry = CoderRegistry.load(loader, folder.toString());
      assertEquals(List.of(), registry.unavailable());
      assertEquals(bom.toAbsolutePath().normalize().toString(), registry.source(registry.require("twin")));
    }
  }
}
