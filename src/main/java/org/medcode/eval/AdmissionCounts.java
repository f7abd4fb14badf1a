package org.medcode.eval;

/**
 * Counts for one admission at one level. {@code gold}/{@code predicted} are set sizes after mapping to the level and
 * removing duplicates (and, under {@link InvalidPolicy#DROP}, after dropping invalid predictions);
 * {@code invalid} counts the admission's invalid predicted codes (exact level, before any dropping).
 * {@code averagePrecision} is NaN when the admission has no gold code at this level.
 */
public record AdmissionCounts(String admissionId, String patientId, int gold, int predicted, int tp, int fp, int fn,
    int invalid, double averagePrecision) {

  public Counts counts() {
    return new Counts(tp, fp, fn);
  }
}
