package org.medcode.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.medcode.Futures;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.Trainable;
import org.medcode.coder.registry.CoderRegistry;
import org.medcode.coder.training.ModelFolders;
import org.medcode.coder.training.TrainingIds;
import org.medcode.coder.training.TrainingSource;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.source.PullResult;
import org.medcode.dataset.source.SourceStatus;
import org.medcode.eval.Analysis;
import org.medcode.eval.AnalysisMode;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.Evaluator;
import org.medcode.eval.PairedComparison;
import org.medcode.gate.GateVerdict;
import org.medcode.prediction.PredictionFormat;
import org.medcode.prediction.PredictionReader;
import org.medcode.prediction.PredictionSet;
import org.medcode.prediction.UnmatchedIds;
import org.medcode.report.CoderReport;
import org.medcode.report.ComparisonReports;
import org.medcode.report.EvaluationReport;
import org.medcode.report.GateReports;
import org.medcode.report.RunFolder;
import org.medcode.report.RunReports;
import org.medcode.report.table.Leaderboard;
import org.medcode.report.table.TableFormat;
import org.medcode.study.StudyResult;
import org.medcode.run.cohort.CohortRecord;
import org.medcode.run.cohort.CohortSpec;
import org.medcode.run.cohort.Cohorts;
import org.medcode.run.engine.DryRun;
import org.medcode.run.engine.RunComparison;
import org.medcode.run.engine.RunFolderLock;
import org.medcode.run.engine.RunOutcome;
import org.medcode.run.engine.RunSession;
import org.medcode.run.engine.StoredRun;
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
import org.medcode.run.table.RunTables;
import org.medcode.run.workspace.BuildInfo;
import org.medcode.run.workspace.Workspace;

/**
 * The one facade behind the command line: every command turns its arguments into a spec and calls a verb here. Each
 * verb hands the work to the package that does it, with the {@link Workspace}, and never hears from it again.
 */
public final class Medcode {
  private static final int EXAMPLES = 5;

  private final Workspace workspace;

  public Medcode(Workspace workspace) {
    this.workspace = workspace;
  }

  /** The outcome of an evaluation: the report and the folder its files were written to. */
  public record EvaluateOutcome(EvaluationReport report, Path folder) {}

  public EvaluateOutcome evaluate(EvaluateSpec spec) {
    PredictionFormat format = spec.format() != null ? spec.format() : PredictionFormat.of(spec.predictions());
    // The predictions are read on another thread while the dataset and the table load; the dataset's errors come first.
    CompletableFuture<PredictionSet> reading = CompletableFuture.supplyAsync(
        () -> PredictionReader.read(spec.predictions(), format), Futures.thread("predictions"));
    workspace.prefetchCodeTable(spec.system(), spec.year(), spec.codeTable(), spec.dataset());
    Dataset dataset = workspace.loadDataset(spec.dataset());
    CodeSystemId system = Workspace.chooseSystem(spec.system(), dataset);
    Workspace.refuseNothingToScore(dataset, system, spec.options().population());
    CodeTable table = workspace.codeTable(system, spec.year(), spec.codeTable(), spec.dataset());
    PredictionSet predictions = Futures.join(reading);

    Set<String> ids = new LinkedHashSet<>(); // in dataset order, for the examples of a refusal
    for (Admission admission : dataset.admissions()) {
      ids.add(admission.id());
    }
    String unmatched = UnmatchedIds.check(predictions.byAdmission().keySet(), ids, spec.predictions().toString(),
        dataset.spec());
    if (unmatched != null) {
      throw new MedcodeException(unmatched);
    }
    List<String> unknown = new ArrayList<>();
    for (String id : predictions.byAdmission().keySet()) {
      if (!ids.contains(id)) {
        unknown.add(id);
      }
    }
    Evaluator.Evaluated evaluated = spec.analysis() == AnalysisMode.NONE
        ? new Evaluator.Evaluated(Evaluator.evaluate(dataset.admissions(), predictions.byAdmission(), table, spec.options()),
            null)
        : Evaluator.evaluateWithAnalysis(dataset.admissions(), predictions.byAdmission(), table, spec.options(),
            Optional.empty());
    EvaluationResult result = evaluated.result();
    Instant now = workspace.now();
    EvaluationReport report = new EvaluationReport(BuildInfo.version(), now.toString(),
        new EvaluationReport.DatasetInfo(dataset.spec(), dataset.fingerprint(), dataset.admissions().size(), dataset.warnings()),
        new EvaluationReport.PredictionsInfo(spec.predictions().toString(), format.label(), predictions.rows(),
            predictions.duplicates(), predictions.duplicateExamples(), predictions.byAdmission().size(), unknown.size(),
            unknown.subList(0, Math.min(EXAMPLES, unknown.size()))),
        table, result);
    Path folder = spec.out() != null ? spec.out()
        : workspace.resultFolder(now, "evaluate_" + Workspace.slug(dataset.spec()));
    if (Files.exists(folder.resolve("metrics.json")) || Files.exists(folder.resolve(RunManifest.FILE))) {
      throw new MedcodeException(folder + " already holds " + (Files.exists(folder.resolve(RunManifest.FILE)) ? "a run"
          : "results") + "; choose another --out (nothing was overwritten)");
    }
    Analysis analysis = evaluated.analysis();
    // A predictions file answers for every admission: one it does not list is an empty prediction (an empty file too,
    // with a warning), so the file is always measured, never "not measured" as a run's coder that answered nothing.
    int admissions = dataset.admissions().size();
    RunFolder.write(new CoderReport(spec.predictions().getFileName().toString(), report, admissions, admissions, 0, 0,
        Map.of(), analysis), folder.getFileName().toString(), folder);
    return new EvaluateOutcome(report, folder);
  }

  /** The outcome of {@code table}: the runs read, the folders skipped, the pivot shown, and the file written (or null). */
  public record TableOutcome(List<Path> runs, List<String> skipped, List<String> warnings, int rows, String console,
      Path written) {}

  /**
   * Gathers the runs' summary.csv files and manifests into one long table, filters it, and pivots it (or keeps it long);
   * writes it when {@code spec.out()} names a file. The console shows the pivot.
   */
  public TableOutcome table(TableSpec spec) {
    RunTables.Gathered gathered = RunTables.read(spec.folders());
    if (spec.out() != null) {
      RunTables.checkOutside(spec.out(), gathered.runs());
    }
    Leaderboard board = Leaderboard.of(gathered.rows()).where(spec.where());
    if (board.rows() == 0) {
      throw new MedcodeException(spec.where().isEmpty()
          ? "the runs' summary.csv files hold no numbers (" + gathered.runs().size() + " run(s)): rebuild them with"
              + " ./medcode report RUN_DIR"
          : "no numbers left after --where " + String.join(" --where ", spec.where()) + " in " + gathered.runs().size()
              + " run(s)");
    }
    Leaderboard.Pivot pivot = spec.longTable() && spec.out() != null ? null
        : board.pivot(spec.rows(), spec.cols(), spec.metric(), spec.averaging());
    if (spec.out() != null) {
      TableFormat format = TableFormat.of(spec.out());
      if (spec.longTable()) {
        board.write(spec.out(), format);
      } else {
        Leaderboard.write(pivot, spec.out(), format);
      }
    }
    return new TableOutcome(gathered.runs(), gathered.skipped(), gathered.warnings(), board.rows(), pivot == null ? "" : Leaderboard.console(pivot),
        spec.out());
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
  public List<SourceStatus> listData() {
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
    Path folder = request.out() != null ? request.out() : workspace.resultFolder(workspace.now(), Workspace.slug(config.name()));
    return new RunSession(workspace).start(config, folder);
  }

  /** What {@link #run} would send and cost per coder, and whether it would be refused; sends and writes nothing. */
  public DryRun dryRun(RunRequest request) {
    Path configFile = request.config() != null ? request.config() : workspace.home().resolve("configs").resolve("default.yaml");
    RunConfig config = StudyConfigs.isStudy(configFile) // a study file's protocol is a config like any other
        ? Studies.config(configFile, request.overrides(), request.split(), request.coders(), System::getenv)
        : RunConfigs.load(configFile, request.overrides()).withSplit(request.split()).withCoders(request.coders());
    return new RunSession(workspace).dryRun(config);
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

  /** The outcome of {@code report}: the run folder and each coder's rebuilt report. */
  public record ReportOutcome(Path folder, List<CoderReport> coders) {}

  /**
   * Rebuilds a run folder's metrics, analysis tables, report.html and summary.md from its manifest and stored
   * predictions, without running any coder.
   */
  public ReportOutcome report(ReportSpec spec) {
    RunSession.refuseCoderFolder(spec.runFolder(), "report the run: ./medcode report PARENT (nothing was written)");
    // locked before anything is read, so that a run or --resume cannot end between the reading and the writing; a
    // folder that is no run folder is not locked (nor given a lock file): loading it says what it lacks
    RunFolderLock lock = Files.isRegularFile(spec.runFolder().resolve(RunManifest.FILE))
        ? RunFolderLock.acquire(spec.runFolder(), "report") : null;
    try {
      StoredRun run = StoredRun.load(workspace, spec.runFolder());
      String created = workspace.now().toString();
      List<CoderReport> reports = new ArrayList<>();
      int admissions = run.dataset().admissions().size();
      for (StoredRun.Coder coder : run.coders()) {
        reports.add(run.report(coder, created));
        int missing = admissions - coder.answered() - coder.failed();
        if (missing > 0) { // an interrupted run: its numbers count what was never coded as empty predictions
          workspace.listener().warning("coder " + coder.id() + ": " + missing + " of " + admissions + " admissions were"
              + " never coded (the run's status is " + run.manifest().status() + "); they are scored as empty"
              + " predictions: continue the run with ./medcode run --resume " + spec.runFolder());
        }
      }
      for (RunConfig.CoderConfig configured : run.config().coders()) {
        if (!run.coderIds().contains(configured.id())) {
          workspace.listener().warning("coder " + configured.id() + " never ran in this run folder: not measured;"
              + " continue the run with ./medcode run --resume " + spec.runFolder());
        }
      }
      RunReports.write(reports, spec.runFolder());
      Studies.judge(workspace, spec.runFolder(), reports);
      return new ReportOutcome(spec.runFolder(), reports);
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  /** The outcome of {@code compare}: one comparison per coder pair, and the folder they were written to. */
  public record CompareOutcome(List<PairedComparison> comparisons, Path folder) {}

  /** Compares coders of two runs (or two coders of one run); see {@link CompareSpec} and {@link RunComparison}. */
  public CompareOutcome compare(CompareSpec spec) {
    List<StoredRun> runs = workspace.sharingLoads(() -> {
      StoredRun runA = StoredRun.load(workspace, spec.runA());
      return List.of(runA, spec.runB().toAbsolutePath().normalize().equals(spec.runA().toAbsolutePath().normalize())
          ? runA : StoredRun.load(workspace, spec.runB()));
    });
    StoredRun a = runs.get(0);
    StoredRun b = runs.get(1);
    List<PairedComparison> comparisons = RunComparison.compare(a, b, spec.runA(), spec.runB(), spec.coderA(), spec.coderB(),
        spec.permutations());
    Path folder = spec.out() != null ? spec.out() : workspace.resultFolder(workspace.now(), "compare");
    ComparisonReports.write(comparisons, a.table(), folder);
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
    GateReports.write(result.verdict(), result.table(), result.folder(), workspace.now(), BuildInfo.version());
    return new GateOutcome(result.verdict(), result.folder(), result.table());
  }

  /** Checks a gate file (readable, every rule valid) before a run that ends with it. */
  public void checkGateFile(Path gateFile) {
    GateRunner.check(gateFile);
  }

  /** Writes a baseline file of one coder of a run (metrics, counts, per-admission answers); returns its path. */
  public Path baseline(BaselineSpec spec) {
    return new GateRunner(workspace).baseline(spec);
  }

  /**
   * Trains a model folder for a coder that learns (ml-linear, ml-knn, embed-retrieval) on a dataset's admissions; a run
   * config then uses it with {@code model: FOLDER}.
   */
  public Trainable.Trained train(TrainRequest request) {
    String spec = request.datasetSpec();
    Dataset dataset = workspace.loadDataset(spec);
    CodeSystemId system = Workspace.chooseSystem(request.system() == null ? null : CodeSystemId.parse(request.system()),
        dataset);
    CodeTable table = workspace.codeTable(system, request.year(), request.codeTable(), spec);
    CoderRegistry registry = CoderRegistry.load();
    CoderFactory factory = registry.require(request.coder());
    Map<String, String> parameters = CoderParameters.resolve(factory, request.parameters());
    Path folder = request.out() != null ? request.out()
        : workspace.modelFolder(workspace.now(), request.coder() + "_" + Workspace.slug(dataset.spec()));
    if (Files.exists(folder.resolve("manifest.json"))) {
      throw new MedcodeException(folder + " already holds a model; choose another --out or delete it");
    }
    Trainable trainable = registry.trainable(factory);
    CoderContext context = new CoderContext(table, dataset.admissions(), workspace.dataRoot(), workspace.cacheDir(),
        request.seed(), CoderContext.NO_PEERS, dataset.credentialed(), workspace.listener());
    Trainable.Trained trained = trainable.train(context, parameters,
        new TrainingSource(dataset.spec(), dataset.fingerprint()), folder);
    // whatever coder trained it: the ids it learned from (for the leakage check) and every file's SHA-256
    TrainingIds.write(folder, dataset.admissions());
    ModelFolders.seal(folder);
    return trained;
  }
}
