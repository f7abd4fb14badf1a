package org.medcode.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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
    Map<Triple, Integer> classes = new HashMap<>();
    double[] table = new double[16 * METRICS];
    long largest = 0;
    for (int i = 0; i < n; i++) {
      int t = tp[i];
      int p = fp[i];
      int m = fn[i];
      exact[i] = p == 0 && m == 0 ? 1 : 0;
      largest = Math.max(largest, Math.max(Math.abs((long) t), Math.max(Math.abs((long) p), Math.abs((long) m))));
      Triple key = new Triple(t, p, m);
      Integer c = classes.get(key);
      if (c == null) {
        c = classes.size();
        classes.put(key, c);
        if (METRICS * c + METRICS > table.length) {
          table = Arrays.copyOf(table, 2 * table.length);
        }
        table[METRICS * c] = LevelMetrics.precision(t, p, m);
        table[METRICS * c + 1] = LevelMetrics.recall(t, p, m);
        table[METRICS * c + 2] = LevelMetrics.f1(t, p, m);
        table[METRICS * c + 3] = LevelMetrics.jaccard(t, p, m);
      }
      classOf[i] = c;
    }
    values = Arrays.copyOf(table, METRICS * classes.size());
    largestCount = largest;
  }

  /** Per-admission metric m (0 precision, 1 recall, 2 F1, 3 Jaccard) of admission i. */
  double value(int m, int i) {
    return values[METRICS * classOf[i] + m];
  }

  private record Triple(int tp, int fp, int fn) {}
}
