package org.medcode.dataset.source;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.medcode.Launcher;
import org.medcode.MedcodeException;

/**
 * Checks a file of a public source against its pull record ({@code .medcode-source.json}) before it is read: a file
 * whose size and modification time are those recorded is taken as pulled (one {@code stat}); one whose size or time
 * changed is hashed, and refused unless its SHA-256 is still the recorded one. A file no record lists (never pulled: a
 * copy of the mirror made by hand, or the mirror given as the data folder) that lies in the folder of a known source
 * and has a known SHA-256 there ({@code sources.yaml}, a folder's {@code sums}) is hashed once and refused unless it is
 * the release's; a file without a known SHA-256 (an optional year, your own MIMIC copy) is not checked. A record of an
 * older medcode, without sizes and times, has its files hashed once per process. Records and verdicts (by path, size
 * and modification time) are kept for the life of the process.
 */
public final class PulledFiles {
  /** How many folders above a file its source folder may be (codiesp/final_dataset_v4_to_publish/dev/text_files/). */
  private static final int DEPTH = 5;

  private record Stamp(long size, long modified) {}

  private record Records(Stamp of, String name, Map<String, SourceManifest.FileRecord> files) {}

  private static final Map<Path, Records> RECORDS = new ConcurrentHashMap<>();
  /** The source folder (the one holding the record) of each directory a checked file was in. */
  private static final Map<Path, Path> SOURCE_FOLDERS = new ConcurrentHashMap<>();
  private static final Map<Path, Stamp> HASHED = new ConcurrentHashMap<>();
  /** The folders named as a source's above each directory a file never pulled was in. */
  private static final Map<Path, List<Map.Entry<Path, Source>>> SOURCE_NAMED = new ConcurrentHashMap<>();

  private PulledFiles() {}

  /** Refuses {@code file} (exit 2, naming it and the pull that restores it) when it changed since it was pulled. */
  public static void check(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path directory = absolute.getParent();
    Path folder = directory == null ? null : SOURCE_FOLDERS.get(directory);
    for (int up = 0; folder == null && directory != null && up < DEPTH; up++, directory = directory.getParent()) {
      if (directory.resolve(SourceManifest.FILE_NAME).toFile().isFile()) { // java.io: no exception when it is not there
        folder = directory;
        SOURCE_FOLDERS.put(absolute.getParent(), folder);
      }
    }
    if (folder != null) {
      Path manifest = folder.resolve(SourceManifest.FILE_NAME);
      Optional<Stamp> stamp = stamp(manifest);
      if (stamp.isPresent() && check(absolute, folder, records(folder, manifest, stamp.get()))) {
        return;
      }
    }
    checkNeverPulled(absolute);
  }

  /** Checks a file its source's pull record lists; false when the record does not list it (or cannot be read). */
  private static boolean check(Path file, Path folder, Records records) {
    if (records == null) {
      return false;
    }
    SourceManifest.FileRecord record = records.files().get(relative(folder, file));
    if (record == null) {
      return false;
    }
    if (record.sha256() == null) {
      return true;
    }
    Optional<Stamp> now = stamp(file);
    if (now.isEmpty()) {
      return true; // gone: the reader says the file is missing, with the pull that fetches it
    }
    Stamp stamp = now.get();
    if (record.size() != null && record.modified() != null && record.size() == stamp.size()
        && record.modified() == stamp.modified() || stamp.equals(HASHED.get(file))) {
      return true;
    }
    if (SourceFiles.sha256(file).equals(record.sha256())) {
      HASHED.put(file, stamp);
      return true;
    }
    String sizes = record.size() == null ? String.format(Locale.ROOT, "%,d bytes now", stamp.size())
        : record.size() == stamp.size() ? String.format(Locale.ROOT, "%,d bytes as when pulled", stamp.size())
        : String.format(Locale.ROOT, "%,d bytes now, %,d when pulled", stamp.size(), record.size());
    throw new MedcodeException.BadInput(file, 0, "changed since it was pulled (" + sizes + "; its SHA-256 is not the "
        + "one recorded in " + folder.resolve(SourceManifest.FILE_NAME) + "): cut short or edited, it would be read"
        + " without a word and give wrong numbers; pull it again with " + Launcher.command() + " data pull " + records.name()
        + " (" + Launcher.command() + " data list shows what changed)");
  }

  /**
   * Checks a file no pull record lists against the SHA-256 the release gives it, when it lies in the folder of a known
   * source (the nearest folder above it named as a source's whose release has a checksum for it); else nothing is checked.
   */
  private static void checkNeverPulled(Path file) {
    for (Map.Entry<Path, Source> folder : SOURCE_NAMED.computeIfAbsent(file.getParent(), PulledFiles::sourceNamed)) {
      String known = SourceFiles.known(folder.getValue()).get(relative(folder.getKey(), file));
      if (known != null) {
        checkKnown(file, folder.getKey(), folder.getValue(), known);
        return;
      }
    }
  }

  /** The folders at most {@link #DEPTH} above {@code directory} (itself included) named as a source's, nearest first. */
  private static List<Map.Entry<Path, Source>> sourceNamed(Path directory) {
    List<Map.Entry<Path, Source>> folders = new ArrayList<>();
    for (int up = 0; directory != null && directory.getFileName() != null && up < DEPTH; up++, directory = directory.getParent()) {
      for (Source source : SourceRegistry.builtIn().sources()) {
        if (source.folder().equals(directory.getFileName().toString())) {
          folders.add(Map.entry(directory, source));
        }
      }
    }
    return List.copyOf(folders);
  }

  private static void checkKnown(Path file, Path folder, Source source, String known) {
    Optional<Stamp> now = stamp(file);
    if (now.isEmpty() || now.get().equals(HASHED.get(file))) {
      return; // gone (the reader says so), or hashed and found whole before
    }
    String sha256 = SourceFiles.sha256(file);
    if (sha256.equals(known)) {
      HASHED.put(file, now.get());
      return;
    }
    throw new MedcodeException.BadInput(file, 0, String.format(Locale.ROOT, "not the %s release's file, and not pulled by"
        + " medcode (no record of it in %s): its SHA-256 is %s (%,d bytes), the release's %s; cut short or edited, it"
        + " would be read without a word and give wrong numbers. Restore it with %s data pull %s (--mirror DIR to copy it"
        + " from a mirror); data of your own goes in a folder not named %s/%s", source.name(),
        folder.resolve(SourceManifest.FILE_NAME), sha256, now.get().size(), known, Launcher.command(), source.name(),
        source.folder(), ownData(source.name())));
  }

  /** How data of one's own is given instead of a source's, for messages. */
  private static String ownData(String source) {
    return switch (source) {
      case "codiesp", "mimic-iv-demo" -> ", given as a jsonl: or csv: dataset (datasets/README.md)";
      case "gems" -> "";
      default -> ", given as a code table of your own (codeSystem: { table: FILE })";
    };
  }

  private static String relative(Path folder, Path file) {
    return folder.relativize(file).toString().replace(File.separatorChar, '/');
  }

  private static Records records(Path folder, Path manifest, Stamp stamp) {
    Records known = RECORDS.get(folder);
    if (known != null && known.of().equals(stamp)) {
      return known;
    }
    Optional<SourceManifest> read = SourceFiles.readManifest(folder);
    if (read.isEmpty()) {
      return null;
    }
    Map<String, SourceManifest.FileRecord> files = new HashMap<>();
    read.get().files().forEach(record -> files.put(record.path(), record));
    Records records = new Records(stamp, read.get().name(), files);
    RECORDS.put(folder, records);
    return records;
  }

  private static Optional<Stamp> stamp(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.isRegularFile() ? Optional.of(new Stamp(attributes.size(), attributes.lastModifiedTime().toMillis()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
