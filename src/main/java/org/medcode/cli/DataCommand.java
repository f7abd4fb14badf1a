package org.medcode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import java.util.concurrent.Callable;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.source.PullResult;
import org.medcode.dataset.source.SourceStatus;
import org.medcode.run.inspect.GoldAudit;
import org.medcode.run.Medcode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode data}: fetch public data, list what is present, audit a dataset's gold codes. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Public data: pull, list, audit.",
    subcommands = {DataCommand.Pull.class, DataCommand.ListData.class, DataCommand.Audit.class})
final class DataCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "pull", mixinStandardHelpOptions = true,
      description = {"Fetches public sources from their official homes (or copies them from a mirror folder) into the "
          + "data folder and verifies their SHA-256 checksums where known.",
          "Sources: icd10cm, icd10pcs, icd10cm-hierarchy, icd9cm, gems, mimic-iv-demo, codiesp (default: "
          + "all)."})
  static final class Pull implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Sources to pull (default: all).")
    List<String> names = new ArrayList<>();

    @Option(names = "--mirror", paramLabel = "DIR", description = "Copy from a folder laid out like ../shared/data instead of downloading (default: $MEDCODE_MIRROR).")
    Path mirror;

    @Override
    public Integer call() {
      Medcode medcode = MedcodeCommand.facade(global);
      List<PullResult> results = medcode.pullAll(names, GlobalOptions.mirror(mirror));
      PrintWriter out = spec.commandLine().getOut();
      boolean failed = false;
      java.util.Set<PullResult.Fault> faults = java.util.EnumSet.noneOf(PullResult.Fault.class);
      for (PullResult result : results) {
        out.printf(Locale.ROOT, "%-18s %-16s %s (%d fetched, %d already present) from %s%n", result.name(),
            result.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '), result.folder(), result.fetched(), result.present(),
            result.origin());
        result.notes().forEach(note -> out.println("    note: " + note));
        result.problems().forEach(problem -> out.println("    problem: " + problem));
        failed |= result.outcome() == PullResult.Outcome.FAILED;
        faults.add(result.fault());
      }
      out.flush();
      if (failed) { // the hint follows the cause: a data folder that cannot be written is no fault of the mirror
        spec.commandLine().getErr().println("error: some sources could not be pulled (the problems above)"
            + (faults.contains(PullResult.Fault.DATA_FOLDER) ? "; the data folder cannot be written" : "")
            + (!faults.contains(PullResult.Fault.SOURCE) ? ""
                : GlobalOptions.mirror(mirror) != null ? "; check that the mirror holds them, laid out like ../shared/data"
                : "; on a machine without internet use --mirror DIR"));
      }
      return failed ? 3 : 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Shows which public sources are present, their version and licence.")
  static final class ListData implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      Medcode medcode = MedcodeCommand.facade(global);
      var listing = medcode.listData();
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%-18s %-9s %-22s %-28s %6s %10s%n", "source", "present", "version", "licence", "files", "MB");
      for (SourceStatus status : listing.sources()) {
        out.printf(Locale.ROOT, "%-18s %-9s %-22s %-28s %6d %10.1f%n", status.name(),
            status.presence().name().toLowerCase(Locale.ROOT), clip(status.version(), 22), clip(status.licence(), 28),
            status.fileCount(), status.bytes() / 1e6);
        if (status.presence() == SourceStatus.Presence.MODIFIED) {
          out.println("    changed since pulled, or not as released: " + String.join(", ", status.modified()) + "  (fetch again with: "
              + listing.pullCommands().get(status.name()) + ")");
        } else if (status.presence() != SourceStatus.Presence.COMPLETE) {
          out.println("    missing: " + String.join(", ", status.missing()) + "  (fetch with: "
              + listing.pullCommands().get(status.name()) + ")");
        }
      }
      CacheCommand.print(medcode, out);
      out.flush();
      return 0;
    }

    private static String clip(String text, int width) {
      return text == null ? "" : text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
  }

  @Command(name = "audit", mixinStandardHelpOptions = true,
      description = "Lists a dataset's gold codes that the code table does not know as billable codes (headers, not in table, malformed).")
  static final class Audit implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "SPEC", description = "Dataset spec, e.g. codiesp:train:en:D.")
    String dataset;

    @Option(names = "--system", paramLabel = "SYSTEM", converter = Converters.System.class, description = "Code system (needed when the dataset has several).")
    CodeSystemId system;

    @Option(names = "--year", paramLabel = "YEAR", description = "Code table: a fiscal year, a range (2016-2023: valid in any year) or dataset (MIMIC's own dictionary); default 2018 for CodiEsp, a code-query spec's own year= (its table=, when it names one), else 2026.")
    String year;

    @Option(names = "--code-table", paramLabel = "CSV", description = "A user-supplied table (code,description[,billable]).")
    Path codeTable;

    @Override
    public Integer call() {
      GoldAudit audit = MedcodeCommand.facade(global).audit(dataset, system, year, codeTable);
      PrintWriter out = spec.commandLine().getOut();
      audit.warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
      spec.commandLine().getErr().flush();
      out.printf(Locale.ROOT, "%s against %s: %,d gold code occurrences%n", audit.dataset(), audit.table(), audit.occurrences());
      out.printf(Locale.ROOT, "%-14s %12s %10s%n", "status", "occurrences", "distinct");
      for (CodeStatus status : CodeStatus.values()) {
        long occurrences = audit.occurrencesByStatus().getOrDefault(status, 0L);
        long distinct = audit.distinctByStatus().getOrDefault(status, 0L);
        if (occurrences > 0) {
          out.printf(Locale.ROOT, "%-14s %,12d %,10d%n", status.label(), occurrences, distinct);
        }
      }
      if (!audit.findings().isEmpty()) {
        out.println();
        out.printf(Locale.ROOT, "%-12s %-13s %6s  %s%n", "code", "status", "times", "e.g. admissions");
        for (GoldAudit.Finding finding : audit.findings()) {
          out.printf(Locale.ROOT, "%-12s %-13s %6d  %s%n", finding.display(), finding.status().label(), finding.occurrences(),
              String.join(" ", finding.exampleAdmissions()));
        }
      }
      out.println();
      long unchecked = audit.occurrencesByStatus().getOrDefault(CodeStatus.UNCHECKED, 0L);
      if (unchecked > 0 && unchecked == audit.occurrences()) { // CPT or HCPCS without a table: no year has one
        out.println("No table checks these codes, only their format is checked: give a table of your own with");
        out.println("--code-table FILE.csv (code,description[,billable]).");
      } else {
        out.println("These gold codes are kept and scored like any other; a coder that outputs only codes of this"
            + " table");
        out.println("cannot find the ones not in it. " + (codeTable != null
            ? "Give another --code-table to check them against another table."
            : "Use --year to check them against another edition."));
      }
      out.flush();
      return 0;
    }
  }

}
