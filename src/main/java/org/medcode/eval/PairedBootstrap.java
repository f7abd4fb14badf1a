package org.medcode.eval;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The paired bootstrap of {@link Paired}: for every resample, level and paired metric, B − A on the resampled
 * admissions.
 *
 * <p>Resample b (0-based) draws n admission indices with {@code nextInt(n)} from the b-th {@code split()} of
 * {@code new SplittableRandom(seed)} (through {@link SplitMix}, which reproduces it); admission i then counts w_i times,
 * the same w for every level. At a level, side S ∈ {A, B} has tp = Σ w_i·tp_i, fp, fn likewise (exact in longs), hence
 * micro P, R, F1 as {@link Counts} computes them; its per-admission sums are s_S = Σ w_i·v_i for v = precision_i,
 * recall_i, F1_i, Jaccard_i ({@link LevelMetrics}), each term w_i·v_i rounded, added in admission order over the
 * admissions with w_i ≥ 1, starting from 0.0; and the exact-match count e_S = Σ w_i·[fp_i = fn_i = 0]. The differences
 * are micro B − A, (s_B − s_A)/n and (e_B − e_A)/n, n = Σ w_i. These are the operations the first implementation
 * performed, in the same order, so every resampled value is the same double.
 *
 * <p>Work: v_i depends only on (tp_i, fp_i, fn_i), so each level and side keeps a small table of the values per
 * distinct triple ({@link CountClasses}) and a class id per admission; the double sums run over the drawn admissions
 * only, in order; the integer sums come from Σ w per class. Resamples run in parallel, each with its own generator and
 * output slot, so the result does not depend on the number of threads.
 */
final class PairedBootstrap {
  private PairedBootstrap() {}

  /** values[level][metric][b], metrics in {@link PairedSide#METRICS} order; n ≥ 1, resamples ≥ 1; by admission. */
  static double[][][] differences(List<CountClasses> as, List<CountClasses> bs, int n, int resamples, long seed) {
    return differences(as, bs, n, resamples, seed, null);
  }

  /**
   * As {@link #differences(List, List, int, int, long)}; with {@code patientOf} (each admission's patient, numbered
   * 0.. in order of first appearance), resample b draws P patient indices with {@code nextInt(P)} from the same
   * generator, each bringing all its admissions, as the engine's bootstrap does when grouping by patient; the
   * per-admission averages then divide by the resample's number of admissions, Σ w.
   */
  static double[][][] differences(List<CountClasses> as, List<CountClasses> bs, int n, int resamples, long seed,
      int[] patientOf) {
    int patients = 0;
    int[] start = null;
    int[] members = null;
    if (patientOf != null) {
      for (int p : patientOf) {
        patients = Math.max(patients, p + 1);
      }
      start = new int[patients + 1];
      for (int p : patientOf) {
        start[p + 1]++;
      }
      for (int p = 0; p < patients; p++) {
        start[p + 1] += start[p];
      }
      members = new int[n];
      int[] fill = Arrays.copyOf(start, patients);
      for (int i = 0; i < n; i++) {
        members[fill[patientOf[i]]++] = i;
      }
    }
    int[] patientStart = start;
    int[] patientMembers = members;
    SplitMix.Bound patientBound = patientOf == null ? null : SplitMix.bound(patients);
    int patientCount = patients;
    int levels = as.size();
    Side[] sideA = new Side[levels];
    Side[] sideB = new Side[levels];
    for (int l = 0; l < levels; l++) {
      sideA[l] = new Side(as.get(l));
      sideB[l] = new Side(bs.get(l));
    }
    double[][][] values = new double[levels][PairedSide.METRICS.size()][resamples];
    SplitMix root = new SplitMix(seed);
    SplitMix[] rngs = new SplitMix[resamples];
    for (int b = 0; b < resamples; b++) {
      rngs[b] = root.split();
    }
    SplitMix.Bound bound = SplitMix.bound(n);
    int chunks = Math.min(resamples, 4 * Runtime.getRuntime().availableProcessors());
    IntStream.range(0, chunks).parallel().forEach(chunk -> {
      int from = (int) ((long) resamples * chunk / chunks);
      int to = (int) ((long) resamples * (chunk + 1) / chunks);
      int[] w = new int[n];
      int[] drawn = new int[n];
      int[][] histogramA = new int[levels][];
      int[][] histogramB = new int[levels][];
      for (int l = 0; l < levels; l++) {
        histogramA[l] = new int[sideA[l].classes];
        histogramB[l] = new int[sideB[l].classes];
      }
      double[] out = new double[PairedSide.METRICS.size()];
      for (int b = from; b < to; b++) {
        Arrays.fill(w, 0);
        SplitMix rng = rngs[b];
        int total = n;
        if (patientStart == null) {
          for (int j = 0; j < n; j++) {
            w[rng.nextInt(bound)]++;
          }
        } else {
          total = 0;
          for (int j = 0; j < patientCount; j++) {
            int p = rng.nextInt(patientBound);
            for (int x = patientStart[p]; x < patientStart[p + 1]; x++) {
              w[patientMembers[x]]++;
            }
            total += patientStart[p + 1] - patientStart[p];
          }
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
          drawn[k] = i;
          k += w[i] != 0 ? 1 : 0;
        }
        for (int l = 0; l < levels; l++) {
          resample(sideA[l], sideB[l], w, drawn, k, histogramA[l], histogramB[l], total, out);
          for (int m = 0; m < out.length; m++) {
            values[l][m][b] = out[m];
          }
        }
      }
    });
    return values;
  }

  /**
   * B − A of one level under multiplicities w (Σ w = n); {@code drawn[0 .. k)} are the admissions with w ≥ 1, in
   * order. The histograms receive Σ w per class, from which the integer sums follow.
   */
  private static void resample(Side a, Side b, int[] w, int[] drawn, int k, int[] histogramA, int[] histogramB, int n,
      double[] out) {
    int[] ca = a.classOf;
    int[] cb = b.classOf;
    double[] va = a.values;
    double[] vb = b.values;
    Arrays.fill(histogramA, 0);
    Arrays.fill(histogramB, 0);
    double pA = 0.0;
    double rA = 0.0;
    double fA = 0.0;
    double jA = 0.0;
    double pB = 0.0;
    double rB = 0.0;
    double fB = 0.0;
    double jB = 0.0;
    for (int q = 0; q < k; q++) {
      int i = drawn[q];
      int wi = w[i];
      double wd = wi;
      int c = ca[i];
      int d = cb[i];
      int x = c << 2;
      int y = d << 2;
      pA += wd * va[x];
      rA += wd * va[x + 1];
      fA += wd * va[x + 2];
      jA += wd * va[x + 3];
      pB += wd * vb[y];
      rB += wd * vb[y + 1];
      fB += wd * vb[y + 2];
      jB += wd * vb[y + 3];
      histogramA[c] += wi;
      histogramB[d] += wi;
    }
    long[] sumsA = a.sums(histogramA);
    long[] sumsB = b.sums(histogramB);
    Counts microA = new Counts(sumsA[0], sumsA[1], sumsA[2]);
    Counts microB = new Counts(sumsB[0], sumsB[1], sumsB[2]);
    out[0] = microB.precision() - microA.precision();
    out[1] = microB.recall() - microA.recall();
    out[2] = microB.f1() - microA.f1();
    out[3] = (pB - pA) / n;
    out[4] = (rB - rA) / n;
    out[5] = (fB - fA) / n;
    out[6] = (jB - jA) / n;
    out[7] = ((double) sumsB[3] - (double) sumsA[3]) / n;
  }

  /** One side at one level for the resample loop: classes, their values and their counts. */
  private static final class Side {
    final int[] classOf;
    final double[] values;
    final int classes;
    /** Per class: tp, fp, fn, exact match (stride 4). */
    final long[] counts;

    Side(CountClasses c) {
      classOf = c.classOf;
      values = c.values;
      classes = c.values.length / CountClasses.METRICS;
      counts = new long[4 * classes];
      for (int i = 0; i < classOf.length; i++) {
        int x = 4 * classOf[i];
        counts[x] = c.tp[i];
        counts[x + 1] = c.fp[i];
        counts[x + 2] = c.fn[i];
        counts[x + 3] = c.exact[i];
      }
    }

    /** Σ w·tp, Σ w·fp, Σ w·fn, Σ w·exact from Σ w per class: exact. */
    long[] sums(int[] histogram) {
      long[] sums = new long[4];
      for (int c = 0; c < classes; c++) {
        long h = histogram[c];
        if (h != 0) {
          sums[0] += h * counts[4 * c];
          sums[1] += h * counts[4 * c + 1];
          sums[2] += h * counts[4 * c + 2];
          sums[3] += h * counts[4 * c + 3];
        }
      }
      return sums;
    }
  }
}
