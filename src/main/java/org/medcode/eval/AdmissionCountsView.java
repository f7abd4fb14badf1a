package org.medcode.eval;

import java.util.AbstractList;
import java.util.RandomAccess;
import java.util.function.IntFunction;

/**
 * An unmodifiable list of per-admission counts made on demand from the engine's arrays, so that a level's counts for
 * 122,000 admissions cost no objects until a writer reads them (one at a time).
 */
final class AdmissionCountsView extends AbstractList<AdmissionCounts> implements RandomAccess {
  private final int size;
  private final IntFunction<AdmissionCounts> row;

  AdmissionCountsView(int size, IntFunction<AdmissionCounts> row) {
    this.size = size;
    this.row = row;
  }

  @Override
  public AdmissionCounts get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " of " + size);
    }
    return row.apply(index);
  }

  @Override
  public int size() {
    return size;
  }
}
