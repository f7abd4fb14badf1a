package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder that cannot be locked says why in words, not only by repeating its path. */
class RunFolderLockTest {
  @TempDir
  Path temp;

  @Test
  void aFileWhereTheFolderShouldBeIsNamed() throws Exception {
    Path file = Files.writeString(temp.resolve("out"), "not a folder");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> RunFolderLock.acquire(file, "run"));
    assertTrue(e.getMessage().contains("a file is in the way where the folder should be; choose another --out"),
        e.getMessage());
  }

  @Test
  void permissionDeniedIsSaidSo() {
    String reason = RunFolderLock.reason(new java.nio.file.AccessDeniedException("/ro/run/run.lock"));
    assertTrue(reason.equals("/ro/run/run.lock: permission denied (a read-only folder? choose another --out or"
        + " --results-dir)"), reason);
  }

  /** report and run --resume write into the folder they are given: another --out or --results-dir would not help. */
  @Test
  void aReadOnlyRunFolderToReportOrResumeIsToBeMadeWritableOrCopied() {
    java.nio.file.AccessDeniedException denied = new java.nio.file.AccessDeniedException("/ro/run/run.lock");
    assertEquals("/ro/run/run.lock: permission denied (a read-only folder? report writes into the run folder itself:"
        + " make it writable, or copy it somewhere writable, cp -r RUN_DIR DIR, and report the copy)",
        RunFolderLock.reason(denied, "report"));
    assertTrue(RunFolderLock.reason(denied, "run --resume").contains("and run --resume the copy)"));
    assertTrue(RunFolderLock.reason(denied, "evaluate").endsWith("choose another --out or --results-dir)"));
  }
}
