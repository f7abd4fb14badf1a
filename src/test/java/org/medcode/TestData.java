package org.medcode;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the public data (a folder laid out like ../shared/data) for integration tests: the {@code medcode.data}
 * system property, then {@code datasets/}, then {@code $MEDCODE_MIRROR}, then {@code ../shared/data}. A test that needs
 * a file none of them has is skipped on a developer machine and fails under CI ({@code CI=true}), so CI never
 * passes by skipping.
 */
public final class TestData {
  private TestData() {}

  /** The first candidate root that contains every one of {@code relatives} (e.g. {@code icd10cm-cms}). */
  public static Path require(String... relatives) {
    for (Path root : candidates()) {
      if (java.util.Arrays.stream(relatives).allMatch(relative -> Files.exists(root.resolve(relative)))) {
        return root;
      }
    }
    String message = "public data " + java.util.Arrays.toString(relatives) + " not found together in any of " + candidates()
        + "; run ./medcode data pull --mirror ../shared/data or set MEDCODE_MIRROR";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message);
    }
    assumeTrue(false, message);
    throw new AssertionError("unreachable");
  }

  static List<Path> candidates() {
    List<Path> roots = new ArrayList<>();
    String property = System.getProperty("medcode.data");
    if (property != null && !property.isBlank()) {
      roots.add(Path.of(property));
    }
    roots.add(Path.of("datasets"));
    String mirror = System.getenv("MEDCODE_MIRROR");
    if (mirror != null && !mirror.isBlank()) {
      roots.add(Path.of(mirror));
    }
    roots.add(Path.of("..", "shared", "data"));
    return roots.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
  }
}
