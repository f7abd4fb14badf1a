package org.medcode.gate;

import java.util.List;
import org.medcode.eval.PairedComparison;

/**
 * The gate's verdict on one coder: whether its run was complete, every rule judged, and, when a baseline with
 * per-admission answers was given, the paired comparison with the codes and admissions that regressed (null
 * otherwise).
 */
public record CoderVerdict(String coder, Completeness completeness, List<RuleResult> rules,
    PairedComparison comparison) {
  public CoderVerdict {
    rules = List.copyOf(rules);
  }

  public boolean passed() {
    return completeness.complete() && rules.stream().allMatch(RuleResult::passed);
  }

  public long failedRules() {
    return rules.stream().filter(r -> !r.passed()).count();
  }

  /** Gold codes found less often than by the baseline (lost − gained &gt; 0), most lost first. */
  public List<PairedComparison.CodeChange> regressedCodes() {
    if (comparison == null) {
      return List.of();
    }
    return comparison.changedCodes().stream().filter(c -> c.lost() > c.gained())
        .sorted((x, y) -> Long.compare(y.lost() - y.gained(), x.lost() - x.gained())).toList();
  }

  /** Admissions whose exact F1 fell, largest fall first. */
  public List<PairedComparison.AdmissionChange> regressedAdmissions() {
    if (comparison == null) {
      return List.of();
    }
    return comparison.changedAdmissions().stream().filter(PairedComparison.AdmissionChange::regressed).toList();
  }
}
