package org.medcode.coder.ensemble;

/** How an ensemble combines its members' answers. */
public enum EnsembleMode {
  /** Every code any member predicts, ranked by fused score. */
  UNION,
  /** Codes predicted by members carrying more than {@code quorum} of the total weight. */
  VOTE,
  /** Codes whose fused score (see {@link Fusion}) is at least {@code min-score}. */
  FUSION,
  /**
   * Codes whose stacked probability ({@link Stacker}: a logistic model over the members' answers, learned from their
   * out-of-fold answers on the training split) is at least the threshold tuned there.
   */
  STACKED
}
