package org.medcode.eval;

/** What happens to predicted codes that are not in the code table (or not even well formed). */
public enum InvalidPolicy {
  /** Keep them: each is a false positive at the exact level (default; most published work). */
  COUNT,
  /** Remove them before scoring, as the official CodiEsp scorer does. */
  DROP;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The policy of a {@link #label()} as metrics.json writes it, or null for another text. */
  public static InvalidPolicy ofLabel(String label) {
    return java.util.Arrays.stream(values()).filter(p -> p.label().equals(label)).findFirst().orElse(null);
  }
}
