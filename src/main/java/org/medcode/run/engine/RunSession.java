package org.medcode.run.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.coder.AllowedEndpoints;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.registry.CoderRegistry;
import org.medcode.eval.EvalOptions;
import org.medcode.report.CoderReport;
import org.medcode.report.ReportFiles;
import org.medcode.report.RunReports;
import org.medcode.run.record.RunConfig;
import org.medcode.run.record.RunConfigs;
import org.medcode.run.record.RunManifest.CoderEntry;
import org.medcode.run.record.RunManifest;
import org.medcode.run.record.StudyConfigs;
import org.medcode.run.workspace.BuildInfo;
import org.medcode.run.workspace.Workspace;

/**
 * One benchmark run in one folder: codes the dataset with every configured coder (resuming what a killed session left),
 * keeps the manifest current, then evaluates each coder and writes the reports.
 */
public final class RunSession {
  private final Workspace workspace;

  public RunSession(Workspace workspace) {
    this.workspace = workspace;
  }

  /** Starts a run in a new folder; fails when the folder already holds one. */
  public RunOutcome start(RunConfig config, Path folder) {
    refuseCoderFolder(folder);
    RunFolderLock lock = RunFolderLock.acquire(folder, "run");
    try {
      if (Files.exists(folder.resolve(RunManifest.FILE))) {
        throw new MedcodeException(folder + " already holds a run; continue it with --resume " + folder
            + " or choose another --out");
      }
      List<String> held = new ArrayList<>();
      try (var entries = Files.list(folder)) {
        // the lock, and the study file a study run writes before it starts, are this run's own
        entries.map(p -> p.getFileName().toString())
            .filter(name -> !name.equals(RunFolderLock.FILE) && !name.equals(StudyConfigs.FILE)).sorted()
            .limit(3).forEach(held::add);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot list " + folder, e);
      }
      if (!held.isEmpty()) { // e.g. a coder's predictions.jsonl left there would be taken for this run's answers
        throw new MedcodeException(folder + " is not empty (" + String.join(", ", held) + (held.size() == 3 ? ", …" : "")
            + ") and holds no run (no " + RunManifest.FILE + "): a new run starts in an empty or new folder; choose"
            + " another --out (nothing was written)");
      }
      try {
        return execute(config, folder, null, false);
      } catch (MedcodeException e) {
        discardIfNothingCoded(folder);
        throw e;
      }
    } finally {
      lock.close();
    }
  }

  /**
   * After a new run failed before any coder answered (a coder that could not start, a refused parameter), takes back
   * the manifest and config it wrote, so that the same --out can be used again once the cause is fixed; a folder in
   * which anything was coded, paid or submitted stays, resumable.
   */
  private static void discardIfNothingCoded(Path folder) {
    Set<String> own = Set.of(RunManifest.FILE, "config.yaml", RunFolderLock.FILE, StudyConfigs.FILE);
    List<Path> files;
    try (var walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).toList();
    } catch (IOException | UncheckedIOException e) {
      return;
    }
    for (Path file : files) {
      boolean ours = file.getParent().equals(folder) && own.contains(file.getFileName().toString());
      boolean emptyLog = file.getFileName().toString().equals("predictions.jsonl") && file.toFile().length() == 0;
      if (!ours && !emptyLog) {
        return; // something was coded or recorded: keep it
      }
    }
    try {
      for (Path file : files) {
        if (file.getFileName().toString().equals("predictions.jsonl")) {
          Files.deleteIfExists(file);
          Files.deleteIfExists(file.getParent());
        }
      }
      Files.deleteIfExists(folder.resolve("config.yaml"));
      Files.deleteIfExists(folder.resolve(RunManifest.FILE));
    } catch (IOException e) {
      // the error being reported matters more than the tidying
    }
  }

  /**
   * Continues a killed run in its folder: admissions already in a coder's log are not coded again (failed ones are,
   * with {@code retryFailed}). {@code overrides} may change the config (e.g. {@code maxCost=5}).
   */
  public RunOutcome resume(Path folder, List<String> overrides, boolean retryFailed) {
    refuseCoderFolder(folder);
    if (!Files.exists(folder.resolve(RunManifest.FILE))) {
      RunManifest.read(folder); // says why it is not a run folder, without creating it
    }
    RunFolderLock lock = RunFolderLock.acquire(folder, "run --resume");
    try {
      RunManifest previous = RunManifest.read(folder);
      RunConfig config = RunConfigs.withOverrides(previous.config(), overrides, folder.resolve(RunManifest.FILE).toString());
      return execute(config, folder, previous, retryFailed);
    } finally {
      lock.close();
    }
  }

  /** A coder's folder inside a run (it has a manifest of its own) is no run to start or resume: its run is. */
  static void refuseCoderFolder(Path folder) {
    refuseCoderFolder(folder, "continue that run with --resume PARENT, or choose another --out (nothing was written)");
  }

  /**
   * Refuses one coder's folder of a run where a run folder is expected, saying what to do instead ({@code advice}, in
   * which PARENT stands for the run folder).
   */
  public static void refuseCoderFolder(Path folder, String advice) {
    Path parent = folder.toAbsolutePath().normalize().getParent();
    if (parent == null || !Files.isRegularFile(parent.resolve(RunManifest.FILE))) {
      return;
    }
    String name = folder.toAbsolutePath().normalize().getFileName().toString();
    RunManifest run;
    try {
      run = RunManifest.read(parent);
    } catch (RuntimeException e) {
      return; // not a run we can read: the folder is judged by itself
    }
    if (run.config() != null && run.config().coder(name).isPresent()) {
      throw new MedcodeException(folder + " is the folder of coder " + name + " of the run " + parent + ", not a run; "
          + advice.replace("PARENT", parent.toString()));
    }
  }

  private RunOutcome execute(RunConfig config, Path folder, RunManifest previous, boolean retryFailed) {
    // a resumed run reads the files its specs name by relative paths from where it started
    Path base = previous == null ? null : RunManifest.DatasetRef.base(previous.dataset());
    RunData data = RunData.load(workspace, config, true, base);
    if (previous != null) {
      String fingerprint = previous.dataset() == null ? "" : previous.dataset().fingerprint();
      if (!data.dataset().fingerprint().equals(fingerprint)) {
        throw new MedcodeException("cannot resume " + folder + ": the dataset " + config.dataset()
            + " changed since the run started (fingerprint " + fingerprint + ", now " + data.dataset().fingerprint() + ")");
      }
      String trainingBefore = previous.training() == null ? "" : previous.training().fingerprint();
      String trainingNow = data.training() == null ? "" : data.training().fingerprint();
      if (!trainingBefore.equals(trainingNow)) {
        throw new MedcodeException("cannot resume " + folder + ": the training split " + config.training()
            + " changed since the run started (fingerprint " + (trainingBefore.isEmpty() ? "none" : trainingBefore)
            + ", now " + (trainingNow.isEmpty() ? "none" : trainingNow) + "); the coders that learned from it learned"
            + " from it as it was: put it back, or start a new run");
      }
      RunData.refuseChangedTable(previous.codeTable(), config, base, data.table(), "cannot resume " + folder + ": ",
          "since the run started", "the answers already recorded were scored with it as it was: put it back, or start"
          + " a new run");
    }
    org.medcode.eval.Evaluator.requireALevel(data.table(), config.metrics().options(config.seed()));
    CoderRegistry registry = CoderRegistry.load();
    EgressCheck.check(registry, config, data.credentialed(), data.describeCredentialed());
    BenchmarkRunner runner = new BenchmarkRunner(registry, workspace.listener());
    Peers peers = new Peers(registry, config.coders());
    // Training notes count too (few-shot prompts send them): RunData.credentialed covers both splits.
    peers.context = new CoderContext(data.table(), data.trainingAdmissions(), workspace.dataRoot(), workspace.cacheDir(),
        config.seed(), peers, data.credentialed(), workspace.listener(), AllowedEndpoints.parse(config.allowedEndpoints()),
        base, previous != null);
    Set<String> coding = new HashSet<>(); // the coders that code in this session, each log read once
    for (RunConfig.CoderConfig coder : config.coders()) {
      if (runner.willCode(coder, data.dataset().admissions(), folder.resolve(coder.id()), config.maxCost(), retryFailed)) {
        coding.add(coder.id());
      }
    }
    if (previous != null) { // a resumed coder reads the files it started with, or none
      keepInputs(config, peers, folder, coding);
      if (!coding.isEmpty()) {
        otherBuild(previous.harness(), harness()).ifPresent(workspace.listener()::warning);
      }
    }
    refuseBeforeStarting(registry, config, peers.context, data.dataset(), coder -> coding.contains(coder.id()));
    // a coder another one uses (an ensemble's member) is asked too when it is created, though its own log is complete
    peers.refuseWith(config.maxCost(), coding);
    Coded coded;
    try {
      coded = code(config, folder, previous, retryFailed, data, peers, runner, base, coding);
    } finally {
      peers.close();
    }
    // Every coder has coded: from here on the data is scored, never coded, and a whole MIMIC-IV split's notes (gigabytes)
    // would stay in memory while it is. Reassigned, so that nothing here holds the texts any more.
    data = data.excerpts();
    return report(config, folder, coded, data);
  }

  /** The build running this session: harness version, the checkout's git commit, Java version. */
  private RunManifest.Harness harness() {
    return new RunManifest.Harness(BuildInfo.version(), BuildInfo.gitCommit(workspace.home()).orElse("unknown"),
        Runtime.version().toString());
  }

  /**
   * Why a resumed run may code its remaining admissions otherwise than its earlier sessions did: it was last run by
   * another build (another version, or another commit when both are known), whose coders' code or defaults may differ.
   * Empty when it is the same build, as far as the manifest tells (an edit not committed is not seen).
   */
  public static Optional<String> otherBuild(RunManifest.Harness before, RunManifest.Harness now) {
    if (before == null) {
      return Optional.empty();
    }
    boolean otherVersion = !java.util.Objects.equals(before.version(), now.version());
    boolean otherCommit = known(before.gitCommit()) && known(now.gitCommit()) && !before.gitCommit().equals(now.gitCommit());
    if (!otherVersion && !otherCommit) {
      return Optional.empty();
    }
    return Optional.of("this run folder was last run by medcode " + build(before) + " and is resumed by medcode " + build(now)
        + ": a coder whose code or defaults changed between the two codes its remaining admissions as this build does"
        + " (README: run --resume); to keep every admission coded alike, resume with the build that last ran it (the"
        + " version and commit named here), or start a new run");
  }

  private static boolean known(String commit) {
    return commit != null && !commit.isBlank() && !commit.equals("unknown");
  }

  private static String build(RunManifest.Harness harness) {
    String commit = harness.gitCommit();
    return harness.version() + (known(commit) ? " (commit " + commit.substring(0, Math.min(12, commit.length())) + ")" : "");
  }

  /** What the coders of a session did, for {@link #report}: each coder's outcome, and the run's state after them. */
  private record Coded(List<CoderOutcomeIn> outcomes, RunManifest manifest, boolean complete, List<String> problems) {}

  /** One coder's outcome and its folder. */
  private record CoderOutcomeIn(String coder, Path folder, BenchmarkRunner.CoderOutcome outcome) {}

  private static void keepInputs(RunConfig config, Peers peers, Path folder, Set<String> coding) {
    for (RunConfig.CoderConfig coder : config.coders()) {
      if (coding.contains(coder.id())) {
        Optional<CoderFactory> factory = peers.registry.find(coder.name());
        List<CoderParameter> declared = factory.map(CoderFactory::parameters).orElse(List.of());
        Map<String, Path> named = factory.map(f -> f.namedFiles(peers.context, coder.parameters())).orElse(Map.of());
        CoderInputs.keepOrCheck(coder, declared, named, peers.context, folder.resolve(coder.id()), folder);
      }
    }
  }

  private Coded code(RunConfig config, Path folder, RunManifest previous, boolean retryFailed, RunData data,
      Peers peers, BenchmarkRunner runner, Path base, Set<String> coding) {
    String sessionStarted = now();
    // Every coder that codes in this session is created before the first one codes: a mistake that stops the last coder
    // from starting (a parameter, a missing model folder or training split) stops the run before anything is sent,
    // spent or recorded, instead of after the coders before it ran (and were paid for).
    Map<String, Long> createdMillis = new LinkedHashMap<>();
    for (RunConfig.CoderConfig coder : config.coders()) {
      if (coding.contains(coder.id())) {
        long started = System.nanoTime();
        peers.apply(coder.id());
        createdMillis.put(coder.id(), (System.nanoTime() - started) / 1_000_000);
      }
    }
    String directory = base != null ? base.toString() : Workspace.directoryFor(config.codeSystem().table(),
        namesRelativeFiles(config.coders()), config.dataset(), config.training());
    RunManifest manifest = new RunManifest(RunManifest.SCHEMA, config,
        new RunManifest.DatasetRef(data.dataset().spec(), data.dataset().fingerprint(), data.dataset().admissions().size(),
            data.dataset().credentialed(), directory),
        data.training() == null ? null : new RunManifest.DatasetRef(data.training().spec(), data.training().fingerprint(),
            data.training().admissions().size(), null, directory),
        new RunManifest.TableRef(data.table().system().id().label(), data.table().version(), data.table().describe(),
            config.codeSystem().table() == null ? null : data.table().codesSha256()),
        harness(),
        config.seed(), previous != null ? previous.started() : sessionStarted, previous != null ? previous.sessions() + 1 : 1,
        "running",
        Map.of(), null, null, null);
    manifest.write(folder);
    if (previous == null) { // kept once the folder is a run's, so that a kill before it leaves no stray files
      keepInputs(config, peers, folder, coding);
    }
    try {
      ReportFiles.replace(folder.resolve("config.yaml"), temp -> RunConfigs.write(config, temp));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
    List<CoderOutcomeIn> outcomes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    boolean complete = true;
    for (RunConfig.CoderConfig coder : peersFirst(peers.registry, config.coders())) {
      Path coderFolder = folder.resolve(coder.id());
      String coderStarted = now();
      BenchmarkRunner.CoderOutcome outcome = runner.run(coder,
          parameters(peers.registry.require(coder.name()), coder, peers.context), () -> peers.apply(coder.id()),
          createdMillis.getOrDefault(coder.id(), 0L), data.dataset().admissions(), coderFolder, threads,
          data.table().system(), config.maxCost(), retryFailed);
      Map<String, String> before = previous != null && previous.entry(coder.id()) != null
          ? previous.entry(coder.id()).facts() : Map.of();
      Map<String, String> facts = outcome.facts() != null ? withEarlierModels(outcome.facts(), before) : before;
      if (outcome.stopped() != null) {
        facts = new java.util.LinkedHashMap<>(facts);
        facts.put("stopped", outcome.stopped().reason());
      }
      CoderEntry entry = new CoderEntry(coder.name(), outcome.parameters(), outcome.admissions(), outcome.answered(),
          outcome.empty(), outcome.failed(), outcome.failuresByKind(), outcome.startMillis(), outcome.codingMillis(),
          outcome.usage() == null ? null : new RunManifest.Usage(outcome.usage().inputTokens(),
              outcome.usage().outputTokens(), outcome.usage().cost(), outcome.usage().calls(),
              outcome.usage().reasoningTokens()),
          outcome.budgetReached(), outcome.unavailable(),
          // a coder that failed on every admission measured nothing: as the run, it is not complete
          outcome.complete() && !(outcome.failed() > 0 && outcome.failed() == outcome.admissions()) ? "complete"
              : "incomplete", facts,
          outcome.servedModels(), outcome.fingerprints());
      problems.addAll(CoderReports.mixedSnapshots(coder.id(), outcome.servedModels()));
      if (outcome.budgetReached()) {
        // asked to code failed admissions again, it stopped with some still failed: not done, and the hint says so
        boolean retriesLeft = retryFailed && outcome.failed() > 0;
        // admissions that failed because the budget had no room for another attempt: --retry-failed codes them again
        int refused = outcome.failuresByKind().getOrDefault(org.medcode.coder.CoderException.BUDGET, 0);
        problems.add("coder " + coder.id() + " reached the cost budget (maxCost " + config.maxCost() + ") "
            + (retriesLeft && outcome.answered() + outcome.failed() == outcome.admissions()
                ? "with " + Plural.of(outcome.failed(), "failed admission") + " not coded again"
                : "after " + (outcome.answered() + outcome.failed()) + " of " + Plural.of(outcome.admissions(), "admission"))
            + (refused > 0 ? " (" + refused + " failed as " + org.medcode.coder.CoderException.BUDGET + ": another"
                + " attempt after one whose outcome is unknown, counted at its worst case, did not fit)" : "")
            + "; raise it and continue with " + Launcher.command() + " run --resume " + folder
            + (retryFailed || refused > 0 ? " --retry-failed" : "") + " --max-cost N");
        complete &= refused == 0;
        complete &= !retriesLeft;
      }
      if (outcome.unavailable() != null) {
        problems.add("coder " + coder.id() + " is unavailable: " + outcome.unavailable());
      }
      if (outcome.stopped() != null) {
        problems.add("coder " + coder.id() + " stopped after " + (outcome.answered() + outcome.failed()) + " of "
            + Plural.of(outcome.admissions(), "admission") + ": " + Launcher.runnable(outcome.stopped().reason()) + switch (outcome.stopped().next()) {
              case RESUME -> " Continue this run with " + Launcher.command() + " run --resume " + folder
                  + ", not a new run: a new run would not find what this coder already sent, and would send (and pay"
                  + " for) it again";
              case FIX_AND_RUN_AGAIN -> " Once fixed in the config, run it again; when the fix lies outside the config"
                  + " (a key, the account's access or quota), continue this run with " + Launcher.command()
                  + " run --resume " + folder + " --retry-failed";
            });
      }
      complete &= outcome.complete();
      manifest = manifest.withCoder(coder.id(), entry);
      manifest.write(folder);
      manifest.forCoder(coder.id(), entry, coderStarted, now()).write(coderFolder);
      if (outcome.failed() > 0 && outcome.failed() == outcome.admissions()) {
        // Nothing was coded: its numbers would only measure the failure, however few admissions there were.
        complete = false;
        problems.add("coder " + coder.id() + " failed on every admission (" + outcome.failed() + " of "
            + outcome.admissions() + ") " + outcome.failuresByKind() + ": nothing it scored measures it; see the failures"
            + " in " + coderFolder.resolve("predictions.jsonl") + ", fix the cause, then " + Launcher.command()
            + " run --resume " + folder + " --retry-failed");
      } else if (outcome.failed() > 0) {
        problems.add("coder " + coder.id() + " failed on " + outcome.failed() + " of "
            + Plural.of(outcome.admissions(), "admission") + " " + outcome.failuresByKind() + " (scored as empty"
            + " predictions; see " + coderFolder.resolve("predictions.jsonl") + "); to code them again once the cause is"
            + " fixed: " + Launcher.command() + " run --resume " + folder + " --retry-failed");
      }
      outcomes.add(new CoderOutcomeIn(coder.id(), coderFolder, outcome));
    }
    return new Coded(outcomes, manifest, complete, problems);
  }

  /** Scores what the coders answered ({@link #code}), writes the run's reports and marks it complete or not. */
  private RunOutcome report(RunConfig config, Path folder, Coded coded, RunData data) {
    EvalOptions options = config.metrics().options(config.seed());
    List<CoderReport> reports = new ArrayList<>();
    for (CoderOutcomeIn in : coded.outcomes()) {
      BenchmarkRunner.CoderOutcome outcome = in.outcome();
      reports.add(CoderReports.of(in.coder(), in.folder().resolve("predictions.jsonl"), outcome.predictions(),
          new CoderReports.Counts(outcome.answered(), outcome.empty(), outcome.failed(), outcome.failuresByKind(),
              outcome.servedModels(), outcome.unavailable(), outcome.failedIds()),
          data.dataset(), data.training() == null ? null : data.trainingAdmissions(), data.table(), options, now()));
    }
    List<String> listed = config.coders().stream().map(RunConfig.CoderConfig::id).toList();
    reports.sort(java.util.Comparator.comparingInt(r -> listed.indexOf(r.coder())));
    RunReports.write(reports, folder);
    KillPoints.reached("run", "reports");
    coded.manifest().withStatus(coded.complete() ? "complete" : "incomplete", now()).write(folder);
    return new RunOutcome(folder, reports, coded.complete(), coded.problems());
  }

  /**
   * The coders in the order they code: as listed, but each after the coders it asks for answers ({@link
   * CoderFactory#peers}: an ensemble's members), so that a member that answers everything at once (an {@code llm} in
   * batch mode submits and collects before its first answer) is ready when the ensemble listed before it asks. Reports
   * keep the listed order. A cycle (refused when the coder is created) keeps the listed order.
   */
  static List<RunConfig.CoderConfig> peersFirst(CoderRegistry registry, List<RunConfig.CoderConfig> coders) {
    Map<String, RunConfig.CoderConfig> byId = new LinkedHashMap<>();
    coders.forEach(c -> byId.put(c.id(), c));
    java.util.LinkedHashSet<RunConfig.CoderConfig> order = new java.util.LinkedHashSet<>();
    for (RunConfig.CoderConfig coder : coders) {
      visit(registry, coder, byId, order, new java.util.HashSet<>());
    }
    return List.copyOf(order);
  }

  private static void visit(CoderRegistry registry, RunConfig.CoderConfig coder, Map<String, RunConfig.CoderConfig> byId,
      java.util.Set<RunConfig.CoderConfig> order, java.util.Set<String> path) {
    if (order.contains(coder) || !path.add(coder.id())) {
      return;
    }
    CoderFactory factory = registry.find(coder.name()).orElse(null);
    for (String peer : factory == null ? List.<String>of() : factory.peers(coder.parameters())) {
      RunConfig.CoderConfig member = byId.get(peer);
      if (member != null) {
        visit(registry, member, byId, order, path);
      }
    }
    order.add(coder);
  }

  /**
   * Asks every available coder that codes in this session ({@code willCode}) whether it may run with its parameters on
   * this data under the run's budget, before anything is written, sent or spent, and refuses one that reads notes where
   * no admission of {@code dataset} has any ({@link #withoutNotes}); one refusal stops the whole run (exit 2) with every
   * coder's reason.
   */
  static void refuseBeforeStarting(CoderRegistry registry, RunConfig config, CoderContext context,
      org.medcode.dataset.Dataset dataset, Predicate<RunConfig.CoderConfig> willCode) {
    List<String> refusals = new ArrayList<>();
    for (RunConfig.CoderConfig coder : config.coders()) {
      if (willCode.test(coder)) { // a coder done in earlier sessions is not asked (unless another one uses it: Peers)
        withoutNotes(registry.require(coder.name()), dataset)
            .map(reason -> "coder " + coder.id() + " refused to start: " + reason)
            .or(() -> refusal(registry, coder, context, config.maxCost())).ifPresent(refusals::add);
      }
    }
    if (!refusals.isEmpty()) {
      throw new MedcodeException(String.join("\n", refusals) + "\n(nothing was sent, spent or written)");
    }
  }

  /** Why a coder of this kind must not code these admissions: it reads notes, and none of them has any text. */
  static Optional<String> withoutNotes(CoderFactory factory, org.medcode.dataset.Dataset dataset) {
    if (!factory.readsNotes() || dataset.admissions().isEmpty()
        || dataset.admissions().stream().anyMatch(a -> a.notes().stream().anyMatch(note -> note.length() > 0))) {
      return Optional.empty();
    }
    return Optional.of(factory.name() + " codes from the notes, and no admission of " + dataset.spec() + " has any"
        + " note text (" + (dataset.spec().contains("note=none") ? "note=none loads codes without notes" : "every note"
        + " is empty") + "): it would code empty texts, every admission alike; give a dataset with notes (a MIMIC spec:"
        + " MIMIC-IV-Note's note/ beside hosp/, or notes=DIR), or coders that do not read them (frequency, replay)");
  }

  /**
   * Why an available coder refuses to start with its parameters on this data under the budget ({@link
   * CoderFactory#refusal}), as the run says it; empty when it may start or is unavailable (reported when the run
   * reaches it).
   */
  private static Optional<String> refusal(CoderRegistry registry, RunConfig.CoderConfig coder, CoderContext context,
      double maxCost) {
    CoderFactory factory = registry.require(coder.name());
    if (factory.unavailableReason(coder.parameters()).isPresent()) {
      return Optional.empty();
    }
    return factory.refusal(context, parameters(factory, coder, context), maxCost)
        .or(() -> modelParameterConflict(factory, coder, context))
        .map(reason -> "coder " + coder.id() + " refused to start: " + reason);
  }

  /**
   * A coder's parameters in this run: the config's, checked, and for the others the coder's defaults, or the values a
   * coder that learns was trained with when it is given a model folder ({@link
   * org.medcode.coder.Trainable#withModelParameters}).
   */
  static Map<String, String> parameters(CoderFactory factory, RunConfig.CoderConfig coder, CoderContext context) {
    Map<String, String> resolved = CoderParameters.resolve(factory, coder.parameters());
    return factory.trainable().isPresent()
        ? org.medcode.coder.Trainable.withModelParameters(context, coder.parameters(), resolved) : resolved;
  }

  /** A coder that learns, given a model folder and a parameter the folder was trained with otherwise ({@link Trainable}). */
  static Optional<String> modelParameterConflict(CoderFactory factory, RunConfig.CoderConfig coder, CoderContext context) {
    return factory.trainable().isPresent()
        ? org.medcode.coder.Trainable.modelParameterConflict(factory.name(), context, coder.parameters())
        : Optional.empty();
  }

  /** What a run of the config would send and cost, and whether it would be refused; nothing is written or sent. */
  public DryRun dryRun(RunConfig config) {
    return DryRun.of(workspace, config);
  }

  /** The run's coders by id, each created once when first asked for, even when coders ask from worker threads. */
  static final class Peers implements Function<String, Coder> {
    private final CoderRegistry registry;
    private final Map<String, RunConfig.CoderConfig> byId = new LinkedHashMap<>();
    private final Map<String, Coder> created = new ConcurrentHashMap<>();
    CoderContext context;
    /** The run's budget, when every coder is asked whether it may start before it is created (null: not asked). */
    private Double refuseWithBudget;
    /** The coders already asked ({@link #refuseBeforeStarting}), not asked again. */
    private Set<String> asked = Set.of();
    /** The coders being created, each asking for the next (a two-stage llm's candidates, an ensemble's members). */
    private final java.util.Deque<String> creating = new java.util.ArrayDeque<>();

    Peers(CoderRegistry registry, List<RunConfig.CoderConfig> coders) {
      this.registry = registry;
      coders.forEach(c -> byId.put(c.id(), c));
    }

    @Override
    public synchronized Coder apply(String id) {
      Coder coder = created.get(id);
      if (coder != null) {
        return coder;
      }
      RunConfig.CoderConfig peer = byId.get(id);
      if (peer == null) {
        throw new MedcodeException("no coder '" + id + "' in this run; its coders are " + byId.keySet());
      }
      if (refuseWithBudget != null && !asked.contains(id)) {
        Optional<String> refusal = refusal(registry, peer, context, refuseWithBudget);
        if (refusal.isPresent()) {
          throw new MedcodeException(refusal.get() + "\n(nothing was sent, spent or written)");
        }
      }
      if (creating.contains(id)) { // created while it asks for itself: it would ask again, without end
        List<String> cycle = new java.util.ArrayList<>();
        creating.descendingIterator().forEachRemaining(cycle::add);
        cycle = new java.util.ArrayList<>(cycle.subList(cycle.indexOf(id), cycle.size()));
        cycle.add(id);
        throw new MedcodeException("coder '" + id + "' asks for its own answers (" + String.join(" -> ", cycle) + ": a"
            + " two-stage llm's 'candidates', an ensemble's 'members'); a coder cannot take them from itself, directly or"
            + " through another coder: name another coder of the run");
      }
      creating.push(id);
      try {
        coder = create(registry, peer, context);
      } finally {
        creating.pop();
      }
      created.put(id, coder);
      return coder;
    }

    /**
     * From now on, a coder is asked whether it may start ({@link CoderFactory#refusal}) before it is created, unless it
     * is one of {@code asked}.
     */
    void refuseWith(double maxCost, Set<String> asked) {
      refuseWithBudget = maxCost;
      this.asked = Set.copyOf(asked);
    }

    /** Closes every coder created (worker processes end); a coder that fails to close does not stop the others. */
    /** Closes every coder created; once closed, holds none of them, nor the context (the training split) they had. */
    void close() {
      for (Coder coder : created.values()) {
        try {
          coder.close();
        } catch (RuntimeException e) {
          context.listener().warning("a coder did not close cleanly: " + e.getMessage());
        }
      }
      created.clear();
      context = null;
    }
  }

  /**
   * A session's facts, with the models that answered in earlier sessions of the run folder kept in {@code model}
   * (a worker upgraded between a kill and the resume answered part of the admissions): every model, sorted, once.
   */
  static Map<String, String> withEarlierModels(Map<String, String> facts, Map<String, String> before) {
    String earlier = before == null ? null : before.get("model");
    String now = facts.get("model");
    if (earlier == null || earlier.isBlank() || earlier.equals(now)) {
      return facts;
    }
    java.util.TreeSet<String> models = new java.util.TreeSet<>(List.of(earlier.split(",\\s*")));
    if (now != null && !now.isBlank()) {
      models.addAll(List.of(now.split(",\\s*")));
    }
    Map<String, String> merged = new LinkedHashMap<>(facts);
    merged.put("model", String.join(", ", models));
    return merged;
  }

  /**
   * Whether a coder's parameters name a file or folder by a relative path that is there from the current directory (a
   * replay file, a rules folder, a model folder, a prompt, a script in an exec command line): the run then records the
   * current directory, and a resumed run reads them from there wherever it is started ({@link CoderContext#path}).
   */
  static boolean namesRelativeFiles(List<RunConfig.CoderConfig> coders) {
    for (RunConfig.CoderConfig coder : coders) {
      for (String value : coder.parameters().values()) {
        for (String part : value.replaceAll("[\\[\\]\",]", " ").trim().split("\\s+")) {
          if (part.isEmpty()) {
            continue;
          }
          try {
            Path path = Path.of(part);
            if (!path.isAbsolute() && Files.exists(path)) {
              return true;
            }
          } catch (java.nio.file.InvalidPathException e) {
            // not a path
          }
        }
      }
    }
    return false;
  }

  /** Creates a configured coder; a failure to start names the coder. */
  static Coder create(CoderRegistry registry, RunConfig.CoderConfig config, CoderContext context) {
    CoderFactory factory = registry.require(config.name());
    try {
      return factory.create(context, parameters(factory, config, context));
    } catch (MedcodeException e) {
      throw e;
    } catch (Exception e) {
      throw new MedcodeException("coder " + config.id() + " could not start: " + e.getMessage(), e);
    } catch (LinkageError e) { // a plug-in jar without a library it needs
      throw new MedcodeException("coder " + config.id() + " could not start: " + CoderRegistry.why(e) + " (from "
          + registry.source(factory) + "); " + CoderRegistry.jarsHint(e, "it"), e);
    }
  }

  private String now() {
    return workspace.now().toString();
  }
}
