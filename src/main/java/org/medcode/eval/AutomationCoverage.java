package org.medcode.eval;

import java.util.List;

/**
 * How much coding could go touchless (autonomous coding) and how much work a reviewer has with suggestions
 * (computer-assisted coding), at the exact level. See {@link Automation} for the definitions.
 *
 * @param unavailable why the coverage curve was not computed (the coder gives no scores), or null
 * @param curve one point per distinct admission confidence, from the most confident threshold down
 * @param targets for each criterion and target, the largest coverage that meets it
 * @param suggestions recall and review effort at k = 1 … the longest suggestion list
 * @param meanReviewToLastHit mean over admissions with at least one correct suggestion of the rank of the last
 *     correct one (the suggestions read to see every correct suggestion)
 */
public record AutomationCoverage(String unavailable, List<Point> curve, List<Target> targets, List<Suggestions> suggestions,
    double meanReviewToLastHit) {
  public AutomationCoverage {
    curve = List.copyOf(curve);
    targets = List.copyOf(targets);
    suggestions = List.copyOf(suggestions);
  }

  public boolean available() {
    return unavailable == null;
  }

  /**
   * Automating every admission with confidence ≥ {@code threshold}: how many ({@code admissions}, share
   * {@code coverage}) and the quality of their codes: micro counts, precision, recall, and the share of them whose
   * predicted set equals gold ({@code exactMatch}).
   */
  public record Point(double threshold, int admissions, double coverage, long tp, long fp, long fn, double precision,
      double recall, double exactMatch) {}

  /** What a quality criterion is measured on. */
  public enum Criterion {
    /** Micro precision of the automated admissions' codes. */
    MICRO_PRECISION("micro_precision"),
    /** Share of automated admissions whose codes equal gold exactly. */
    EXACT_MATCH("exact_match");

    private final String label;

    Criterion(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * The largest coverage whose quality meets {@code target} on {@code criterion}, the lowest threshold reaching it and
   * the quality achieved there; coverage 0, threshold and achieved NaN when no threshold meets it.
   */
  public record Target(Criterion criterion, double target, double coverage, int admissions, double threshold,
      double achieved) {}

  /**
   * Showing the top k suggestions: micro recall (gold codes among the first k / all gold codes), precision of what is
   * shown, and the mean number of suggestions a coder reviews per admission (min(k, list length)).
   */
  public record Suggestions(int k, double recall, double precision, double meanReviewed) {}
}
