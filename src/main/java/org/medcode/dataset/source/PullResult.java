package org.medcode.dataset.source;

import java.nio.file.Path;
import java.util.List;

/**
 * What one {@code data pull} did to one source: the outcome, where from ({@code origin}: a mirror folder or
 * "download"), how many files were fetched or already present, what failed and where the failure lies ({@code fault})
 * and anything else worth saying.
 */
public record PullResult(String name, Outcome outcome, Path folder, String origin, int fetched, int present,
    List<String> problems, Fault fault, List<String> notes) {

  /** Per-source outcome; FAILED whenever any required file could not be fetched or verified. */
  public enum Outcome { FETCHED, ALREADY_PRESENT, FAILED }

  /**
   * Where a failed pull's problems lie, which says what to check: NONE (no problem), SOURCE (the mirror or the download
   * lacks a file or gives a wrong one), DATA_FOLDER (the data folder cannot be written: read-only, full, a file in the
   * place of a folder; this ends the pull, whatever else it met).
   */
  public enum Fault { NONE, SOURCE, DATA_FOLDER }

  public PullResult {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }
}
