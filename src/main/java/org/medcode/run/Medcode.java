package org.medcode.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.medcode.coder.Trainable;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.source.PullResult;
import org.medcode.eval.PairedComparison;
import org.medcode.gate.GateVerdict;
import org.medcode.report.CoderReport;
import org.medcode.report.ComparisonReports;
import org.medcode.report.GateReports;
import org.medcode.run.cohort.CohortRecord;
import org.medcode.run.cohort.CohortSpec;
import org.medcode.run.cohort.Cohorts;
import org.medcode.run.engine.DryRun;
import org.medcode.run.engine.EvaluateSpec;
import org.medcode.run.engine.FileEvaluation;
import org.medcode.run.engine.Reporting;
import org.medcode.run.engine.RunComparison;
import org.medcode.run.engine.RunFolderLock;
import org.medcode.run.engine.RunOutcome;
import org.medcode.run.engine.RunSession;
import org.medcode.run.engine.StoredRun;
import org.medcode.run.engine.TrainRequest;
import org.medcode.run.engine.Training;
import org.medcode.run.gating.BaselineSpec;
import org.medcode.run.gating.GateRunner;
import org.medcode.run.gating.GateSpec;
import org.medcode.run.inspect.CodeLookup;
import org.medcode.run.inspect.GoldAudit;
import org.medcode.run.record.RunConfig;
import org.medcode.run.record.RunConfigs;
import org.medcode.run.record.RunManifest;
import org.medcode.run.record.StudyConfigs;
import org.medcode.run.studies.Studies;
import org.medcode.run.table.TableSpec;
import org.medcode.run.table.Tables;
import org.medcode.run.workspace.BuildInfo;
import org.medcode.run.workspace.Workspace;
import org.medcode.study.StudyResult;

/**
 * The one facade behind the command line: every command turns its arguments into a spec and calls a verb here. Each
 * verb hands the work to the package that does it, with the {@link Workspace}, and never hears from it again.
 */
public final class Medcode {
  private final Workspace workspace;

  public Medcode(Workspace workspace) {
    this.workspace = workspace;
  }

  /** Scores a predictions file against a dataset's gold codes; writes a results folder ({@link FileEvaluation}). */
  public FileEvaluation.Outcome evaluate(EvaluateSpec spec) {
    return FileEvaluation.evaluate(workspace, spec);
  }

  /** Runs' numbers in one table, filtered and pivoted, shown and written ({@link Tables}). */
  public Tables.Outcome table(TableSpec spec) {
    return Tables.table(spec);
  }

  /** Looks codes up in a system's table: status, title, ancestors. */
  public Lookups lookup(CodeSystemId system, String year, Path userTable, List<String> codes) {
    CodeTable table = workspace.codeTable(system, year, userTable, null);
    return new Lookups(table.describe(), CodeLookup.of(table, codes));
  }

  /** Lookups of codes, with the table they were looked up in (system, version, size). */
  public record Lookups(String table, List<CodeLookup> codes) {}

  /** Lists a dataset's gold codes of one system that the table does not know as billable codes. */
  public GoldAudit audit(String datasetText, CodeSystemId requested, String year, Path userTable) {
    Dataset dataset = workspace.loadDataset(datasetText);
    CodeSystemId system = Workspace.chooseSystem(requested, dataset);
    return GoldAudit.of(dataset, system, workspace.codeTable(system, year, userTable, datasetText));
  }

  /** Pulls public sources and returns every result, failures included (for {@code data pull}). */
  public List<PullResult> pullAll(List<String> names, Path mirrorOverride) {
    return workspace.pullAll(names, mirrorOverride);
  }

  /** What public data is under the data root. */
  public Workspace.DataListing listData() {
    return workspace.verifyData();
  }

  /** The coders' cache folder and what each of its caches holds. */
  public List<Workspace.CacheUse> caches() {
    return workspace.caches();
  }

  /** The coders' cache folder. */
  public Path cacheDir() {
    return workspace.cacheDir();
  }

  /** Empties the named caches (all when none is named); returns what was deleted. */
  public List<Workspace.CacheUse> clearCaches(List<String> names) {
    return workspace.clearCaches(names);
  }

  /**
   * Runs a config's coders over its dataset in a new run folder, then evaluates and reports. A study file
   * ({@code configs/studies/NAME.yaml}) is run the same way once what it needs is checked, with the study kept beside
   * the run for {@link #study}.
   */
  public RunOutcome run(RunRequest request) {
    Path configFile = request.config() != null ? request.config() : workspace.home().resolve("configs").resolve("default.yaml");
    if (StudyConfigs.isStudy(configFile)) {
      return Studies.run(workspace, configFile, request.overrides(), request.split(), request.coders(), request.out(),
          System::getenv);
    }
    RunConfig config = RunConfigs.load(configFile, request.overrides()).withSplit(request.split()).withCoders(request.coders());
    if (request.out() != null) {
      return new RunSession(workspace).start(config, request.out());
    }
    Path folder = workspace.newResultFolder(workspace.now(), Workspace.slug(config.name()));
    try {
      return new RunSession(workspace).start(config, folder);
    } catch (RuntimeException e) {
      Workspace.discardIfEmpty(folder); // refused before it started: leave no folder behind
      throw e;
    }
  }

  /** What {@link #run} would send and cost per coder, and whether it would be refused; sends and writes nothing. */
  public DryRun dryRun(RunRequest request) {
    return new RunSession(workspace).dryRun(config(request));
  }

  /** The config a request would run: its file (or the default one) with its overrides, split and coders. */
  private RunConfig config(RunRequest request) {
    Path configFile = request.config() != null ? request.config() : workspace.home().resolve("configs").resolve("default.yaml");
    return StudyConfigs.isStudy(configFile) // a study file's protocol is a config like any other
        ? Studies.config(configFile, request.overrides(), request.split(), request.coders(), System::getenv)
        : RunConfigs.load(configFile, request.overrides()).withSplit(request.split()).withCoders(request.coders());
  }

  /**
   * Continues a killed run in its folder: admissions already in a coder's log are not coded again (failed ones are,
   * with {@code retryFailed}). {@code overrides} may change the config (e.g. {@code maxCost=5}).
   */
  public RunOutcome resume(Path folder, List<String> overrides, boolean retryFailed) {
    return new RunSession(workspace).resume(folder, overrides, retryFailed);
  }

  /**
   * The published-versus-this-run table of a run of a study file (also after {@code --resume}), written into its folder
   * ({@code study.csv}, the study's sections of {@code report.html} and {@code summary.md}); empty for other runs.
   */
  public Optional<StudyResult> study(RunOutcome outcome) {
    return Studies.judge(workspace, outcome);
  }

  /** The study files of {@code configs/studies}, with what each needs and whether this machine has it. */
  public List<Studies.Listing> studies() {
    return Studies.list(workspace.home().resolve("configs").resolve("studies"), System::getenv);
  }

  /** Builds a MIMIC cohort folder; see {@link Cohorts#build}. */
  public Cohorts.Built buildCohort(CohortSpec spec) {
    return Cohorts.build(workspace, spec);
  }

  /** Reads a cohort folder written by {@link #buildCohort}. */
  public CohortRecord showCohort(Path folder) {
    return CohortRecord.read(folder);
  }

  /** The outcome of {@code report}: the run folder, each coder's rebuilt report and, for a study run, its table. */
  public record ReportOutcome(Path folder, List<CoderReport> coders, Optional<StudyResult> study) {}

  /**
   * Rebuilds a run folder's metrics, analysis tables, report.html and summary.md from its manifest and stored
   * predictions, without running any coder; a study's table too.
   */
  public ReportOutcome report(ReportSpec spec) {
    Path folder = spec.runFolder();
    Reporting.Rebuilt<Optional<StudyResult>> rebuilt = Reporting.rebuild(workspace, folder,
        reports -> Studies.judge(workspace, folder, reports));
    return new ReportOutcome(folder, rebuilt.coders(), rebuilt.also());
  }

  /** The outcome of {@code compare}: one comparison per coder pair, and the folder they were written to. */
  public record CompareOutcome(List<PairedComparison> comparisons, Path folder) {}

  /** Compares coders of two runs (or two coders of one run); see {@link CompareSpec} and {@link RunComparison}. */
  public CompareOutcome compare(CompareSpec spec) {
    RunComparison.refuseRunFolder(spec.out());
    List<StoredRun> runs = workspace.sharingLoads(() -> {
      StoredRun runA = StoredRun.load(workspace, spec.runA());
      return List.of(runA, spec.runB().toAbsolutePath().normalize().equals(spec.runA().toAbsolutePath().normalize())
          ? runA : StoredRun.load(workspace, spec.runB()));
    });
    StoredRun a = runs.get(0);
    StoredRun b = runs.get(1);
    List<PairedComparison> comparisons = RunComparison.compare(a, b, spec.runA(), spec.runB(), spec.coderA(), spec.coderB(),
        spec.permutations(), spec.confidence());
    Path folder = spec.out() != null ? spec.out() : workspace.newResultFolder(workspace.now(), "compare");
    // one writer at a time: two comparisons given one --out would mix their files (one's comparison.csv, B − A, beside
    // the other's changed_admissions.csv, A − B)
    RunFolderLock.holding(folder, "compare", () -> ComparisonReports.write(comparisons, a.table(), folder));
    return new CompareOutcome(comparisons, folder);
  }

  /** The outcome of {@code gate}: the verdict, the folder its files were written to, the run's code table or null. */
  public record GateOutcome(GateVerdict verdict, Path folder, CodeTable table) {}

  /**
   * Judges a run against gate rules (and a baseline); writes gate.json, junit.xml and gate.md; see {@link GateSpec}.
   * The verdict's exit code is 0 (passed), 1 (a quality rule failed) or 3 (a run was incomplete).
   */
  public GateOutcome gate(GateSpec spec) {
    GateRunner.Result result = workspace.sharingLoads(() -> new GateRunner(workspace).gate(spec));
    // one writer at a time: two gates of one run (two CI jobs) would mix their files, one's gate.json beside the
    // other's junit.xml
    RunFolderLock.holding(result.folder(), "gate", () -> GateReports.write(result.verdict(), result.table(),
        result.folder(), workspace.now(), BuildInfo.version()));
    return new GateOutcome(result.verdict(), result.folder(), result.table());
  }

  /**
   * Checks a gate file (readable, every rule valid and, for a new run, one its metrics settings can answer, its baseline
   * there, the coders it names among the run's) before the
   * run of {@code request}, or the resumed run in folder {@code resumed} (null for a new run), ends with it.
   */
  public void checkGateFile(Path gateFile, RunRequest request, Path resumed) {
    RunConfig config = resumed == null ? config(request)
        : Files.isRegularFile(resumed.resolve("manifest.json")) ? RunManifest.read(resumed).config() : null;
    GateRunner.check(gateFile, config == null ? null : config.coders().stream().map(RunConfig.CoderConfig::id).toList(),
        resumed == null && config != null ? config.metrics() : null); // a resume's --set may change its metrics
  }

  /** Writes a baseline file of one coder of a run (metrics, counts, per-admission answers); returns its path. */
  public Path baseline(BaselineSpec spec) {
    return new GateRunner(workspace).baseline(spec);
  }

  /** Trains a model folder for a coder that learns ({@link Training}); a run config uses it with {@code model}. */
  public Trainable.Trained train(TrainRequest request) {
    return Training.train(workspace, request);
  }
}
