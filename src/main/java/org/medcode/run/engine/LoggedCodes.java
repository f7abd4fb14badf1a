package org.medcode.run.engine;

import java.util.AbstractList;
import java.util.RandomAccess;
import org.medcode.coder.CodeSuggestion;
import org.medcode.prediction.PredictedCodes;

/** A logged answer's codes and scores, read for scoring: two arrays, a {@link CodeSuggestion} made on each get. */
final class LoggedCodes extends AbstractList<CodeSuggestion> implements RandomAccess {
  private final String[] codes;
  private final double[] scores;
  private final boolean[] unscored;

  LoggedCodes(String[] codes, double[] scores, boolean[] unscored) {
    this.codes = codes;
    this.scores = scores;
    this.unscored = unscored;
  }

  @Override
  public CodeSuggestion get(int index) {
    return new CodeSuggestion(codes[index], unscored != null && unscored[index] ? null : scores[index]);
  }

  @Override
  public int size() {
    return codes.length;
  }

  PredictedCodes predicted() {
    return PredictedCodes.of(codes, scores, unscored);
  }
}
