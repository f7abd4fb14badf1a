package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.Granularity;

/**
 * {@link Paired} against the implementation it replaced ({@link LegacyPaired}, {@link LegacyPairedSide}), bit for bit:
 * whole comparisons on random cases and options; every resampled difference of the paired bootstrap; the
 * randomisation counts with the fast decisions disabled (every round the exact way) and enabled; more than four levels;
 * counts too large for the fast pass.
 */
class PairedDifferentialTest {
  private static final List<Granularity> ALL = List.of(Granularity.values());

  @Property(tries = 40)
  void comparisonsAreTheLegacyOnes(@ForAll long seed, @ForAll @IntRange(max = 400) int n,
      @ForAll PairedCases.Variant variant, @ForAll InvalidPolicy invalid, @ForAll Population population,
      @ForAll boolean byPatient, @ForAll @IntRange(max = 3) int permutationChoice,
      @ForAll @IntRange(max = 2) int bootstrapChoice) {
    Random random = new Random(seed);
    PairedCases.Case c = random.nextBoolean() ? PairedCases.toy(seed, n, variant) : PairedCases.icd9(seed, n, variant);
    List<Granularity> levels = new ArrayList<>(ALL);
    java.util.Collections.shuffle(levels, random);
    levels = levels.subList(0, 1 + random.nextInt(levels.size()));
    int permutations = new int[] {0, 1, 37, 1100}[permutationChoice];
    int bootstrap = new int[] {0, 7, 60}[bootstrapChoice];
    EvalOptions options = new EvalOptions(levels, invalid, bootstrap, 0.8 + 0.19 * random.nextDouble(), random.nextLong(),
        byPatient, List.of(1 + random.nextInt(5)), false, population);
    PairedSide a = PairedSide.of("a", c.admissions(), c.a(), c.table(), options);
    PairedSide b = PairedSide.of("b", c.admissions(), c.b(), c.table(), options);
    assertEquals(PairedIdentityTest.dump(LegacyPairedSide.of("a", c.admissions(), c.a(), c.table(), options)),
        PairedIdentityTest.dump(a));
    assertEquals(PairedIdentityTest.dump(LegacyPairedSide.of("b", c.admissions(), c.b(), c.table(), options)),
        PairedIdentityTest.dump(b));
    assertEquals(PairedIdentityTest.dump(LegacyPaired.compare(a, b, options, permutations)),
        PairedIdentityTest.dump(Paired.compare(a, b, options, permutations)));
    if (byPatient) { // resampling patients, each with all its admissions (an admission without one is its own)
      java.util.Map<String, Integer> index = new java.util.HashMap<>();
      java.util.Map<String, String> patientOfId = new java.util.HashMap<>();
      c.admissions().forEach(x -> patientOfId.put(x.id(), x.patientId() == null ? x.id() : x.patientId()));
      int[] patientOf = a.admissionIds().stream()
          .mapToInt(id -> index.computeIfAbsent(patientOfId.get(id), k -> index.size())).toArray();
      assertEquals(PairedIdentityTest.dump(LegacyPaired.compare(a, b, options, permutations, patientOf)),
          PairedIdentityTest.dump(Paired.compare(a, b, options, permutations, c.admissions())));
    }
  }

  /** Counts, points and hits (rank order, ties, duplicates, invalid codes dropped or kept) on the engine's messy cases. */
  @Property(tries = 200)
  void sidesAreTheLegacyOnes(@ForAll long seed, @ForAll InvalidPolicy invalid, @ForAll Population population) {
    Scenarios.Scenario s = Scenarios.messy(seed, 40);
    EvalOptions options = new EvalOptions(ALL, invalid, 0, 0.95, seed, false, List.of(1, 3), false, population);
    assertEquals(PairedIdentityTest.dump(LegacyPairedSide.of("x", s.admissions(), s.predictions(), Scenarios.TABLE, options)),
        PairedIdentityTest.dump(PairedSide.of("x", s.admissions(), s.predictions(), Scenarios.TABLE, options)));
  }

  @Property(tries = 30)
  void everyResampledDifferenceIsTheLegacyOne(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll PairedCases.Variant variant) {
    PairedCases.Case c = PairedCases.toy(seed, n, variant);
    EvalOptions options = new EvalOptions(ALL, InvalidPolicy.COUNT, 0, 0.95, seed, false, List.of(1), false);
    PairedSide a = PairedSide.of("a", c.admissions(), c.a(), c.table(), options);
    PairedSide b = PairedSide.of("b", c.admissions(), c.b(), c.table(), options);
    int resamples = 25;
    double[][][] actual = PairedBootstrap.differences(CountClasses.of(a.levels()), CountClasses.of(b.levels()), n,
        resamples, seed);
    for (int l = 0; l < a.levels().size(); l++) {
      double[][] expected = legacyResamples(a.levels().get(l), b.levels().get(l), n, resamples, seed);
      for (int m = 0; m < expected.length; m++) {
        assertArrayEquals(expected[m], actual[l][m], "level " + l + " metric " + m);
      }
    }
  }

  /** With the bands widened past every difference, every round not decided by its sign goes the exact way. */
  @Property(tries = 25)
  void exactRecomputationOfEveryRoundGivesTheLegacyCounts(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 300) int n, @ForAll PairedCases.Variant variant,
      @ForAll @IntRange(min = 1, max = 1300) int rounds) {
    PairedCases.Case c = PairedCases.toy(seed, n, variant);
    EvalOptions options = new EvalOptions(ALL, InvalidPolicy.COUNT, 0, 0.95, seed, false, List.of(1), false);
    PairedSide a = PairedSide.of("a", c.admissions(), c.a(), c.table(), options);
    PairedSide b = PairedSide.of("b", c.admissions(), c.b(), c.table(), options);
    double[][] observed = observed(a, b);
    // Thresholds near the attainable differences, so that rounds fall on both sides of them.
    Random random = new Random(seed);
    for (double[] row : observed) {
      for (int m = 0; m < row.length; m++) {
        row[m] *= random.nextInt(3) == 0 ? 0.5 : 1.0;
      }
    }
    long[][] expected = new long[observed.length][];
    for (int l = 0; l < observed.length; l++) {
      expected[l] = legacyExtreme(a.levels().get(l), b.levels().get(l), n, observed[l], rounds, seed + 1);
    }
    for (double widen : new double[] {1.0, 1e9, Double.POSITIVE_INFINITY}) {
      long[][] actual = PairedRandomisation.extremeRounds(CountClasses.of(a.levels()), CountClasses.of(b.levels()),
          n, observed, rounds, seed + 1, widen);
      for (int l = 0; l < observed.length; l++) {
        assertArrayEquals(expected[l], actual[l], "widen " + widen + " level " + l);
      }
    }
  }

  /** Six levels (A lists some twice, as a hand-written baseline may), one of them with counts beyond the fast lanes. */
  @Test
  void manyLevelsAndHugeCountsGiveTheLegacyComparison() {
    PairedCases.Case c = PairedCases.toy(77L, 150, PairedCases.Variant.INDEPENDENT);
    EvalOptions options = new EvalOptions(ALL, InvalidPolicy.COUNT, 40, 0.9, 3L, false, List.of(1), false);
    PairedSide a = PairedSide.of("a", c.admissions(), c.a(), c.table(), options);
    PairedSide b = PairedSide.of("b", c.admissions(), c.b(), c.table(), options);
    List<PairedSide.Level> moreA = new ArrayList<>(a.levels());
    moreA.add(a.levels().get(0));
    moreA.add(a.levels().get(2));
    PairedSide.Level exactB = b.levels().get(0);
    int[] hugeTp = exactB.tp().clone();
    hugeTp[3] = 30_000_000;
    List<PairedSide.Level> hugeB = new ArrayList<>(b.levels());
    hugeB.set(0, new PairedSide.Level(Granularity.EXACT, exactB.points(), hugeTp, exactB.fp(), exactB.fn()));
    PairedSide manyA = new PairedSide("a", a.admissionIds(), moreA, a.hits());
    for (PairedSide other : List.of(b, new PairedSide("b", b.admissionIds(), hugeB, b.hits()))) {
      for (int rounds : new int[] {0, 5, 1500}) {
        assertEquals(PairedIdentityTest.dump(LegacyPaired.compare(manyA, other, options, rounds)),
            PairedIdentityTest.dump(Paired.compare(manyA, other, options, rounds)));
      }
    }
  }

  private static double[][] observed(PairedSide a, PairedSide b) {
    double[][] observed = new double[a.levels().size()][PairedSide.METRICS.size()];
    for (int l = 0; l < observed.length; l++) {
      for (int m = 0; m < observed[l].length; m++) {
        observed[l][m] = b.levels().get(l).points()[m] - a.levels().get(l).points()[m];
      }
    }
    return observed;
  }

  /** The legacy loop of the paired bootstrap for one level: values[metric][resample]. */
  private static double[][] legacyResamples(PairedSide.Level a, PairedSide.Level b, int n, int resamples, long seed) {
    int[][] counts = {a.tp(), a.fp(), a.fn(), b.tp(), b.fp(), b.fn()};
    double[][] values = new double[PairedSide.METRICS.size()][resamples];
    SplittableRandom root = new SplittableRandom(seed);
    int[] multiplicity = new int[n];
    boolean[] noSwap = new boolean[n];
    double[] diff = new double[values.length];
    for (int r = 0; r < resamples; r++) {
      SplittableRandom rng = root.split();
      Arrays.fill(multiplicity, 0);
      for (int i = 0; i < n; i++) {
        multiplicity[rng.nextInt(n)]++;
      }
      LegacyPaired.differences(counts, multiplicity, noSwap, diff);
      for (int m = 0; m < values.length; m++) {
        values[m][r] = diff[m];
      }
    }
    return values;
  }

  /** The legacy loop of the approximate-randomisation test for one level. */
  private static long[] legacyExtreme(PairedSide.Level a, PairedSide.Level b, int n, double[] observed, int rounds,
      long seed) {
    int[][] counts = {a.tp(), a.fp(), a.fn(), b.tp(), b.fp(), b.fn()};
    long[] extreme = new long[observed.length];
    SplittableRandom permutation = new SplittableRandom(seed);
    int[] once = new int[n];
    Arrays.fill(once, 1);
    boolean[] swap = new boolean[n];
    double[] diff = new double[observed.length];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < n; i++) {
        swap[i] = permutation.nextBoolean();
      }
      LegacyPaired.differences(counts, once, swap, diff);
      for (int m = 0; m < observed.length; m++) {
        if (Math.abs(diff[m]) >= Math.abs(observed[m]) - 1e-12) {
          extreme[m]++;
        }
      }
    }
    return extreme;
  }
}
