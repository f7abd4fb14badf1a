package org.medcode.prediction;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An answer's codes held as two arrays (codes, and scores with null for none) instead of an object per code, read as
 * {@link PredictedCode}s made on each {@link #get}: a stored run of a whole split keeps millions of codes, and these
 * arrays are all it keeps of them. Immutable; the arrays are the caller's to give up (never changed after).
 */
public final class PredictedCodes extends AbstractList<PredictedCode> implements RandomAccess {
  private final String[] codes;
  private final double[] scores;
  private final boolean[] unscored;

  private PredictedCodes(String[] codes, double[] scores, boolean[] unscored) {
    this.codes = codes;
    this.scores = scores;
    this.unscored = unscored;
  }

  /**
   * A view of {@code codes} (canonical, as written) and their {@code scores}; {@code unscored} marks the codes without
   * a score (null when every code has one). None of the arrays may change after.
   */
  public static PredictedCodes of(String[] codes, double[] scores, boolean[] unscored) {
    if (codes.length != scores.length || unscored != null && unscored.length != codes.length) {
      throw new IllegalArgumentException(codes.length + " codes, " + scores.length + " scores");
    }
    return new PredictedCodes(codes, scores, unscored);
  }

  @Override
  public PredictedCode get(int index) {
    return new PredictedCode(codes[index], codes[index], score(index));
  }

  private Double score(int index) {
    return unscored != null && unscored[index] ? null : scores[index];
  }

  @Override
  public int size() {
    return codes.length;
  }
}
