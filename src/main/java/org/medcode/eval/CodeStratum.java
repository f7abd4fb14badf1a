package org.medcode.eval;

import java.util.Arrays;
import java.util.List;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.Granularity;

/**
 * A code stratum (chapter, training frequency) evaluated sparsely: every admission with gold and predicted codes
 * restricted to the stratum's codes, exactly as the whole is evaluated ({@link EncodedInput}, {@link LevelScores}), but
 * visiting only the admissions that have such codes and keeping only what a code stratum reports: micro counts (and
 * their intervals) and macro averages. Without macro intervals; those need the full view.
 *
 * <p>Sets are all that matter here (no ranks): per admission the stratum's distinct gold codes and distinct predicted
 * codes, invalid ones dropped under {@link InvalidPolicy#DROP} unless they are gold codes of the stratum; at each level
 * the keys of {@link RawInput.LevelKeys}, a malformed prediction that is not a gold code of the stratum never hitting a
 * coarser level.
 *
 * <p>The work is split into short methods on purpose: one long loop nest took the JIT compiler over a second to compile.
 */
final class CodeStratum {
  private final RawInput raw;
  private final boolean[] keep;
  private final boolean drop;
  /** Gold codes of the stratum: under DROP such predictions are never dropped; malformed others never hit coarser keys. */
  private final boolean[] vocabulary;
  private final List<Granularity> levels;
  private final RawInput.LevelKeys[] keys;
  private final long[][] codeTp;
  private final long[][] codeFp;
  private final long[][] codeFn;
  private final int[][] goldKeyMark;
  private final int[][] predKeyMark;
  private final long[] tp;
  private final long[] fp;
  private final long[] fn;
  private final int[] goldMark;
  private final int[] predMark;
  private final int[] golds;
  private final int[] preds;
  private final int[] counts;
  private final InvalidStats.Tally tally = new InvalidStats.Tally();
  private int goldCount;
  private int predCount;

  private CodeStratum(RawInput raw, boolean[] keep, EvalOptions options, List<Granularity> levels) {
    this.raw = raw;
    this.keep = keep;
    this.levels = levels;
    drop = options.invalid() == InvalidPolicy.DROP;
    vocabulary = new boolean[raw.codes.length];
    for (int d : raw.gold) {
      vocabulary[d] = keep[d];
    }
    int levelCount = levels.size();
    keys = new RawInput.LevelKeys[levelCount];
    codeTp = new long[levelCount][];
    codeFp = new long[levelCount][];
    codeFn = new long[levelCount][];
    goldKeyMark = new int[levelCount][];
    predKeyMark = new int[levelCount][];
    for (int l = 0; l < levelCount; l++) {
      keys[l] = raw.keys(levels.get(l));
      int count = keys[l].names.length;
      codeTp[l] = new long[count];
      codeFp[l] = new long[count];
      codeFn[l] = new long[count];
      goldKeyMark[l] = new int[count];
      predKeyMark[l] = new int[count];
    }
    tp = new long[levelCount];
    fp = new long[levelCount];
    fn = new long[levelCount];
    goldMark = new int[raw.codes.length];
    predMark = new int[raw.codes.length];
    int widest = raw.widest();
    golds = new int[widest];
    preds = new int[widest];
    counts = new int[3 * levelCount];
  }

  static Evaluator.Part of(RawInput raw, boolean[] keep, EvalOptions options, List<Granularity> levels,
      List<String> levelNames, int[] ks) {
    int[] population = Evaluator.population(raw, Evaluator.all(raw), options);
    CodeStratum stratum = new CodeStratum(raw, keep, options, levels);
    Bootstrap.MicroTable.Builder table = new Bootstrap.MicroTable.Builder(levels.size());
    int withPredictions = 0;
    for (int j = 0; j < population.length; j++) {
      int i = population[j];
      withPredictions += raw.hasPrediction[i] ? 1 : 0;
      if (stratum.collect(i, j + 1)) {
        stratum.score(j + 1);
        table.add(j, stratum.counts);
      }
    }
    return stratum.part(population, withPredictions, levelNames, ks, table, options);
  }

  /** Admission i's distinct gold and predicted codes of the stratum; whether it has any. */
  private boolean collect(int i, int stamp) {
    int g = 0;
    for (int x = raw.goldStart[i]; x < raw.goldStart[i + 1]; x++) {
      int d = raw.gold[x];
      if (keep[d] && goldMark[d] != stamp) {
        goldMark[d] = stamp;
        golds[g++] = d;
        tally.gold(raw.status[d]);
      }
    }
    int p = 0;
    for (int x = raw.rawStart[i]; x < raw.rawStart[i + 1]; x++) {
      int d = raw.raw[x];
      if (!keep[d] || predMark[d] == stamp) {
        continue;
      }
      predMark[d] = stamp;
      CodeStatus status = raw.status[d];
      tally.predicted(status);
      if (drop && !status.valid() && !vocabulary[d]) {
        continue;
      }
      preds[p++] = d;
    }
    goldCount = g;
    predCount = p;
    return g > 0 || p > 0;
  }

  /** The collected admission's tp, fp and fn at every level into {@code counts}, and into the totals. */
  private void score(int stamp) {
    for (int l = 0; l < levels.size(); l++) {
      scoreLevel(l, stamp);
    }
  }

  private void scoreLevel(int l, int stamp) {
    RawInput.LevelKeys k = keys[l];
    boolean coarse = levels.get(l) != Granularity.EXACT;
    int[] gm = goldKeyMark[l];
    int[] pm = predKeyMark[l];
    int goldKeys = 0;
    for (int x = 0; x < goldCount; x++) {
      int key = goldKey(k, golds[x]);
      if (gm[key] != stamp) {
        gm[key] = stamp;
        goldKeys++;
      }
    }
    int predKeys = 0;
    int hits = 0;
    for (int x = 0; x < predCount; x++) {
      int d = preds[x];
      boolean malformedGuess = coarse && raw.status[d] == CodeStatus.MALFORMED && !vocabulary[d];
      int key = k.mapped[d] >= 0 && !malformedGuess ? k.mapped[d] : k.unmappedPred[d];
      if (pm[key] == stamp) {
        continue;
      }
      pm[key] = stamp;
      predKeys++;
      if (gm[key] == stamp) {
        hits++;
        codeTp[l][key]++;
      } else {
        codeFp[l][key]++;
      }
    }
    for (int x = 0; x < goldCount; x++) {
      int key = goldKey(k, golds[x]);
      if (pm[key] != stamp) {
        pm[key] = stamp; // count each missed key once
        codeFn[l][key]++;
      }
    }
    counts[3 * l] = hits;
    counts[3 * l + 1] = predKeys - hits;
    counts[3 * l + 2] = goldKeys - hits;
    tp[l] += hits;
    fp[l] += predKeys - hits;
    fn[l] += goldKeys - hits;
  }

  private static int goldKey(RawInput.LevelKeys k, int d) {
    return k.mapped[d] >= 0 ? k.mapped[d] : k.unmappedGold[d];
  }

  private Evaluator.Part part(int[] population, int withPredictions, List<String> levelNames, int[] ks,
      Bootstrap.MicroTable.Builder table, EvalOptions options) {
    int levelCount = levels.size();
    double[][] points = new double[levelCount][];
    Counts[] micro = new Counts[levelCount];
    for (int l = 0; l < levelCount; l++) {
      micro[l] = new Counts(tp[l], fp[l], fn[l]);
      double[] point = new double[LevelMetrics.size(ks.length)];
      Arrays.fill(point, Double.NaN);
      point[LevelMetrics.MICRO] = micro[l].precision();
      point[LevelMetrics.MICRO + 1] = micro[l].recall();
      point[LevelMetrics.MICRO + 2] = micro[l].f1();
      LevelMetrics.macro(codeTp[l], codeFp[l], codeFn[l], point, LevelMetrics.macroGold(ks.length), true);
      points[l] = point;
    }
    Bootstrap.View view = options.bootstrap() > 0 && population.length > 0
        ? new Bootstrap.View(new Bootstrap.Sample(population, patients(raw, population), count(raw, population)),
            table.build())
        : null;
    return Evaluator.Part.sparse(raw, population.length, withPredictions, tally.stats(), levels, levelNames, ks, points,
        micro, view);
  }

  /** Patients of the population, numbered in order of first appearance in it. */
  private static int[] patients(RawInput raw, int[] population) {
    int[] number = new int[raw.patients];
    int next = 0;
    int[] out = new int[population.length];
    for (int j = 0; j < population.length; j++) {
      int p = raw.patientOf[population[j]];
      if (number[p] == 0) {
        number[p] = ++next;
      }
      out[j] = number[p] - 1;
    }
    return out;
  }

  private static int count(RawInput raw, int[] population) {
    boolean[] seen = new boolean[raw.patients];
    int count = 0;
    for (int i : population) {
      if (!seen[raw.patientOf[i]]) {
        seen[raw.patientOf[i]] = true;
        count++;
      }
    }
    return count;
  }
}
