package org.medcode.gate;

import java.util.List;
import org.medcode.Plural;

/**
 * Whether a coder's run can be gated at all: {@code admissions} in the dataset, {@code answered} and {@code failed}
 * by the coder, {@code missing} never coded (stopped by a budget or killed), the failure rate and the limit it is held
 * to, the coder's recorded status, and the problems found (none = complete).
 */
public record Completeness(int admissions, int answered, int failed, int missing, double maxFailureRate, String status,
    List<String> problems) {
  public Completeness {
    problems = List.copyOf(problems);
  }

  public double failureRate() {
    return admissions == 0 ? 0 : (double) failed / admissions;
  }

  public boolean complete() {
    return problems.isEmpty();
  }

  /**
   * Whether the coder's numbers measure it: it answered at least one admission. One that answered none (unavailable,
   * failed on every one, never reached them) has only the zeros of an empty prediction set, and no rule is judged on it.
   */
  public boolean measured() {
    return answered > 0 || admissions == 0;
  }

  /** Judges the counts: unfinished status, admissions never coded, failures above the limit. */
  public static Completeness of(int admissions, int answered, int failed, double maxFailureRate, String status) {
    int missing = Math.max(0, admissions - answered - failed);
    List<String> problems = new java.util.ArrayList<>();
    if (!"complete".equals(status)) { // why, as far as the counts tell: never-coded admissions, else its failures
      problems.add("the run recorded status '" + status + "'" + (missing > 0
          ? " (stopped by its budget, interrupted or unavailable)" : failed > 0 ? " (for its failures)" : ""));
    }
    if (answered == 0 && admissions > 0) {
      problems.add("it answered none of its " + Plural.of(admissions, "admission")
          + ": not measured, so it has no numbers to judge");
    }
    if (missing > 0) {
      problems.add(missing + " of " + Plural.of(admissions, "admission") + " " + Plural.verb(missing, "were") + " never coded");
    }
    double rate = admissions == 0 ? 0 : (double) failed / admissions;
    if (rate > maxFailureRate) {
      problems.add(String.format(java.util.Locale.ROOT, "%d of %s failed (%.2f%%), above the limit of %.2f%%",
          failed, Plural.of(admissions, "admission"), 100 * rate, 100 * maxFailureRate));
    }
    return new Completeness(admissions, answered, failed, missing, maxFailureRate, status, problems);
  }
}
