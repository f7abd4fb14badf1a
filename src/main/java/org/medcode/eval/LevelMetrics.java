package org.medcode.eval;

import java.util.ArrayList;
import java.util.List;
import org.medcode.codesystem.Granularity;

/**
 * The metrics of one level as a flat vector, in the order of {@link EvaluationResult#metrics()}: micro P, R, F1;
 * per-admission P, R, F1, Jaccard, exact match, MAP, P@k…, R@k…, R-precision; macro-gold P, R, F1; macro-all P, R, F1.
 * Point values here use correctly rounded sums ({@link ExactSum}), so they do not depend on admission or code order.
 */
final class LevelMetrics {
  static final int MICRO = 0;
  static final int SAMPLE = 3;
  static final int MAP = 8;
  static final int P_AT_K = 9;

  private LevelMetrics() {}

  static int rAtK(int kCount) {
    return P_AT_K + kCount;
  }

  static int rPrecision(int kCount) {
    return P_AT_K + 2 * kCount;
  }

  static int macroGold(int kCount) {
    return rPrecision(kCount) + 1;
  }

  static int macroAll(int kCount) {
    return macroGold(kCount) + 3;
  }

  static int size(int kCount) {
    return macroAll(kCount) + 3;
  }

  /** The keys of the vector, in order. */
  static List<MetricKey> keys(Granularity g, int[] ks) {
    List<MetricKey> keys = new ArrayList<>(size(ks.length));
    for (Metric m : List.of(Metric.PRECISION, Metric.RECALL, Metric.F1)) {
      keys.add(new MetricKey(g, Averaging.MICRO, m));
    }
    for (Metric m : List.of(Metric.PRECISION, Metric.RECALL, Metric.F1, Metric.JACCARD, Metric.EXACT_MATCH, Metric.MAP)) {
      keys.add(new MetricKey(g, Averaging.SAMPLE, m));
    }
    for (int k : ks) {
      keys.add(new MetricKey(g, Averaging.SAMPLE, Metric.P_AT_K, k));
    }
    for (int k : ks) {
      keys.add(new MetricKey(g, Averaging.SAMPLE, Metric.R_AT_K, k));
    }
    keys.add(new MetricKey(g, Averaging.SAMPLE, Metric.R_PRECISION));
    for (Averaging a : List.of(Averaging.MACRO_GOLD, Averaging.MACRO_ALL)) {
      for (Metric m : List.of(Metric.PRECISION, Metric.RECALL, Metric.F1)) {
        keys.add(new MetricKey(g, a, m));
      }
    }
    return keys;
  }

  // Per-admission values; the zero-denominator convention: both sets empty → 1; only the prediction empty → P = 0;
  // only gold empty → R = 0.

  static double precision(int tp, int fp, int fn) {
    int den = tp + fp;
    return den == 0 ? (fn == 0 ? 1.0 : 0.0) : (double) tp / den;
  }

  static double recall(int tp, int fp, int fn) {
    int den = tp + fn;
    return den == 0 ? (fp == 0 ? 1.0 : 0.0) : (double) tp / den;
  }

  static double f1(int tp, int fp, int fn) {
    int den = 2 * tp + fp + fn;
    return den == 0 ? 1.0 : (double) (2 * tp) / den;
  }

  static double jaccard(int tp, int fp, int fn) {
    int den = tp + fp + fn;
    return den == 0 ? 1.0 : (double) tp / den;
  }

  static double exactMatch(int fp, int fn) {
    return fp == 0 && fn == 0 ? 1.0 : 0.0;
  }

  /** Point values of every metric of the level. */
  static double[] point(LevelScores s) {
    return point(s, true);
  }

  /**
   * Point values of the level's metrics; without {@code perAdmission} the per-admission and ranked slots are left NaN
   * (for views that report only micro and macro averages).
   */
  static double[] point(LevelScores s, boolean perAdmission) {
    int kc = s.ks.length;
    double[] out = new double[size(kc)];
    if (!perAdmission) {
      Counts micro = s.micro();
      out[MICRO] = micro.precision();
      out[MICRO + 1] = micro.recall();
      out[MICRO + 2] = micro.f1();
      java.util.Arrays.fill(out, SAMPLE, macroGold(kc), Double.NaN);
      macro(s.codeTp, s.codeFp, s.codeFn, out, macroGold(kc), true);
      return out;
    }

    double[] counted = countPoints(s.tp, s.fp, s.fn, s.n);
    System.arraycopy(counted, 0, out, MICRO, counted.length);
    ExactSum ap = new ExactSum();
    ExactSum[] pk = sums(kc);
    ExactSum[] rk = sums(kc);
    ExactSum rp = new ExactSum();
    long ranked = 0;
    for (int i = 0; i < s.n; i++) {
      int g = s.gold[i];
      if (g > 0) {
        ranked++;
        ap.add(s.ap[i]);
        for (int x = 0; x < kc; x++) {
          pk[x].add((double) s.hitsAtK[x][i] / s.ks[x]);
          rk[x].add((double) s.hitsAtK[x][i] / g);
        }
        rp.add((double) s.hitsAtR[i] / g);
      }
    }
    out[MAP] = ap.mean(ranked);
    for (int x = 0; x < kc; x++) {
      out[P_AT_K + x] = pk[x].mean(ranked);
      out[rAtK(kc) + x] = rk[x].mean(ranked);
    }
    out[rPrecision(kc)] = rp.mean(ranked);
    macro(s.codeTp, s.codeFp, s.codeFn, out, macroGold(kc), true);
    return out;
  }

  /** Number of the values {@link #countPoints} gives: the vector's slots {@link #MICRO} up to {@link #MAP}. */
  static final int COUNT_POINTS = MAP;

  /**
   * The point values that the per-admission counts of admissions {@code 0 .. n)} alone give, the vector's first
   * {@link #COUNT_POINTS} slots: micro P, R, F1; per-admission P, R, F1, Jaccard, exact match.
   */
  static double[] countPoints(int[] tp, int[] fp, int[] fn, int n) {
    long tps = 0;
    long fps = 0;
    long fns = 0;
    ExactSum p = new ExactSum();
    ExactSum r = new ExactSum();
    ExactSum f = new ExactSum();
    ExactSum j = new ExactSum();
    long exact = 0;
    for (int i = 0; i < n; i++) {
      tps += tp[i];
      fps += fp[i];
      fns += fn[i];
      p.add(precision(tp[i], fp[i], fn[i]));
      r.add(recall(tp[i], fp[i], fn[i]));
      f.add(f1(tp[i], fp[i], fn[i]));
      j.add(jaccard(tp[i], fp[i], fn[i]));
      exact += fp[i] == 0 && fn[i] == 0 ? 1 : 0;
    }
    Counts micro = new Counts(tps, fps, fns);
    return new double[] {micro.precision(), micro.recall(), micro.f1(), p.mean(n), r.mean(n), f.mean(n), j.mean(n),
        n == 0 ? 0.0 : (double) exact / n};
  }

  private static ExactSum[] sums(int count) {
    ExactSum[] sums = new ExactSum[count];
    for (int i = 0; i < count; i++) {
      sums[i] = new ExactSum();
    }
    return sums;
  }

  /**
   * Macro-gold then macro-all P, R, F1 into {@code out[offset .. offset + 6)}: means of per-code
   * P_c = tp/(tp+fp) (0 when never predicted), R_c = tp/(tp+fn) (0 when never in gold), F1_c = 2tp/(2tp+fp+fn); over
   * codes with gold support, then over codes seen anywhere. {@code exact} uses correctly rounded sums.
   */
  static void macro(long[] tp, long[] fp, long[] fn, double[] out, int offset, boolean exact) {
    Mean[] sums = new Mean[6]; // gold P, R, F1, then all P, R, F1
    for (int i = 0; i < sums.length; i++) {
      sums[i] = exact ? new ExactMean() : new PlainMean();
    }
    long goldCodes = 0;
    long allCodes = 0;
    for (int k = 0; k < tp.length; k++) {
      long t = tp[k];
      long f = fp[k];
      long m = fn[k];
      if (t + f + m == 0) {
        continue;
      }
      double pc = Counts.ratio(t, t + f);
      double rc = Counts.ratio(t, t + m);
      double fc = Counts.ratio(2 * t, 2 * t + f + m);
      allCodes++;
      sums[3].add(pc);
      sums[4].add(rc);
      sums[5].add(fc);
      if (t + m > 0) {
        goldCodes++;
        sums[0].add(pc);
        sums[1].add(rc);
        sums[2].add(fc);
      }
    }
    for (int i = 0; i < sums.length; i++) {
      out[offset + i] = sums[i].mean(i < 3 ? goldCodes : allCodes);
    }
  }

  /** A running sum read as a mean (0 when the count is 0): correctly rounded for point values, plain for resamples. */
  private interface Mean {
    void add(double value);

    double mean(long count);
  }

  private static final class ExactMean implements Mean {
    private final ExactSum sum = new ExactSum();

    @Override
    public void add(double value) {
      sum.add(value);
    }

    @Override
    public double mean(long count) {
      return sum.mean(count);
    }
  }

  private static final class PlainMean implements Mean {
    private double sum;

    @Override
    public void add(double value) {
      sum += value;
    }

    @Override
    public double mean(long count) {
      return count == 0 ? 0.0 : sum / count;
    }
  }
}
