/**
 * The {@code rules} coder: a dictionary coder built from the code table, project-authored lists and the training split.
 *
 * <ul>
 *   <li>Normalisation ({@link org.medcode.coder.rules.RulesLanguage}): Lucene StandardTokenizer, accents composed
 *       (NFC), lower case, ASCII folding, a token map (UK→US spelling, number words) and the Snowball English or
 *       Spanish stemmer; stop words are kept in the token stream (triggers need them) and skipped by phrases.
 *   <li>Lexicon ({@link org.medcode.coder.rules.ModelBuilder}): bags of stemmed terms from every code's long title
 *       (whole and core), short title, the synonym list and abbreviation variants, plus phrases learned from training
 *       ({@link org.medcode.coder.rules.PhraseLearner}); each phrase's confidence is calibrated on the training notes.
 *   <li>Matching ({@link org.medcode.coder.rules.Lexicon}): each phrase is indexed by its rarest term; its other terms
 *       must occur within a small window in the same sentence, in any order; nested mentions give way to longer ones.
 *   <li>Context ({@link org.medcode.coder.rules.ContextRules}): NegEx/ConText triggers mark negated, hypothetical,
 *       historical and family tokens; {@link org.medcode.coder.rules.ContextPolicy} keeps, drops or turns them into
 *       family/personal-history Z codes.
 *   <li>Output ({@link org.medcode.coder.rules.RulesCoder}): noisy-or score per code, threshold, no code with its own
 *       ancestor, evidence spans per code, cap.
 * </ul>
 *
 * <p>The lists live in {@code configs/rules/} (see its README). Depends on the coder SPI, dataset, codesystem and
 * Lucene analysis only; never on eval, report, run or cli.
 */
package org.medcode.coder.rules;
