package org.medcode.dataset.source;

import java.nio.file.Path;
import java.util.List;

/**
 * What one {@code data pull} did to one source: the outcome, where from ({@code origin}: a mirror folder or
 * "download"), how many files were fetched or already present, what failed and anything else worth saying.
 */
public record PullResult(String name, Outcome outcome, Path folder, String origin, int fetched, int present,
    List<String> problems, List<String> notes) {

  /** Per-source outcome; FAILED whenever any required file could not be fetched or verified. */
  public enum Outcome { FETCHED, ALREADY_PRESENT, FAILED }

  public PullResult {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }
}
