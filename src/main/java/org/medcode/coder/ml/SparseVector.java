package org.medcode.coder.ml;

/** A sparse vector: ascending feature {@code indices} with their {@code values} (same length). */
public record SparseVector(int[] indices, float[] values) {
  public static final SparseVector EMPTY = new SparseVector(new int[0], new float[0]);

  public int size() {
    return indices.length;
  }

  /** Dot product of two vectors with ascending indices. */
  public double dot(SparseVector other) {
    double sum = 0;
    int i = 0;
    int j = 0;
    while (i < indices.length && j < other.indices.length) {
      if (indices[i] == other.indices[j]) {
        sum += (double) values[i++] * other.values[j++];
      } else if (indices[i] < other.indices[j]) {
        i++;
      } else {
        j++;
      }
    }
    return sum;
  }
}
