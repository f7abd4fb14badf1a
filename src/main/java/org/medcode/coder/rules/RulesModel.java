package org.medcode.coder.rules;

import org.medcode.coder.training.Logistic;

/**
 * Everything the coder needs for one language, immutable once built: the analysis chain, the vocabulary, the
 * lexicon, the context rules, the combination rules and the scoring of candidate codes.
 */
record RulesModel(RulesLanguage language, TextAnalysis analysis, Vocabulary vocabulary, Lexicon lexicon,
    ContextRules context, Combinations combinations, Scoring scoring) {

  /**
   * How candidates become scores: a logistic model over {@link Candidates#features} fitted on out-of-fold candidates
   * of the training split (null: the noisy-or of phrase confidences), the training split's code counts it reads, and
   * the threshold tuned for micro F1 on the same out-of-fold candidates (NaN when there was nothing to tune on).
   */
  record Scoring(Logistic logistic, Candidates.CodePriors priors, double threshold) {
    static final Scoring NONE = new Scoring(null, new Candidates.CodePriors(java.util.Map.of(), 0), Double.NaN);

    double score(String code, Candidates.Found found, java.util.Map<String, Candidates.Found> all) {
      return logistic == null ? found.noisyOr() : logistic.probability(Candidates.features(code, found, all, priors));
    }
  }

  /** Tokens of a note, with terms the vocabulary does not know as -1. */
  Tokens analyze(String text) {
    return analysis.analyze(text, vocabulary, false);
  }
}
