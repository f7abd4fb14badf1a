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
  /**
   * The lock files this process holds: never opened again by {@link #writer} (on Linux, closing any channel of a file
   * frees every lock the process holds on it).
   */
  private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Tries of a lock held by another process before a refusal: a reader's look ({@link #writer}) holds it a moment. */
  private static final int TRIES = 3;

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
    return reason(e, "run");
  }

  /**
   * {@link #reason(IOException)} for {@code command}: {@code report} and {@code run --resume} write into the run folder
   * they are given, where another --out or --results-dir is no way out.
   */
  static String reason(IOException e, String command) {
    String where = e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null ? fs.getFile() + ": " : "";
    if (e instanceof java.nio.file.AccessDeniedException) {
      return where + (command.equals("report") || command.equals("run --resume")
          ? "permission denied (a read-only folder? " + command + " writes into the run folder itself: make it writable,"
              + " or copy it somewhere writable, cp -r RUN_DIR DIR, and " + command + " the copy)"
          : "permission denied (a read-only folder? choose another --out or --results-dir)");
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
      FileLock lock = null;
      for (int attempt = 1; attempt <= TRIES && lock == null; attempt++) {
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          break; // held by this very process
        }
        if (lock == null && attempt < TRIES) {
          sleep();
        }
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
      HELD.add(key(folder));
      return new RunFolderLock(folder, created, channel, lock);
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException also) {
          e.addSuppressed(also);
        }
      }
      throw new UncheckedIOException("cannot lock the run folder " + folder + ": " + reason(e, command), e);
    }
  }

  /** The lock file of a folder by its real path: the same folder named another way (a link) is the same key. */
  private static Path key(Path folder) {
    try {
      return folder.toRealPath().resolve(FILE);
    } catch (IOException e) {
      return folder.toAbsolutePath().normalize().resolve(FILE);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Who writes the run folder now, when another process does (its {@code run.lock} is held): {@code pid N, medcode
   * run, since …}; empty when no process does, or this one. A look: the lock is tried as a reader, and let go at once.
   */
  public static java.util.Optional<String> writer(Path folder) {
    Path file = folder.resolve(FILE);
    if (HELD.contains(key(folder)) || !Files.isRegularFile(file)) {
      return java.util.Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      FileLock lock;
      try {
        lock = channel.tryLock(0, Long.MAX_VALUE, true);
      } catch (OverlappingFileLockException e) {
        return java.util.Optional.empty(); // this process holds it
      }
      if (lock == null) {
        return java.util.Optional.of(holder(channel));
      }
      lock.release();
      return java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty(); // gone, or not ours to open: no writer known
    }
  }

  /**
   * Refuses (exit 2) to read a run folder that another process is writing (a run, a resume): until it ends, its logs
   * and manifest hold only part of the run, and its status says "running" as a killed run's does.
   */
  public static void refuseWhileWritten(Path folder) {
    writer(folder).ifPresent(holder -> {
      throw new MedcodeException(folder + " is being written by another medcode process (" + holder + "): a run is"
          + " read (compare, gate, baseline, table) once the process writing it has ended, since until then it holds"
          + " only part of the run; wait for it to end (or stop it), then try again");
    });
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
      HELD.remove(key(folder));
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
