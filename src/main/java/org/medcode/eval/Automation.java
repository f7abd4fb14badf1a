package org.medcode.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;

/**
 * Automation coverage at the exact level, on codes as the engine scores them (de-duplicated, rank order, invalid codes
 * dropped under {@link InvalidPolicy#DROP} unless they are gold codes).
 *
 * <ul>
 *   <li><b>Admission confidence</b> = the minimum score of its predicted codes (an admission is only as sure as its least
 *       sure code). An admission with no predicted code has no confidence and is never automated. The curve needs every
 *       predicted code of every admission to have a score; otherwise it is unavailable.</li>
 *   <li><b>Curve</b>: for each distinct confidence t (descending), the admissions with confidence ≥ t are automated
 *       (ties go together); coverage = automated / all admissions; precision, recall = micro over the automated
 *       admissions; exact match = share of automated admissions whose predicted set equals gold.</li>
 *   <li><b>Targets</b> (90, 95, 98 %): the largest coverage on the curve whose micro precision (or exact-match share)
 *       is ≥ the target.</li>
 *   <li><b>Suggestions</b> (computer-assisted coding, any coder, scores or not): for k = 1 … the longest list, recall@k
 *       = Σ gold codes in the first k / Σ gold codes; precision@k = Σ gold codes in the first k / Σ min(k, list
 *       length); mean reviewed = Σ min(k, list length) / admissions.</li>
 * </ul>
 */
public final class Automation {
  public static final List<Double> TARGETS = List.of(0.90, 0.95, 0.98);
  /** Suggestion lists are followed up to this length at most. */
  static final int MAX_K = 100;

  private Automation() {}

  public static AutomationCoverage analyze(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table,
      InvalidPolicy policy) {
    RawInput raw = RawInput.of(admissions, predictions, table);
    return analyze(raw, policy, Evaluator.all(raw));
  }

  /** Each admission's codes as the analyses take them: gold set, ranked predictions with their hits and scores. */
  private record Ranked(int[] gold, int[] ranked, boolean[] hit, double[] scores) {}

  /** Over the admissions {@code scored} (the population: positions in {@code raw}). */
  static AutomationCoverage analyze(RawInput raw, InvalidPolicy policy, int[] scored) {
    int n = scored.length;
    int widest = raw.widest();
    int[] ids = new int[widest];
    double[] buffer = new double[widest];
    int[] goldMark = new int[raw.codes.length];
    int[] predMark = new int[raw.codes.length];
    Ranked[] codes = new Ranked[n];
    for (int i = 0; i < n; i++) {
      int[] gold = java.util.Arrays.copyOf(ids, raw.distinctGold(scored[i], ids, goldMark, i + 1));
      int m = raw.analysisRanked(scored[i], policy == InvalidPolicy.DROP, ids, buffer, predMark, i + 1);
      boolean[] hit = new boolean[m];
      for (int r = 0; r < m; r++) {
        hit[r] = goldMark[ids[r]] == i + 1;
      }
      codes[i] = new Ranked(gold, java.util.Arrays.copyOf(ids, m), hit, java.util.Arrays.copyOf(buffer, m));
    }
    String unavailable = null;
    double[] confidence = new double[n];
    for (int i = 0; i < n; i++) {
      Ranked c = codes[i];
      if (c.ranked().length == 0) {
        confidence[i] = Double.NaN;
        continue;
      }
      if (Double.isNaN(c.scores()[0])) {
        unavailable = "the coder gives no score for every predicted code (e.g. admission " + raw.admissionIds[scored[i]]
            + "), so admissions cannot be ranked by confidence";
        break;
      }
      double min = Double.POSITIVE_INFINITY;
      for (double score : c.scores()) {
        min = Math.min(min, score);
      }
      confidence[i] = min;
    }
    if (n == 0) {
      unavailable = "no admissions";
    }
    List<AutomationCoverage.Point> curve = new ArrayList<>();
    List<AutomationCoverage.Target> targets = new ArrayList<>();
    if (unavailable == null) {
      curve = curve(codes, confidence);
      for (AutomationCoverage.Criterion criterion : AutomationCoverage.Criterion.values()) {
        for (double target : TARGETS) {
          targets.add(target(curve, criterion, target));
        }
      }
    }
    return new AutomationCoverage(unavailable, curve, targets, suggestions(codes), reviewToLastHit(codes));
  }

  private static int hits(Ranked c) {
    int hits = 0;
    for (boolean h : c.hit()) {
      hits += h ? 1 : 0;
    }
    return hits;
  }

  private static List<AutomationCoverage.Point> curve(Ranked[] codes, double[] confidence) {
    int n = codes.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -confidence[i]));
    List<AutomationCoverage.Point> curve = new ArrayList<>();
    long tp = 0;
    long fp = 0;
    long fn = 0;
    int exact = 0;
    int automated = 0;
    for (int x = 0; x < n; x++) {
      int i = order[x];
      if (Double.isNaN(confidence[i])) {
        break;
      }
      Ranked c = codes[i];
      int hits = hits(c);
      tp += hits;
      fp += c.ranked().length - hits;
      fn += c.gold().length - hits;
      exact += hits == c.gold().length && hits == c.ranked().length ? 1 : 0;
      automated++;
      boolean lastOfTie = x + 1 == n || Double.isNaN(confidence[order[x + 1]]) || confidence[order[x + 1]] != confidence[i];
      if (lastOfTie) {
        curve.add(new AutomationCoverage.Point(confidence[i], automated, (double) automated / n, tp, fp, fn,
            Counts.ratio(tp, tp + fp), Counts.ratio(tp, tp + fn), (double) exact / automated));
      }
    }
    return curve;
  }

  static AutomationCoverage.Target target(List<AutomationCoverage.Point> curve, AutomationCoverage.Criterion criterion,
      double target) {
    AutomationCoverage.Point best = null;
    for (AutomationCoverage.Point p : curve) {
      double quality = criterion == AutomationCoverage.Criterion.MICRO_PRECISION ? p.precision() : p.exactMatch();
      if (quality >= target && (best == null || p.admissions() > best.admissions())) {
        best = p;
      }
    }
    if (best == null) {
      return new AutomationCoverage.Target(criterion, target, 0.0, 0, Double.NaN, Double.NaN);
    }
    return new AutomationCoverage.Target(criterion, target, best.coverage(), best.admissions(), best.threshold(),
        criterion == AutomationCoverage.Criterion.MICRO_PRECISION ? best.precision() : best.exactMatch());
  }

  private static List<AutomationCoverage.Suggestions> suggestions(Ranked[] codes) {
    int longestList = 0;
    long gold = 0;
    for (Ranked c : codes) {
      longestList = Math.max(longestList, c.ranked().length);
      gold += c.gold().length;
    }
    int longest = Math.min(MAX_K, longestList);
    // Per k: hits among the first k and codes shown, from per-rank counts (a hit at rank r counts for every k > r).
    long[] hitsAt = new long[longest + 1];
    long[] listsLonger = new long[longest + 1];
    for (Ranked c : codes) {
      int shown = Math.min(longest, c.ranked().length);
      for (int r = 0; r < shown; r++) {
        hitsAt[r + 1] += c.hit()[r] ? 1 : 0;
        listsLonger[r + 1]++;
      }
    }
    List<AutomationCoverage.Suggestions> out = new ArrayList<>();
    long hits = 0;
    long reviewed = 0;
    for (int k = 1; k <= longest; k++) {
      hits += hitsAt[k];
      reviewed += listsLonger[k];
      out.add(new AutomationCoverage.Suggestions(k, Counts.ratio(hits, gold), Counts.ratio(hits, reviewed),
          codes.length == 0 ? 0.0 : (double) reviewed / codes.length));
    }
    return out;
  }

  private static double reviewToLastHit(Ranked[] codes) {
    long sum = 0;
    long count = 0;
    for (Ranked c : codes) {
      int last = 0;
      for (int r = 0; r < c.ranked().length; r++) {
        if (c.hit()[r]) {
          last = r + 1;
        }
      }
      if (last > 0) {
        sum += last;
        count++;
      }
    }
    return count == 0 ? Double.NaN : (double) sum / count;
  }
}
