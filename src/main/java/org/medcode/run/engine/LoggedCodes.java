package org.medcode.run.engine;

import java.util.AbstractList;
import java.util.RandomAccess;
import org.medcode.coder.CodeSuggestion;
import org.medcode.prediction.PredictedCodes;

/**
 * A logged answer's codes and scores, read for scoring: held as {@link PredictedCodes} (two arrays), read as a
 * {@link CodeSuggestion} made on each get.
 */
final class LoggedCodes extends AbstractList<CodeSuggestion> implements RandomAccess {
  private final PredictedCodes codes;

  LoggedCodes(String[] codes, double[] scores, boolean[] unscored) {
    this.codes = PredictedCodes.of(codes, scores, unscored);
  }

  @Override
  public CodeSuggestion get(int index) {
    var code = codes.get(index);
    return new CodeSuggestion(code.code(), code.score());
  }

  @Override
  public int size() {
    return codes.size();
  }

  /** The same codes as the scoring engine reads them, on the same arrays. */
  PredictedCodes predicted() {
    return codes;
  }
}
