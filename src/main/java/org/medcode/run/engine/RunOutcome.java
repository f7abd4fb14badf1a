package org.medcode.run.engine;

import java.nio.file.Path;
import java.util.List;
import org.medcode.report.CoderReport;

/** The result of a run: its folder, the per-coder reports, whether every coder finished every admission, and what went wrong. */
public record RunOutcome(Path folder, List<CoderReport> coders, boolean complete, List<String> problems) {
  public RunOutcome {
    coders = List.copyOf(coders);
    problems = List.copyOf(problems);
  }
}
