package org.medcode.eval;

import java.util.List;

/** Every stratum of an evaluation, in dimension order, and notes on what was skipped or how bins were chosen. */
public record Strata(List<StratumResult> strata, List<String> notes) {
  public Strata {
    strata = List.copyOf(strata);
    notes = List.copyOf(notes);
  }

  public List<StratumResult> of(StratumDimension dimension) {
    return strata.stream().filter(s -> s.dimension() == dimension).toList();
  }
}
