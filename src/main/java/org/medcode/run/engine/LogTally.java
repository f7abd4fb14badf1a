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
    Map<String, Integer> failuresByKind, CoderResult.Usage usage) {
  static LogTally of(List<Admission> admissions, Map<String, PredictionLog.Entry> entries) {
    int answered = 0;
    int empty = 0;
    int failed = 0;
    Map<String, Integer> kinds = new TreeMap<>();
    Map<String, Prediction> predictions = new LinkedHashMap<>();
    CoderResult.Usage usage = null;
    for (Admission admission : admissions) {
      PredictionLog.Entry entry = entries.get(admission.id());
      if (entry == null) {
        continue;
      }
      if (entry.usage() != null) {
        usage = usage == null ? entry.usage() : usage.plus(entry.usage());
      }
      if (entry.failed()) {
        failed++;
        kinds.merge(entry.failureKind(), 1, Integer::sum);
      } else {
        answered++;
        empty += entry.codes().isEmpty() ? 1 : 0;
      }
      predictions.put(admission.id(), new Prediction(admission.id(),
          entry.codes().stream().map(c -> new PredictedCode(c.code(), c.code(), c.score())).toList()));
    }
    return new LogTally(predictions, answered, empty, failed, kinds, usage);
  }
}
