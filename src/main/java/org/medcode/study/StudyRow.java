package org.medcode.study;

import org.medcode.eval.Estimate;

/**
 * One figure for one coder: the figure ({@code metric}, {@code label}), the published value or range (null when the
 * study publishes none), this run's value with its interval ({@code run}; null when the run has no such number), whether
 * the published figure lies inside the interval, and the figure's note.
 */
public record StudyRow(String coder, String metric, String label, Published published, Estimate run, Inside inside,
    String note) {

  /** Whether the published figure lies inside this run's interval (95 % unless metrics.confidence says otherwise). */
  public enum Inside {
    YES("yes"),
    NO("no"),
    /** The run has a value but no interval (no resamples). */
    NO_INTERVAL("no interval"),
    /** Nothing published to compare, or nothing computed. */
    NOT_APPLICABLE(""),
    /** The coder answered no admission (unavailable, or failed on every one): it has no figures at all. */
    NOT_MEASURED("not measured"),
    /** The coder's run stopped before it coded every admission: its figures count the rest as empty, so none is judged. */
    INCOMPLETE("incomplete");

    private final String label;

    Inside(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
