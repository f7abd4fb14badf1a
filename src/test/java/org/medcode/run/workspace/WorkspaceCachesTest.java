package org.medcode.run.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.RunListener;
import org.medcode.coder.remote.ResponseCache;

/** cache list / cache clear touch medcode's own cache folders only, whatever else the cache folder holds. */
class WorkspaceCachesTest {
  @TempDir
  Path temp;

  @Test
  void onlyMedcodesCachesAreListedAndCleared() throws IOException {
    for (String folder : List.of("llm", "rules-models", ".git", "src", "codiesp")) {
      Files.createDirectories(temp.resolve(folder).resolve("inner"));
      Files.writeString(temp.resolve(folder).resolve("inner/file.txt"), "x");
    }
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, temp, false,
        Clock.systemUTC(), RunListener.SILENT);
    assertEquals(List.of("llm", "rules-models"), workspace.caches().stream().map(Workspace.CacheUse::name).toList());

    MedcodeException e = assertThrows(MedcodeException.class, () -> workspace.clearCaches(List.of("llm", "src")));
    assertTrue(e.getMessage().startsWith("'src' is not one of medcode's caches"), e.getMessage());
    assertTrue(Files.exists(temp.resolve("llm/inner/file.txt")), "nothing is deleted when one name is wrong");

    assertEquals(List.of("llm", "rules-models"),
        workspace.clearCaches(List.of()).stream().map(Workspace.CacheUse::name).toList());
    assertFalse(Files.exists(temp.resolve("llm")));
    assertFalse(Files.exists(temp.resolve("rules-models")));
    for (String kept : List.of(".git", "src", "codiesp")) {
      assertTrue(Files.exists(temp.resolve(kept).resolve("inner/file.txt")), kept);
    }
    assertEquals(List.of(), workspace.clearCaches(List.of("http")), "a cache that is not there: nothing to clear");
  }

  /**
   * A run writing answers while {@code cache list} and {@code cache clear} run: neither fails, nothing the run stores is
   * lost to an error (its entry lands in the folder made again), and what a clear leaves is an empty cache. A file moved
   * into place or removed between a listing and a look at it once failed both (NoSuchFileException, "cannot delete",
   * exit 2, a clear half done).
   */
  @Test
  void listingAndClearingWhileARunWritesNeitherFailsNorLosesAnEntry() throws Exception {
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, temp, false,
        Clock.systemUTC(), RunListener.SILENT);
    ResponseCache cache = new ResponseCache(temp.resolve("llm"));
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger stored = new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> writers = new java.util.ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int writer = t;
      Thread thread = new Thread(() -> {
        for (int i = 0; !stop.get(); i++) {
          if (cache.put(ResponseCache.key("writer", writer + "-" + i % 40), new ResponseCache.Entry("x", null, "stop", 1, 1))) {
            stored.incrementAndGet();
          }
        }
      });
      thread.start();
      writers.add(thread);
    }
    try {
      while (stored.get() < 200) {
        Thread.onSpinWait();
      }
      for (int i = 0; i < 150; i++) {
        workspace.caches();
        if (i % 5 == 0) {
          workspace.clearCaches(List.of());
        }
      }
    } finally {
      stop.set(true);
      for (Thread thread : writers) {
        thread.join();
      }
    }
    assertEquals(null, cache.problem(), "every answer was stored");
    workspace.clearCaches(List.of());
    assertEquals(List.of(), workspace.caches());
    try (var left = Files.list(temp)) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.contains("llm")).toList(),
          "nothing of the cleared folder is left beside it");
    }
  }

  /** A cache folder that is a link (to a larger disk) is listed by its target's files and cleared by emptying them. */
  /**
   * Two commands that both clear the llm cache at once (two CI jobs beginning with cache clear llm): the second once
   * found it gone and exited 2 with "no cache 'llm' in …; there are: none" (3 of 3 tries); so did a clear on a fresh
   * runner. A cache of medcode's that is not there is nothing to clear; another name is still refused.
   */
  @Test
  void clearingACacheThatIsNotThereIsNothingToClear() throws IOException {
    Files.createDirectories(temp.resolve("llm/ab"));
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, temp, false,
        Clock.systemUTC(), RunListener.SILENT);
    assertEquals(List.of("llm"), workspace.clearCaches(List.of("llm")).stream().map(Workspace.CacheUse::name).toList());
    assertEquals(List.of(), workspace.clearCaches(List.of("llm")), "cleared meanwhile by another command");
    assertEquals(List.of(), workspace.clearCaches(List.of("rules-models", "http")), "never filled");
    MedcodeException e = assertThrows(MedcodeException.class, () -> workspace.clearCaches(List.of("llm", "src")));
    assertTrue(e.getMessage().startsWith("'src' is not one of medcode's caches"), e.getMessage());
  }

  @Test
  void aLinkedCacheFolderIsEmptiedNotUnlinked() throws IOException {
    Path disk = Files.createDirectories(temp.resolve("bigdisk/llm-answers/ab"));
    Files.writeString(disk.resolve("one.json"), "12345");
    Path cacheDir = Files.createDirectories(temp.resolve("cache"));
    Files.createSymbolicLink(cacheDir.resolve("llm"), temp.resolve("bigdisk/llm-answers"));
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, cacheDir, false,
        Clock.systemUTC(), RunListener.SILENT);
    Workspace.CacheUse use = workspace.caches().get(0);
    assertEquals(1, use.files());
    assertEquals(5, use.bytes());
    workspace.clearCaches(List.of("llm"));
    assertTrue(Files.isSymbolicLink(cacheDir.resolve("llm")), "the link stays");
    try (var left = Files.list(temp.resolve("bigdisk/llm-answers"))) {
      assertEquals(0, left.count(), "its target is emptied");
    }
  }
}
