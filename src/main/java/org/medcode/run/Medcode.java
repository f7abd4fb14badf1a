package org.medcode.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.Trainable;
import org.medcode.coder.registry.CoderRegistry;
import org.medcode.coder.training.TrainingSource;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.Datasets;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.source.DataPuller;
import org.medcode.dataset.source.PullResult;
import org.medcode.dataset.source.SourceStatus;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.Evaluator;
import org.medcode.prediction.PredictionFormat;
import org.medcode.prediction.PredictionReader;
import org.medcode.prediction.PredictionSet;
import org.medcode.report.EvaluationReport;
import org.medcode.report.RunFolder;

/**
 * The one facade behind the command line: every command turns its arguments into a spec and calls a method here.
 * {@code dataRoot} holds the pulled public data (laid out like the mirror), {@code resultsRoot} the run folders.
 */
public final class Medcode {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final int EXAMPLES = 5;

  private final Path home;
  private final Path dataRoot;
  private final Path resultsRoot;
  private final Path mirror;
  private final boolean autoPull;
  private final Clock clock;

  /**
   * @param home the medcode checkout (for configs/ and the git commit)
   * @param dataRoot where public data is pulled to
   * @param resultsRoot where run folders go
   * @param mirror a folder laid out like the public-data mirror, or null to download from the official homes
   * @param autoPull whether missing public data is pulled automatically
   */
  public Medcode(Path home, Path dataRoot, Path resultsRoot, Path mirror, boolean autoPull, Clock clock) {
    this.home = home;
    this.dataRoot = dataRoot;
    this.resultsRoot = resultsRoot;
    this.mirror = mirror;
    this.autoPull = autoPull;
    this.clock = clock;
  }

  public Path home() {
    return home;
  }

  public Path dataRoot() {
    return dataRoot;
  }

  /** The outcome of an evaluation: the report and the folder its files were written to. */
  public record EvaluateOutcome(EvaluationReport report, Path folder) {}

  public EvaluateOutcome evaluate(EvaluateSpec spec) {
    Dataset dataset = loadDataset(spec.dataset());
    CodeSystemId system = chooseSystem(spec.system(), dataset);
    CodeTable table = codeTable(system, spec.year(), spec.codeTable(), spec.dataset());
    PredictionFormat format = spec.format() != null ? spec.format() : PredictionFormat.of(spec.predictions());
    PredictionSet predictions = PredictionReader.read(spec.predictions(), format);

    Set<String> ids = new HashSet<>();
    for (Admission admission : dataset.admissions()) {
      ids.add(admission.id());
    }
    List<String> unknown = new ArrayList<>();
    for (String id : predictions.byAdmission().keySet()) {
      if (!ids.contains(id)) {
        unknown.add(id);
      }
    }
    EvaluationResult result = Evaluator.evaluate(dataset.admissions(), predictions.byAdmission(), table, spec.options());
    var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    EvaluationReport report = new EvaluationReport(BuildInfo.version(), now.toString(),
        new EvaluationReport.DatasetInfo(dataset.spec(), dataset.fingerprint(), dataset.admissions().size(), dataset.warnings()),
        new EvaluationReport.PredictionsInfo(spec.predictions().toString(), format.label(), predictions.rows(),
            predictions.duplicates(), predictions.duplicateExamples(), predictions.byAdmission().size(), unknown.size(),
            unknown.subList(0, Math.min(EXAMPLES, unknown.size()))),
        table, result);
    Path folder = spec.out() != null ? spec.out()
        : resultsRoot.resolve(STAMP.format(now) + "_evaluate_" + slug(dataset.spec()));
    if (java.nio.file.Files.exists(folder.resolve("metrics.json"))) {
      throw new MedcodeException(folder + " already holds results; choose another --out (nothing was overwritten)");
    }
    org.medcode.eval.Analysis analysis = org.medcode.eval.Analysis.of(dataset.admissions(), predictions.byAdmission(), table,
        spec.options(), java.util.Optional.empty());
    int predicted = predictions.byAdmission().size() - unknown.size();
    RunFolder.write(new org.medcode.report.CoderReport(spec.predictions().getFileName().toString(), report, dataset.admissions().size(), predicted, 0, 0,
        java.util.Map.of(), analysis), folder.getFileName().toString(), folder);
    return new EvaluateOutcome(report, folder);
  }

  /** Loads a dataset by spec, pulling its public source first when it is missing. */
  Dataset loadDataset(String spec) {
    DatasetSpec datasetSpec = DatasetSpec.parse(spec);
    return withData(() -> Datasets.load(datasetSpec, dataRoot));
  }

  /** Loads the code table for a system: a user table when given, else the official one of {@code year}. */
  CodeTable codeTable(CodeSystemId system, String year, Path userTable, String datasetSpec) {
    if (userTable != null) {
      return CodeTables.userTable(system, userTable);
    }
    return withData(() -> CodeTables.load(dataRoot, system, year != null ? year : defaultYear(datasetSpec)));
  }

  /** CodiEsp's codes are the 2018 edition; everything else defaults to the newest mirrored table. */
  static String defaultYear(String datasetSpec) {
    return datasetSpec != null && datasetSpec.trim().toLowerCase(Locale.ROOT).startsWith("codiesp") ? "2018" : "2026";
  }

  /**
   * Runs a loading step; when it reports a missing public source, pulls that source (from the mirror when one is set,
   * else from its official home) and tries again. A source is pulled at most once per call.
   */
  private <T> T withData(java.util.function.Supplier<T> step) {
    Set<String> pulled = new HashSet<>();
    while (true) {
      try {
        return step.get();
      } catch (MedcodeException.DataMissing missing) {
        if (!autoPull || !pulled.add(missing.pullName()) || present(missing.pullName())) {
          throw missing; // nothing to pull: the source is there, the file asked for is not part of it
        }
        System.err.println("medcode: " + missing.pullName() + " is not in " + dataRoot + "; pulling it"
            + (mirror != null ? " from the mirror " + mirror : " from its official home") + " ...");
        try {
          pull(List.of(missing.pullName()));
        } catch (MedcodeException failure) {
          throw new MedcodeException.DataMissing(missing.getMessage() + " (automatic pull failed: " + failure.getMessage() + ")",
              missing.pullName());
        }
      }
    }
  }

  private boolean present(String source) {
    return listData().stream().anyMatch(s -> s.name().equals(source) && s.presence() == SourceStatus.Presence.COMPLETE);
  }

  CodeSystemId chooseSystem(CodeSystemId requested, Dataset dataset) {
    if (requested != null) {
      return requested;
    }
    if (dataset.systems().size() == 1) {
      return dataset.systems().get(0);
    }
    if (dataset.systems().isEmpty()) {
      throw new MedcodeException(dataset.spec() + " has no gold codes; name the code system with --system");
    }
    throw new MedcodeException(dataset.spec() + " has gold codes of " + dataset.systems()
        + "; evaluate one at a time with --system " + dataset.systems().get(0).label());
  }

  /** Looks codes up in a system's table: status, title, ancestors. */
  public List<CodeLookup> lookup(CodeSystemId system, String year, Path userTable, List<String> codes) {
    CodeTable table = codeTable(system, year, userTable, null);
    List<CodeLookup> result = new ArrayList<>();
    for (String input : codes) {
      String code = table.system().normalize(input);
      var status = table.status(code);
      List<CodeLookup.Level> levels = new ArrayList<>();
      for (Granularity granularity : Granularity.values()) {
        if (granularity == Granularity.EXACT || !table.system().granularities().contains(granularity)) {
          continue;
        }
        table.system().ancestor(code, granularity).ifPresent(key -> levels.add(new CodeLookup.Level(granularity.label(),
            table.system().levelName(granularity), key, table.title(key, granularity).orElse(""))));
      }
      String display = table.system().isWellFormed(code) ? table.system().display(code) : code;
      result.add(new CodeLookup(input, code, display, status,
          table.entry(code).map(e -> e.longTitle()).orElse(""), levels));
    }
    return result;
  }

  /** Lists a dataset's gold codes of one system that the table does not know as billable codes. */
  public GoldAudit audit(String datasetText, CodeSystemId requested, String year, Path userTable) {
    Dataset dataset = loadDataset(datasetText);
    CodeSystemId system = chooseSystem(requested, dataset);
    CodeTable table = codeTable(system, year, userTable, datasetText);
    Map<String, Long> occurrences = new TreeMap<>();
    Map<String, List<String>> examples = new TreeMap<>();
    Map<CodeStatus, Long> byStatus = new EnumMap<>(CodeStatus.class);
    Map<CodeStatus, Long> distinct = new EnumMap<>(CodeStatus.class);
    long total = 0;
    for (Admission admission : dataset.admissions()) {
      for (GoldCode gold : admission.codes()) {
        if (gold.system() != system) {
          continue;
        }
        total++;
        CodeStatus status = table.status(gold.code());
        byStatus.merge(status, 1L, Long::sum);
        if (occurrences.merge(gold.code(), 1L, Long::sum) == 1L) {
          distinct.merge(status, 1L, Long::sum);
        }
        List<String> where = examples.computeIfAbsent(gold.code(), k -> new ArrayList<>());
        if (where.size() < 3 && !where.contains(admission.id())) {
          where.add(admission.id());
        }
      }
    }
    List<GoldAudit.Finding> findings = new ArrayList<>();
    for (Map.Entry<String, Long> entry : occurrences.entrySet()) {
      String code = entry.getKey();
      CodeStatus status = table.status(code);
      if (status != CodeStatus.BILLABLE && status != CodeStatus.UNCHECKED) {
        String display = table.system().isWellFormed(code) ? table.system().display(code) : code;
        findings.add(new GoldAudit.Finding(code, display, status, entry.getValue(), examples.get(code)));
      }
    }
    findings.sort(java.util.Comparator.comparing(GoldAudit.Finding::status).thenComparing(GoldAudit.Finding::code));
    return new GoldAudit(dataset.spec(), table.describe(), total, byStatus, distinct, findings);
  }

  /** Pulls public sources (all when {@code names} is empty) into the data root, from the mirror when one is set. */
  public List<PullResult> pull(List<String> names) {
    List<PullResult> results = new DataPuller().pull(names, dataRoot, java.util.Optional.ofNullable(mirror));
    for (PullResult result : results) {
      if (result.outcome() == PullResult.Outcome.FAILED && names.size() == 1) {
        throw new MedcodeException("pulling " + result.name() + " failed: " + String.join("; ", result.problems()));
      }
    }
    return results;
  }

  /** Pulls public sources and returns every result, failures included (for {@code data pull}). */
  public List<PullResult> pullAll(List<String> names, Path mirrorOverride) {
    Path from = mirrorOverride != null ? mirrorOverride : mirror;
    return new DataPuller().pull(names, dataRoot, java.util.Optional.ofNullable(from));
  }

  /** What public data is under the data root. */
  public List<SourceStatus> listData() {
    return new DataPuller().list(dataRoot);
  }

  /** The outcome of a benchmark run. */
  public record RunOutcome(Path folder, List<org.medcode.report.CoderReport> coders, boolean complete, List<String> problems) {}

  /** Runs a config's coders over its dataset in a new run folder, then evaluates and reports. */
  public RunOutcome run(RunRequest request, java.io.PrintStream progress, boolean terminal) {
    Path configFile = request.config() != null ? request.config() : home.resolve("configs").resolve("default.yaml");
    RunConfig config = RunConfigs.load(configFile, request.overrides());
    config = withSplit(config, request.split());
    config = withCoders(config, request.coders());
    var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Path folder = request.out() != null ? request.out() : resultsRoot.resolve(STAMP.format(now) + "_" + slug(config.name()));
    RunSession.ensureNew(folder);
    RunSession.Outcome outcome = new RunSession(this, clock, new ConsoleListener(progress, terminal)).execute(config, folder, null, false);
    return new RunOutcome(outcome.folder(), outcome.coders(), outcome.complete(), outcome.problems());
  }

  /**
   * Continues a killed run in its folder: admissions already in a coder's log are not coded again (failed ones are,
   * with {@code retryFailed}). {@code overrides} may change the config (e.g. {@code maxCost=5}).
   */
  public RunOutcome resume(Path folder, List<String> overrides, boolean retryFailed, java.io.PrintStream progress,
      boolean terminal) {
    var manifest = RunManifest.read(folder);
    var tree = ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("config")).deepCopy();
    overrides.forEach(override -> RunConfigs.apply(tree, override));
    RunConfig config = RunConfigs.fromTree(tree, folder.resolve(RunManifest.FILE).toString());
    RunSession.Outcome outcome = new RunSession(this, clock, new ConsoleListener(progress, terminal)).execute(config, folder, manifest, retryFailed);
    return new RunOutcome(outcome.folder(), outcome.coders(), outcome.complete(), outcome.problems());
  }

  static RunConfig withSplit(RunConfig config, String split) {
    if (split == null) {
      return config;
    }
    DatasetSpec.Split value = java.util.Arrays.stream(DatasetSpec.Split.values())
        .filter(s -> s.label().equalsIgnoreCase(split.trim())).findFirst()
        .orElseThrow(() -> new MedcodeException("--split must be train, dev or test, got '" + split + "'"));
    String dataset = DatasetSpec.parse(config.dataset()).withSplit(value).toString();
    return new RunConfig(config.name(), dataset, config.codeSystem(), config.training(), config.coders(),
        config.metrics(), config.seed(), config.threads(), config.maxCost());
  }

  static RunConfig withCoders(RunConfig config, List<String> names) {
    if (names.isEmpty()) {
      return config;
    }
    List<RunConfig.CoderConfig> coders = new ArrayList<>();
    for (String name : names) {
      coders.add(config.coders().stream().filter(c -> c.id().equals(name) || c.name().equals(name)).findFirst()
          .orElse(new RunConfig.CoderConfig(name, name, java.util.Map.of())));
    }
    return new RunConfig(config.name(), config.dataset(), config.codeSystem(), config.training(), coders, config.metrics(),
        config.seed(), config.threads(), config.maxCost());
  }

  static String slug(String text) {
    String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    return slug.length() > 60 ? slug.substring(0, 60) : slug;
  }

  /** A written cohort: its folder and what {@code cohort.json} says. */
  public record CohortOutcome(Path folder, CohortRecord record) {}

  /**
   * Decides a MIMIC cohort (no note texts kept) and writes its admission ids ({@code hadm_ids.txt}) and summary
   * ({@code cohort.json}) to {@code spec.out()}; the record's {@code reuseSpec} loads exactly these admissions again.
   */
  public CohortOutcome buildCohort(CohortSpec spec) {
    DatasetSpec datasetSpec = DatasetSpec.parse(spec.fullSpec());
    if (datasetSpec.mimic() == null) {
      throw new MedcodeException("medcode cohort build takes a mimic-iv: or mimic-iii: dataset spec, not '" + spec.dataset() + "'");
    }
    Path out = spec.out().toAbsolutePath().normalize();
    CohortRecord.checkNew(out);
    org.medcode.dataset.mimic.MimicLoader.Cohort cohort = withData(() -> Datasets.cohort(datasetSpec, dataRoot));
    String ids = CohortRecord.idsText(cohort.ids());
    DatasetSpec reuse = DatasetSpec.mimic(datasetSpec.release(), datasetSpec.paths().get(0),
        datasetSpec.mimic().reuse(out.resolve(CohortRecord.IDS)));
    CohortRecord record = new CohortRecord(CohortRecord.FORMAT, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
        BuildInfo.version(), datasetSpec.toString(), reuse.toString(), CohortRecord.IDS, CohortRecord.sha256(ids),
        cohort.ids().size(), cohort.summary());
    record.write(out, ids);
    return new CohortOutcome(out, record);
  }

  /** Reads a cohort folder written by {@link #buildCohort}. */
  public CohortRecord showCohort(Path folder) {
    return CohortRecord.read(folder);
  }

  /** The outcome of {@code report}: the run folder and each coder's rebuilt report. */
  public record ReportOutcome(Path folder, List<org.medcode.report.CoderReport> coders) {}

  /**
   * Rebuilds a run folder's metrics, analysis tables, report.html and summary.md from its manifest and stored
   * predictions, without running any coder.
   */
  public ReportOutcome report(ReportSpec spec) {
    StoredRun run = StoredRun.load(this, spec.runFolder());
    String created = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    List<org.medcode.report.CoderReport> reports = new ArrayList<>();
    for (StoredRun.Coder coder : run.coders) {
      reports.add(run.report(coder, created));
    }
    org.medcode.report.RunReports.write(reports, spec.runFolder());
    return new ReportOutcome(spec.runFolder(), reports);
  }

  /** The outcome of {@code compare}: one comparison per coder pair, and the folder they were written to. */
  public record CompareOutcome(List<org.medcode.eval.PairedComparison> comparisons, Path folder) {}

  /**
   * Compares coders of two runs (or two coders of one run) on the admissions both coders answered (a failure counts as
   * an answer: an empty one); see {@link CompareSpec}. Both runs must have scored the same data with the same code
   * table and invalid-code policy; levels, resamples and seed are run A's.
   */
  public CompareOutcome compare(CompareSpec spec) {
    StoredRun a = StoredRun.load(this, spec.runA());
    StoredRun b = spec.runB().toAbsolutePath().normalize().equals(spec.runA().toAbsolutePath().normalize()) ? a
        : StoredRun.load(this, spec.runB());
    if (!a.dataset.fingerprint().equals(b.dataset.fingerprint())) {
      throw new MedcodeException("the runs scored different data (" + a.dataset.spec() + " fingerprint "
          + a.dataset.fingerprint() + " vs " + b.dataset.spec() + " fingerprint " + b.dataset.fingerprint()
          + "): a paired comparison needs the same admissions");
    }
    if (!a.table.describe().equals(b.table.describe()) || a.options().invalid() != b.options().invalid()) {
      throw new MedcodeException("the runs used different code tables or invalid-code policies (" + a.table.describe()
          + ", " + a.options().invalid().label() + " vs " + b.table.describe() + ", " + b.options().invalid().label()
          + "); rerun one of them so both are scored alike");
    }
    List<String[]> pairs = new ArrayList<>();
    if (spec.coderA() != null || spec.coderB() != null) {
      String ca = spec.coderA() != null ? spec.coderA() : spec.coderB();
      String cb = spec.coderB() != null ? spec.coderB() : spec.coderA();
      pairs.add(new String[] {ca, cb});
    } else {
      for (StoredRun.Coder coder : a.coders) {
        if (a != b && b.coder(coder.id()).isPresent()) {
          pairs.add(new String[] {coder.id(), coder.id()});
        }
      }
      if (pairs.isEmpty() && a != b && a.coders.size() == 1 && b.coders.size() == 1) {
        pairs.add(new String[] {a.coders.get(0).id(), b.coders.get(0).id()});
      }
      if (pairs.isEmpty()) {
        throw new MedcodeException("no coder to compare: name them with --coder-a and --coder-b (run A has "
            + a.coders.stream().map(StoredRun.Coder::id).toList() + ", run B " + b.coders.stream().map(StoredRun.Coder::id).toList() + ")");
      }
    }
    List<org.medcode.eval.PairedComparison> comparisons = new ArrayList<>();
    for (String[] pair : pairs) {
      StoredRun.Coder ca = a.coder(pair[0]).orElseThrow(() -> new MedcodeException("run " + spec.runA() + " has no coder '"
          + pair[0] + "'; it has " + a.coders.stream().map(StoredRun.Coder::id).toList()));
      StoredRun.Coder cb = b.coder(pair[1]).orElseThrow(() -> new MedcodeException("run " + spec.runB() + " has no coder '"
          + pair[1] + "'; it has " + b.coders.stream().map(StoredRun.Coder::id).toList()));
      String labelA = (a == b ? "" : a.folder.getFileName() + "/") + ca.id();
      String labelB = (a == b ? "" : b.folder.getFileName() + "/") + cb.id();
      List<Admission> all = a.dataset.admissions();
      List<Admission> shared = all.stream()
          .filter(x -> ca.predictions().containsKey(x.id()) && cb.predictions().containsKey(x.id())).toList();
      org.medcode.eval.PairedComparison comparison = org.medcode.eval.Paired.compare(labelA, labelB, shared,
          ca.predictions(), cb.predictions(), a.table, a.options(), spec.permutations());
      if (shared.size() < all.size()) {
        comparison = comparison.withNote("compared on the " + shared.size() + " of " + all.size() + " admissions both "
            + "coders answered (a run stopped early leaves the rest uncoded; they are left out, not scored as empty)");
      }
      comparisons.add(comparison);
    }
    var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Path folder = spec.out() != null ? spec.out() : resultsRoot.resolve(STAMP.format(now) + "_compare");
    org.medcode.report.ComparisonReports.write(comparisons, a.table, folder);
    return new CompareOutcome(comparisons, folder);
  }

  /** The outcome of {@code gate}: the verdict, the folder its files were written to, the run's code table or null. */
  public record GateOutcome(org.medcode.gate.GateVerdict verdict, Path folder, CodeTable table) {}

  /**
   * Judges a run against gate rules (and a baseline); writes gate.json, junit.xml and gate.md; see {@link GateSpec}.
   * The verdict's exit code is 0 (passed), 1 (a quality rule failed) or 3 (a run was incomplete).
   */
  public GateOutcome gate(GateSpec spec) {
    GateRunner.Result result = new GateRunner(this).gate(spec);
    org.medcode.report.GateReports.write(result.verdict(), result.table(), result.folder(),
        clock.instant().truncatedTo(ChronoUnit.SECONDS), BuildInfo.version());
    return new GateOutcome(result.verdict(), result.folder(), result.table());
  }

  /** Checks a gate file (readable, every rule valid) before a run that ends with it. */
  public void checkGateFile(Path gateFile) {
    GateRunner.check(gateFile);
  }

  /** Writes a baseline file of one coder of a run (metrics, counts, per-admission answers); returns its path. */
  public Path baseline(BaselineSpec spec) {
    return new GateRunner(this).baseline(spec);
  }

  /** The outcome of {@code medcode train}: the model folder and what it holds. */
  public record TrainOutcome(Path folder, org.medcode.coder.training.ModelManifest manifest,
      org.medcode.coder.training.Thresholds thresholds) {}

  /**
   * Trains a model folder for an ml-* coder (or builds the index and tunes the threshold of embed-retrieval) on a
   * dataset's admissions; a run config then uses it with {@code model: FOLDER}.
   */
  public TrainOutcome train(TrainRequest request) {
    String spec = request.dataset();
    if (request.split() != null) {
      String[] parts = spec.split(":", -1);
      if (parts.length != 4 || !parts[0].equalsIgnoreCase("codiesp")) {
        throw new MedcodeException("--split works with codiesp:SPLIT:LANG:TASK datasets; name the split in --dataset instead");
      }
      parts[1] = request.split();
      spec = String.join(":", parts);
    }
    Dataset dataset = loadDataset(spec);
    CodeSystemId system = chooseSystem(request.system() == null ? null : CodeSystemId.parse(request.system()), dataset);
    CodeTable table = codeTable(system, request.year(), request.codeTable(), spec);
    CoderRegistry registry = CoderRegistry.load();
    CoderFactory factory = registry.require(request.coder());
    Map<String, String> parameters = CoderParameters.resolve(factory, request.parameters());
    var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Path folder = request.out() != null ? request.out()
        : resultsRoot.resolve("models").resolve(STAMP.format(now) + "_" + request.coder() + "_" + slug(dataset.spec()));
    if (java.nio.file.Files.exists(folder.resolve("manifest.json"))) {
      throw new MedcodeException(folder + " already holds a model; choose another --out or delete it");
    }
    Trainable trainable = factory.trainable().orElseThrow(() -> new MedcodeException("coder " + request.coder()
        + " does not train; medcode train knows " + trainableNames(registry)));
    CoderContext context = new CoderContext(table, dataset.admissions(), dataRoot, dataRoot.resolve(".cache"), request.seed(),
        CoderContext.NO_PEERS, dataset.credentialed(), new ConsoleListener(System.err, false));
    Trainable.Trained trained = trainable.train(context, parameters, new TrainingSource(dataset.spec(), dataset.fingerprint()),
        folder);
    return new TrainOutcome(folder, trained.manifest(), trained.thresholds());
  }

  /** The coders that train, as a list in words: "a, b and c". */
  private static String trainableNames(CoderRegistry registry) {
    List<String> names = registry.all().stream().filter(f -> f.trainable().isPresent()).map(CoderFactory::name).toList();
    return names.size() < 2 ? String.join("", names)
        : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }
}
