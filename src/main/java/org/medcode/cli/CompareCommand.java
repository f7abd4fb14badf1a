package org.medcode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medcode.eval.Paired;
import org.medcode.report.ComparisonReports;
import org.medcode.report.JsonDocuments;
import org.medcode.run.CompareSpec;
import org.medcode.run.Medcode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode compare}: paired comparison of two runs' coders (or two coders of one run). */
@Command(name = "compare", header = "Compares two runs' coders with paired intervals.", mixinStandardHelpOptions = true,
    description = {"Compares coder B with coder A on the same admissions: every metric's difference B - A with a "
        + "paired bootstrap interval and an approximate-randomisation p-value, and the admissions and "
        + "codes that changed. Without --coder-a/--coder-b: the coders both runs have (or the only coder "
        + "of each)."})
final class CompareCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Mixin
  JsonOutput json;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_A", description = "The baseline run folder.")
  Path runA;

  @Parameters(index = "1", paramLabel = "RUN_B", description = "The run folder to compare with it (may be RUN_A).")
  Path runB;

  @Option(names = "--coder-a", paramLabel = "ID", description = "Coder id in RUN_A.")
  String coderA;

  @Option(names = "--coder-b", paramLabel = "ID", description = "Coder id in RUN_B.")
  String coderB;

  @Option(names = "--permutations", paramLabel = "N", defaultValue = "" + Paired.DEFAULT_PERMUTATIONS,
      description = "Approximate-randomisation rounds (default ${DEFAULT-VALUE}; 0 = no p-values).")
  int permutations;

  @Option(names = "--confidence", paramLabel = "C", description = "Confidence level of the paired intervals (default: "
      + "the level of both runs' intervals, metrics.confidence; needed when they differ).")
  Double confidence;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder for the comparison files (default: results/<UTC stamp>_compare).")
  Path out;

  @Override
  public Integer call() {
    if (permutations < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--permutations must be >= 0");
    }
    if (confidence != null && !(confidence > 0 && confidence < 1)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--confidence must be in (0, 1), e.g. 0.95;"
          + " got " + confidence);
    }
    Medcode.CompareOutcome outcome = MedcodeCommand.facade(global)
        .compare(new CompareSpec(runA, runB, coderA, coderB, permutations, out, confidence));
    PrintWriter stdout = json.console();
    ComparisonReports.print(outcome.comparisons(), stdout);
    stdout.println("results      " + outcome.folder());
    json.print(() -> JsonDocuments.compare(outcome.comparisons(), outcome.folder()));
    return 0;
  }
}
