package org.medcode.eval;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medcode.codesystem.Granularity;

/**
 * Everything an evaluation computed: the one result model every writer formats. {@code metrics} keeps a stable
 * order (granularity, then averaging, then metric). {@code codeTable} describes the table used (system and version).
 * {@code notes} are human-readable facts about the evaluation (policies, skipped levels, ignored gold codes).
 */
public record EvaluationResult(EvalOptions options, String codeSystem, String codeTable, int admissions,
    int admissionsWithPredictions, InvalidStats invalid, List<LevelResult> levels, Map<MetricKey, Estimate> metrics,
    List<String> notes) {
  public EvaluationResult {
    levels = List.copyOf(levels);
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    notes = List.copyOf(notes);
  }

  public Optional<Estimate> metric(Granularity granularity, Averaging averaging, Metric metric) {
    return metric(new MetricKey(granularity, averaging, metric, 0));
  }

  public Optional<Estimate> metric(MetricKey key) {
    return Optional.ofNullable(metrics.get(key));
  }

  public Optional<LevelResult> level(Granularity granularity) {
    return levels.stream().filter(l -> l.granularity() == granularity).findFirst();
  }
}
