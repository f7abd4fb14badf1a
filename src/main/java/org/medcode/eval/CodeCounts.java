package org.medcode.eval;

import org.medcode.codesystem.CodeStatus;

/**
 * Counts for one code (or ancestor key) at one level, over all admissions. {@code support} = admissions whose gold
 * has it (tp + fn); {@code predicted} = admissions whose (scored) predictions have it (tp + fp). {@code status} is the
 * table's verdict on the key (for coarser levels: on the ancestor key when it is a code, e.g. a category header).
 */
public record CodeCounts(String code, CodeStatus status, long tp, long fp, long fn) {
  public long support() {
    return tp + fn;
  }

  public long predicted() {
    return tp + fp;
  }

  public Counts counts() {
    return new Counts(tp, fp, fn);
  }
}
