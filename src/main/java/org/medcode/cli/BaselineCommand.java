package org.medcode.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medcode.run.gating.BaselineSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode baseline}: stores one coder of a run as a small baseline file to commit and gate against. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
    description = {"Stores one coder of a complete run as a baseline file to commit.",
        "The file holds the coder's metrics.json, answer counts and, per admission, the counts at every "
        + "level and the gold codes found, so that 'medcode gate --baseline FILE' computes paired "
        + "intervals and names the codes that regressed."})
final class BaselineCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A complete run folder.")
  Path run;

  @Option(names = "--coder", paramLabel = "ID", description = "The coder (needed when the run has several).")
  String coder;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "The baseline file to write (JSON).")
  Path out;

  @Override
  public Integer call() {
    Path written = MedcodeCommand.facade(global).baseline(new BaselineSpec(run, coder, out));
    spec.commandLine().getOut().println("baseline     " + written);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
