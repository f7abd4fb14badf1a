package org.medcode.eval;

/**
 * What went right or wrong with one predicted code or one gold code of an admission, at the exact level. A predicted
 * code gets the first kind that applies in the order EXACT, INVALID, UNDER_SPECIFIED, OVER_SPECIFIED, HEADER, SIBLING,
 * SAME_CHAPTER, WRONG_CHAPTER; a gold code the first of EXACT, UNDER_SPECIFIED, OVER_SPECIFIED, SIBLING, SAME_CHAPTER,
 * MISSED. "Ancestor" is a proper prefix of the canonical code (ICD-10-CM E11 of E119; ICD-9-CM 250 of 25000).
 */
public enum ErrorKind {
  /** Predicted and in gold. */
  EXACT("exact", true, true),
  /** Predicted code malformed or not in the code table. */
  INVALID("invalid", true, false),
  /** Predicted: an ancestor of a gold code of the admission. Gold: an ancestor of it was predicted. */
  UNDER_SPECIFIED("under_specified", true, true),
  /** Predicted: a descendant of a gold code. Gold: a descendant of it was predicted. */
  OVER_SPECIFIED("over_specified", true, true),
  /** Predicted: a non-billable header that is no ancestor of a gold code. */
  HEADER("header", true, false),
  /** Same category (3 characters in ICD-10-CM), different code: as a gold code / as a predicted code. */
  SIBLING("sibling", true, true),
  /** Same chapter, different category. */
  SAME_CHAPTER("same_chapter", true, true),
  /** Predicted: no gold code of the admission is in its chapter. */
  WRONG_CHAPTER("wrong_chapter", true, false),
  /** Gold: no predicted code is in its chapter (nor related as above). */
  MISSED("missed", false, true);

  private final String label;
  private final boolean predictedSide;
  private final boolean goldSide;

  ErrorKind(String label, boolean predictedSide, boolean goldSide) {
    this.label = label;
    this.predictedSide = predictedSide;
    this.goldSide = goldSide;
  }

  public String label() {
    return label;
  }

  /** Whether a predicted code can have this kind. */
  public boolean predictedSide() {
    return predictedSide;
  }

  /** Whether a gold code can have this kind. */
  public boolean goldSide() {
    return goldSide;
  }
}
