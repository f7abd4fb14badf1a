package org.medcode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.medcode.report.JsonDocuments;
import org.medcode.report.RunReports;
import org.medcode.report.StudyReports;
import org.medcode.run.Medcode;
import org.medcode.run.RunRequest;
import org.medcode.run.engine.DryRun;
import org.medcode.run.engine.RunOutcome;
import org.medcode.run.gating.GateSpec;
import org.medcode.study.StudyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode run}: codes a dataset with the coders of a config, evaluates them and prints a comparison. */
@Command(name = "run", header = "Runs a config's coders over its dataset and compares them.", mixinStandardHelpOptions = true,
    description = {"Runs the coders of a YAML config over its dataset, writes a run folder (manifest, per-coder "
        + "predictions.jsonl and metrics) and prints a comparison table. A killed run continues with "
        + "--resume.",
        "A study file (configs/studies/NAME.yaml, see 'medcode studies') also prints and writes "
        + "(study.csv) each published figure beside this run's value, its 95%% interval and whether the "
        + "figure lies inside."})
final class RunCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Mixin
  JsonOutput json;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "CONFIG", description = "YAML config (default: configs/default.yaml).")
  Path config;

  @Option(names = "--split", paramLabel = "SPLIT", description = "Replace the split of a codiesp dataset spec (train, dev, test).")
  String split;

  @Option(names = "--coder", paramLabel = "NAME", description = "Run only these coders (repeatable); parameters come from the config.")
  List<String> coders = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = {"Override a config key (repeatable), e.g.",
      "  --set metrics.bootstrap=200", "  --set coders.0.k=5"})
  List<String> overrides = new ArrayList<>();

  @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue a killed run in its folder (its manifest holds the config).")
  Path resume;

  @Option(names = "--retry-failed", description = {"With --resume: code again the admissions whose recorded answer is "
      + "a failure (llm in batch mode: their requests go into a follow-up batch)."})
  boolean retryFailed;

  @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: results/<UTC stamp>_<config name>).")
  Path out;

  @Option(names = "--max-cost", paramLabel = "AMOUNT",
      description = "Stop each coder cleanly once it has spent this much (USD); the run is marked incomplete.")
  Double maxCost;

  @Option(names = "--dry-run", description = {"Send nothing: load the data, build every prompt, and print per coder "
      + "the requests (cached / to send), tokens, estimated cost online and in batch mode, and where the data would go.",
      "Exit 0, or 2 when the run would be refused."})
  boolean dryRun;

  @Option(names = "--gate", paramLabel = "FILE",
      description = "After the run, judge it with this gate file (see 'medcode gate'); the exit code is the gate's.")
  Path gate;

  @Override
  public Integer call() {
    if (resume != null && (config != null || split != null || !coders.isEmpty() || !overrides.isEmpty() || out != null)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--resume takes the config from the run folder's manifest; drop CONFIG, --split, --coder, --set and --out"
              + " (--max-cost may be given to raise the budget)");
    }
    if (retryFailed && resume == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--retry-failed goes with --resume RUN_DIR");
    }
    if (dryRun && (resume != null || gate != null || json.json)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--dry-run plans a new run: drop --resume, --gate and --json");
    }
    if (maxCost != null) {
      overrides.add("maxCost=" + maxCost);
    }
    Medcode medcode = MedcodeCommand.facade(global);
    if (dryRun) {
      DryRun plan = medcode.dryRun(new RunRequest(config, overrides, split, coders, out));
      PrintWriter stdout = spec.commandLine().getOut();
      DryRunPrinter.print(plan, stdout);
      stdout.flush();
      return plan.refused() ? 2 : 0;
    }
    if (gate != null) {
      medcode.checkGateFile(gate, resume != null ? null : new RunRequest(config, overrides, split, coders, out), resume);
    }
    RunOutcome outcome = resume != null ? medcode.resume(resume, overrides, retryFailed)
        : medcode.run(new RunRequest(config, overrides, split, coders, out));
    PrintWriter err = spec.commandLine().getErr();
    outcome.problems().forEach(problem -> err.println("warning: " + problem));
    RunReports.warnings(outcome.coders()).stream().filter(warning -> !outcome.problems().contains(warning))
        .forEach(warning -> err.println("warning: " + warning)); // what was scored: the dataset's, a level skipped, ...
    err.flush();
    Optional<StudyResult> study = medcode.study(outcome);
    PrintWriter stdout = json.console();
    stdout.println();
    RunReports.printComparison(outcome.coders(), stdout);
    stdout.println();
    if (study.isPresent()) {
      StudyReports.print(study.get(), stdout);
      stdout.println();
    }
    stdout.println("results      " + outcome.folder());
    Medcode.GateOutcome gated = null;
    if (gate != null) {
      stdout.println();
      gated = GateCommand.judge(medcode, new GateSpec(outcome.folder(), gate, null, List.of(), List.of(),
          null, null, null), stdout);
    }
    Path gateFolder = gated == null ? null : gated.folder();
    json.print(() -> JsonDocuments.run(outcome.coders(), outcome.folder(), outcome.complete(), outcome.problems(),
        gateFolder, study));
    if (gated != null) {
      return gated.verdict().exitCode();
    }
    return outcome.complete() ? 0 : 3;
  }
}
