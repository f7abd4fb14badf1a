package org.medcode.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.medcode.MedcodeException;
import java.util.Map;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.RunListener;
import org.medcode.coder.registry.CoderRegistry;
import org.medcode.coder.CoderParameters;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.eval.EvalOptions;
import org.medcode.report.CoderReport;
import org.medcode.report.RunReports;

/**
 * One benchmark run in one folder: codes the dataset with every configured coder (resuming what a killed session left),
 * keeps the manifest current, then evaluates each coder and writes the reports.
 */
final class RunSession {
  /** The result of a run: its folder, the per-coder reports, and whether every coder finished every admission. */
  record Outcome(Path folder, List<CoderReport> coders, boolean complete, List<String> problems) {}

  private final Medcode medcode;
  private final Clock clock;
  private final RunListener listener;

  RunSession(Medcode medcode, Clock clock, RunListener listener) {
    this.medcode = medcode;
    this.clock = clock;
    this.listener = listener;
  }

  Outcome execute(RunConfig config, Path folder, ObjectNode previous, boolean retryFailed) {
    Dataset dataset = medcode.loadDataset(config.dataset());
    CodeSystemId system = medcode.chooseSystem(config.codeSystem().system() == null ? null
        : CodeSystemId.parse(config.codeSystem().system()), dataset);
    CodeTable table = medcode.codeTable(system, config.codeSystem().year(),
        config.codeSystem().table() == null ? null : Path.of(config.codeSystem().table()), config.dataset());
    List<Admission> training = List.of();
    Dataset trainingSet = null;
    if (config.training() != null) {
      if (DatasetSpec.parse(config.training()).toString().equals(DatasetSpec.parse(config.dataset()).toString())) {
        throw new MedcodeException("the training split must differ from the split being evaluated (both are "
            + config.dataset() + ")");
      }
      trainingSet = medcode.loadDataset(config.training());
      training = trainingSet.admissions();
    }
    if (previous != null) {
      String fingerprint = previous.path("dataset").path("fingerprint").asText();
      if (!fingerprint.equals(dataset.fingerprint())) {
        throw new MedcodeException("cannot resume " + folder + ": the dataset " + config.dataset()
            + " changed since the run started (fingerprint " + fingerprint + ", now " + dataset.fingerprint() + ")");
      }
      String trainingBefore = previous.path("training").path("fingerprint").asText("");
      String trainingNow = trainingSet == null ? "" : trainingSet.fingerprint();
      if (!trainingBefore.equals(trainingNow)) {
        throw new MedcodeException("cannot resume " + folder + ": the training split " + config.training()
            + " changed since the run started; start a new run");
      }
    }
    ObjectNode manifest = RunManifest.newManifest();
    manifest.put("schema", 1);
    manifest.set("config", RunConfigs.toTree(config));
    manifest.putObject("dataset").put("spec", dataset.spec()).put("fingerprint", dataset.fingerprint())
        .put("admissions", dataset.admissions().size()).put("credentialed", dataset.credentialed());
    if (trainingSet != null) {
      manifest.putObject("training").put("spec", trainingSet.spec()).put("fingerprint", trainingSet.fingerprint())
          .put("admissions", trainingSet.admissions().size());
    }
    manifest.putObject("code_table").put("system", system.label()).put("version", table.version())
        .put("description", table.describe());
    manifest.putObject("harness").put("version", BuildInfo.version())
        .put("git_commit", BuildInfo.gitCommit(medcode.home()).orElse("unknown"))
        .put("java", Runtime.version().toString());
    manifest.put("seed", config.seed());
    manifest.put("started", previous != null ? previous.path("started").asText() : now());
    manifest.put("sessions", previous != null ? previous.path("sessions").asInt(1) + 1 : 1);
    manifest.put("status", "running");
    ObjectNode coderNodes = manifest.putObject("coders");
    RunManifest.write(manifest, folder);
    try {
      RunConfigs.write(config, folder.resolve("config.yaml"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    CoderRegistry registry = CoderRegistry.load();
    BenchmarkRunner runner = new BenchmarkRunner(registry, listener);
    Map<String, Coder> created = new java.util.concurrent.ConcurrentHashMap<>();
    Map<String, RunConfig.CoderConfig> byId = new java.util.LinkedHashMap<>();
    config.coders().forEach(c -> byId.put(c.id(), c));
    CoderContext[] context = new CoderContext[1];
    java.util.function.Function<String, Coder> peers = new java.util.function.Function<>() {
      @Override
      public synchronized Coder apply(String id) { // once per id, even when coders ask from worker threads
        Coder coder = created.get(id);
        if (coder != null) {
          return coder;
        }
        RunConfig.CoderConfig peer = byId.get(id);
        if (peer == null) {
          throw new MedcodeException("no coder '" + id + "' in this run; its coders are " + byId.keySet());
        }
        coder = create(registry, peer, context[0]);
        created.put(id, coder);
        return coder;
      }
    };
    // Training notes count too: few-shot prompts send them.
    boolean credentialed = dataset.credentialed() || (trainingSet != null && trainingSet.credentialed());
    context[0] = new CoderContext(table, training, medcode.dataRoot(), medcode.dataRoot().resolve(".cache"), config.seed(),
        peers, credentialed, listener);
    int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
    EvalOptions options = config.metrics().options(config.seed());
    List<CoderReport> reports = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    boolean complete = true;
    for (RunConfig.CoderConfig coder : config.coders()) {
      Path coderFolder = folder.resolve(coder.id());
      String coderStarted = now();
      BenchmarkRunner.CoderOutcome outcome = runner.run(coder, () -> peers.apply(coder.id()), dataset.admissions(), coderFolder,
          threads, table.system(), config.maxCost(), retryFailed);
      ObjectNode node = coderNodes.putObject(coder.id());
      node.put("name", coder.name());
      ObjectNode parameters = node.putObject("parameters");
      outcome.parameters().forEach(parameters::put);
      node.put("admissions", outcome.admissions()).put("answered", outcome.answered()).put("empty", outcome.empty())
          .put("failed", outcome.failed());
      ObjectNode kinds = node.putObject("failures_by_kind");
      outcome.failuresByKind().forEach(kinds::put);
      node.put("coding_millis_this_session", outcome.codingMillis());
      if (outcome.usage() != null) {
        node.putObject("usage").put("input_tokens", outcome.usage().inputTokens())
            .put("output_tokens", outcome.usage().outputTokens()).put("cost", outcome.usage().cost())
            .put("calls", outcome.usage().calls());
      }
      if (outcome.budgetReached()) {
        node.put("budget_reached", true);
        problems.add("coder " + coder.id() + " reached the cost budget (maxCost " + config.maxCost() + ") after "
            + (outcome.answered() + outcome.failed()) + " of " + outcome.admissions() + " admissions; raise it and continue with"
            + " ./medcode run --resume " + folder + " --max-cost N");
      }
      if (outcome.unavailable() != null) {
        node.put("unavailable", outcome.unavailable());
        problems.add("coder " + coder.id() + " is unavailable: " + outcome.unavailable());
      }
      node.put("status", outcome.complete() ? "complete" : "incomplete");
      complete &= outcome.complete();
      RunManifest.write(manifest, folder);
      ObjectNode coderManifest = manifest.deepCopy();
      coderManifest.remove("coders");
      coderManifest.remove("status");
      coderManifest.put("coder", coder.id());
      coderManifest.set("result", node.deepCopy());
      coderManifest.put("started", coderStarted);
      coderManifest.put("ended", now());
      RunManifest.write(coderManifest, coderFolder);
      if (outcome.failed() > 0) {
        problems.add("coder " + coder.id() + " failed on " + outcome.failed() + " of " + outcome.admissions()
            + " admissions " + outcome.failuresByKind() + " (scored as empty predictions; see " + coderFolder.resolve("predictions.jsonl") + ")");
      }
      reports.add(CoderReports.of(coder.id(), coderFolder.resolve("predictions.jsonl"), outcome.predictions(),
          new CoderReports.Counts(outcome.answered(), outcome.empty(), outcome.failed(), outcome.failuresByKind()), dataset,
          trainingSet == null ? null : training, table, options, now()));
    }
    RunReports.write(reports, folder);
    manifest.put("ended", now());
    manifest.put("status", complete ? "complete" : "incomplete");
    RunManifest.write(manifest, folder);
    return new Outcome(folder, reports, complete, problems);
  }

  /** Creates a configured coder; a failure to start names the coder. */
  static Coder create(CoderRegistry registry, RunConfig.CoderConfig config, CoderContext context) {
    CoderFactory factory = registry.require(config.name());
    try {
      return factory.create(context, CoderParameters.resolve(factory, config.parameters()));
    } catch (MedcodeException e) {
      throw e;
    } catch (Exception e) {
      throw new MedcodeException("coder " + config.id() + " could not start: " + e.getMessage(), e);
    }
  }

  private String now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  static Path ensureNew(Path folder) {
    if (Files.exists(folder.resolve(RunManifest.FILE))) {
      throw new MedcodeException(folder + " already holds a run; continue it with --resume " + folder + " or choose another --out");
    }
    return folder;
  }
}
