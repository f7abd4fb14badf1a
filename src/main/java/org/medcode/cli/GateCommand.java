package org.medcode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.medcode.report.GateReports;
import org.medcode.report.JsonDocuments;
import org.medcode.run.gating.GateSpec;
import org.medcode.run.Medcode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode gate}: judges a run against quality rules and a baseline, for CI. */
@Command(name = "gate", header = "Judges a run against quality rules and a baseline, for CI.", mixinStandardHelpOptions = true,
    description = {"Judges a run against quality rules and a baseline, for CI.",
        "A rule is METRIC OP NUMBER [point|interval], e.g. 'exact.micro.recall >= 0.40' or "
        + "'exact.micro.f1.delta >= -0.01 interval'. .delta: the change from the baseline; interval: fails "
        + "only when the whole confidence interval misses.",
        "Writes gate.json, junit.xml and gate.md; prints one verdict line, last.",
        "Exit codes: 0 every rule passed; 1 a quality rule failed; 2 a rule, file or option is wrong; 3 "
        + "the run was incomplete (admissions never coded, failures above the limit, budget reached)."})
final class GateCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Mixin
  JsonOutput json;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder to judge.")
  Path run;

  @Option(names = "--rule", paramLabel = "RULE", description = "A rule: METRIC OP NUMBER [point|interval] (repeatable).")
  List<String> rules = new ArrayList<>();

  @Option(names = "--rules", paramLabel = "FILE", description = "A gate file (YAML: rules, baseline, coders, maxFailureRate).")
  Path gateFile;

  @Option(names = "--baseline", paramLabel = "RUN_DIR|FILE",
      description = "The baseline: a run folder, a file written by 'medcode baseline', or a coder's metrics.json.")
  Path baseline;

  @Option(names = "--coder", paramLabel = "ID", description = "Gate only these coders (repeatable; default: all of the run).")
  List<String> coders = new ArrayList<>();

  @Option(names = "--max-failure-rate", paramLabel = "SHARE", converter = Converters.Share.class,
      description = "Failed admissions tolerated before the run counts as failed (exit 3), as a share or a percentage"
          + " (0.02 or 2%%); default 0.01.")
  Double maxFailureRate;

  @Option(names = "--permutations", paramLabel = "N", description = "Approximate-randomisation rounds for p-values (default 10000).")
  Integer permutations;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder for gate.json, junit.xml, gate.md (default: RUN_DIR/gate).")
  Path out;

  @Override
  public Integer call() {
    Medcode.GateOutcome outcome = judge(MedcodeCommand.facade(global), new GateSpec(run, gateFile, baseline, rules,
        coders, maxFailureRate, permutations, out), json.console());
    json.print(() -> JsonDocuments.gate(outcome.folder()));
    return outcome.verdict().exitCode();
  }

  /** Gates and prints the verdict. Shared with {@code run --gate}. */
  static Medcode.GateOutcome judge(Medcode medcode, GateSpec gateSpec, PrintWriter out) {
    Medcode.GateOutcome outcome = medcode.gate(gateSpec);
    GateReports.print(outcome.verdict(), outcome.table(), outcome.folder(), out);
    return outcome;
  }
}
