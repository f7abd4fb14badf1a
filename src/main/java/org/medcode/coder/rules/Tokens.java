package org.medcode.coder.rules;

/**
 * One analysed text: for each token its term id (-1 when unknown to the vocabulary), its character offsets in the
 * original text, and the index of its sentence. Sentences end at {@code . ! ? ;} or a line break between tokens.
 */
record Tokens(String text, int size, int[] ids, int[] starts, int[] ends, int[] sentenceStarts, int sentenceCount) {

  /** First token of sentence {@code s}. */
  int sentenceStart(int s) {
    return sentenceStarts[s];
  }

  /** One past the last token of sentence {@code s}. */
  int sentenceEnd(int s) {
    return s + 1 < sentenceCount ? sentenceStarts[s + 1] : size;
  }
}
