package org.medcode.gate;

import java.util.List;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.PairedComparison;
import org.medcode.eval.Population;

/**
 * The gate's verdict on one coder: whether its run was complete, every rule judged, and, when a baseline with
 * per-admission answers was given, the paired comparison with the codes and admissions that regressed (null
 * otherwise), and the invalid-code policy and population its numbers were scored with (null when it has none).
 */
public record CoderVerdict(String coder, Completeness completeness, List<RuleResult> rules,
    PairedComparison comparison, InvalidPolicy invalidPolicy, Population population) {
  public CoderVerdict {
    rules = List.copyOf(rules);
  }

  public boolean passed() {
    return completeness.complete() && rules.stream().allMatch(RuleResult::passed);
  }

  public long failedRules() {
    return rules.stream().filter(r -> !r.passed()).count();
  }

  /**
   * Gold codes the baseline found in some admission and this run no longer finds there ({@code lost} &gt; 0, whatever
   * it gained elsewhere: a code lost in one admission and found in another still regressed there), the largest net
   * loss (lost − gained) first, then the most lost.
   */
  public List<PairedComparison.CodeChange> regressedCodes() {
    if (comparison == null) {
      return List.of();
    }
    return comparison.changedCodes().stream().filter(c -> c.lost() > 0)
        .sorted(java.util.Comparator.comparingLong((PairedComparison.CodeChange c) -> c.lost() - c.gained()).reversed()
            .thenComparing(java.util.Comparator.comparingLong(PairedComparison.CodeChange::lost).reversed()))
        .toList();
  }

  /** Admissions whose exact F1 fell, largest fall first. */
  public List<PairedComparison.AdmissionChange> regressedAdmissions() {
    if (comparison == null) {
      return List.of();
    }
    return comparison.changedAdmissions().stream().filter(PairedComparison.AdmissionChange::regressed).toList();
  }
}
