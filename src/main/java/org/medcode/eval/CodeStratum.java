package org.medcode.eval;

import java.util.Arrays;
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
 */
final class CodeStratum {
  private CodeStratum() {}

  static Evaluator.Part of(RawInput raw, boolean[] keep, EvalOptions options, java.util.List<Granularity> levels,
      java.util.List<String> levelNames, int[] ks) {
    int n = raw.n;
    boolean drop = options.invalid() == InvalidPolicy.DROP;
    boolean[] vocabulary = new boolean[raw.codes.length];
    for (int d : raw.gold) {
      vocabulary[d] = keep[d];
    }
    // The population: every admission, or those with a gold code of the stratum; local index = position in it.
    int[] population;
    if (options.population() == Population.WITH_GOLD) {
      RawInput.IntList withGold = new RawInput.IntList();
      for (int i = 0; i < n; i++) {
        for (int x = raw.goldStart[i]; x < raw.goldStart[i + 1]; x++) {
          if (keep[raw.gold[x]]) {
            withGold.add(i);
            break;
          }
        }
      }
      population = withGold.toArray();
    } else {
      population = Evaluator.all(raw);
    }

    int levelCount = levels.size();
    RawInput.LevelKeys[] keys = new RawInput.LevelKeys[levelCount];
    long[][] codeTp = new long[levelCount][];
    long[][] codeFp = new long[levelCount][];
    long[][] codeFn = new long[levelCount][];
    int[][] goldKeyMark = new int[levelCount][];
    int[][] predKeyMark = new int[levelCount][];
    for (int l = 0; l < levelCount; l++) {
      keys[l] = raw.keys(levels.get(l));
      int count = keys[l].names.length;
      codeTp[l] = new long[count];
      codeFp[l] = new long[count];
      codeFn[l] = new long[count];
      goldKeyMark[l] = new int[count];
      predKeyMark[l] = new int[count];
    }
    long[] tp = new long[levelCount];
    long[] fp = new long[levelCount];
    long[] fn = new long[levelCount];
    int[] goldMark = new int[raw.codes.length];
    int[] predMark = new int[raw.codes.length];
    int widest = raw.widest();
    int[] golds = new int[widest];
    int[] preds = new int[widest];
    int[] counts = new int[3 * levelCount];
    Bootstrap.MicroTable.Builder table = new Bootstrap.MicroTable.Builder(levelCount);
    InvalidStats.Tally tally = new InvalidStats.Tally();
    int withPredictions = 0;
    int[] local = population;
    for (int j = 0; j < local.length; j++) {
      int i = local[j];
      int stamp = j + 1;
      withPredictions += raw.hasPrediction[i] ? 1 : 0;
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
      if (g == 0 && p == 0) {
        continue;
      }
      for (int l = 0; l < levelCount; l++) {
        RawInput.LevelKeys k = keys[l];
        boolean coarse = levels.get(l) != Granularity.EXACT;
        int[] gm = goldKeyMark[l];
        int[] pm = predKeyMark[l];
        int goldKeys = 0;
        for (int x = 0; x < g; x++) {
          int d = golds[x];
          int key = k.mapped[d] >= 0 ? k.mapped[d] : k.unmappedGold[d];
          if (gm[key] != stamp) {
            gm[key] = stamp;
            goldKeys++;
          }
        }
        int predKeys = 0;
        int hits = 0;
        for (int x = 0; x < p; x++) {
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
        for (int x = 0; x < g; x++) {
          int d = golds[x];
          int key = k.mapped[d] >= 0 ? k.mapped[d] : k.unmappedGold[d];
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
      table.add(j, counts);
    }

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
    InvalidStats stats = tally.stats();
    Bootstrap.View view = options.bootstrap() > 0 && population.length > 0
        ? new Bootstrap.View(new Bootstrap.Sample(population, patients(raw, population), count(raw, population)),
            table.build())
        : null;
    return Evaluator.Part.sparse(raw, population.length, withPredictions, stats, levels, levelNames, ks, points, micro,
        view);
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
