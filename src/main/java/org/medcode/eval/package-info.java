/**
 * The metric engine: turns gold codes and predictions into counts, metrics and bootstrap intervals, all in one
 * immutable {@link org.medcode.eval.EvaluationResult} that report writers only format. Entry point:
 * {@link org.medcode.eval.Evaluator#evaluate}. Depends only on {@code codesystem}, {@code dataset} and
 * {@code prediction}; nothing here does I/O.
 *
 * <h2>Conventions (exactly what is computed)</h2>
 *
 * <h3>Inputs</h3>
 * <ul>
 *   <li>Only gold codes whose {@code system()} is the table's system are scored; the others are ignored and counted in
 *       {@code notes}. Repeated gold codes collapse.</li>
 *   <li>Predictions for ids that are not among the admissions are ignored (the caller reports them). An admission
 *       without a prediction is scored as an empty prediction.</li>
 *   <li>Rank order: when every predicted code of an admission has a score (not null, not NaN), codes are sorted by
 *       score descending, ties broken by canonical code descending (as trec_eval orders a run; 0.0 and -0.0 tie);
 *       otherwise the given order is the rank. A repeated predicted code then keeps its first (best) rank. (The
 *       analyses — automation coverage, hard admissions, error taxonomy — keep tied codes in the given order.)</li>
 *   <li>Invalid predicted codes are those whose table status is {@code NOT_IN_TABLE} or {@code MALFORMED}.
 *       {@link org.medcode.eval.InvalidPolicy#COUNT} keeps them: a false positive at the exact level and, at coarser
 *       levels, mapped to its ancestor like any code (so a well-formed code that does not exist may still hit the
 *       right category, as truncating scorers do). {@link org.medcode.eval.InvalidPolicy#DROP} removes them before
 *       anything is scored (the official CodiEsp scorer). {@link org.medcode.eval.InvalidStats} and
 *       {@code AdmissionCounts.invalid} are counted at the exact level, after de-duplication, before dropping; gold
 *       codes the table does not know are kept and scored, only reported.</li>
 * </ul>
 *
 * <h3>Levels</h3>
 * At {@code EXACT} the key of a code is the code itself (identical strings match, whatever their status). At a
 * coarser level it is {@code system.ancestor(code, level)}; a code without an ancestor there gets a key that never
 * matches: {@code ?gold:CODE} on the gold side (an unavoidable false negative), {@code ?pred:CODE} on the predicted
 * side (a false positive), as does a malformed predicted string that is no gold code (the note counts both kinds). Sets are de-duplicated after mapping (two gold codes of one category are one category);
 * ranked lists keep the first occurrence of each key. Levels in the options that the system does not define are
 * skipped with a note; a level listed twice is evaluated once.
 *
 * <h3>Averages</h3>
 * For admission i at a level: G_i gold keys, P_i predicted keys, tp = |G ∩ P|, fp = |P \ G|, fn = |G \ P|.
 * <ul>
 *   <li><b>micro</b> ({@link org.medcode.eval.Averaging#MICRO}): tp, fp, fn summed over admissions; precision
 *       tp/(tp+fp), recall tp/(tp+fn), F1 = 2tp/(2tp+fp+fn); each 0 when its denominator is 0.</li>
 *   <li><b>per-admission</b> ({@link org.medcode.eval.Averaging#SAMPLE}): the mean over <em>all</em> admissions of
 *       precision_i, recall_i, F1_i = 2tp/(2tp+fp+fn), Jaccard_i = tp/(tp+fp+fn) and exact match_i (1 when the sets
 *       are equal). Zero denominators: gold and prediction both empty → all five are 1; only the prediction empty →
 *       precision 0 (recall, F1, Jaccard 0 too); only gold empty → recall 0 (precision, F1, Jaccard 0 too).</li>
 *   <li><b>macro</b>: per key c, P_c = tp/(tp+fp) (0 when never predicted), R_c = tp/(tp+fn) (0 when never in
 *       gold), F1_c = 2tp/(2tp+fp+fn) (0 when undefined); macro precision, recall and F1 are the means of P_c, R_c
 *       and F1_c. Macro F1 is the mean of per-code F1, <em>not</em> the F1 of macro precision and macro recall.
 *       {@link org.medcode.eval.Averaging#MACRO_GOLD} averages over keys with gold support &gt; 0;
 *       {@link org.medcode.eval.Averaging#MACRO_ALL} over every key seen in gold or (scored) predictions, which is
 *       scikit-learn's {@code average='macro'} without {@code labels=} and with {@code zero_division=0}. No key → 0.</li>
 *   <li><b>ranked</b> (reported under {@code SAMPLE}; computed from the rank order even without scores): averaged over
 *       the admissions with at least one gold key at that level (as {@code trec_eval -c}: an admission with no
 *       prediction contributes 0; no such admission → 0). AP = (Σ over ranks r holding a gold key of hits@r / r) /
 *       |G| over the whole ranked list; MAP = mean AP; P@k = hits in the top k / k (k fixed even when fewer codes
 *       are predicted, as trec_eval's P_k); R@k = hits in the top k / |G|; R-precision = hits in the top |G| / |G|.
 *       {@code AdmissionCounts.averagePrecision} is NaN for an admission without gold at that level.</li>
 * </ul>
 * Point values are computed with correctly rounded sums, so they do not depend on admission or code order.
 *
 * <h3>Bootstrap intervals</h3>
 * Percentile intervals from {@code bootstrap} resamples (0 = none: every value is {@code Estimate.point}). Resample b
 * (0-based) uses the b-th {@code split()} of {@code new java.util.SplittableRandom(seed)} and draws n admission indices
 * with {@code nextInt(n)} (admissions in input order), or, with {@code groupByPatient}, P patient indices with
 * {@code nextInt(P)} (patients in order of first appearance), each bringing all its admissions. The same resample is
 * used for every metric and level, so intervals are jointly consistent; results do not depend on thread scheduling.
 * Each resample recomputes every metric exactly as above on the resampled admissions (an admission drawn twice counts
 * twice). The bounds are the percentiles (100 ∓ 100·confidence)/2 of the resampled values with numpy's default
 * "linear" interpolation (for 0.95: {@code numpy.percentile(values, [2.5, 97.5])}). Micro, per-admission and ranked
 * metrics get intervals; macro averages only with {@code macroIntervals}.
 *
 * <h3>Result layout</h3>
 * {@code metrics}: for each level in options order, MICRO {precision, recall, f1}; SAMPLE {precision, recall, f1,
 * jaccard, exact_match, map, p@k…, r@k…, r_precision}; MACRO_GOLD {precision, recall, f1}; MACRO_ALL {precision,
 * recall, f1}. {@code LevelResult.perCode}: every key seen, sorted by support desc then key asc, with the table's status
 * of the key ({@code UNCHECKED} for block and chapter keys that are not codes; the original code's status for
 * {@code ?gold:}/{@code ?pred:} keys). {@code perAdmission}: in admission order.
 *
 * <h3>Analyses beyond the headline metrics</h3>
 * {@link org.medcode.eval.Analysis#of} bundles three pure analyses of one coder, each documented exactly on its class:
 * {@link org.medcode.eval.Stratifier} (every metric per stratum of note length, gold-code count, chapter and training
 * frequency, each stratum evaluated with the same conventions, options and seed as the whole),
 * {@link org.medcode.eval.ErrorAnalysis} (each predicted and gold code classified by {@link org.medcode.eval.ErrorKind},
 * plus gold → predicted confusions) and {@link org.medcode.eval.Automation} (touchless coverage by admission confidence
 * and recall at k suggestions). {@link org.medcode.eval.Evaluator#evaluateWithAnalysis} computes an evaluation and its
 * analyses together. {@link org.medcode.eval.Paired} compares two predictions on the same admissions (paired
 * bootstrap, approximate randomisation). {@link org.medcode.eval.DerivedFigures} gives figures derived from one
 * evaluation (the category − exact recall gap, the invalid-code rate, the shares of wrong answers by error kind) with
 * intervals on the engine's own resamples, which {@link org.medcode.eval.Resamples} reproduces (so the gap's interval
 * is paired: both recalls on the same resample).
 *
 * <h3>How the work is done (what keeps 122,000 admissions in seconds)</h3>
 * The input is read once into primitive arrays ({@code RawInput}: a code dictionary with every code's status and
 * level keys, gold and predicted codes as dictionary ids). The whole and every stratum are <em>views</em> of it
 * ({@code EncodedInput}, {@code LevelScores}): an admission stratum is a subset of admissions; a code stratum keeps
 * only its codes and, needing only micro and macro averages, visits only the admissions that have such codes
 * ({@code CodeStratum}). All views are resampled in one pass ({@code Bootstrap}): views with the same admissions share
 * the draws of a resample, and eight resamples are processed side by side, each sum made in exactly the order a
 * resample alone makes it, so every interval is the same to the last bit as when each was computed on its own.
 */
package org.medcode.eval;
