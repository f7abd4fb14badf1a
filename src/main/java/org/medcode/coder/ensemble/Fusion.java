package org.medcode.coder.ensemble;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medcode.coder.CodeSuggestion;

/**
 * Turns one member's ranked answer into per-code scores in [0, 1] that can be summed across members, and defines the
 * fused score: the weighted sum over members divided by the total weight, so 1 means "every member ranks it first".
 */
public enum Fusion {
  /**
   * Reciprocal rank fusion: {@code (K + 1) / (K + rank)} with K = 60 (Cormack et al. 2009), scaled so rank 1 gives 1.
   */
  RRF {
    @Override
    Map<String, Double> normalise(List<CodeSuggestion> ranked) {
      Map<String, Double> scores = new HashMap<>();
      for (int r = 0; r < ranked.size(); r++) {
        scores.putIfAbsent(ranked.get(r).code(), (K + 1.0) / (K + r + 1.0));
      }
      return scores;
    }
  },
  /**
   * Min-max normalised scores of the member's answer ({@code (s - min) / (max - min)}, 1 for all when they are equal);
   * a member that gives no scores is scored by rank ({@code 1 - (rank - 1) / n}).
   */
  MINMAX {
    @Override
    Map<String, Double> normalise(List<CodeSuggestion> ranked) {
      Map<String, Double> scores = new HashMap<>();
      boolean scored = !ranked.isEmpty() && ranked.stream().allMatch(c -> c.score() != null && !c.score().isNaN());
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      if (scored) {
        for (CodeSuggestion c : ranked) {
          min = Math.min(min, c.score());
          max = Math.max(max, c.score());
        }
      }
      for (int r = 0; r < ranked.size(); r++) {
        CodeSuggestion c = ranked.get(r);
        double value = !scored ? 1.0 - (double) r / ranked.size() : max > min ? (c.score() - min) / (max - min) : 1.0;
        scores.putIfAbsent(c.code(), value);
      }
      return scores;
    }
  };

  static final int K = 60;

  abstract Map<String, Double> normalise(List<CodeSuggestion> ranked);
}
