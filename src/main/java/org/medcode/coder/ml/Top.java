package org.medcode.coder.ml;

import java.util.Arrays;

/** The positions of the largest values of an array of scores. */
final class Top {
  private Top() {}

  /** Indices of the k largest positive values, best first; ties to the lower index. */
  static int[] largest(double[] values, int k) {
    int[] best = new int[k + 1];
    int size = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] <= 0 || (size == k && values[i] <= values[best[k - 1]])) {
        continue;
      }
      int at = size;
      while (at > 0 && values[best[at - 1]] < values[i]) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = i;
      size = Math.min(k, size + 1);
    }
    return Arrays.copyOf(best, size);
  }
}
