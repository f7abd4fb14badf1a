package org.medcode.coder.ensemble;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.training.Logistic;
import org.medcode.coder.training.ThresholdTuner;

/**
 * The stacked scorer of an ensemble: a logistic regression over what the members said about a candidate code (every
 * code some member proposed): per member whether it proposed the code, its score and the reciprocal of its rank; how
 * many members agree; and how often the training split has the code. One model for all codes, plus one per code family
 * (first character of the code: an ICD-10-CM chapter letter, an ICD-10-PCS section) that has enough positives, fitted
 * on the global model's log-odds and the same features with a stronger penalty, so it corrects the global model where
 * the family behaves differently. Fitted on the members' out-of-fold answers on the training split ({@link CrossFit});
 * the threshold maximises micro F1 over the training admissions scored by stackers fitted without their fold.
 */
final class Stacker {
  static final double L2 = 1.0;
  static final double FAMILY_L2 = 10.0;

  /** One training admission: the members' answers and the gold codes. */
  record Example(List<List<CodeSuggestion>> answers, Set<String> gold) {}

  private final Logistic global;
  private final Map<String, Logistic> families;
  private final Map<String, Integer> codeCounts;
  private final int admissions;
  private final double threshold;

  private Stacker(Logistic global, Map<String, Logistic> families, Map<String, Integer> codeCounts,
      int admissions, double threshold) {
    this.global = global;
    this.families = Map.copyOf(families);
    this.codeCounts = Map.copyOf(codeCounts);
    this.admissions = admissions;
    this.threshold = threshold;
  }

  double threshold() {
    return threshold;
  }

  /** The stacked probability of each candidate code of one admission, candidates in first-proposed order. */
  Map<String, Double> score(List<List<CodeSuggestion>> answers) {
    Map<String, Double> scores = new LinkedHashMap<>();
    for (String code : candidates(answers)) {
      double[] x = features(answers, code, codeCounts, admissions, null);
      scores.put(code, probability(global, families, code, x));
    }
    return scores;
  }

  /**
   * Fits on out-of-fold examples: the model on all of them, and the threshold on examples scored by models fitted on
   * the other {@code folds - 1} parts ({@code fold} gives each example's part).
   */
  static Stacker fit(List<Example> examples, int[] fold, int maxCodes, int familyMinPositives) {
    Map<String, Integer> counts = counts(examples);
    int folds = java.util.Arrays.stream(fold).max().orElse(0) + 1;
    Fitted all = fitOn(examples, null, -1, counts, familyMinPositives);
    List<ThresholdTuner.Example> scored = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      Fitted part = folds > 1 ? fitOn(examples, fold, f, counts, familyMinPositives) : all;
      for (int i = 0; i < examples.size(); i++) {
        if (folds > 1 && fold[i] != f) {
          continue;
        }
        Example example = examples.get(i);
        Map<String, Double> scores = new HashMap<>();
        for (String code : candidates(example.answers())) {
          double[] x = features(example.answers(), code, counts, examples.size(), example.gold());
          scores.put(code, probability(part.global(), part.families(), code, x));
        }
        scored.add(new ThresholdTuner.Example(scores, example.gold()));
      }
    }
    double threshold = ThresholdTuner.tune(scored, ThresholdTuner.Mode.GLOBAL, 1, maxCodes, 0.5).global();
    return new Stacker(all.global(), all.families(), counts, examples.size(), threshold);
  }

  private record Fitted(Logistic global, Map<String, Logistic> families) {}

  /** Fits on the examples outside part {@code except} (all when {@code fold} is null). */
  private static Fitted fitOn(List<Example> examples, int[] fold, int except, Map<String, Integer> counts,
      int familyMinPositives) {
    List<Logistic.Row> rows = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      if (fold != null && fold[i] == except) {
        continue;
      }
      Example example = examples.get(i);
      for (String code : candidates(example.answers())) {
        rows.add(new Logistic.Row(features(example.answers(), code, counts, examples.size(), example.gold()),
            example.gold().contains(code)));
        codes.add(code);
      }
    }
    if (rows.isEmpty()) {
      return new Fitted(new Logistic(new double[] {-5}), Map.of());
    }
    Logistic global = Logistic.fit(rows, L2);
    Map<String, List<Logistic.Row>> byFamily = new HashMap<>();
    Map<String, Integer> positives = new HashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      String family = family(codes.get(r));
      double[] x = rows.get(r).features();
      byFamily.computeIfAbsent(family, k -> new ArrayList<>())
          .add(new Logistic.Row(withLogit(global, x), rows.get(r).positive()));
      positives.merge(family, rows.get(r).positive() ? 1 : 0, Integer::sum);
    }
    Map<String, Logistic> families = new HashMap<>();
    byFamily.forEach((family, familyRows) -> {
      if (positives.get(family) >= familyMinPositives && positives.get(family) < familyRows.size()) {
        families.put(family, Logistic.fit(familyRows, FAMILY_L2));
      }
    });
    return new Fitted(global, families);
  }

  private static double probability(Logistic global, Map<String, Logistic> families, String code, double[] x) {
    Logistic family = families.get(family(code));
    return family == null ? global.probability(x) : family.probability(withLogit(global, x));
  }

  /** The global model's log-odds first, then the features. */
  private static double[] withLogit(Logistic global, double[] x) {
    double p = Math.min(1 - 1e-9, Math.max(1e-9, global.probability(x)));
    double[] out = new double[x.length + 1];
    out[0] = Math.log(p / (1 - p));
    System.arraycopy(x, 0, out, 1, x.length);
    return out;
  }

  static String family(String code) {
    return code.isEmpty() ? "" : code.substring(0, 1);
  }

  /** Every code some member proposed, in member order then rank. */
  static Set<String> candidates(List<List<CodeSuggestion>> answers) {
    Set<String> codes = new LinkedHashSet<>();
    answers.forEach(answer -> answer.forEach(c -> codes.add(c.code())));
    return codes;
  }

  /**
   * Per member: proposed (0/1), score (0 when not proposed or without a score), 1/rank (0 when not proposed); then the
   * share of members that proposed the code and the smoothed log-odds that a training admission has the code ({@code
   * gold}, when given, is the admission's own gold, left out of the counts so that it does not describe itself).
   */
  static double[] features(List<List<CodeSuggestion>> answers, String code, Map<String, Integer> counts, int admissions,
      Set<String> gold) {
    int m = answers.size();
    double[] x = new double[3 * m + 2];
    int agreeing = 0;
    for (int k = 0; k < m; k++) {
      List<CodeSuggestion> answer = answers.get(k);
      for (int r = 0; r < answer.size(); r++) {
        if (answer.get(r).code().equals(code)) {
          x[3 * k] = 1;
          Double score = answer.get(r).score();
          x[3 * k + 1] = score == null || score.isNaN() ? 0 : Math.max(-5, Math.min(5, score));
          x[3 * k + 2] = 1.0 / (r + 1);
          agreeing++;
          break;
        }
      }
    }
    x[3 * m] = (double) agreeing / m;
    boolean own = gold != null && gold.contains(code);
    int n = gold != null ? admissions - 1 : admissions;
    double p = (counts.getOrDefault(code, 0) - (own ? 1 : 0) + 0.5) / (n + 1.0);
    x[3 * m + 1] = Math.log(p / (1 - p));
    return x;
  }

  private static Map<String, Integer> counts(List<Example> examples) {
    Map<String, Integer> counts = new HashMap<>();
    examples.forEach(e -> e.gold().forEach(code -> counts.merge(code, 1, Integer::sum)));
    return counts;
  }
}
