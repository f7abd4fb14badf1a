package org.medcode.dataset.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The record {@code <root>/<folder>/.medcode-source.json} of what was pulled: the source, where it came from
 * ({@code origin}: a URL, several URLs or a mirror folder), when (UTC, ISO-8601) and the SHA-256 of every file.
 * {@code absent} lists optional entries a download found missing from their archive, so later pulls do not fetch the
 * archive again just to look for them.
 */
public record SourceManifest(String name, String version, String licence, String homepage, String origin, String pulledAt,
    List<FileRecord> files, List<String> absent) {

  /** Name of the record file inside a source folder. */
  public static final String FILE_NAME = ".medcode-source.json";

  /**
   * One file: path relative to the source folder, its SHA-256, where it came from, and its size and modification time
   * (milliseconds since the epoch) when the record was written, so that loading can tell an unchanged file by one
   * {@code stat} ({@link PulledFiles}); null in a record of an older medcode.
   */
  public record FileRecord(String path, String sha256, String origin, Long size, Long modified) {
    public FileRecord(String path, String sha256, String origin) {
      this(path, sha256, origin, null, null);
    }

    /** This record with the size and modification time {@code file} has now. */
    FileRecord stamped(Path file) throws IOException {
      return new FileRecord(path, sha256, origin, Files.size(file), Files.getLastModifiedTime(file).toMillis());
    }
  }

  public SourceManifest {
    files = List.copyOf(files);
    absent = absent == null ? List.of() : List.copyOf(absent);
  }
}
