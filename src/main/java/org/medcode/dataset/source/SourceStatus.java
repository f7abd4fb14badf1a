package org.medcode.dataset.source;

import java.nio.file.Path;
import java.util.List;

/**
 * One line of {@code data list}: whether a source is under the data root, with its version, licence, folder, how
 * many files and bytes the folder holds, which required entries are missing, and where and when it was pulled (empty
 * strings when it was not pulled by medcode).
 */
public record SourceStatus(String name, Presence presence, String version, String licence, Path folder, int fileCount,
    long bytes, List<String> missing, String pulledFrom, String pulledAt, List<String> modified) {

  /**
   * COMPLETE: every required entry is there; PARTIAL: some are; MISSING: none is; MODIFIED: every required entry is
   * there, but files recorded when they were pulled changed since (their SHA-256 differs, or they are gone).
   */
  public enum Presence { COMPLETE, PARTIAL, MISSING, MODIFIED }

  public SourceStatus {
    missing = List.copyOf(missing);
    modified = List.copyOf(modified);
  }
}
