package org.medcode.eval;

/**
 * How admissions or codes are split into strata. Admission dimensions evaluate a subset of admissions; code dimensions
 * evaluate every admission with gold and predicted codes restricted to the stratum's codes (so only micro and macro
 * averages are reported for them: per-admission means would count admissions without such codes as perfect).
 */
public enum StratumDimension {
  /** Quartiles of the admission's note length in characters (all notes joined). */
  NOTE_LENGTH_QUARTILE("note_length_quartile", false),
  /** Fixed bins of note length in characters: 0–999, 1,000–1,999, 2,000–3,999, 4,000–7,999, 8,000+. */
  NOTE_LENGTH_CHARS("note_length_chars", false),
  /** Number of distinct gold codes of the scored system: 0, 1–5, 6–10, 11–20, 21+. */
  GOLD_CODES("gold_codes", false),
  /** The ICD chapter (the system's chapter level) of each gold and predicted code. */
  CHAPTER("chapter", true),
  /** How often each exact code occurs in the training split: head, torso, tail, unseen. */
  TRAINING_FREQUENCY("training_frequency", true);

  private final String label;
  private final boolean byCodes;

  StratumDimension(String label, boolean byCodes) {
    this.label = label;
    this.byCodes = byCodes;
  }

  public String label() {
    return label;
  }

  /** Whether strata restrict codes (true) or admissions (false). */
  public boolean byCodes() {
    return byCodes;
  }
}
