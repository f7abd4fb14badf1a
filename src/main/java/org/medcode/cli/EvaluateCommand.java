package org.medcode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.AnalysisMode;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.Population;
import org.medcode.prediction.PredictionFormat;
import org.medcode.report.ConsoleSummary;
import org.medcode.run.EvaluateSpec;
import org.medcode.run.Medcode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode evaluate}: scores a predictions file against a dataset's gold codes. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Scores predicted codes against a dataset's gold codes and writes a run folder with",
        "metrics.json, summary.csv, per_code.csv and per_admission.csv."})
final class EvaluateCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

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

  @Option(names = "--year", paramLabel = "YEAR", description = "Code-table fiscal year: 2018, 2024, 2025, 2026 (default 2018 for CodiEsp, else 2026).")
  String year;

  @Option(names = "--code-table", paramLabel = "CSV", description = "A user-supplied table (code,description[,billable]), e.g. for CPT.")
  Path codeTable;

  @Option(names = "--level", split = ",", paramLabel = "LEVEL",
      description = "Granularities: ${COMPLETION-CANDIDATES} (default: all the system defines).")
  List<Granularity> levels = List.of(Granularity.values());

  @Option(names = "--invalid", paramLabel = "POLICY", defaultValue = "count",
      description = "Invalid predicted codes: count (false positives, default) or drop (as the CodiEsp scorer).")
  InvalidPolicy invalid;

  @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "1000", description = "Bootstrap resamples for intervals (0 = none; default ${DEFAULT-VALUE}).")
  int bootstrap;

  @Option(names = "--confidence", paramLabel = "C", defaultValue = "0.95", description = "Interval confidence (default ${DEFAULT-VALUE}).")
  double confidence;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "" + EvalOptions.DEFAULT_SEED, description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--group-by-patient", description = "Resample patients (with all their admissions) instead of admissions.")
  boolean groupByPatient;

  @Option(names = "--macro-intervals", description = "Also bootstrap macro averages (slow on large data).")
  boolean macroIntervals;

  @Option(names = "--population", paramLabel = "WHICH", defaultValue = "all",
      description = "Admissions scored: all (default) or with-gold (only those with gold codes of the system, as the CodiEsp scorer).",
      converter = Converters.PopulationConverter.class)
  Population population;

  @Option(names = "--k", split = ",", paramLabel = "K", defaultValue = "1,5,10,15", description = "Cut-offs for P@k and R@k (default ${DEFAULT-VALUE}).")
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
      options = new EvalOptions(levels, invalid, bootstrap, confidence, seed, groupByPatient, ks, macroIntervals, population);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    EvaluateSpec evaluateSpec = new EvaluateSpec(dataset, predictions, format, system, year, codeTable, options, analysis,
        out);
    Medcode.EvaluateOutcome outcome = MedcodeCommand.facade(global).evaluate(evaluateSpec);
    PrintWriter err = spec.commandLine().getErr();
    for (String warning : ConsoleSummary.warnings(outcome.report())) {
      err.println("warning: " + warning);
    }
    err.flush();
    PrintWriter stdout = spec.commandLine().getOut();
    ConsoleSummary.print(outcome.report(), stdout);
    stdout.println();
    stdout.println("results      " + outcome.folder());
    stdout.flush();
    return 0;
  }
}
