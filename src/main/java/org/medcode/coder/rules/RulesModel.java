package org.medcode.coder.rules;

/**
 * Everything the coder needs for one language, immutable once built: the analysis chain, the vocabulary, the
 * lexicon and the context rules.
 */
record RulesModel(RulesLanguage language, TextAnalysis analysis, Vocabulary vocabulary, Lexicon lexicon,
    ContextRules context) {

  /** Tokens of a note, with terms the vocabulary does not know as -1. */
  Tokens analyze(String text) {
    return analysis.analyze(text, vocabulary, false);
  }
}
