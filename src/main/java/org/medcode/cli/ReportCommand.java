package org.medcode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medcode.report.RunReports;
import org.medcode.report.StudyReports;
import org.medcode.run.Medcode;
import org.medcode.run.ReportSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode report}: rebuilds a run folder's reports from its stored predictions. */
@Command(name = "report", header = "Rebuilds a run folder's metrics, tables and reports.", mixinStandardHelpOptions = true,
    description = {"Rebuilds the metrics, analysis tables (strata, errors, coverage), report.html and summary.md of "
        + "a run folder from its manifest and predictions.jsonl files, without running any coder; for a run of a study "
        + "file, also study.csv, and prints the published-versus-this-run table as run does."})
final class ReportCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "RUN_DIR", description = "A run folder written by medcode run.")
  Path runFolder;

  @Override
  public Integer call() {
    Medcode.ReportOutcome outcome = MedcodeCommand.facade(global).report(new ReportSpec(runFolder));
    PrintWriter err = spec.commandLine().getErr();
    RunReports.warnings(outcome.coders()).forEach(warning -> err.println("warning: " + warning)); // as run shows them
    err.flush();
    PrintWriter stdout = spec.commandLine().getOut();
    RunReports.printComparison(outcome.coders(), stdout);
    stdout.println();
    if (outcome.study().isPresent()) { // a study's run: its published-versus-this-run table, as run printed it
      StudyReports.print(outcome.study().get(), stdout);
      stdout.println();
    }
    stdout.println("report       " + outcome.folder().resolve("report.html"));
    stdout.println("summary      " + outcome.folder().resolve("summary.md"));
    stdout.flush();
    return 0;
  }
}
