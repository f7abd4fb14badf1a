package org.medcode.dataset.source;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.medcode.Launcher;
import org.medcode.MedcodeException;

/**
 * Checks a file of a pulled source against its pull record ({@code .medcode-source.json}) before it is read: a file
 * whose size and modification time are those recorded is taken as pulled (one {@code stat}); one whose size or time
 * changed is hashed, and refused unless its SHA-256 is still the recorded one. A file the record does not list (not
 * pulled, e.g. your own MIMIC copy) is not checked; a record of an older medcode, without sizes and times, has its
 * files hashed once per process. Records and verdicts are kept for the life of the process.
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
      if (stamp.isPresent()) {
        check(absolute, folder, records(folder, manifest, stamp.get()));
      }
    }
  }

  private static void check(Path file, Path folder, Records records) {
    if (records == null) {
      return;
    }
    SourceManifest.FileRecord record = records.files().get(folder.relativize(file).toString().replace(File.separatorChar, '/'));
    if (record == null || record.sha256() == null) {
      return;
    }
    Optional<Stamp> now = stamp(file);
    if (now.isEmpty()) {
      return; // gone: the reader says the file is missing, with the pull that fetches it
    }
    Stamp stamp = now.get();
    if (record.size() != null && record.modified() != null && record.size() == stamp.size()
        && record.modified() == stamp.modified() || stamp.equals(HASHED.get(file))) {
      return;
    }
    if (SourceFiles.sha256(file).equals(record.sha256())) {
      HASHED.put(file, stamp);
      return;
    }
    String sizes = record.size() == null ? String.format(Locale.ROOT, "%,d bytes now", stamp.size())
        : record.size() == stamp.size() ? String.format(Locale.ROOT, "%,d bytes as when pulled", stamp.size())
        : String.format(Locale.ROOT, "%,d bytes now, %,d when pulled", stamp.size(), record.size());
    throw new MedcodeException.BadInput(file, 0, "changed since it was pulled (" + sizes + "; its SHA-256 is not the "
        + "one recorded in " + folder.resolve(SourceManifest.FILE_NAME) + "): cut short or edited, it would be read"
        + " without a word and give wrong numbers; pull it again with " + Launcher.command() + " data pull " + records.name()
        + " (" + Launcher.command() + " data list shows what changed)");
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
