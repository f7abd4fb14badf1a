package org.medcode.run.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.eval.EvalOptions;
import org.medcode.prediction.PredictedCode;
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
  public record Coder(String id, Map<String, Prediction> predictions, int answered, int empty, int failed,
      Map<String, Integer> failuresByKind) {}

  public static StoredRun load(Workspace workspace, Path folder) {
    RunManifest manifest = RunManifest.read(folder);
    RunConfig config = manifest.config();
    Dataset dataset = workspace.loadDataset(config.dataset());
    String fingerprint = manifest.dataset() == null || manifest.dataset().fingerprint() == null ? ""
        : manifest.dataset().fingerprint();
    if (!fingerprint.isEmpty() && !fingerprint.equals(dataset.fingerprint())) {
      throw new MedcodeException("the dataset " + config.dataset() + " changed since the run in " + folder + " (fingerprint "
          + fingerprint + ", now " + dataset.fingerprint() + "): its predictions cannot be scored against it");
    }
    RunData data = RunData.load(workspace, config, dataset, false);
    Map<String, RunManifest.CoderEntry> ran = manifest.coders() == null ? Map.of() : manifest.coders();
    List<Coder> coders = new ArrayList<>();
    for (RunConfig.CoderConfig coder : config.coders()) {
      Path log = folder.resolve(coder.id()).resolve("predictions.jsonl");
      if (!ran.containsKey(coder.id()) && !Files.exists(log)) {
        continue;
      }
      coders.add(read(coder.id(), log, dataset.admissions()));
    }
    return new StoredRun(folder, manifest, dataset, data.training(), data.table(), coders);
  }

  private static Coder read(String id, Path log, List<Admission> admissions) {
    Map<String, PredictionLog.Entry> entries = new HashMap<>();
    if (Files.exists(log)) {
      try {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        String[] lines = end < 0 ? new String[0] : text.substring(0, end).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          if (lines[i].isBlank()) {
            continue;
          }
          try {
            PredictionLog.Entry entry = PredictionLog.fromJson(PredictionLog.JSON.readTree(lines[i]));
            entries.put(entry.admissionId(), entry);
          } catch (IOException | RuntimeException e) {
            throw new MedcodeException.BadInput(log, i + 1, "damaged prediction line: " + e.getMessage());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + log, e);
      }
    }
    int answered = 0;
    int empty = 0;
    int failed = 0;
    Map<String, Integer> kinds = new TreeMap<>();
    Map<String, Prediction> predictions = new LinkedHashMap<>();
    for (Admission admission : admissions) {
      PredictionLog.Entry entry = entries.get(admission.id());
      if (entry == null) {
        continue;
      }
      if (entry.failed()) {
        failed++;
        kinds.merge(entry.failureKind(), 1, Integer::sum);
      } else {
        answered++;
        empty += entry.codes().isEmpty() ? 1 : 0;
      }
      predictions.put(admission.id(), new Prediction(admission.id(),
          entry.codes().stream().map(c -> new PredictedCode(c.code(), c.code(), c.score())).toList()));
    }
    return new Coder(id, predictions, answered, empty, failed, kinds);
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
        new CoderReports.Counts(coder.answered(), coder.empty(), coder.failed(), coder.failuresByKind()), dataset,
        training == null ? null : training.admissions(), table, options(), created);
  }
}
