package org.medcode.coder.rules;

import java.nio.file.Path;

/**
 * The resolved parameters of one rules coder (see {@link RulesCoderFactory#parameters()} for their meaning).
 * {@code language} is null for {@code auto}; {@code minScore} is null for {@code auto} (the threshold tuned on the
 * training split).
 */
record RulesSettings(
    Path rulesDir,
    RulesLanguage language,
    ContextPolicy policy,
    int contextWindow,
    int slack,
    Double minScore,
    int maxCodes,
    boolean learn,
    int minSupport,
    double minPrecision,
    boolean learnUnaligned,
    double lexiconShare,
    int calibrationFolds,
    boolean logisticScorer,
    String nestedMentions,
    boolean combinations,
    String seventhCharacter,
    String parallelEvidence) {

  /** Whether a mention inside a longer one is kept ({@code nestedMentions} resolved to keep or drop). */
  boolean keepNested() {
    return nestedMentions.equals("keep");
  }

  RulesSettings withNested(String value) {
    return new RulesSettings(rulesDir, language, policy, contextWindow, slack, minScore, maxCodes, learn, minSupport,
        minPrecision, learnUnaligned, lexiconShare, calibrationFolds, logisticScorer, value, combinations,
        seventhCharacter, parallelEvidence);
  }
}
