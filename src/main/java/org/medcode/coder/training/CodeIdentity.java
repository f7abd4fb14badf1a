package org.medcode.coder.training;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A digest of the compiled code of some packages, part of the cache keys of what coders build and keep (rules models,
 * trained models, out-of-fold answers, tuned thresholds): a cache entry made by other code is never loaded, and nobody
 * has to remember to bump a version by hand when a change makes the builder give other results. Read from where the
 * classes were loaded (the jar, or the classes folder when run from a build), every {@code .class} file of each package
 * and its sub-packages, by name and bytes; compiling the same sources again gives the same digest, so a rebuild of
 * unchanged code keeps the caches. When the classes cannot be read (an unusual class loader), the harness version
 * stands in, as before this existed.
 */
public final class CodeIdentity {
  private static final Map<List<String>, String> KNOWN = new ConcurrentHashMap<>();

  private CodeIdentity() {}

  /** The digest (16 hex characters) of the packages of these classes, sub-packages included. */
  public static String of(Class<?>... anchors) {
    List<String> prefixes = new ArrayList<>();
    for (Class<?> anchor : anchors) {
      prefixes.add(anchor.getPackageName().replace('.', '/') + "/");
    }
    Collections.sort(prefixes);
    return KNOWN.computeIfAbsent(List.copyOf(prefixes), p -> digest(anchors[0], p));
  }

  private static String digest(Class<?> anchor, List<String> prefixes) {
    try {
      CodeSource source = anchor.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return fallback();
      }
      String digest = digest(Path.of(source.getLocation().toURI()), prefixes);
      return digest != null ? digest : fallback();
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return fallback();
    }
  }

  /**
   * The digest of the class files under the prefixes in a classes folder or a jar (the same for both when they hold
   * the same files), or null when there is none.
   */
  static String digest(Path location, List<String> prefixes) throws IOException {
    Map<String, byte[]> classes = Files.isDirectory(location) ? fromFolder(location, prefixes)
        : fromJar(location, prefixes);
    if (classes.isEmpty()) {
      return null;
    }
    MessageDigest digest = ModelFolders.newSha256();
    classes.forEach((name, bytes) -> {
      digest.update(name.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(bytes);
    });
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  private static Map<String, byte[]> fromFolder(Path folder, List<String> prefixes) throws IOException {
    Map<String, byte[]> classes = new TreeMap<>();
    for (String prefix : prefixes) {
      Path root = folder.resolve(prefix);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          classes.put(folder.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
        }
      }
    }
    return classes;
  }

  private static Map<String, byte[]> fromJar(Path jar, List<String> prefixes) throws IOException {
    Map<String, byte[]> classes = new TreeMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        String name = entry.getName();
        if (name.endsWith(".class") && prefixes.stream().anyMatch(name::startsWith)) {
          try (InputStream in = file.getInputStream(entry)) {
            classes.put(name, in.readAllBytes());
          }
        }
      }
    }
    return classes;
  }

  private static String fallback() {
    return "version " + ModelFolders.harnessVersion();
  }
}
