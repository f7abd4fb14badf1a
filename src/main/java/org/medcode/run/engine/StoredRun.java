package org.medcode.run.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.medcode.Futures;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.eval.EvalOptions;
import org.medcode.prediction.Prediction;
import org.medcode.report.CoderReport;
import org.medcode.run.record.RunConfig;
import org.medcode.run.record.RunManifest;
import org.medcode.run.workspace.Workspace;

/**
 * A finished (or interrupted) run read back from its folder without touching it: the config from {@code manifest.json},
 * the dataset, training split and code table reloaded through the workspace, and each coder's stored predictions (a
 * torn last line of a {@code predictions.jsonl} is ignored, not cut). {@code training} is null without a training split.
 */
public record StoredRun(Path folder, RunManifest manifest, Dataset dataset, Dataset training, CodeTable table,
    List<Coder> coders) {
  public StoredRun {
    coders = List.copyOf(coders);
  }

  /** One coder's stored answers, counted as the run counts them. */
  /**
   * One coder's logged answers and counts; {@code failedIds}: the admissions it failed on (their predictions are empty);
   * {@code unavailable}: why it could not run (from the manifest), or null.
   */
  public record Coder(String id, Map<String, Prediction> predictions, int answered, int empty, int failed,
      Map<String, Integer> failuresByKind, Map<String, Integer> servedModels, String unavailable,
      java.util.Set<String> failedIds) {}

  /**
   * What a coder's prediction log in a run folder holds, {answered, failed}, without loading the run: for a coder the
   * manifest has no counts for (the run was interrupted before it recorded them).
   */
  public static int[] loggedCounts(Path folder, String coder) {
    int[] counts = new int[2];
    PredictionLog.read(folder.resolve(coder).resolve("predictions.jsonl"), PredictionLog.Kept.SCORES).values()
        .forEach(entry -> counts[entry.failed() ? 1 : 0]++);
    return counts;
  }

  /**
   * The models a coder's prediction log says answered it (its answers' {@code served_model}), sorted, without loading
   * the run: for a coder the manifest has no entry for (the run was interrupted before it recorded the coder).
   */
  public static java.util.Set<String> loggedModels(Path folder, String coder) {
    Map<String, Integer> served = new java.util.TreeMap<>();
    PredictionLog.read(folder.resolve(coder).resolve("predictions.jsonl"), PredictionLog.Kept.SCORES).values()
        .forEach(entry -> LogTally.count(served, entry.annotations().get(LogTally.SERVED_MODEL)));
    return served.keySet();
  }

  /**
   * A configured coder's parameters with their defaults, as its manifest entry records them once it ran: for a coder
   * the manifest has no entry for. A coder this medcode does not know (a plug-in not installed), or parameters it does
   * not take, keeps them as written.
   */
  public static Map<String, String> resolvedParameters(RunConfig.CoderConfig coder) {
    return org.medcode.coder.registry.CoderRegistry.load().find(coder.name()).map(factory -> {
      try {
        return org.medcode.coder.CoderParameters.resolve(factory, coder.parameters());
      } catch (RuntimeException e) {
        return coder.parameters();
      }
    }).orElse(coder.parameters());
  }

  /**
   * Checks a coder's prediction log against what the run recorded, without loading the run: refuses a log that holds
   * fewer admissions (lines cut or edited since) or an admission twice. For commands that read only the coder's
   * metrics.json ({@code gate} without a baseline), so that they refuse what {@link #load} refuses.
   */
  public static void checkLog(Path folder, String id, RunManifest.CoderEntry entry) {
    int[] logged = loggedCounts(folder, id);
    if (logged[0] + logged[1] < entry.answered() + entry.failed()) {
      throw cutLog(folder, id, logged[0] + logged[1], entry);
    }
  }

  private static MedcodeException cutLog(Path folder, String id, int held, RunManifest.CoderEntry entry) {
    return new MedcodeException("coder " + id + ": " + folder.resolve(id).resolve("predictions.jsonl") + " holds " + held
        + " admissions, but the run recorded " + (entry.answered() + entry.failed()) + ": lines were cut or edited"
        + " after the run (a last line without its newline counts as cut); restore the file, or code the missing"
        + " admissions again with " + Launcher.command() + " run --resume " + folder);
  }

  public static StoredRun load(Workspace workspace, Path folder) {
    RunFolderLock.refuseWhileWritten(folder); // a run still being written is not read as one that stopped
    RunManifest manifest = RunManifest.read(folder);
    RunConfig config = manifest.config();
    Map<String, RunManifest.CoderEntry> ran = manifest.entries();
    Map<String, Path> logs = new LinkedHashMap<>();
    for (RunConfig.CoderConfig coder : config.coders()) {
      Path log = folder.resolve(coder.id()).resolve("predictions.jsonl");
      if (ran.containsKey(coder.id()) || Files.exists(log)) {
        logs.put(coder.id(), log);
      }
    }
    // The coders' logs are read, one after the other, on another thread while the dataset loads; its errors come first.
    CompletableFuture<List<Map<String, PredictionLog.Entry>>> reading = CompletableFuture.supplyAsync(
        () -> logs.values().stream().map(log -> PredictionLog.read(log, PredictionLog.Kept.SCORES)).toList(), Futures.thread("run logs"));
    // a run whose specs name files by relative paths reads them from its directory, wherever this command is started
    Path base = RunManifest.DatasetRef.base(manifest.dataset());
    RunData.prefetchTable(workspace, config, base);
    Dataset dataset = workspace.loadDatasetForScoring(config.dataset(), base); // scored, never coded
    String fingerprint = manifest.dataset() == null || manifest.dataset().fingerprint() == null ? ""
        : manifest.dataset().fingerprint();
    if (!fingerprint.isEmpty() && !fingerprint.equals(dataset.fingerprint())) {
      throw new MedcodeException("the dataset " + config.dataset() + " changed since the run in " + folder
          + " (fingerprint " + fingerprint + ", now " + dataset.fingerprint() + "): its predictions cannot be scored"
          + " against it");
    }
    RunData data = RunData.load(workspace, config, dataset, false, base);
    RunData.refuseChangedTable(manifest.codeTable(), config, base, data.table(), "", "since the run in " + folder,
        "its predictions cannot be scored against it as the run scored them: put it back, or start a new run");
    List<Map<String, PredictionLog.Entry>> read = Futures.join(reading);
    List<Coder> coders = new ArrayList<>();
    int i = 0;
    for (String id : logs.keySet()) {
      RunManifest.CoderEntry entry = ran.get(id);
      Coder coder = tally(id, read.get(i++), data.dataset().admissions(), entry == null ? null : entry.unavailable());
      if (entry != null && coder.answered() + coder.failed() < entry.answered() + entry.failed()) {
        throw cutLog(folder, id, coder.answered() + coder.failed(), entry);
      }
      coders.add(coder);
    }
    return new StoredRun(folder, manifest, data.dataset(), data.training(), data.table(), coders);
  }

  private static Coder tally(String id, Map<String, PredictionLog.Entry> log, List<Admission> admissions,
      String unavailable) {
    LogTally tally = LogTally.of(admissions, log);
    return new Coder(id, tally.predictions(), tally.answered(), tally.empty(), tally.failed(), tally.failuresByKind(),
        tally.servedModels(), unavailable, tally.failedIds());
  }

  /** The run's config, as its manifest holds it. */
  public RunConfig config() {
    return manifest.config();
  }

  /** How the run evaluated its coders. */
  public EvalOptions options() {
    return config().metrics().options(config().seed());
  }

  public Optional<Coder> coder(String id) {
    return coders.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** The ids of the coders that ran. */
  public List<String> coderIds() {
    return coders.stream().map(Coder::id).toList();
  }

  /** Evaluates and analyses one coder as the run did. */
  public CoderReport report(Coder coder, String created) {
    return CoderReports.of(coder.id(), folder.resolve(coder.id()).resolve("predictions.jsonl"), coder.predictions(),
        new CoderReports.Counts(coder.answered(), coder.empty(), coder.failed(), coder.failuresByKind(),
            coder.servedModels(), coder.unavailable(), coder.failedIds()), dataset,
        training == null ? null : training.admissions(), table, options(), created);
  }
}
