package org.medcode.run.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sizes and clears the coders' cache folders while runs may be writing into them: an entry that a run moves into place,
 * or a temporary file it removes, between a listing and a look at it is not an error (it once failed {@code cache
 * list} and {@code data list}, exit 2, and left {@code cache clear} half done with "cannot delete"). A folder is cleared
 * by first renaming it aside in one step (a run writing into it then makes a new, empty one), then deleting what was
 * renamed; a cache folder that is a symbolic link (to a larger disk) keeps its link and has its target emptied.
 */
final class CacheFolders {
  /** The prefix of a cache folder renamed aside to be deleted, e.g. {@code .llm.clearing-123}; never listed. */
  private static final String CLEARING = ".clearing-";

  private CacheFolders() {}

  /** The regular files under {@code folder} (followed when it is a link) and their bytes; what vanished meanwhile not counted. */
  static long[] size(Path folder) {
    long[] size = new long[2];
    try {
      Files.walkFileTree(start(folder), new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isRegularFile()) {
            size[0]++;
            size[1] += attributes.size();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // moved into place or removed by a run meanwhile
          }
          throw e;
        }
      });
    } catch (NoSuchFileException e) {
      // the whole folder went meanwhile (cleared): nothing in it
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cache folder " + folder + ": " + e.getMessage(), e);
    }
    return size;
  }

  /** Deletes a cache folder (its target's content, when it is a link), also what a clear killed part way left. */
  static void clear(Path folder) {
    Path parent = folder.toAbsolutePath().getParent();
    String prefix = "." + folder.getFileName() + CLEARING;
    try {
      if (Files.isSymbolicLink(folder)) {
        Path target = folder.toRealPath();
        try (var children = Files.list(target)) {
          for (Path child : children.toList()) {
            delete(child);
          }
        }
      } else if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
        Path aside = parent.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
        try {
          Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
          aside = null; // cleared by another clear meanwhile
        } catch (IOException e) {
          aside = folder; // cannot be renamed here: deleted in place
        }
        if (aside != null) {
          delete(aside);
        }
      }
      List<Path> leftovers = new ArrayList<>();
      try (var siblings = Files.list(parent)) {
        siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).forEach(leftovers::add);
      }
      for (Path leftover : leftovers) {
        delete(leftover);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a tree (a link as itself), whatever vanishes meanwhile; a folder filled again meanwhile is tried again. */
  private static void delete(Path tree) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
        return;
      } catch (NoSuchFileException e) {
        return; // gone already
      } catch (DirectoryNotEmptyException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static Path start(Path folder) throws IOException {
    return Files.isSymbolicLink(folder) ? folder.toRealPath() : folder;
  }
}
