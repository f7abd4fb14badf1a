package org.medcode.eval;

import java.util.Arrays;

/**
 * The resampled values of one metric as far as a percentile interval needs them: only the smallest and the largest
 * few, enough for the two order statistics on each side that {@link Quantiles#linear} interpolates between. The
 * interval is the one {@link Quantiles#interval} gives on all the values, to the last bit (the same order statistics,
 * in the same total order as {@code Arrays.sort}, through the same arithmetic), while the memory held per metric is
 * about (1 − confidence) of the resamples instead of all of them.
 */
final class Tails {
  private final int resamples;
  private final double confidence;
  /** The {@code lowCount} smallest values as a max-heap (root = largest of them). */
  private final double[] low;
  private int lowSize;
  /** The {@code highCount} largest values as a min-heap (root = smallest of them). */
  private final double[] high;
  private int highSize;
  private int added;

  /** Room for the tails of {@code resamples} values at {@code confidence}. */
  Tails(int resamples, double confidence) {
    this.resamples = resamples;
    this.confidence = confidence;
    low = new double[Math.min(resamples, lowIndex(resamples, lowQuantile(confidence)) + 2)];
    high = new double[Math.min(resamples, resamples - lowIndex(resamples, highQuantile(confidence)))];
  }

  /** As {@link Quantiles#interval}: the lower percentile (100 − 100·c)/2. */
  private static double lowQuantile(double confidence) {
    double percent = 100.0 * confidence;
    return (100.0 - percent) / 2.0 / 100.0;
  }

  private static double highQuantile(double confidence) {
    double percent = 100.0 * confidence;
    return (100.0 + percent) / 2.0 / 100.0;
  }

  /** The lower of the two sorted positions {@link Quantiles#linear} reads for quantile q of n values. */
  private static int lowIndex(int n, double q) {
    return (int) Math.floor((n - 1) * q);
  }

  void add(double value) {
    added++;
    if (low.length > 0) {
      if (lowSize < low.length) {
        low[lowSize] = value;
        siftUp(low, lowSize++, true);
      } else if (Double.compare(value, low[0]) < 0) {
        low[0] = value;
        siftDown(low, lowSize, true);
      }
    }
    if (high.length > 0) {
      if (highSize < high.length) {
        high[highSize] = value;
        siftUp(high, highSize++, false);
      } else if (Double.compare(value, high[0]) > 0) {
        high[0] = value;
        siftDown(high, highSize, false);
      }
    }
  }

  /** Adds every value another {@code Tails} of the same shape has seen (as far as these tails need them). */
  void addAll(Tails other) {
    for (int i = 0; i < other.lowSize; i++) {
      addLow(other.low[i]);
    }
    for (int i = 0; i < other.highSize; i++) {
      addHigh(other.high[i]);
    }
    added += other.added;
  }

  private void addLow(double value) {
    if (lowSize < low.length) {
      low[lowSize] = value;
      siftUp(low, lowSize++, true);
    } else if (low.length > 0 && Double.compare(value, low[0]) < 0) {
      low[0] = value;
      siftDown(low, lowSize, true);
    }
  }

  private void addHigh(double value) {
    if (highSize < high.length) {
      high[highSize] = value;
      siftUp(high, highSize++, false);
    } else if (high.length > 0 && Double.compare(value, high[0]) > 0) {
      high[0] = value;
      siftDown(high, highSize, false);
    }
  }

  /** The central interval around {@code point}, exactly as {@link Quantiles#interval} on all the values. */
  Estimate interval(double point) {
    if (added != resamples) {
      throw new IllegalStateException(added + " values of " + resamples + " resamples");
    }
    double[] smallest = Arrays.copyOf(low, lowSize);
    double[] largest = Arrays.copyOf(high, highSize);
    Arrays.sort(smallest);
    Arrays.sort(largest);
    int n = resamples;
    Quantiles.Sorted sorted = index -> index < smallest.length ? smallest[index]
        : largest[index - (n - largest.length)];
    return new Estimate(point, Quantiles.linear(sorted, n, lowQuantile(confidence)),
        Quantiles.linear(sorted, n, highQuantile(confidence)));
  }

  private static boolean before(double a, double b, boolean maxHeap) {
    return maxHeap ? Double.compare(a, b) > 0 : Double.compare(a, b) < 0;
  }

  private static void siftUp(double[] heap, int i, boolean maxHeap) {
    double x = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(x, heap[parent], maxHeap)) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = x;
  }

  private static void siftDown(double[] heap, int size, boolean maxHeap) {
    double x = heap[0];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && before(heap[child + 1], heap[child], maxHeap)) {
        child++;
      }
      if (!before(heap[child], x, maxHeap)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = x;
  }
}
