package org.medcode.eval;

/** Whether an evaluation also runs the analyses beyond the headline metrics ({@link Analysis}). */
public enum AnalysisMode {
  /** Strata, error taxonomy, automation coverage and the hardest admissions, with their files and report sections. */
  FULL("full"),
  /** The metrics only (what scikit-learn's scorers compute): metrics.json, summary.csv, per_code.csv, per_admission.csv. */
  NONE("none");

  private final String label;

  AnalysisMode(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
