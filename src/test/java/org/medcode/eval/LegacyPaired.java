package org.medcode.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;

/**
 * The test oracle: {@code Paired} verbatim as it was before the scale rewrite (issue 12), only renamed (and
 * {@code differences} made package-private, for tests of the resampled values).
 *
 * <p>Paired comparison of predictions A and B on the same admissions, with the engine's conventions and options.
 *
 * <ul>
 *   <li><b>Metrics</b>: at every level, micro precision, recall, F1 and per-admission precision, recall, F1, Jaccard,
 *       exact match (the metrics that decompose over admissions). Point values of A and B are the engine's; the
 *       difference is B − A.</li>
 *   <li><b>Paired bootstrap</b>: resample b draws n admission indices exactly as the engine does (the b-th
 *       {@code split()} of {@code SplittableRandom(seed)}, {@code nextInt(n)}), and both A and B are scored on that same
 *       resample; the interval is the percentile interval of the resampled differences (numpy 'linear'). Resampling is
 *       by admission even when the options group by patient.</li>
 *   <li><b>Approximate randomisation</b>: {@code permutations} rounds; in each, every admission's A and B outputs are
 *       swapped with probability 1/2 (one {@code nextBoolean()} per admission, in admission order, from a single
 *       {@code SplittableRandom(seed + 1)}); p = (1 + #{rounds with |B' − A'| ≥ |B − A| − 1e-12}) / (1 + rounds),
 *       two-sided.</li>
 * </ul>
 */
final class LegacyPaired {
  private static final int MICRO_METRICS = 3;

  private LegacyPaired() {}

  static PairedComparison compare(String labelA, String labelB, List<Admission> admissions,
      Map<String, Prediction> a, Map<String, Prediction> b, CodeTable table, EvalOptions options, int permutations) {
    return compare(LegacyPairedSide.of(labelA, admissions, a, table, options),
        LegacyPairedSide.of(labelB, admissions, b, table, options),
        options, permutations);
  }

  /**
   * Compares two sides scored on the same admissions (same ids, same order); the levels compared are A's that B has
   * too. Resamples, confidence and seed come from {@code options}.
   */
  static PairedComparison compare(PairedSide a, PairedSide b, EvalOptions options, int permutations) {
    return compare(a, b, options, permutations, null);
  }

  /** With {@code patientOf} (patients numbered 0..P−1): resample b draws P patients with {@code nextInt(P)}. */
  static PairedComparison compare(PairedSide a, PairedSide b, EvalOptions options, int permutations, int[] patientOf) {
    if (permutations < 0) {
      throw new IllegalArgumentException("permutations must be >= 0, got " + permutations);
    }
    if (!a.admissionIds().equals(b.admissionIds())) {
      throw new IllegalArgumentException(a.label() + " and " + b.label() + " were not scored on the same admissions ("
          + a.admissionIds().size() + " vs " + b.admissionIds().size() + "): a paired comparison needs the same ones");
    }
    int n = a.admissionIds().size();
    int metrics = PairedSide.METRICS.size();
    List<PairedComparison.Difference> differences = new ArrayList<>();
    for (PairedSide.Level levelA : a.levels()) {
      Granularity g = levelA.granularity();
      Optional<PairedSide.Level> maybeB = b.level(g);
      if (maybeB.isEmpty()) {
        continue;
      }
      PairedSide.Level levelB = maybeB.get();
      int[][] counts = {levelA.tp(), levelA.fp(), levelA.fn(), levelB.tp(), levelB.fp(), levelB.fn()};
      double[] observed = new double[metrics];
      for (int m = 0; m < metrics; m++) {
        observed[m] = levelB.points()[m] - levelA.points()[m];
      }
      double[][] resampled = new double[metrics][options.bootstrap()];
      SplittableRandom root = new SplittableRandom(options.seed());
      int[] multiplicity = new int[n];
      boolean[] noSwap = new boolean[n];
      double[] diff = new double[metrics];
      for (int r = 0; r < options.bootstrap() && n > 0; r++) {
        SplittableRandom rng = root.split();
        Arrays.fill(multiplicity, 0);
        if (patientOf == null) {
          for (int i = 0; i < n; i++) {
            multiplicity[rng.nextInt(n)]++;
          }
        } else {
          int patients = Arrays.stream(patientOf).max().orElse(-1) + 1;
          for (int j = 0; j < patients; j++) {
            int p = rng.nextInt(patients);
            for (int i = 0; i < n; i++) {
              multiplicity[i] += patientOf[i] == p ? 1 : 0;
            }
          }
        }
        differences(counts, multiplicity, noSwap, diff);
        for (int m = 0; m < metrics; m++) {
          resampled[m][r] = diff[m];
        }
      }
      long[] extreme = new long[metrics];
      SplittableRandom permutation = new SplittableRandom(options.seed() + 1);
      int[] once = new int[n];
      Arrays.fill(once, 1);
      boolean[] swap = new boolean[n];
      for (int r = 0; r < permutations; r++) {
        for (int i = 0; i < n; i++) {
          swap[i] = permutation.nextBoolean();
        }
        differences(counts, once, swap, diff);
        for (int m = 0; m < metrics; m++) {
          if (Math.abs(diff[m]) >= Math.abs(observed[m]) - 1e-12) {
            extreme[m]++;
          }
        }
      }
      for (int m = 0; m < metrics; m++) {
        // the rule added after this implementation: one admission (or patient) resampled gives no interval
        int units = patientOf == null ? n : Arrays.stream(patientOf).max().orElse(-1) + 1;
        Estimate interval = options.bootstrap() > 0 && units > 1
            ? Quantiles.interval(observed[m], resampled[m], options.confidence()) : Estimate.point(observed[m]);
        differences.add(new PairedComparison.Difference(PairedSide.METRICS.get(m).at(g), levelA.points()[m],
            levelB.points()[m], observed[m], interval.ciLow(), interval.ciHigh(),
            permutations == 0 ? Double.NaN : (1.0 + extreme[m]) / (1.0 + permutations)));
      }
    }

    List<PairedComparison.AdmissionChange> changed = new ArrayList<>();
    Map<String, long[]> codes = new TreeMap<>();
    PairedSide.Level exactA = a.level(Granularity.EXACT).orElse(null);
    PairedSide.Level exactB = b.level(Granularity.EXACT).orElse(null);
    for (int i = 0; i < n && exactA != null && exactB != null; i++) {
      Set<String> hitsA = a.hits().get(i);
      Set<String> hitsB = b.hits().get(i);
      List<String> gained = hitsB.stream().filter(c -> !hitsA.contains(c)).toList();
      List<String> lost = hitsA.stream().filter(c -> !hitsB.contains(c)).toList();
      gained.forEach(c -> codes.computeIfAbsent(c, k -> new long[2])[0]++);
      lost.forEach(c -> codes.computeIfAbsent(c, k -> new long[2])[1]++);
      double f1a = LevelMetrics.f1(exactA.tp()[i], exactA.fp()[i], exactA.fn()[i]);
      double f1b = LevelMetrics.f1(exactB.tp()[i], exactB.fp()[i], exactB.fn()[i]);
      if (f1a != f1b || !gained.isEmpty() || !lost.isEmpty()) {
        changed.add(new PairedComparison.AdmissionChange(a.admissionIds().get(i), f1a, f1b, gained, lost));
      }
    }
    changed.sort((x, y) -> Double.compare(Math.abs(y.f1B() - y.f1A()), Math.abs(x.f1B() - x.f1A())));
    List<PairedComparison.CodeChange> codeChanges = new ArrayList<>();
    codes.forEach((code, gl) -> codeChanges.add(new PairedComparison.CodeChange(code, gl[0], gl[1])));
    codeChanges.sort((x, y) -> Long.compare(y.gained() + y.lost(), x.gained() + x.lost()));
    List<String> notes = new ArrayList<>();
    notes.add("difference = " + b.label() + " − " + a.label() + "; paired bootstrap over "
        + (patientOf != null ? "patients" : "admissions") + " ("
        + options.bootstrap() + " resamples, seed " + options.seed() + "); approximate randomisation with "
        + permutations + " rounds (seed " + options.seed() + " + 1), two-sided p = (1 + extreme rounds) / (1 + rounds)");
    if (options.bootstrap() > 0 && (patientOf == null ? n : Arrays.stream(patientOf).max().orElse(-1) + 1) == 1) {
      notes.add("one " + (patientOf != null ? "patient" : "admission") + " paired only, which every resample would"
          + " repeat: no interval");
    }
    if (options.groupByPatient()) {
      notes.add(patientOf != null ? "the paired bootstrap resamples patients (with all their admissions), as the runs'"
          + " own intervals; approximate randomisation swaps the answers of each admission"
          : "the paired bootstrap resamples admissions, not patients");
    }
    return new PairedComparison(a.label(), b.label(), n, options.bootstrap(), permutations, options.seed(),
        options.confidence(), differences, changed, codeChanges, notes, options.invalid(), options.population());
  }

  /** B − A for every metric, admission i counted {@code weight[i]} times, A and B exchanged where {@code swap[i]}. */
  static void differences(int[][] c, int[] weight, boolean[] swap, double[] out) {
    long[] sums = new long[6];
    double[] sample = new double[10];
    long total = 0;
    for (int i = 0; i < weight.length; i++) {
      int w = weight[i];
      if (w == 0) {
        continue;
      }
      total += w;
      int sa = swap[i] ? 3 : 0;
      int sb = swap[i] ? 0 : 3;
      for (int side = 0; side < 2; side++) {
        int o = side == 0 ? sa : sb;
        int tp = c[o][i];
        int fp = c[o + 1][i];
        int fn = c[o + 2][i];
        sums[side * 3] += (long) w * tp;
        sums[side * 3 + 1] += (long) w * fp;
        sums[side * 3 + 2] += (long) w * fn;
        sample[side * 5] += w * LevelMetrics.precision(tp, fp, fn);
        sample[side * 5 + 1] += w * LevelMetrics.recall(tp, fp, fn);
        sample[side * 5 + 2] += w * LevelMetrics.f1(tp, fp, fn);
        sample[side * 5 + 3] += w * LevelMetrics.jaccard(tp, fp, fn);
        sample[side * 5 + 4] += w * LevelMetrics.exactMatch(fp, fn);
      }
    }
    Counts a = new Counts(sums[0], sums[1], sums[2]);
    Counts b = new Counts(sums[3], sums[4], sums[5]);
    out[0] = b.precision() - a.precision();
    out[1] = b.recall() - a.recall();
    out[2] = b.f1() - a.f1();
    for (int m = 0; m < 5; m++) {
      out[MICRO_METRICS + m] = total == 0 ? 0 : (sample[5 + m] - sample[m]) / total;
    }
  }
}
