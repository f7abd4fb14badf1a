package org.medcode.dataset.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFilesTest {
  @TempDir Path tmp;

  /**
   * Two runs started together on a fresh data folder both pull the source from the mirror: each copies into
   * {@code .medcode-*.part} files and moves them into place, while the other lists the folder to see what is there.
   * A temporary file gone between the listing of its folder and the look at it once failed the listing, and the run,
   * with {@code NoSuchFileException: .../codiesp/.medcode-….part} (5 of 12 runs, three at a time, failed so).
   */
  @Test
  void aTemporaryFileOfAnotherPullThatGoesWhileTheFolderIsListedIsNoFailure() throws Exception {
    Path folder = tmp.resolve("codiesp");
    Path texts = Files.createDirectories(folder.resolve("texts"));
    for (int i = 0; i < 200; i++) {
      Files.writeString(texts.resolve("S" + i + ".txt"), "case " + i);
    }
    AtomicBoolean stop = new AtomicBoolean();
    Thread otherPull = new Thread(() -> {
      while (!stop.get()) {
        try {
          for (Path dir : new Path[] {folder, texts}) {
            Path part = Files.createTempFile(dir, SourceFiles.TEMP_PREFIX, ".part");
            Files.delete(part); // moved into place, or removed, by the other pull
            Path partFolder = Files.createTempDirectory(dir, SourceFiles.TEMP_PREFIX);
            Files.writeString(partFolder.resolve("1.txt"), "x");
            Files.delete(partFolder.resolve("1.txt"));
            Files.delete(partFolder);
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
    otherPull.start();
    try {
      for (int round = 0; round < 400; round++) {
        Map<String, Path> files = SourceFiles.dataFiles(folder);
        assertEquals(200, files.size(), "round " + round + ": " + files.keySet());
      }
    } finally {
      stop.set(true);
      otherPull.join();
    }
  }
}
