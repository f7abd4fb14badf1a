package org.medcode.coder.rules;

import java.util.Locale;

/**
 * One phrase of the lexicon: its content terms as a bag ({@code terms}, distinct ids, rarest first), the code it
 * stands for, a confidence in [0, 1] that a mention means the code, {@code support}: how many training admissions that
 * confidence was counted on (0 when it is the prior alone), where it came from, the context it requires (0, or a
 * {@link MentionContext} bit for the Z-code phrases of family and personal history) and the phrase as written (for
 * rationales).
 */
record LexiconEntry(int[] terms, String code, double confidence, int support, Source source, int requiredContext,
    String phrase) {

  /** Where a phrase came from. */
  enum Source {
    /** A code title of the table (long or short). */
    TITLE,
    /** The project's synonym list, or an abbreviation variant of a title or synonym. */
    SYNONYM,
    /** An n-gram of training notes aligned with a gold code. */
    LEARNED,
    /** A gold evidence span of the training split (CodiEsp), or one projected from a translation of it. */
    EVIDENCE,
    /** A combination code of co-occurring candidates ({@link Combinations}). */
    COMBINATION;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  LexiconEntry calibrated(double value, int counted) {
    return new LexiconEntry(terms, code, value, counted, source, requiredContext, phrase);
  }

  LexiconEntry withTerms(int[] ordered) {
    return new LexiconEntry(ordered, code, confidence, support, source, requiredContext, phrase);
  }
}
