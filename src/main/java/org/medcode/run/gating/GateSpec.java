package org.medcode.run.gating;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code medcode gate} should judge: the run folder; a gate file (YAML with {@code rules}, {@code baseline},
 * {@code coders}, {@code maxFailureRate}, {@code permutations}; may be null); a baseline (run folder or file, overrides
 * the gate file's; may be null); rules given on the command line (added to the file's); the coders to gate (empty:
 * the file's, else every coder of the run); the failure-rate limit and permutation rounds (null: the file's, else the
 * defaults); and the folder for gate.json, junit.xml and gate.md (null: {@code RUN/gate}).
 */
public record GateSpec(Path run, Path gateFile, Path baseline, List<String> rules, List<String> coders,
    Double maxFailureRate, Integer permutations, Path out) {
  /** Failures tolerated before a run counts as failed: 1 % of admissions. */
  public static final double DEFAULT_MAX_FAILURE_RATE = 0.01;

  public GateSpec {
    rules = List.copyOf(rules);
    coders = List.copyOf(coders);
  }
}
