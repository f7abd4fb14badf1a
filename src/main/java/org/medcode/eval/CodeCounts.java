package org.medcode.eval;

import org.medcode.codesystem.CodeStatus;

/**
 * Counts for one code (or ancestor key) at one level, over all admissions. {@code support} = admissions whose gold
 * has it (tp + fn); {@code predicted} = admissions whose (scored) predictions have it (tp + fp). {@code status} is the
 * table's verdict on the key (for coarser levels: on the ancestor key when it is a code, e.g. a category header; for an
 * unmapped key, on the code itself). {@code code} is the engine's key: for a code without a key at a coarser level it is
 * {@code ?gold:CODE} or {@code ?pred:CODE} ({@link #unmapped}, {@link #source}).
 */
public record CodeCounts(String code, CodeStatus status, long tp, long fp, long fn) {
  /**
   * Whether this row stands for one code that has no key at its level (no ancestor there, or a malformed predicted
   * string), which never matches: on the gold side a false negative, on the predicted side a false positive, and in
   * macro averages a code of its own.
   */
  public enum Unmapped {
    /** A key of the level (at the exact level every code is one). */
    NO("no"),
    /** A gold code without a key at this level. */
    GOLD("gold"),
    /** A predicted code without a key at this level. */
    PREDICTED("predicted");

    private final String label;

    Unmapped(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Whether, and on which side, this row is a code without a key at its level. */
  public Unmapped unmapped() {
    return code.startsWith(LevelScores.UNMAPPED_GOLD) ? Unmapped.GOLD
        : code.startsWith(LevelScores.UNMAPPED_PRED) ? Unmapped.PREDICTED : Unmapped.NO;
  }

  /** The code this row counts: the key itself, or for an unmapped key the (canonical) code that has no key. */
  public String source() {
    return unmapped() == Unmapped.NO ? code : code.substring(LevelScores.UNMAPPED_GOLD.length());
  }

  public long support() {
    return tp + fn;
  }

  public long predicted() {
    return tp + fp;
  }

  public Counts counts() {
    return new Counts(tp, fp, fn);
  }
}
