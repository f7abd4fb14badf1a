package org.medcode.eval;

/** Which admissions are scored. */
public enum Population {
  /** Every admission of the dataset (an admission without gold codes of the system still counts). */
  ALL("all"),
  /**
   * Only admissions with at least one gold code of the evaluated system; predictions for the others are ignored. This is
   * what the official CodiEsp scorer does (it scores the documents listed in the gold file).
   */
  WITH_GOLD("with-gold");

  private final String label;

  Population(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The population of a {@link #label()} as metrics.json writes it, or null for another text. */
  public static Population ofLabel(String label) {
    return java.util.Arrays.stream(values()).filter(p -> p.label().equals(label)).findFirst().orElse(null);
  }
}
