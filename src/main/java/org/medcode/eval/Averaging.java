package org.medcode.eval;

/** How per-item counts become one number. */
public enum Averaging {
  /** Pooled counts over all (admission, code) pairs. */
  MICRO("micro"),
  /** Mean of per-code values over codes present in the gold standard (as Edin et al. 2023). */
  MACRO_GOLD("macro-gold"),
  /** Mean of per-code values over every code seen in gold or predictions (as scikit-learn without labels=). */
  MACRO_ALL("macro-all"),
  /** Mean of per-admission values (scikit-learn's "samples" average). */
  SAMPLE("per-admission");

  private final String label;

  Averaging(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
