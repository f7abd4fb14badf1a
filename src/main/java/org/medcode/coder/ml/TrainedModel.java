package org.medcode.coder.ml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.training.ModelManifest;
import org.medcode.coder.training.Thresholds;

/**
 * A fitted model with its frozen thresholds: vectorizer, label set (canonical codes by label index), estimator and
 * manifest. Immutable and thread-safe; the same text always gets the same suggestions.
 */
public record TrainedModel(ModelManifest manifest, TfidfVectorizer vectorizer, List<String> labels, Estimator estimator,
    Thresholds thresholds) {
  public TrainedModel {
    labels = List.copyOf(labels);
  }

  /** Scores of every label with a positive score (before thresholds). */
  public Map<String, Double> scores(String text) {
    return byCode(estimator.scores(vectorizer.transform(text)), labels, labels.size());
  }

  /** The {@code limit} best positive scores by code (ties: code order, which is label order). */
  static Map<String, Double> byCode(double[] scores, List<String> labels, int limit) {
    Map<String, Double> byCode = new HashMap<>();
    if (limit >= scores.length) {
      for (int l = 0; l < scores.length; l++) {
        if (scores[l] > 0) {
          byCode.put(labels.get(l), scores[l]);
        }
      }
    } else {
      for (int l : Top.largest(scores, limit)) {
        byCode.put(labels.get(l), scores[l]);
      }
    }
    return byCode;
  }

  /** The codes that pass their thresholds, best first (ties: code order), at most {@code maxCodes}. */
  public List<CodeSuggestion> predict(String text) {
    double[] scores = estimator.scores(vectorizer.transform(text));
    List<CodeSuggestion> kept = new ArrayList<>();
    for (int l = 0; l < scores.length; l++) {
      if (scores[l] > 0 && thresholds.accepts(labels.get(l), scores[l])) {
        kept.add(new CodeSuggestion(labels.get(l), scores[l]));
      }
    }
    kept.sort(Comparator.comparing(CodeSuggestion::score, Comparator.reverseOrder()).thenComparing(CodeSuggestion::code));
    return kept.stream().limit(thresholds.maxCodes()).toList();
  }
}
