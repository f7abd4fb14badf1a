package org.medcode.run.cohort;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code medcode cohort build} should do: a MIMIC dataset spec ({@code mimic-iv:DIR[?OPTIONS]}), extra cohort
 * options as {@code key=value} (the command's filter flags; the same keys as the spec's query, each at most once in
 * spec and options together) and the folder to write ({@code hadm_ids.txt}, {@code cohort.json}; it must not exist or
 * be empty).
 */
public record CohortSpec(String dataset, List<String> options, Path out) {
  public CohortSpec {
    options = List.copyOf(options);
  }

  /** The dataset spec with the options appended to its query. */
  public String fullSpec() {
    if (options.isEmpty()) {
      return dataset;
    }
    return dataset + (dataset.contains("?") ? "&" : "?") + String.join("&", options);
  }
}
