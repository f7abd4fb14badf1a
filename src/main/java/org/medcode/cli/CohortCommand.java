package org.medcode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medcode.Plural;
import org.medcode.dataset.mimic.CohortSummary;
import org.medcode.run.cohort.CohortRecord;
import org.medcode.run.cohort.CohortSpec;
import org.medcode.run.cohort.Cohorts;
import org.medcode.run.Medcode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode cohort}: build a MIMIC cohort (admission ids + summary) once, reuse it exactly, show it. */
@Command(name = "cohort", mixinStandardHelpOptions = true, description = "MIMIC cohorts: build one, show one.",
    subcommands = {CohortCommand.Build.class, CohortCommand.Show.class})
final class CohortCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "build", mixinStandardHelpOptions = true,
      description = {"Decides a cohort of a MIMIC-IV or MIMIC-III dataset (streaming the notes, keeping no text) and "
          + "writes OUT/hadm_ids.txt (one admission id per line) and OUT/cohort.json (admissions left after "
          + "each filter step, note-length and codes-per-admission distributions). Load exactly that cohort "
          + "again with the printed spec (ids=OUT/hadm_ids.txt). Filters may be given in the spec's query or "
          + "as the options below, not both."})
  static final class Build implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "SPEC",
        description = "mimic-iv:DIR[?OPTIONS] or mimic-iii:DIR[?OPTIONS]; $${NAME} is replaced by the environment variable NAME.")
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New or empty folder for the cohort files.")
    Path out;

    @Option(names = "--icd", paramLabel = "9|10|both", description = "ICD version of the codes kept (default both).")
    String icd;

    @Option(names = "--codes", paramLabel = "diagnoses|procedures|both", description = "Coding tables read (default both).")
    String codes;

    @Option(names = "--icu", negatable = true, description = "Only admissions with an ICU stay (icu/icustays); --no-icu: only those without.")
    Boolean icu;

    @Option(names = "--note", paramLabel = "TYPES", description = "Note types: discharge, radiology (comma-separated) or none (default discharge).")
    String note;

    @Option(names = "--notes-dir", paramLabel = "DIR", description = "MIMIC-IV-Note folder when it is not inside the MIMIC-IV folder.")
    Path notesDir;

    @Option(names = "--min-chars", paramLabel = "N", description = "Smallest total note length of an admission (characters).")
    Integer minChars;

    @Option(names = "--max-chars", paramLabel = "N", description = "Largest total note length of an admission (characters).")
    Integer maxChars;

    @Option(names = "--ids", paramLabel = "FILE", description = "Keep only these hadm_ids (one per line, or CSV with hadm_id/_id[,split]).")
    Path ids;

    @Option(names = "--split", paramLabel = "NAME", description = "With --ids: only rows whose split column is NAME (e.g. test).")
    String split;

    @Option(names = "--sample", paramLabel = "N", description = "A seeded sample of N admissions, after every other filter.")
    Integer sample;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the sample (default 0).")
    Long seed;

    @Option(names = "--map", paramLabel = "none|icd10", description = "icd10 maps ICD-9 codes to ICD-10 through the CMS GEMs.")
    String map;

    @Override
    public Integer call() {
      List<String> options = new ArrayList<>();
      add(options, "icd", icd);
      add(options, "codes", codes);
      add(options, "icu", icu);
      add(options, "note", note);
      add(options, "notes", notesDir);
      add(options, "min_chars", minChars);
      add(options, "max_chars", maxChars);
      add(options, "ids", ids);
      add(options, "split", split);
      add(options, "sample", sample);
      add(options, "seed", seed);
      add(options, "map", map);
      Medcode medcode = MedcodeCommand.facade(global);
      Cohorts.Built outcome = medcode.buildCohort(new CohortSpec(dataset, options, out));
      PrintWriter writer = spec.commandLine().getOut();
      print(writer, outcome.record());
      writer.println();
      writer.println("written     " + outcome.folder().resolve("hadm_ids.txt") + ", " + outcome.folder().resolve("cohort.json"));
      writer.println("reuse with  --dataset '" + outcome.record().reuseSpec() + "'");
      writer.flush();
      return 0;
    }

    private static void add(List<String> options, String key, Object value) {
      if (value != null) {
        options.add(key + "=" + value);
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints a cohort folder's summary (cohort.json).")
  static final class Show implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A folder written by medcode cohort build.")
    Path folder;

    @Override
    public Integer call() {
      CohortRecord record = MedcodeCommand.facade(global).showCohort(folder);
      PrintWriter writer = spec.commandLine().getOut();
      print(writer, record);
      writer.println();
      writer.println("reuse with  --dataset '" + record.reuseSpec() + "'");
      writer.flush();
      return 0;
    }
  }

  /** The summary as text: spec, steps, distributions, codes, mapping, warnings. */
  static void print(PrintWriter out, CohortRecord record) {
    CohortSummary summary = record.summary();
    out.println("cohort      " + record.spec());
    out.printf(Locale.ROOT, "built       %s by medcode %s; %s; ids sha256 %s%n", record.created(), record.medcodeVersion(),
        Plural.grouped(record.admissions(), "admission"), record.idsSha256());
    out.println();
    out.printf(Locale.ROOT, "%-12s %12s %10s  %s%n", "step", "admissions", "removed", "keeps");
    long before = -1;
    for (CohortSummary.Step step : summary.steps()) {
      out.printf(Locale.ROOT, "%-12s %,12d %10s  %s%n", step.name(), step.admissions(),
          before < 0 ? "" : String.format(Locale.ROOT, "%,d", before - step.admissions()), step.keeps());
      before = step.admissions();
    }
    out.println();
    out.printf(Locale.ROOT, "%-20s %8s %8s %8s %8s %8s %8s %8s %10s%n", "per admission", "min", "p10", "p25", "median", "p75", "p90",
        "max", "mean");
    distribution(out, "note characters", summary.noteChars());
    distribution(out, "notes", summary.notesPerAdmission());
    distribution(out, "codes", summary.codesPerAdmission());
    out.println();
    for (Map.Entry<String, CohortSummary.CodeCount> entry : summary.codes().entrySet()) {
      out.printf(Locale.ROOT, "codes       %-9s %s, %,d distinct%n", entry.getKey(), Plural.grouped(entry.getValue().occurrences(), "occurrence"),
          entry.getValue().distinct());
    }
    if (!summary.icdVersions().isEmpty()) {
      List<String> versions = new ArrayList<>();
      summary.icdVersions().forEach((version, n) -> versions.add(String.format(Locale.ROOT, "ICD-%s %,d", version, n)));
      out.println("admissions  by ICD version of their codes: " + String.join(", ", versions));
    }
    if (!summary.mapping().isEmpty()) {
      List<String> kinds = new ArrayList<>();
      summary.mapping().forEach((kind, n) -> kinds.add(String.format(Locale.ROOT, "%s %,d", kind, n)));
      out.println("map=icd10   ICD-9 codes by GEM kind: " + String.join(", ", kinds));
    }
    summary.warnings().forEach(warning -> out.println("warning     " + warning));
  }

  private static void distribution(PrintWriter out, String label, CohortSummary.Distribution d) {
    if (d != null) {
      out.printf(Locale.ROOT, "%-20s %,8d %,8d %,8d %,8d %,8d %,8d %,8d %,10.1f%n", label, d.min(), d.p10(), d.p25(), d.median(), d.p75(),
          d.p90(), d.max(), d.mean());
    }
  }
}
