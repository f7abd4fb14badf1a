package org.medcode.report;

import java.util.Map;
import java.util.Optional;
import org.medcode.Plural;
import org.medcode.eval.Analysis;

/**
 * One coder's evaluation within a run, with how its admissions went: {@code answered} (including {@code empty}
 * answers) and {@code failed} (coder errors, by kind) — failures are scored as empty predictions but counted apart.
 * {@code analysis} (strata, error taxonomy, automation coverage) is null when it was not computed; {@code unavailable}
 * is why the coder could not run (no API key, a missing command), null when it could.
 */
public record CoderReport(String coder, EvaluationReport evaluation, int admissions, int answered, int empty, int failed,
    Map<String, Integer> failuresByKind, Analysis analysis, String unavailable) {
  public CoderReport {
    failuresByKind = Map.copyOf(failuresByKind);
  }

  /** A report of a coder that could run. */
  public CoderReport(String coder, EvaluationReport evaluation, int admissions, int answered, int empty, int failed,
      Map<String, Integer> failuresByKind, Analysis analysis) {
    this(coder, evaluation, admissions, answered, empty, failed, failuresByKind, analysis, null);
  }

  /** A report without analysis. */
  public CoderReport(String coder, EvaluationReport evaluation, int admissions, int answered, int empty, int failed,
      Map<String, Integer> failuresByKind) {
    this(coder, evaluation, admissions, answered, empty, failed, failuresByKind, null, null);
  }

  /** This report with an analysis. */
  public CoderReport withAnalysis(Analysis analysis) {
    return new CoderReport(coder, evaluation, admissions, answered, empty, failed, failuresByKind, analysis, unavailable);
  }

  /**
   * Why this coder's numbers, though measured, are not its whole run's: it answered some admissions but never coded
   * others (its run was stopped by the budget or interrupted), which count as empty predictions. Empty when every
   * admission was coded, or when it answered none ({@link #notMeasured}).
   */
  public Optional<String> incomplete() {
    int never = admissions - answered - failed;
    if (answered == 0 || never <= 0) {
      return Optional.empty();
    }
    return Optional.of("coded " + Numbers.count(answered + failed) + " of " + Plural.grouped(admissions, "admission") + "; the "
        + Numbers.count(never) + " never coded"
        + " (its run stopped first: the cost budget, a kill, or the coder stopping on systematic errors) count as empty"
        + " predictions");
  }

  /**
   * The admissions this coder failed on, when it answered others too ({@code failed on 53 of 500 admissions
   * (server_error 53)}): each is scored as an empty prediction. Empty without failures, or when it answered none
   * ({@link #notMeasured}).
   */
  public Optional<String> failures() {
    if (failed == 0 || answered == 0) {
      return Optional.empty();
    }
    return Optional.of("failed on " + Numbers.count(failed) + " of " + Plural.grouped(admissions, "admission") + " (" + String.join(", ",
        new java.util.TreeMap<>(failuresByKind).entrySet().stream().map(e -> e.getKey() + " " + Numbers.count(e.getValue())).toList())
        + ")");
  }

  /**
   * Why this coder's numbers measure nothing, when they do not: it answered none of its admissions (it was unavailable,
   * failed on every one, or never reached them), so every metric would be the zero of an empty prediction set. Empty when
   * it answered at least one admission.
   */
  public Optional<String> notMeasured() {
    if (answered > 0 || admissions == 0) {
      return Optional.empty();
    }
    if (unavailable != null) {
      return Optional.of("unavailable: " + unavailable);
    }
    if (failed == admissions) {
      return Optional.of("failed on every admission (" + Numbers.count(failed) + ")");
    }
    return Optional.of("answered none of its " + Plural.grouped(admissions, "admission") + " (" + Numbers.count(failed) + " failed, "
        + Numbers.count(admissions - failed) + " never coded)");
  }
}
