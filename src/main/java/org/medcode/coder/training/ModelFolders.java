package org.medcode.coder.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medcode.Launcher;
import org.medcode.MedcodeException;

/**
 * What every trained coder does with folders: writes its JSON files ({@code manifest.json}, {@code thresholds.json}) in
 * one style, publishes a cache folder atomically, names the harness version and hashes cache keys.
 */
public final class ModelFolders {
  /** The JSON of model files: snake_case keys, indented. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).enable(SerializationFeature.INDENT_OUTPUT);

  private ModelFolders() {}

  /**
   * What a model folder's {@code manifest.json} says, for a look before the folder is loaded; empty when it has none or
   * one that cannot be read (the coder that loads the folder says why).
   */
  public static java.util.Optional<ModelManifest> manifest(Path folder) {
    Path file = folder.resolve("manifest.json");
    if (!Files.isRegularFile(file)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(JSON.readValue(file.toFile(), ModelManifest.class));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** Writes the files of a folder into the folder it is given. */
  @FunctionalInterface
  public interface Contents {
    void writeTo(Path folder) throws IOException;
  }

  /**
   * Writes {@code contents} into a temporary sibling of {@code folder}, then moves it into place in one step, so a cache
   * folder that exists is complete. When another run published the same folder meanwhile, its folder is kept (it holds
   * the same thing). {@code what} names the folder in an error, e.g. "the model".
   */
  public static void publish(Path folder, Contents contents, String what) {
    try {
      writeWhole(folder, ".tmp", contents);
    } catch (IOException e) {
      // Published by another run meanwhile (Linux reports a rename onto a non-empty folder as a plain
      // FileSystemException, "Directory not empty"): its folder is as good as ours.
      if (!(Files.isDirectory(folder) && (e instanceof FileAlreadyExistsException || e instanceof DirectoryNotEmptyException
          || e instanceof java.nio.file.FileSystemException))) {
        throw new UncheckedIOException("cannot cache " + what + " in " + folder + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * As {@link #publish}, for a cache folder: when it cannot be written (a read-only or full cache folder, or one cleared
   * while this run wrote into it), one warning to {@code warnings} says so and false is returned, and the caller goes
   * on with what it built (it is built again by the next run) instead of failing the run that built it.
   */
  public static boolean cache(Path folder, Contents contents, String what, java.util.function.Consumer<String> warnings) {
    try {
      publish(folder, contents, what);
      return true;
    } catch (UncheckedIOException e) {
      IOException cause = e.getCause();
      String reason = cause instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
          ? (fs.getFile() == null ? "" : fs.getFile() + ": ") + fs.getReason()
          : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      warnings.accept(notCached(what, folder, reason, "the one built now is used, and the next run builds it again"));
      return false;
    }
  }

  /**
   * The warning for something a run made but cannot keep in its cache folder (read-only, full, or cleared meanwhile):
   * {@code instead} says what the run does about it.
   */
  public static String notCached(String what, Path where, String reason, String instead) {
    return "cannot cache " + what + " in " + where + " (" + reason + "): " + instead + "; make the cache folder"
        + " writable, or point --cache-dir (or $MEDCODE_CACHE) elsewhere";
  }

  /**
   * The temporary folders of one folder that {@link #writeWhole} found beside it: {@code removed}, those whose writer
   * is gone (killed part way), deleted; {@code unclaimed}, those with no lock file (left by a medcode that wrote none),
   * left alone.
   */
  public record Leftovers(List<Path> removed, List<Path> unclaimed) {}

  /** The suffix of the lock file beside a temporary folder, held by the process that writes the folder. */
  static final String LOCK = ".lock";
  /** The lock files this process holds: never opened by its own clean-up (closing a second channel would free them). */
  private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Writes {@code contents} into a temporary sibling of {@code folder} (its name followed by {@code suffix} and a
   * random number), then moves it into place in one step (onto nothing, or an empty folder), so that a folder that
   * exists is complete; a failure removes the temporary folder, a kill leaves only it. Fails when {@code folder} holds
   * files. While it writes, the process holds an operating-system lock on {@code <temporary>.lock} beside it, which the
   * system releases when the process ends, killed or not; so first, temporaries of the same folder whose lock is free
   * (their writer is gone) are deleted, and those another process holds are left to it.
   */
  public static Leftovers writeWhole(Path folder, String suffix, Contents contents) throws IOException {
    Path parent = folder.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    String prefix = folder.getFileName() + suffix;
    Leftovers leftovers = removeStale(parent, prefix);
    Path lockFile;
    java.nio.channels.FileChannel channel;
    while (true) {
      long random = java.util.concurrent.ThreadLocalRandom.current().nextLong();
      lockFile = parent.resolve(prefix + Long.toUnsignedString(random) + LOCK);
      HELD.add(lockFile);
      try {
        channel = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        break;
      } catch (FileAlreadyExistsException e) {
        HELD.remove(lockFile);
      } catch (IOException e) {
        HELD.remove(lockFile);
        throw e;
      }
    }
    String lockName = lockFile.getFileName().toString();
    Path temporary = parent.resolve(lockName.substring(0, lockName.length() - LOCK.length()));
    boolean created = false;
    boolean moved = false;
    try (java.nio.channels.FileChannel held = channel) {
      held.lock(); // released when the channel closes, or when this process ends however it ends
      Files.createDirectory(temporary);
      created = true;
      contents.writeTo(temporary);
      try {
        Files.move(temporary, folder, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, folder);
      }
      moved = true;
    } finally {
      try {
        if (created && !moved) {
          deleteQuietly(temporary); // ours, not needed: nothing is left behind
        }
        Files.deleteIfExists(lockFile);
      } finally {
        HELD.remove(lockFile);
      }
    }
    return leftovers;
  }

  /**
   * Deletes the temporaries named {@code prefix} and a number in {@code parent} whose writer is gone: their lock file
   * is there and no process holds it (checked while holding it, so that no writer can be starting on them). Lock files
   * without their folder go the same way. Temporaries without a lock file are only listed.
   */
  private static Leftovers removeStale(Path parent, String prefix) throws IOException {
    java.util.regex.Pattern temporaryName =
        java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(prefix) + "\\d+");
    List<Path> removed = new ArrayList<>();
    List<Path> unclaimed = new ArrayList<>();
    List<Path> siblings;
    try (var list = Files.list(parent)) {
      siblings = list.sorted().toList();
    }
    for (Path sibling : siblings) {
      String name = sibling.getFileName().toString();
      String stem = name.endsWith(LOCK) ? name.substring(0, name.length() - LOCK.length()) : null;
      if (Files.isDirectory(sibling, java.nio.file.LinkOption.NOFOLLOW_LINKS) && temporaryName.matcher(name).matches()) {
        Path lockFile = parent.resolve(name + LOCK);
        if (!Files.exists(lockFile)) {
          unclaimed.add(sibling);
        } else if (whileFree(lockFile, () -> deleteQuietly(sibling))) {
          removed.add(sibling);
        }
      } else if (stem != null && temporaryName.matcher(stem).matches() && !Files.exists(parent.resolve(stem))) {
        whileFree(sibling, () -> { });
      }
    }
    return new Leftovers(removed, unclaimed);
  }

  /**
   * Runs {@code work} holding the lock of {@code lockFile} when no process holds it, then deletes the lock file; false
   * (nothing done) when a process holds it, this one included, or it cannot be opened.
   */
  private static boolean whileFree(Path lockFile, Runnable work) {
    if (HELD.contains(lockFile)) {
      return false;
    }
    try (var channel = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.channels.FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        return false;
      }
      if (lock == null) {
        return false; // its writer is alive
      }
      work.run();
      Files.deleteIfExists(lockFile);
      return true;
    } catch (IOException e) {
      return false; // gone meanwhile, or not ours to open: left as it is
    }
  }

  /** Deletes a folder tree, as far as it can (a temporary or damaged cache folder: what is left is never read). */
  public static void deleteQuietly(Path tree) {
    try (var walk = Files.walk(tree)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      // what is left is never read
    }
  }

  /** The harness version written into model manifests: the jar's, "dev" when run from classes. */
  public static String harnessVersion() {
    String version = ModelFolders.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** The record of a model folder's files and their SHA-256, as {@code sha256sum} writes it. */
  public static final String CHECKSUMS = "files.sha256";

  /**
   * Records the SHA-256 of every file of a model folder just written (in any depth, {@link #CHECKSUMS} itself left
   * out), so that {@link #verify} can tell an intact folder from one edited, cut or partly copied since.
   */
  public static void seal(Path folder) {
    StringBuilder lines = new StringBuilder();
    for (Map.Entry<String, Path> file : files(folder).entrySet()) {
      lines.append(fileSha256(file.getValue())).append("  ").append(file.getKey()).append('\n');
    }
    try {
      Files.writeString(folder.resolve(CHECKSUMS), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder.resolve(CHECKSUMS) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks a model folder against its {@link #CHECKSUMS} (a folder written before they were recorded has none and is
   * not checked): a file that changed, went or came since it was trained is refused (exit 2) with what to do.
   */
  public static void verify(Path folder) {
    Path record = folder.resolve(CHECKSUMS);
    if (!Files.isRegularFile(record)) {
      if (Files.isRegularFile(folder.resolve(TrainingIds.FILE))) {
        // every medcode that writes training-ids.txt writes files.sha256 too: this folder lost it (a partial copy)
        throw new MedcodeException("model folder " + folder + " has no " + CHECKSUMS + ", which the medcode that trained"
            + " it wrote: it was partly copied or edited since, so what it holds cannot be checked; copy the folder whole"
            + " or train again");
      }
      return;
    }
    Map<String, String> recorded = new TreeMap<>();
    try {
      for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
        if (line.length() > 66 && line.charAt(64) == ' ') {
          recorded.put(line.substring(66), line.substring(0, 64));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + record + ": " + e.getMessage(), e);
    }
    Map<String, Path> present = files(folder);
    List<String> damaged = new ArrayList<>();
    recorded.forEach((name, sha) -> {
      Path file = present.get(name);
      if (file == null) {
        damaged.add(name + " (gone)");
      } else if (!sha.equals(fileSha256(file))) {
        damaged.add(name + " (changed)");
      }
    });
    present.keySet().stream().filter(name -> !recorded.containsKey(name)).forEach(name -> damaged.add(name + " (added)"));
    if (!damaged.isEmpty()) {
      throw new MedcodeException("the model folder " + folder + " is not the one that was trained: "
          + String.join(", ", damaged.subList(0, Math.min(5, damaged.size()))) + (damaged.size() > 5 ? ", ..." : "")
          + " (" + CHECKSUMS + " records every file); copy it again whole or train it again with " + Launcher.command() + " train");
    }
  }

  private static Map<String, Path> files(Path folder) {
    Map<String, Path> files = new TreeMap<>();
    try (var walk = Files.walk(folder)) {
      walk.filter(Files::isRegularFile).forEach(file -> {
        String name = folder.relativize(file).toString().replace('\\', '/');
        if (!name.equals(CHECKSUMS)) {
          files.put(name, file);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model folder " + folder + ": " + e.getMessage(), e);
    }
    return files;
  }

  private static String fileSha256(Path file) {
    MessageDigest digest = newSha256();
    try (var in = new java.security.DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** SHA-256 of a text (UTF-8), as lower-case hex. */
  public static String sha256(String text) {
    return HexFormat.of().formatHex(newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A fresh SHA-256 digest (every Java platform has one). */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
