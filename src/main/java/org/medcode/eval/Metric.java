package org.medcode.eval;

/** A metric computed from counts or from ranked predictions. */
public enum Metric {
  PRECISION("precision", false),
  RECALL("recall", false),
  F1("f1", false),
  /** |gold ∩ predicted| / |gold ∪ predicted| per admission. */
  JACCARD("jaccard", false),
  /** Share of admissions whose predicted set equals the gold set. */
  EXACT_MATCH("exact_match", false),
  /** Mean average precision as trec_eval defines AP. */
  MAP("map", true),
  /** Precision at rank k. */
  P_AT_K("p@", true),
  /** Recall at rank k. */
  R_AT_K("r@", true),
  /** Precision at rank R, R = number of gold codes. */
  R_PRECISION("r_precision", true);

  private final String label;
  private final boolean ranked;

  Metric(String label, boolean ranked) {
    this.label = label;
    this.ranked = ranked;
  }

  public boolean ranked() {
    return ranked;
  }

  /** Name in files: {@code precision}, {@code p@5}, {@code map}, ... */
  public String label(int k) {
    return (this == P_AT_K || this == R_AT_K) ? label + k : label;
  }
}
