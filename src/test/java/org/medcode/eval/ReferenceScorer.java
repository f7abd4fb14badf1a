package org.medcode.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * An independent, deliberately plain re-implementation of the documented metrics: strings and sets, no interning, no
 * arrays, no classes, naive sums. Used only to cross-check {@link Evaluator} on random data.
 */
final class ReferenceScorer {
  private ReferenceScorer() {}

  /** Point values of every metric, per-code counts (tp, fp, fn) and per-admission (tp, fp, fn) per level. */
  record Result(Map<MetricKey, Double> metrics, Map<Granularity, Map<String, long[]>> perCode,
      Map<Granularity, List<int[]>> perAdmission) {}

  static Result score(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table,
      List<Granularity> levels, InvalidPolicy policy, List<Integer> ks) {
    Map<MetricKey, Double> metrics = new LinkedHashMap<>();
    Map<Granularity, Map<String, long[]>> perCode = new LinkedHashMap<>();
    Map<Granularity, List<int[]>> perAdmission = new LinkedHashMap<>();
    Set<String> vocabulary = goldVocabulary(admissions, table);
    for (Granularity g : levels) {
      if (!table.system().granularities().contains(g)) {
        continue;
      }
      Map<String, long[]> codes = new TreeMap<>();
      List<int[]> rows = new ArrayList<>();
      long tpAll = 0;
      long fpAll = 0;
      long fnAll = 0;
      double sp = 0;
      double sr = 0;
      double sf = 0;
      double sj = 0;
      double sem = 0;
      double map = 0;
      double[] pk = new double[ks.size()];
      double[] rk = new double[ks.size()];
      double rp = 0;
      int withGold = 0;
      for (Admission a : admissions) {
        Set<String> gold = new LinkedHashSet<>();
        for (GoldCode c : a.codes()) {
          if (c.system() == table.system().id()) {
            gold.add(key(table, c.code(), g, true));
          }
        }
        List<String> ranked = ranked(predictions.get(a.id()), table, g, policy, vocabulary);
        Set<String> predicted = new HashSet<>(ranked);
        Set<String> hits = new HashSet<>(gold);
        hits.retainAll(predicted);
        int tp = hits.size();
        int fp = predicted.size() - tp;
        int fn = gold.size() - tp;
        rows.add(new int[] {tp, fp, fn});
        tpAll += tp;
        fpAll += fp;
        fnAll += fn;
        for (String k : gold) {
          codes.computeIfAbsent(k, x -> new long[3])[predicted.contains(k) ? 0 : 2]++;
        }
        for (String k : predicted) {
          if (!gold.contains(k)) {
            codes.computeIfAbsent(k, x -> new long[3])[1]++;
          }
        }
        if (gold.isEmpty() && predicted.isEmpty()) {
          sp += 1;
          sr += 1;
          sf += 1;
          sj += 1;
          sem += 1;
        } else {
          sp += predicted.isEmpty() ? 0 : (double) tp / predicted.size();
          sr += gold.isEmpty() ? 0 : (double) tp / gold.size();
          sf += 2.0 * tp / (2 * tp + fp + fn);
          Set<String> union = new HashSet<>(gold);
          union.addAll(predicted);
          sj += (double) tp / union.size();
          sem += gold.equals(predicted) ? 1 : 0;
        }
        if (!gold.isEmpty()) {
          withGold++;
          double precisionSum = 0;
          int found = 0;
          for (int r = 1; r <= ranked.size(); r++) {
            if (gold.contains(ranked.get(r - 1))) {
              found++;
              precisionSum += (double) found / r;
            }
          }
          map += precisionSum / gold.size();
          for (int x = 0; x < ks.size(); x++) {
            int k = ks.get(x);
            int h = hitsInTop(ranked, gold, k);
            pk[x] += (double) h / k;
            rk[x] += (double) h / gold.size();
          }
          rp += (double) hitsInTop(ranked, gold, gold.size()) / gold.size();
        }
      }
      int n = admissions.size();
      put(metrics, g, Averaging.MICRO, Metric.PRECISION, 0, div(tpAll, tpAll + fpAll));
      put(metrics, g, Averaging.MICRO, Metric.RECALL, 0, div(tpAll, tpAll + fnAll));
      put(metrics, g, Averaging.MICRO, Metric.F1, 0, div(2 * tpAll, 2 * tpAll + fpAll + fnAll));
      put(metrics, g, Averaging.SAMPLE, Metric.PRECISION, 0, div(sp, n));
      put(metrics, g, Averaging.SAMPLE, Metric.RECALL, 0, div(sr, n));
      put(metrics, g, Averaging.SAMPLE, Metric.F1, 0, div(sf, n));
      put(metrics, g, Averaging.SAMPLE, Metric.JACCARD, 0, div(sj, n));
      put(metrics, g, Averaging.SAMPLE, Metric.EXACT_MATCH, 0, div(sem, n));
      put(metrics, g, Averaging.SAMPLE, Metric.MAP, 0, div(map, withGold));
      for (int x = 0; x < ks.size(); x++) {
        put(metrics, g, Averaging.SAMPLE, Metric.P_AT_K, ks.get(x), div(pk[x], withGold));
      }
      for (int x = 0; x < ks.size(); x++) {
        put(metrics, g, Averaging.SAMPLE, Metric.R_AT_K, ks.get(x), div(rk[x], withGold));
      }
      put(metrics, g, Averaging.SAMPLE, Metric.R_PRECISION, 0, div(rp, withGold));
      for (boolean goldOnly : new boolean[] {true, false}) {
        double p = 0;
        double r = 0;
        double f = 0;
        int count = 0;
        for (long[] c : codes.values()) {
          if (goldOnly && c[0] + c[2] == 0) {
            continue;
          }
          count++;
          p += div(c[0], c[0] + c[1]);
          r += div(c[0], c[0] + c[2]);
          f += div(2 * c[0], 2 * c[0] + c[1] + c[2]);
        }
        Averaging a = goldOnly ? Averaging.MACRO_GOLD : Averaging.MACRO_ALL;
        put(metrics, g, a, Metric.PRECISION, 0, div(p, count));
        put(metrics, g, a, Metric.RECALL, 0, div(r, count));
        put(metrics, g, a, Metric.F1, 0, div(f, count));
      }
      perCode.put(g, codes);
      perAdmission.put(g, rows);
    }
    return new Result(metrics, perCode, perAdmission);
  }

  static String key(CodeTable table, String code, Granularity g, boolean gold) {
    if (g == Granularity.EXACT) {
      return code;
    }
    return table.system().ancestor(code, g).orElse((gold ? "?gold:" : "?pred:") + code);
  }

  /** Every gold code of the table's system: never dropped under DROP, and mapped like gold even when malformed. */
  static Set<String> goldVocabulary(List<Admission> admissions, CodeTable table) {
    Set<String> vocabulary = new HashSet<>();
    for (Admission a : admissions) {
      for (GoldCode c : a.codes()) {
        if (c.system() == table.system().id()) {
          vocabulary.add(c.code());
        }
      }
    }
    return vocabulary;
  }

  static List<String> ranked(Prediction prediction, CodeTable table, Granularity g, InvalidPolicy policy,
      Set<String> goldVocabulary) {
    List<PredictedCode> codes = new ArrayList<>(prediction == null ? List.of() : prediction.codes());
    boolean allScored = !codes.isEmpty() && codes.stream().allMatch(c -> c.score() != null && !c.score().isNaN());
    if (allScored) {
      // trec_eval's order: score descending, then code descending (0.0 and -0.0 tie)
      codes.sort((x, y) -> x.score().doubleValue() == y.score().doubleValue() ? y.code().compareTo(x.code())
          : y.score() > x.score() ? 1 : -1);
    }
    List<String> out = new ArrayList<>();
    for (PredictedCode c : codes) {
      boolean valid = table.status(c.code()).valid();
      if (policy == InvalidPolicy.DROP && !valid && !goldVocabulary.contains(c.code())) {
        continue;
      }
      boolean malformedGuess = g != Granularity.EXACT && table.status(c.code()) == org.medcode.codesystem.CodeStatus.MALFORMED
          && !goldVocabulary.contains(c.code());
      String k = malformedGuess ? "?pred:" + c.code() : key(table, c.code(), g, false);
      if (!out.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  static int hitsInTop(List<String> ranked, Set<String> gold, int k) {
    int h = 0;
    for (int r = 0; r < Math.min(k, ranked.size()); r++) {
      h += gold.contains(ranked.get(r)) ? 1 : 0;
    }
    return h;
  }

  static double div(double a, double b) {
    return b == 0 ? 0 : a / b;
  }

  static void put(Map<MetricKey, Double> m, Granularity g, Averaging a, Metric metric, int k, double v) {
    m.put(new MetricKey(g, a, metric, k), v);
  }
}
