package org.medcode.run.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medcode.coder.CoderResult;
import org.medcode.dataset.Admission;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * A coder's prediction log counted as the run counts it, the same while the run codes and when a stored run is read
 * back: predictions in admission order (a failure is an empty prediction; admissions the log lacks are left out),
 * answered, empty and failed admissions, failures by kind, and the usage of metered coders (null otherwise).
 */
record LogTally(Map<String, Prediction> predictions, int answered, int empty, int failed,
    Map<String, Integer> failuresByKind, CoderResult.Usage usage, Map<String, Integer> servedModels,
    Map<String, Integer> fingerprints, java.util.Set<String> failedIds) {
  /** The annotation in which a coder that calls a model records the snapshot that answered (the provider's model string). */
  static final String SERVED_MODEL = "served_model";
  /** The annotation with the provider's {@code system_fingerprint} of the answering backend. */
  static final String FINGERPRINT = "system_fingerprint";

  static LogTally of(List<Admission> admissions, Map<String, PredictionLog.Entry> entries) {
    int answered = 0;
    int empty = 0;
    int failed = 0;
    Map<String, Integer> kinds = new TreeMap<>();
    Map<String, Prediction> predictions = new LinkedHashMap<>();
    CoderResult.Usage usage = null;
    Map<String, Integer> served = new TreeMap<>();
    Map<String, Integer> fingerprints = new TreeMap<>();
    java.util.Set<String> failedIds = new java.util.HashSet<>();
    for (Admission admission : admissions) {
      PredictionLog.Entry entry = entries.get(admission.id());
      if (entry == null) {
        continue;
      }
      if (entry.usage() != null) {
        usage = usage == null ? entry.usage() : usage.total(entry.usage());
      }
      count(served, entry.annotations().get(SERVED_MODEL));
      count(fingerprints, entry.annotations().get(FINGERPRINT));
      if (entry.failed()) {
        failed++;
        failedIds.add(admission.id());
        kinds.merge(entry.failureKind(), 1, Integer::sum);
      } else {
        answered++;
        empty += entry.codes().isEmpty() ? 1 : 0;
      }
      predictions.put(admission.id(), new Prediction(admission.id(), entry.codes() instanceof LoggedCodes logged
          ? logged.predicted() : entry.codes().stream().map(c -> new PredictedCode(c.code(), c.code(), c.score())).toList()));
    }
    return new LogTally(predictions, answered, empty, failed, kinds, usage, served, fingerprints, failedIds);
  }

  /**
   * Counts each value of an annotation of several (an admission split into chunks may have several:
   * {@link CoderResult#annotationValues}, which also reads those written as one text joined by commas).
   */
  static void count(Map<String, Integer> counts, String values) {
    for (String value : CoderResult.annotationValues(values)) {
      counts.merge(value, 1, Integer::sum);
    }
  }
}
