package org.medcode.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;

/**
 * Paired comparison of predictions A and B on the same admissions, with the engine's conventions and options.
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
public final class Paired {
  public static final int DEFAULT_PERMUTATIONS = 10_000;
  private static final Metric[] METRICS = {Metric.PRECISION, Metric.RECALL, Metric.F1, Metric.PRECISION, Metric.RECALL,
      Metric.F1, Metric.JACCARD, Metric.EXACT_MATCH};
  private static final int MICRO_METRICS = 3;

  private Paired() {}

  public static PairedComparison compare(String labelA, String labelB, List<Admission> admissions,
      Map<String, Prediction> a, Map<String, Prediction> b, CodeTable table, EvalOptions options, int permutations) {
    if (permutations < 0) {
      throw new IllegalArgumentException("permutations must be >= 0, got " + permutations);
    }
    EvalOptions pointOnly = new EvalOptions(options.levels(), options.invalid(), 0, options.confidence(), options.seed(),
        false, options.ks(), false);
    EvaluationResult ra = Evaluator.evaluate(admissions, a, table, pointOnly);
    EvaluationResult rb = Evaluator.evaluate(admissions, b, table, pointOnly);
    int n = admissions.size();
    List<PairedComparison.Difference> differences = new ArrayList<>();
    for (LevelResult levelA : ra.levels()) {
      Granularity g = levelA.granularity();
      LevelResult levelB = rb.level(g).orElseThrow();
      int[][] counts = {tp(levelA), fp(levelA), fn(levelA), tp(levelB), fp(levelB), fn(levelB)};
      double[] observed = new double[METRICS.length];
      double[] pointA = new double[METRICS.length];
      double[] pointB = new double[METRICS.length];
      for (int m = 0; m < METRICS.length; m++) {
        Averaging averaging = m < MICRO_METRICS ? Averaging.MICRO : Averaging.SAMPLE;
        pointA[m] = ra.metric(g, averaging, METRICS[m]).orElseThrow().value();
        pointB[m] = rb.metric(g, averaging, METRICS[m]).orElseThrow().value();
        observed[m] = pointB[m] - pointA[m];
      }
      double[][] resampled = new double[METRICS.length][options.bootstrap()];
      SplittableRandom root = new SplittableRandom(options.seed());
      int[] multiplicity = new int[n];
      boolean[] noSwap = new boolean[n];
      double[] diff = new double[METRICS.length];
      for (int r = 0; r < options.bootstrap() && n > 0; r++) {
        SplittableRandom rng = root.split();
        java.util.Arrays.fill(multiplicity, 0);
        for (int i = 0; i < n; i++) {
          multiplicity[rng.nextInt(n)]++;
        }
        differences(counts, multiplicity, noSwap, diff);
        for (int m = 0; m < METRICS.length; m++) {
          resampled[m][r] = diff[m];
        }
      }
      long[] extreme = new long[METRICS.length];
      SplittableRandom permutation = new SplittableRandom(options.seed() + 1);
      int[] once = new int[n];
      java.util.Arrays.fill(once, 1);
      boolean[] swap = new boolean[n];
      for (int r = 0; r < permutations; r++) {
        for (int i = 0; i < n; i++) {
          swap[i] = permutation.nextBoolean();
        }
        differences(counts, once, swap, diff);
        for (int m = 0; m < METRICS.length; m++) {
          if (Math.abs(diff[m]) >= Math.abs(observed[m]) - 1e-12) {
            extreme[m]++;
          }
        }
      }
      for (int m = 0; m < METRICS.length; m++) {
        Averaging averaging = m < MICRO_METRICS ? Averaging.MICRO : Averaging.SAMPLE;
        Estimate interval = options.bootstrap() > 0 && n > 0
            ? Quantiles.interval(observed[m], resampled[m], options.confidence()) : Estimate.point(observed[m]);
        differences.add(new PairedComparison.Difference(new MetricKey(g, averaging, METRICS[m]), pointA[m], pointB[m],
            observed[m], interval.ciLow(), interval.ciHigh(),
            permutations == 0 ? Double.NaN : (1.0 + extreme[m]) / (1.0 + permutations)));
      }
    }

    List<PairedComparison.AdmissionChange> changed = new ArrayList<>();
    Map<String, long[]> codes = new TreeMap<>();
    List<AdmissionCounts> exactA = ra.level(Granularity.EXACT).map(LevelResult::perAdmission).orElse(List.of());
    List<AdmissionCounts> exactB = rb.level(Granularity.EXACT).map(LevelResult::perAdmission).orElse(List.of());
    for (int i = 0; i < exactA.size(); i++) {
      Admission admission = admissions.get(i);
      Set<String> hitsA = hits(AdmissionCodes.of(admission, a.get(admission.id()), table, options.invalid(), true));
      Set<String> hitsB = hits(AdmissionCodes.of(admission, b.get(admission.id()), table, options.invalid(), true));
      List<String> gained = hitsB.stream().filter(c -> !hitsA.contains(c)).toList();
      List<String> lost = hitsA.stream().filter(c -> !hitsB.contains(c)).toList();
      gained.forEach(c -> codes.computeIfAbsent(c, k -> new long[2])[0]++);
      lost.forEach(c -> codes.computeIfAbsent(c, k -> new long[2])[1]++);
      double f1a = exactA.get(i).f1();
      double f1b = exactB.get(i).f1();
      if (f1a != f1b || !gained.isEmpty() || !lost.isEmpty()) {
        changed.add(new PairedComparison.AdmissionChange(admission.id(), f1a, f1b, gained, lost));
      }
    }
    changed.sort((x, y) -> Double.compare(Math.abs(y.f1B() - y.f1A()), Math.abs(x.f1B() - x.f1A())));
    List<PairedComparison.CodeChange> codeChanges = new ArrayList<>();
    codes.forEach((code, gl) -> codeChanges.add(new PairedComparison.CodeChange(code, gl[0], gl[1])));
    codeChanges.sort((x, y) -> Long.compare(y.gained() + y.lost(), x.gained() + x.lost()));
    List<String> notes = new ArrayList<>();
    notes.add("difference = " + labelB + " − " + labelA + "; paired bootstrap over admissions (" + options.bootstrap()
        + " resamples, seed " + options.seed() + "); approximate randomisation with " + permutations
        + " rounds (seed " + options.seed() + " + 1), two-sided p = (1 + extreme rounds) / (1 + rounds)");
    if (options.groupByPatient()) {
      notes.add("the paired bootstrap resamples admissions, not patients");
    }
    return new PairedComparison(labelA, labelB, n, options.bootstrap(), permutations, options.seed(),
        options.confidence(), differences, changed, codeChanges, notes);
  }

  private static Set<String> hits(AdmissionCodes codes) {
    Set<String> hits = new LinkedHashSet<>();
    for (String code : codes.ranked()) {
      if (codes.gold().contains(code)) {
        hits.add(code);
      }
    }
    return hits;
  }

  private static int[] tp(LevelResult level) {
    return level.perAdmission().stream().mapToInt(AdmissionCounts::tp).toArray();
  }

  private static int[] fp(LevelResult level) {
    return level.perAdmission().stream().mapToInt(AdmissionCounts::fp).toArray();
  }

  private static int[] fn(LevelResult level) {
    return level.perAdmission().stream().mapToInt(AdmissionCounts::fn).toArray();
  }

  /** B − A for every metric, admission i counted {@code weight[i]} times, A and B exchanged where {@code swap[i]}. */
  private static void differences(int[][] c, int[] weight, boolean[] swap, double[] out) {
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
