package org.medcode.run.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.medcode.MedcodeException;
import org.medcode.run.record.RunManifest;

/**
 * One writer per run folder: an operating-system lock on {@code run.lock} in the folder, held by the process that
 * runs, resumes or reports into it, and released by the operating system when that process ends, however it ends (a
 * kill -9 included). The file says who holds it (process id, command, since when), so a second writer is refused
 * (exit 2) with the holder named. The file stays once a run has started; a run refused before it wrote its manifest
 * leaves neither the file nor a folder it created.
 */
public final class RunFolderLock implements AutoCloseable {
  /** The lock file's name in a run folder. */
  public static final String FILE = "run.lock";

  private final Path folder;
  private final boolean createdFolder;
  private final FileChannel channel;
  private final FileLock lock;

  private RunFolderLock(Path folder, boolean createdFolder, FileChannel channel, FileLock lock) {
    this.folder = folder;
    this.createdFolder = createdFolder;
    this.channel = channel;
    this.lock = lock;
  }

  /** Why a file operation failed, in words: the exception type says more than the path it carries as its message. */
  static String reason(IOException e) {
    String where = e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null ? fs.getFile() + ": " : "";
    if (e instanceof java.nio.file.AccessDeniedException) {
      return where + "permission denied (a read-only folder? choose another --out or --results-dir)";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
      return where + "a file is in the way where the folder should be; choose another --out";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return where + fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Does {@code work} holding the folder's lock (see {@link #acquire}): one writer of its files at a time. */
  public static void holding(Path folder, String command, Runnable work) {
    RunFolderLock held = acquire(folder, command);
    try {
      work.run();
    } finally {
      held.close();
    }
  }

  /**
   * Locks a run folder (creating it) for {@code command} (e.g. {@code run}, {@code run --resume}, {@code report});
   * refuses with exit 2, naming the holder, when another process (or another run in this one) holds it.
   */
  public static RunFolderLock acquire(Path folder, String command) {
    boolean created = !Files.isDirectory(folder);
    FileChannel channel = null;
    try {
      Files.createDirectories(folder);
      Path file = folder.resolve(FILE);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very process
      }
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        throw new MedcodeException(folder + " is being written by another medcode process (" + holder + "); only one"
            + " medcode command (run, --resume, report, evaluate, compare, gate) may write a folder at a time: wait for"
            + " it to end (or stop it), then try again; the lock is released as soon as that process ends");
      }
      String text = "pid " + ProcessHandle.current().pid() + ", medcode " + command + ", since " + Instant.now() + "\n";
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
      return new RunFolderLock(folder, created, channel, lock);
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException also) {
          e.addSuppressed(also);
        }
      }
      throw new UncheckedIOException("cannot lock the run folder " + folder + ": " + reason(e), e);
    }
  }

  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(512);
      channel.read(buffer, 0);
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "a process that is starting" : text;
    } catch (IOException e) {
      return "holder unknown: " + e.getMessage();
    }
  }

  /** Releases the lock; a folder where no run started (no manifest) is left as it was found. */
  @Override
  public void close() {
    try {
      if (!Files.exists(folder.resolve(RunManifest.FILE))) {
        Files.deleteIfExists(folder.resolve(FILE));
      }
      lock.release();
      channel.close();
      if (createdFolder) {
        try (var entries = Files.list(folder)) {
          if (entries.findAny().isEmpty()) {
            Files.deleteIfExists(folder);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock of " + folder + ": " + e.getMessage(), e);
    }
  }
}
