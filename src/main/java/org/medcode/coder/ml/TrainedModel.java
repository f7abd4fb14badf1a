package org.medcode.coder.ml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medcode.coder.CodeSuggestion;

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
    double[] scores = estimator.scores(vectorizer.transform(text));
    Map<String, Double> byCode = new HashMap<>();
    for (int l = 0; l < scores.length; l++) {
      if (scores[l] > 0) {
        byCode.put(labels.get(l), scores[l]);
      }
    }
    return byCode;
  }

  /** The codes that pass their thresholds, best first (ties: code order), at most {@code maxCodes}. */
  public List<CodeSuggestion> predict(String text) {
    List<Map.Entry<String, Double>> kept = new ArrayList<>();
    for (Map.Entry<String, Double> entry : scores(text).entrySet()) {
      if (thresholds.accepts(entry.getKey(), entry.getValue())) {
        kept.add(entry);
      }
    }
    kept.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    return kept.stream().limit(thresholds.maxCodes()).map(e -> new CodeSuggestion(e.getKey(), e.getValue())).toList();
  }
}
