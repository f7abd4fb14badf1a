package org.medcode.run.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.medcode.MedcodeException;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.DatasetSpec;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.Intervals;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.Population;

/**
 * A benchmark run as configured (YAML under {@code configs/}, every key overridable with {@code --set}):
 * the dataset to code, the code system and table year, an optional training split for coders that learn,
 * the coders with their parameters, how to evaluate, the seed, the number of worker threads (0 = one per core), a
 * cost budget per coder ({@code maxCost}, in USD; 0 = no limit) and the endpoints credentialed
 * data may be sent to ({@code allowedEndpoints}: {@code loopback}, hosts, {@code host:port}; default loopback only).
 * {@code allowOverlap} ({@code training: { spec: ..., allowOverlap: true }}) lets the training split share admissions
 * (or, by patient, patients) with the evaluated dataset, which is otherwise refused.
 */
public record RunConfig(String name, String dataset, CodeSystemRef codeSystem, String training, List<CoderConfig> coders,
    MetricsConfig metrics, long seed, int threads, double maxCost, List<String> allowedEndpoints, boolean allowOverlap) {
  /** Where credentialed data may go when a config says nothing: this machine only. */
  public static final List<String> DEFAULT_ALLOWED_ENDPOINTS = List.of("loopback");

  public RunConfig {
    coders = List.copyOf(coders);
    allowedEndpoints = List.copyOf(allowedEndpoints);
  }

  /** A config whose credentialed data may go to this machine only, and whose training split may not overlap it. */
  public RunConfig(String name, String dataset, CodeSystemRef codeSystem, String training, List<CoderConfig> coders,
      MetricsConfig metrics, long seed, int threads, double maxCost) {
    this(name, dataset, codeSystem, training, coders, metrics, seed, threads, maxCost, DEFAULT_ALLOWED_ENDPOINTS, false);
  }

  /**
   * Which code system to score and which table: {@code year} (a fiscal year such as {@code 2024}, a range such as
   * {@code 2016-2023}, or {@code dataset}: the dataset's own dictionary; written as {@code year}, {@code years} and
   * {@code dictionary} in a config) or a user {@code table} file.
   */
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

  /** Evaluation settings; see {@link EvalOptions}, whose defaults they start from. */
  public record MetricsConfig(List<Granularity> levels, InvalidPolicy invalid, int bootstrap, double confidence,
      List<Integer> k, boolean groupByPatient, boolean macroIntervals, Population population, Intervals intervals) {
    public MetricsConfig {
      levels = List.copyOf(levels);
      k = List.copyOf(k);
    }

    /** The settings of {@link EvalOptions#defaults()}. */
    public static MetricsConfig defaults() {
      EvalOptions defaults = EvalOptions.defaults();
      return new MetricsConfig(defaults.levels(), defaults.invalid(), defaults.bootstrap(), defaults.confidence(),
          defaults.ks(), defaults.groupByPatient(), defaults.macroIntervals(), defaults.population(), defaults.intervals());
    }

    public EvalOptions options(long seed) {
      return new EvalOptions(levels, invalid, bootstrap, confidence, seed, groupByPatient, k, macroIntervals, population,
          intervals);
    }
  }

  /**
   * This config on another split of a CodiEsp dataset ({@code train}, {@code dev}, {@code test}); null keeps it. The
   * name follows the dataset actually evaluated (it names the run folder and titles the reports): the old split's word
   * in it becomes the new split's ({@code codiesp-dev} → {@code codiesp-test}), else the split is appended.
   */
  public RunConfig withSplit(String split) {
    if (split == null) {
      return this;
    }
    DatasetSpec.Split value = Arrays.stream(DatasetSpec.Split.values())
        .filter(s -> s.label().equalsIgnoreCase(split.trim())).findFirst()
        .orElseThrow(() -> new MedcodeException("--split must be train, dev or test, got '" + split + "'"));
    DatasetSpec before = DatasetSpec.parse(dataset);
    String moved = before.withSplit(value).toString();
    String renamed = name;
    if (before.codiesp() != null && before.codiesp().split() != value) {
      String old = "(?<![A-Za-z])" + before.codiesp().split().label() + "(?![A-Za-z])";
      renamed = java.util.regex.Pattern.compile(old).matcher(name).find() ? name.replaceAll(old, value.label())
          : name + "-" + value.label();
    }
    return new RunConfig(renamed, moved, codeSystem, training, coders, metrics, seed, threads, maxCost, allowedEndpoints,
        allowOverlap);
  }

  /** The coder of this id, if the config has one. */
  public java.util.Optional<CoderConfig> coder(String id) {
    return coders.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /**
   * This config with only the named coders (by id or name; the config's parameters kept, a coder it lacks added with
   * its defaults); an empty list keeps them all.
   */
  public RunConfig withCoders(List<String> names) {
    if (names.isEmpty()) {
      return this;
    }
    List<CoderConfig> chosen = new ArrayList<>();
    if (new java.util.HashSet<>(names).size() < names.size()) {
      throw new MedcodeException("--coder names a coder twice (" + String.join(", ", names) + "); a run folder holds"
          + " each coder once: give each --coder once, or give the config two coders with their own ids");
    }
    for (String wanted : names) {
      // an id names one coder; a coder name may name several (two frequency coders with their own ids)
      List<CoderConfig> matches = coders.stream().filter(c -> c.id().equals(wanted)).toList();
      if (matches.isEmpty()) {
        matches = coders.stream().filter(c -> c.name().equals(wanted)).toList();
      }
      if (matches.size() > 1) {
        throw new MedcodeException("--coder " + wanted + " matches " + matches.size() + " coders of the config ("
            + String.join(", ", matches.stream().map(CoderConfig::id).toList()) + "); name one by its id");
      }
      CoderConfig coder = matches.isEmpty() ? new CoderConfig(wanted, wanted, Map.of()) : matches.get(0);
      if (chosen.stream().anyMatch(c -> c.id().equals(coder.id()))) {
        throw new MedcodeException("--coder " + wanted + " names coder '" + coder.id() + "' again; a run folder holds"
            + " each coder once: give it once");
      }
      chosen.add(coder);
    }
    return new RunConfig(name, dataset, codeSystem, training, chosen, metrics, seed, threads, maxCost, allowedEndpoints,
        allowOverlap);
  }
}
