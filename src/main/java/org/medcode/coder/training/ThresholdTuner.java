package org.medcode.coder.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses decision thresholds that maximise micro F1 on validation admissions (never on the split being evaluated).
 * The global threshold sweeps every score seen: predicting each (admission, code) pair whose score is at least t,
 * tp/fp counted against the gold set and every gold code not scored at all counted as a false negative. With
 * {@link Mode#PER_CODE}, a code with at least {@code perCodeMinPositives} validation positives gets its own threshold
 * (the one maximising its own F1 given the global one for the rest; ties to the higher threshold).
 */
public final class ThresholdTuner {
  /** Global only, or global plus per-code thresholds where the validation data supports them. */
  public enum Mode { GLOBAL, PER_CODE }

  /** One validation admission: the scores the model gave (before any threshold) and the gold codes. */
  public record Example(Map<String, Double> scores, Set<String> gold) {}

  private ThresholdTuner() {}

  public static Thresholds tune(List<Example> validation, Mode mode, int perCodeMinPositives, int maxCodes, double fallback) {
    List<double[]> pairs = new ArrayList<>(); // {score, isGold}
    int totalGold = 0;
    for (Example example : validation) {
      totalGold += example.gold().size();
      example.scores().entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(maxCodes)
          .forEach(e -> pairs.add(new double[] {e.getValue(), example.gold().contains(e.getKey()) ? 1 : 0}));
    }
    double global = sweep(pairs, totalGold, fallback);
    Map<String, Double> perCode = new HashMap<>();
    if (mode == Mode.PER_CODE) {
      Map<String, List<double[]>> byCode = new HashMap<>();
      Map<String, Integer> goldByCode = new HashMap<>();
      for (Example example : validation) {
        example.gold().forEach(code -> goldByCode.merge(code, 1, Integer::sum));
        example.scores().forEach((code, score) -> byCode.computeIfAbsent(code, c -> new ArrayList<>())
            .add(new double[] {score, example.gold().contains(code) ? 1 : 0}));
      }
      goldByCode.forEach((code, positives) -> {
        if (positives >= perCodeMinPositives && byCode.containsKey(code)) {
          perCode.put(code, sweep(byCode.get(code), positives, global));
        }
      });
    }
    return new Thresholds(global, perCode, maxCodes, microF1(validation, global, perCode, maxCodes));
  }

  /** Micro F1 of a decision rule over validation admissions (at most maxCodes codes each, best first). */
  static double microF1(List<Example> validation, double global, Map<String, Double> perCode, int maxCodes) {
    long tp = 0;
    long predicted = 0;
    long gold = 0;
    for (Example example : validation) {
      gold += example.gold().size();
      List<String> kept = example.scores().entrySet().stream()
          .filter(e -> e.getValue() >= perCode.getOrDefault(e.getKey(), global))
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(maxCodes).map(Map.Entry::getKey).toList();
      predicted += kept.size();
      tp += kept.stream().filter(example.gold()::contains).count();
    }
    return predicted + gold == 0 ? 0 : 2.0 * tp / (predicted + gold);
  }

  /** The threshold (one of the scores) with the best F1; {@code fallback} when no pair is a true positive. */
  static double sweep(List<double[]> pairs, int totalGold, double fallback) {
    pairs.sort(Comparator.comparingDouble((double[] p) -> -p[0]));
    double best = 0;
    double threshold = fallback;
    int tp = 0;
    int fp = 0;
    for (int i = 0; i < pairs.size(); i++) {
      if (pairs.get(i)[1] > 0) {
        tp++;
      } else {
        fp++;
      }
      boolean lastOfTie = i + 1 == pairs.size() || pairs.get(i + 1)[0] < pairs.get(i)[0];
      if (lastOfTie && pairs.get(i)[0] > 0) {
        double f1 = 2.0 * tp / (2.0 * tp + fp + (totalGold - tp));
        if (f1 > best) {
          best = f1;
          threshold = pairs.get(i)[0];
        }
      }
    }
    return threshold;
  }
}
