package org.medcode.eval;

import java.util.Arrays;
import java.util.List;

/**
 * One side of a paired comparison at one level, reduced for resampling: the admissions' tp / fp / fn, a class id per
 * admission for each distinct (tp, fp, fn) triple, and per class the per-admission precision, recall, F1 and Jaccard
 * ({@link LevelMetrics}, so the very doubles the engine uses), plus each admission's exact-match indicator.
 */
final class CountClasses {
  /** Per-admission metrics in {@link #values}: precision, recall, F1, Jaccard. */
  static final int METRICS = 4;

  final int[] tp;
  final int[] fp;
  final int[] fn;
  final int[] classOf;
  /** values[METRICS·c + m]: metric m of class c. */
  final double[] values;
  /** 1 when the admission's predicted set equals its gold set (fp = fn = 0), else 0. */
  final int[] exact;
  /** The largest |tp|, |fp| or |fn|. */
  final long largestCount;

  CountClasses(PairedSide.Level level) {
    tp = level.tp();
    fp = level.fp();
    fn = level.fn();
    int n = tp.length;
    exact = new int[n];
    classOf = new int[n];
    // Open addressing on the triple; a table of at most twice the admissions (at least 64 slots), never full.
    int capacity = Math.max(64, Integer.highestOneBit(Math.max(1, 2 * n)) * 2);
    int mask = capacity - 1;
    int[] slotClass = new int[capacity];
    Arrays.fill(slotClass, -1);
    int[] classTp = new int[16];
    int[] classFp = new int[16];
    int[] classFn = new int[16];
    int classes = 0;
    long largest = 0;
    for (int i = 0; i < n; i++) {
      int t = tp[i];
      int p = fp[i];
      int m = fn[i];
      exact[i] = p == 0 && m == 0 ? 1 : 0;
      largest = Math.max(largest, Math.max(Math.abs((long) t), Math.max(Math.abs((long) p), Math.abs((long) m))));
      int slot = hash(t, p, m) & mask;
      int c;
      while ((c = slotClass[slot]) >= 0 && (classTp[c] != t || classFp[c] != p || classFn[c] != m)) {
        slot = (slot + 1) & mask;
      }
      if (c < 0) {
        c = classes++;
        slotClass[slot] = c;
        if (c == classTp.length) {
          classTp = Arrays.copyOf(classTp, 2 * c);
          classFp = Arrays.copyOf(classFp, 2 * c);
          classFn = Arrays.copyOf(classFn, 2 * c);
        }
        classTp[c] = t;
        classFp[c] = p;
        classFn[c] = m;
      }
      classOf[i] = c;
    }
    values = new double[METRICS * classes];
    for (int c = 0; c < classes; c++) {
      values[METRICS * c] = LevelMetrics.precision(classTp[c], classFp[c], classFn[c]);
      values[METRICS * c + 1] = LevelMetrics.recall(classTp[c], classFp[c], classFn[c]);
      values[METRICS * c + 2] = LevelMetrics.f1(classTp[c], classFp[c], classFn[c]);
      values[METRICS * c + 3] = LevelMetrics.jaccard(classTp[c], classFp[c], classFn[c]);
    }
    largestCount = largest;
  }

  /** The classes of every level of {@code levels}, in order. */
  static List<CountClasses> of(List<PairedSide.Level> levels) {
    return levels.stream().map(CountClasses::new).toList();
  }

  /** Per-admission metric m (0 precision, 1 recall, 2 F1, 3 Jaccard) of admission i. */
  double value(int m, int i) {
    return values[METRICS * classOf[i] + m];
  }

  private static int hash(int tp, int fp, int fn) {
    int h = tp * 0x9E3779B9 + fp * 0x85EBCA6B + fn * 0xC2B2AE35;
    return h ^ (h >>> 15);
  }
}
