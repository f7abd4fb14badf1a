package org.medcode.prediction;

import java.util.List;
import java.util.Map;

/**
 * Predictions read from one file: per admission (in order of first appearance), plus what the reader noticed.
 * {@code rows} = code rows read; {@code duplicates} = rows repeating a code already given for the same admission
 * (after normalisation; one entry is kept at the first position, with the highest score given to that code) with a few
 * {@code duplicateExamples}.
 */
public record PredictionSet(String source, PredictionFormat format, Map<String, Prediction> byAdmission, long rows,
    long duplicates, List<String> duplicateExamples) {
  public PredictionSet {
    byAdmission = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byAdmission));
    duplicateExamples = List.copyOf(duplicateExamples);
  }

  public boolean empty() {
    return rows == 0;
  }
}
