package org.medcode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.AnalysisMode;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.Intervals;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.Population;
import org.medcode.prediction.PredictionFormat;
import org.medcode.report.ConsoleSummary;
import org.medcode.report.JsonDocuments;
import org.medcode.run.engine.EvaluateSpec;
import org.medcode.run.engine.FileEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode evaluate}: scores a predictions file against a dataset's gold codes. */
@Command(name = "evaluate", header = "Scores a predictions file against a dataset's gold codes.", mixinStandardHelpOptions = true, defaultValueProvider = EvaluateCommand.Defaults.class,
    description = {"Scores predicted codes against a dataset's gold codes and writes a run folder with "
        + "metrics.json, summary.csv, per_code.csv and per_admission.csv."})
final class EvaluateCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Mixin
  JsonOutput json;

  @Spec
  CommandSpec spec;

  @Option(names = "--dataset", required = true, paramLabel = "SPEC",
      description = "Gold dataset: codiesp:SPLIT:LANG:TASK (e.g. codiesp:dev:en:D), jsonl:PATH or csv:NOTES,CODES.")
  String dataset;

  @Option(names = "--predictions", required = true, paramLabel = "FILE",
      description = "Predictions: TSV admission<TAB>code[<TAB>score] in rank order, CSV (admission_id,code[,score][,rank]) or JSONL.")
  Path predictions;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Predictions format: ${COMPLETION-CANDIDATES} (default: from the file name).")
  PredictionFormat format;

  @Option(names = "--system", paramLabel = "SYSTEM", converter = Converters.System.class,
      description = "Code system to score (icd10cm, icd10pcs, icd9cm, icd9pcs, cpt, hcpcs); needed when the dataset has several.")
  CodeSystemId system;

  @Option(names = "--year", paramLabel = "YEAR", description = "Code table: a fiscal year (2018, 2024, 2025, 2026 in the mirror), a range (2016-2023: valid in any year) or dataset (MIMIC's own dictionary); default 2018 for CodiEsp, a code-query spec's own year= (its table=, when it names one), else 2026.")
  String year;

  @Option(names = "--code-table", paramLabel = "CSV", description = "A user-supplied table (code,description[,billable]), e.g. for CPT.")
  Path codeTable;

  @Option(names = "--level", split = ",", paramLabel = "LEVEL",
      description = "Granularities: ${COMPLETION-CANDIDATES} (default: all the system defines).")
  List<Granularity> levels = EvalOptions.defaults().levels();

  @Option(names = "--invalid", paramLabel = "POLICY",
      description = "Invalid predicted codes: count (false positives, default) or drop (as the CodiEsp scorer).")
  InvalidPolicy invalid;

  @Option(names = "--bootstrap", paramLabel = "N", description = "Bootstrap resamples for intervals (0 = none; default ${DEFAULT-VALUE}).")
  int bootstrap;

  @Option(names = "--confidence", paramLabel = "C", description = "Interval confidence (default ${DEFAULT-VALUE}).")
  double confidence;

  @Option(names = "--seed", paramLabel = "SEED", description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--group-by-patient", description = "Resample patients (with all their admissions) instead of admissions.")
  boolean groupByPatient;

  @Option(names = "--macro-intervals", description = "Also bootstrap macro averages (slow on large data).")
  boolean macroIntervals;

  @Option(names = "--intervals", paramLabel = "WHICH", converter = Converters.IntervalsConverter.class,
      description = "Averages with bootstrap intervals: standard (default: micro, per-admission and ranked) or micro "
          + "(micro averages only: the fastest at MIMIC scale).")
  Intervals intervals;

  @Option(names = "--population", paramLabel = "WHICH",
      description = "Admissions scored: all (default) or with-gold (only those with gold codes of the system, as the CodiEsp scorer).",
      converter = Converters.PopulationConverter.class)
  Population population;

  @Option(names = "--k", split = ",", paramLabel = "K", description = "Cut-offs for P@k and R@k (default ${DEFAULT-VALUE}).")
  List<Integer> ks;

  @Option(names = "--analysis", paramLabel = "MODE", defaultValue = "full",
      description = "full (default): also strata, error taxonomy, automation coverage and the hardest admissions, with "
          + "their CSV files and report sections; none: the metrics only.")
  AnalysisMode analysis;

  @Option(names = "--out", paramLabel = "DIR", description = "Run folder to write (default: results/<UTC stamp>_evaluate_<dataset>).")
  Path out;

  @Override
  public Integer call() {
    EvalOptions options;
    try {
      options = new EvalOptions(levels, invalid, bootstrap, confidence, seed, groupByPatient, ks, macroIntervals,
          population, intervals);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    EvaluateSpec evaluateSpec = new EvaluateSpec(dataset, predictions, format, system, year, codeTable, options, analysis,
        out);
    FileEvaluation.Outcome outcome = MedcodeCommand.facade(global).evaluate(evaluateSpec);
    PrintWriter err = spec.commandLine().getErr();
    for (String warning : ConsoleSummary.warnings(outcome.report())) {
      err.println("warning: " + warning);
    }
    err.flush();
    PrintWriter stdout = json.console();
    ConsoleSummary.print(outcome.report(), stdout);
    stdout.println();
    stdout.println("results      " + outcome.folder());
    json.print(() -> JsonDocuments.evaluate(outcome.report(), outcome.folder()));
    return 0;
  }

  /** The options' defaults, from the one place that holds them: {@link EvalOptions#defaults()}. */
  static final class Defaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec argument) {
      if (!(argument instanceof OptionSpec option)) {
        return null;
      }
      EvalOptions defaults = EvalOptions.defaults();
      return switch (option.longestName()) {
        case "--invalid" -> defaults.invalid().label();
        case "--bootstrap" -> String.valueOf(defaults.bootstrap());
        case "--confidence" -> String.valueOf(defaults.confidence());
        case "--seed" -> String.valueOf(defaults.seed());
        case "--population" -> defaults.population().label();
        case "--intervals" -> defaults.intervals().label();
        case "--k" -> String.join(",", defaults.ks().stream().map(String::valueOf).toList());
        default -> null;
      };
    }
  }
}
