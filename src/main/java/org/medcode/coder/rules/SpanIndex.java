package org.medcode.coder.rules;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * The spans of a list (each a first and last token) sorted by their first token, so that the spans that may overlap
 * or contain a given one, which start within the longest span's length of it, are found without comparing every pair:
 * a note of one endless sentence costs n log n, not n².
 */
final class SpanIndex {
  /** Positions in the list, by first token (equal ones in list order). */
  private final Integer[] order;
  /** The first token of each, in that order. */
  private final int[] firsts;
  /** The largest {@code last - first} of the spans. */
  private final int longest;

  SpanIndex(int count, IntUnaryOperator first, IntUnaryOperator last) {
    order = new Integer[count];
    int widest = 0;
    for (int i = 0; i < count; i++) {
      order[i] = i;
      widest = Math.max(widest, last.applyAsInt(i) - first.applyAsInt(i));
    }
    longest = widest;
    Arrays.sort(order, Comparator.comparingInt(first::applyAsInt));
    firsts = new int[count];
    for (int k = 0; k < count; k++) {
      firsts[k] = first.applyAsInt(order[k]);
    }
  }

  int longest() {
    return longest;
  }

  /**
   * Whether {@code test} holds for a span starting at token {@code from} to {@code to} (both inclusive), given its
   * position in the list; spans are tried in order of first token, and the search stops at the first that passes.
   */
  boolean anyStartingIn(int from, int to, IntPredicate test) {
    for (int k = lowerBound(from); k < firsts.length && firsts[k] <= to; k++) {
      if (test.test(order[k])) {
        return true;
      }
    }
    return false;
  }

  /** The first place in {@link #firsts} whose value is at least {@code value} (its length when none is). */
  private int lowerBound(int value) {
    int lo = 0;
    int hi = firsts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (firsts[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
