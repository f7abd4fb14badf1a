package org.medcode.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.medcode.Futures;
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
 *       resample, the same one at every level; the interval is the percentile interval of the resampled differences
 *       (numpy 'linear'). When the options group by patient (and the admissions are known), resample b instead draws
 *       P patient indices with {@code nextInt(P)}, each bringing all its admissions, and n below is the resample's
 *       number of admissions. In a resample where
 *       admission i is drawn w_i times: micro values from tp, fp, fn summed with weights w_i; a per-admission metric
 *       is (s_B − s_A) / n with s_S = the sum of w_i·v_i (v_i side S's value for admission i, as
 *       {@code LevelMetrics} computes it) over the drawn admissions, added one by one in admission order from 0.0;
 *       exact match is (e_B − e_A) / n with e_S the weighted count of exact matches.</li>
 *   <li><b>Approximate randomisation</b>: {@code permutations} rounds; in each, every admission's A and B outputs are
 *       swapped with probability 1/2 (one {@code nextBoolean()} per admission, in admission order, from a single
 *       {@code SplittableRandom(seed + 1)}: round r, admission i takes draw r·n + i + 1; the same swaps at every
 *       level); the round's difference is computed as a resample's with every w_i = 1 (so a per-admission metric sums
 *       all n swapped values in admission order); p = (1 + #{rounds with |B' − A'| ≥ |B − A| − 1e-12}) /
 *       (1 + rounds), two-sided.</li>
 * </ul>
 *
 * <p>These are exactly the values of the direct implementation (every resample and round recomputed from scratch),
 * to the last bit; {@link PairedBootstrap} and {@link PairedRandomisation} say how they are obtained faster, and
 * {@link SplitMix} reproduces {@code SplittableRandom}.
 */
public final class Paired {
  public static final int DEFAULT_PERMUTATIONS = 10_000;

  private Paired() {}

  /** Scores both predictions ({@link PairedSide#of}, side B on another thread) and compares them. */
  public static PairedComparison compare(String labelA, String labelB, List<Admission> admissions,
      Map<String, Prediction> a, Map<String, Prediction> b, CodeTable table, EvalOptions options, int permutations) {
    CompletableFuture<PairedSide> sideB = CompletableFuture.supplyAsync(
        () -> PairedSide.of(labelB, admissions, b, table, options));
    PairedSide sideA = PairedSide.of(labelA, admissions, a, table, options);
    PairedSide scoredB = Futures.join(sideB);
    return compare(sideA, scoredB, options, permutations, admissions);
  }

  /**
   * Compares two sides scored on the same admissions (same ids, same order); the levels compared are A's that B has
   * too. Resamples, confidence and seed come from {@code options}.
   */
  public static PairedComparison compare(PairedSide a, PairedSide b, EvalOptions options, int permutations) {
    return compare(a, b, options, permutations, null);
  }

  /**
   * As {@link #compare(PairedSide, PairedSide, EvalOptions, int)}; when the options group by patient and
   * {@code admissions} (the dataset's, a superset of the sides' ids) are given, the paired bootstrap resamples patients
   * (an admission without a patient id is its own patient), as the runs' own intervals do.
   */
  public static PairedComparison compare(PairedSide a, PairedSide b, EvalOptions options, int permutations,
      List<Admission> admissions) {
    if (permutations < 0) {
      throw new IllegalArgumentException("permutations must be >= 0, got " + permutations);
    }
    if (!a.admissionIds().equals(b.admissionIds())) {
      throw new IllegalArgumentException(a.label() + " and " + b.label() + " were not scored on the same admissions ("
          + a.admissionIds().size() + " vs " + b.admissionIds().size() + "): a paired comparison needs the same ones");
    }
    int n = a.admissionIds().size();
    int metrics = PairedSide.METRICS.size();
    List<PairedSide.Level> levelsA = new ArrayList<>();
    List<PairedSide.Level> levelsB = new ArrayList<>();
    for (PairedSide.Level levelA : a.levels()) {
      b.level(levelA.granularity()).ifPresent(levelB -> {
        levelsA.add(levelA);
        levelsB.add(levelB);
      });
    }
    double[][] observed = new double[levelsA.size()][metrics];
    for (int l = 0; l < observed.length; l++) {
      for (int m = 0; m < metrics; m++) {
        observed[l][m] = levelsB.get(l).points()[m] - levelsA.get(l).points()[m];
      }
    }
    List<CountClasses> classesA = CountClasses.of(levelsA);
    List<CountClasses> classesB = CountClasses.of(levelsB);
    int[] patientOf = options.groupByPatient() && admissions != null ? patientOf(a.admissionIds(), admissions) : null;
    // as the runs' own intervals: one admission (or patient) resampled is the same sample every time, so no interval
    int units = patientOf == null ? n : Arrays.stream(patientOf).max().orElse(-1) + 1;
    boolean bootstrap = options.bootstrap() > 0 && units > 1 && !levelsA.isEmpty();
    double[][][] resampled = bootstrap
        ? PairedBootstrap.differences(classesA, classesB, n, options.bootstrap(), options.seed(), patientOf) : null;
    long[][] extreme = PairedRandomisation.extremeRounds(classesA, classesB, n, observed, permutations,
        options.seed() + 1);
    List<PairedComparison.Difference> differences = new ArrayList<>();
    for (int l = 0; l < observed.length; l++) {
      PairedSide.Level levelA = levelsA.get(l);
      PairedSide.Level levelB = levelsB.get(l);
      for (int m = 0; m < metrics; m++) {
        Estimate interval = bootstrap ? Quantiles.interval(observed[l][m], resampled[l][m], options.confidence())
            : Estimate.point(observed[l][m]);
        differences.add(new PairedComparison.Difference(PairedSide.METRICS.get(m).at(levelA.granularity()),
            levelA.points()[m], levelB.points()[m], observed[l][m], interval.ciLow(), interval.ciHigh(),
            permutations == 0 ? Double.NaN : (1.0 + extreme[l][m]) / (1.0 + permutations)));
      }
    }

    List<PairedComparison.AdmissionChange> changed = new ArrayList<>();
    Map<String, long[]> codes = new HashMap<>();
    PairedSide.Level exactA = a.level(Granularity.EXACT).orElse(null);
    PairedSide.Level exactB = b.level(Granularity.EXACT).orElse(null);
    for (int i = 0; i < n && exactA != null && exactB != null; i++) {
      Set<String> hitsA = a.hits().get(i);
      Set<String> hitsB = b.hits().get(i);
      List<String> gained = missing(hitsB, hitsA);
      List<String> lost = missing(hitsA, hitsB);
      for (String c : gained) {
        codes.computeIfAbsent(c, k -> new long[2])[0]++;
      }
      for (String c : lost) {
        codes.computeIfAbsent(c, k -> new long[2])[1]++;
      }
      double f1a = LevelMetrics.f1(exactA.tp()[i], exactA.fp()[i], exactA.fn()[i]);
      double f1b = LevelMetrics.f1(exactB.tp()[i], exactB.fp()[i], exactB.fn()[i]);
      if (f1a != f1b || !gained.isEmpty() || !lost.isEmpty()) {
        changed.add(new PairedComparison.AdmissionChange(a.admissionIds().get(i), f1a, f1b, gained, lost));
      }
    }
    changed.sort((x, y) -> Double.compare(Math.abs(y.f1B() - y.f1A()), Math.abs(x.f1B() - x.f1A())));
    List<PairedComparison.CodeChange> codeChanges = new ArrayList<>();
    codes.forEach((code, gl) -> codeChanges.add(new PairedComparison.CodeChange(code, gl[0], gl[1])));
    // Most changed first, then by code (the order of the code-sorted map the stable sort used to start from).
    codeChanges.sort((x, y) -> x.gained() + x.lost() != y.gained() + y.lost()
        ? Long.compare(y.gained() + y.lost(), x.gained() + x.lost()) : x.code().compareTo(y.code()));
    List<String> notes = new ArrayList<>();
    notes.add("difference = " + b.label() + " − " + a.label() + "; paired bootstrap over "
        + (patientOf != null ? "patients" : "admissions") + " ("
        + options.bootstrap() + " resamples, seed " + options.seed() + "); approximate randomisation with "
        + permutations + " rounds (seed " + options.seed() + " + 1), two-sided p = (1 + extreme rounds) / (1 + rounds)");
    if (options.bootstrap() > 0 && units == 1) {
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

  /** Each admission's patient (its patient id, else its own id), numbered in order of first appearance. */
  private static int[] patientOf(List<String> ids, List<Admission> admissions) {
    Map<String, String> patientOfId = new HashMap<>();
    admissions.forEach(x -> patientOfId.put(x.id(), x.patientKey()));
    Map<String, Integer> index = new HashMap<>();
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) {
      String patient = patientOfId.getOrDefault(ids.get(i), ids.get(i));
      Integer p = index.putIfAbsent(patient, index.size());
      out[i] = p == null ? index.size() - 1 : p;
    }
    return out;
  }

  /** The elements of {@code from} that {@code other} lacks, in the order of {@code from}. */
  private static List<String> missing(Set<String> from, Set<String> other) {
    String[] out = null;
    int size = 0;
    for (String c : from) {
      if (!other.contains(c)) {
        if (out == null) {
          out = new String[from.size()];
        }
        out[size++] = c;
      }
    }
    return size == 0 ? List.of() : List.of(Arrays.copyOf(out, size));
  }
}
