package org.medcode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.medcode.run.table.TableSpec;
import org.medcode.run.table.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode table}: many runs in one table (Tablesaw), pivoted for the console, written as CSV, Markdown, JSON or Excel. */
@Command(name = "table", header = "Gathers many runs into one table (CSV, Markdown, JSON, Excel).", mixinStandardHelpOptions = true,
    description = "Gathers the summary.csv and manifest of run folders (or of every run folder in a folder such as "
        + "results/) into one long table: run, date, dataset, split, code_table, coder, model, prompt_hash, level, "
        + "averaging, metric, value, ci_low, ci_high, invalid_policy, population, status. Prints a pivot of one metric "
        + "(default: micro f1, a row per coder, a column per level); --out writes the pivot, or with --long the long "
        + "table, as "
        + ".csv, .md, .json or .xlsx. Runs scored with different invalid-code policies or populations are not mixed "
        + "in one pivot.")
final class TableCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run folders, or folders of run folders (e.g. results/).")
  List<Path> folders = new ArrayList<>();

  @Option(names = "--rows", split = ",", paramLabel = "COLUMN", description = "The pivot's row columns (default: coder).")
  List<String> rows = new ArrayList<>(List.of("coder"));

  @Option(names = "--cols", paramLabel = "COLUMN", defaultValue = "level",
      description = "The column whose values become the pivot's columns (default: ${DEFAULT-VALUE}).")
  String cols;

  @Option(names = "--metric", paramLabel = "NAME", defaultValue = "f1",
      description = "The metric in the cells: precision, recall, f1, map, p@5, ... (default: ${DEFAULT-VALUE}).")
  String metric;

  @Option(names = "--averaging", paramLabel = "NAME", defaultValue = "micro",
      description = "micro, per-admission, macro-gold or macro-all (default: ${DEFAULT-VALUE}).")
  String averaging;

  @Option(names = "--where", paramLabel = "COLUMN=VALUE",
      description = "Keep only rows where the column has the value (repeatable), e.g. --where dataset=codiesp:dev:en:D.")
  List<String> where = new ArrayList<>();

  @Option(names = "--long", description = "With --out: write the long table (every number) instead of the pivot.")
  boolean longTable;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the table: FILE.csv, .md, .json or .xlsx.")
  Path out;

  @Override
  public Integer call() {
    Tables.Outcome outcome = MedcodeCommand.facade(global).table(new TableSpec(folders, where, rows, cols, metric,
        averaging, longTable, out));
    PrintWriter err = spec.commandLine().getErr();
    outcome.skipped().forEach(skipped -> err.println("skipped " + skipped));
    outcome.warnings().forEach(warning -> err.println("warning: " + warning));
    err.flush();
    PrintWriter stdout = spec.commandLine().getOut();
    // after --where, the runs whose numbers are left of those read (it said 22 runs where 13 were tabled)
    stdout.printf(Locale.ROOT, "runs         %s (%d numbers)%n%n", outcome.tabled() == outcome.runs().size()
        ? Integer.toString(outcome.runs().size()) : outcome.tabled() + " of " + outcome.runs().size() + " read",
        outcome.rows());
    stdout.print(outcome.console());
    if (outcome.written() != null) {
      stdout.println();
      stdout.println("written      " + outcome.written());
    }
    stdout.flush();
    return 0;
  }
}
