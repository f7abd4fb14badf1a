package org.medcode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.run.Medcode;
import org.medcode.run.inspect.CodeLookup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode lookup}: what a code table says about codes (status, title, ancestors). */
@Command(name = "lookup", header = "Shows how codes normalise, their status and their ancestors.", mixinStandardHelpOptions = true,
    description = "Shows how codes normalise, whether the chosen year's table has them (billable or header), and their ancestors.")
final class LookupCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "CODE", description = "Codes as written anywhere (n44.8, N448, S72.001A, 0DTJ4ZZ, 250.00 …).")
  List<String> codes;

  @Option(names = "--system", paramLabel = "SYSTEM", defaultValue = "icd10cm", converter = Converters.System.class,
      description = "icd10cm (default), icd10pcs, icd9cm, icd9pcs, cpt, hcpcs.")
  CodeSystemId system;

  @Option(names = "--year", paramLabel = "YEAR", description = "Fiscal year of the table, or a range (2024-2026: valid in any year; the years are shown); default 2026. ICD-9-CM has one table, v32 (FY2015), and takes no other year.")
  String year;

  @Option(names = "--code-table", paramLabel = "CSV", description = "A user-supplied table (code,description[,billable]).")
  Path codeTable;

  @Override
  public Integer call() {
    Medcode.Lookups lookups = MedcodeCommand.facade(global).lookup(system, year, codeTable, codes);
    PrintWriter out = spec.commandLine().getOut();
    out.println("table  " + lookups.table()
        + (year == null && codeTable == null && lookups.table().contains(" FY") ? " (the default; --year for another)" : ""));
    for (CodeLookup lookup : lookups.codes()) {
      out.printf(Locale.ROOT, "%s -> %s  %s%s%s%n", lookup.input(), lookup.display(), lookup.status().label(),
          lookup.years().isEmpty() ? "" : " in " + lookup.years(), lookup.title().isEmpty() ? "" : "  " + lookup.title());
      for (CodeLookup.Level level : lookup.levels()) {
        out.printf(Locale.ROOT, "    %-15s %-10s %s%n", level.name(), level.key(), level.title());
      }
    }
    out.flush();
    return 0;
  }
}
