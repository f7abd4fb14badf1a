package org.medcode.eval;

/**
 * Counts for one admission at one level. {@code gold}/{@code predicted} are set sizes after mapping to the level and
 * removing duplicates (and, under {@link InvalidPolicy#DROP}, after dropping invalid predictions);
 * {@code invalid} counts the admission's invalid predicted codes (exact level, before any dropping).
 * {@code averagePrecision} is NaN when the admission has no gold code at this level.
 *
 * <p>Zero-denominator convention of the per-admission metrics: when gold and prediction are both empty every metric
 * is 1 (nothing to find, nothing wrongly found); when only the prediction is empty precision is 0; when only gold is
 * empty recall is 0.
 */
public record AdmissionCounts(String admissionId, String patientId, int gold, int predicted, int tp, int fp, int fn,
    int invalid, double averagePrecision) {

  public Counts counts() {
    return new Counts(tp, fp, fn);
  }

  private boolean bothEmpty() {
    return tp + fp + fn == 0;
  }

  public double precision() {
    return bothEmpty() ? 1.0 : Counts.ratio(tp, tp + fp);
  }

  public double recall() {
    return bothEmpty() ? 1.0 : Counts.ratio(tp, tp + fn);
  }

  /** 2·tp / (2·tp + fp + fn). */
  public double f1() {
    return bothEmpty() ? 1.0 : Counts.ratio(2L * tp, 2L * tp + fp + fn);
  }

  /** |gold ∩ predicted| / |gold ∪ predicted|. */
  public double jaccard() {
    return bothEmpty() ? 1.0 : Counts.ratio(tp, tp + fp + fn);
  }

  /** Whether the predicted set equals the gold set. */
  public boolean exactMatch() {
    return fp == 0 && fn == 0;
  }
}
