package org.medcode.gate;

import java.util.List;
import java.util.Locale;

/**
 * The verdict of a gate over one run: each coder's, the run and baseline it judged, and notes. Exit codes: 0 every
 * coder complete and every rule passed; 1 a quality rule failed; 3 a run was incomplete or failed (this wins over 1:
 * the numbers of an incomplete run say nothing about quality).
 */
public record GateVerdict(String run, String baseline, List<CoderVerdict> coders, List<String> notes) {
  public static final int PASSED = 0;
  public static final int QUALITY_FAILED = 1;
  public static final int INCOMPLETE = 3;

  public GateVerdict {
    coders = List.copyOf(coders);
    notes = List.copyOf(notes);
  }

  public boolean complete() {
    return coders.stream().allMatch(c -> c.completeness().complete());
  }

  public int exitCode() {
    if (!complete()) {
      return INCOMPLETE;
    }
    return coders.stream().allMatch(CoderVerdict::passed) ? PASSED : QUALITY_FAILED;
  }

  /** pass, fail or incomplete. */
  public String status() {
    return switch (exitCode()) {
      case PASSED -> "pass";
      case QUALITY_FAILED -> "fail";
      default -> "incomplete";
    };
  }

  public int rules() {
    return coders.stream().mapToInt(c -> c.rules().size()).sum();
  }

  public long failedRules() {
    return coders.stream().mapToLong(CoderVerdict::failedRules).sum();
  }

  /** The one machine-readable line: {@code gate: verdict=fail exit=1 rules=4 passed=3 failed=1 incomplete=0 ...}. */
  public String line(String out) {
    long incomplete = coders.stream().filter(c -> !c.completeness().complete()).count();
    return String.format(Locale.ROOT, "gate: verdict=%s exit=%d rules=%d passed=%d failed=%d incomplete=%d coders=%s out=%s",
        status(), exitCode(), rules(), rules() - failedRules(), failedRules(), incomplete,
        String.join(",", coders.stream().map(CoderVerdict::coder).toList()), out);
  }
}
