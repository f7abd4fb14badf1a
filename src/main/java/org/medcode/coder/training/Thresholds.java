package org.medcode.coder.training;

import java.util.Map;
import java.util.TreeMap;

/**
 * Frozen decision rule: a code is predicted when its score is at least its threshold ({@code perCode} when the code
 * has one, else {@code global}); at most {@code maxCodes} codes per admission, best first. Tuned once on validation
 * admissions carved from the training split, then never changed. {@code validationMicroF1} is the micro F1 the rule
 * reached on those validation admissions (NaN when the thresholds were set, not tuned).
 */
public record Thresholds(double global, Map<String, Double> perCode, int maxCodes, double validationMicroF1) {
  public Thresholds {
    perCode = java.util.Collections.unmodifiableMap(new TreeMap<>(perCode));
  }

  /** Thresholds that were given, not tuned. */
  public static Thresholds fixed(double global, int maxCodes) {
    return new Thresholds(global, Map.of(), maxCodes, Double.NaN);
  }

  public double of(String code) {
    return perCode.getOrDefault(code, global);
  }

  public boolean accepts(String code, double score) {
    return score >= of(code);
  }
}
