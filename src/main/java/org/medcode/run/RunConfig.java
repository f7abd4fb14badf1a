package org.medcode.run;

import java.util.List;
import java.util.Map;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.InvalidPolicy;

/**
 * A benchmark run as configured (YAML under {@code configs/}, every key overridable with {@code --set}):
 * the dataset to code, the code system and table year, an optional training split for coders that learn,
 * the coders with their parameters, how to evaluate, the seed, the number of worker threads (0 = one per core) and a
 * cost budget per coder ({@code maxCost}, in the price table's currency; 0 = no limit).
 */
public record RunConfig(String name, String dataset, CodeSystemRef codeSystem, String training, List<CoderConfig> coders,
    MetricsConfig metrics, long seed, int threads, double maxCost) {
  public RunConfig {
    coders = List.copyOf(coders);
  }

  /** Which code system to score and which table: {@code year} (fiscal year) or a user {@code table} file. */
  public record CodeSystemRef(String system, String year, String table) {}

  /**
   * One coder of the run: {@code name} picks the factory, {@code id} names its folder (defaults to the name; must be
   * unique in a run so the same coder can run twice with other parameters), {@code parameters} as text.
   */
  public record CoderConfig(String name, String id, Map<String, String> parameters) {
    public CoderConfig {
      parameters = Map.copyOf(parameters);
    }
  }

  /** Evaluation settings; see {@link EvalOptions}. */
  public record MetricsConfig(List<Granularity> levels, InvalidPolicy invalid, int bootstrap, double confidence,
      List<Integer> k, boolean groupByPatient, boolean macroIntervals, org.medcode.eval.Population population) {
    public MetricsConfig {
      levels = List.copyOf(levels);
      k = List.copyOf(k);
    }

    public EvalOptions options(long seed) {
      return new EvalOptions(levels, invalid, bootstrap, confidence, seed, groupByPatient, k, macroIntervals, population);
    }
  }
}
