package org.medcode.gate;

import java.util.Map;
import java.util.TreeMap;
import org.medcode.eval.Estimate;

/**
 * One coder's numbers as a gate reads them: every metric of its {@code metrics.json} under its path
 * ({@code exact.micro.recall}) and the run quantities ({@code invalid_rate}, ...), each with its interval (NaN bounds
 * when it has none). {@code confidence} is the interval's level.
 */
public record Scores(String label, Map<String, Estimate> values, double confidence) {
  public Scores {
    values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
  }
}
