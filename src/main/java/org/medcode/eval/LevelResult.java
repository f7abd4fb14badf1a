package org.medcode.eval;

import java.util.List;
import org.medcode.codesystem.Granularity;

/**
 * Counts at one granularity: pooled ({@code micro}), per code (sorted by support desc, then code) and per admission
 * (in dataset order). {@code levelName} is the system's name for the level (e.g. "root operation").
 */
public record LevelResult(Granularity granularity, String levelName, Counts micro, List<CodeCounts> perCode,
    List<AdmissionCounts> perAdmission) {
  public LevelResult {
    perCode = List.copyOf(perCode);
    perAdmission = perAdmission instanceof AdmissionCountsView ? perAdmission : List.copyOf(perAdmission);
  }
}
