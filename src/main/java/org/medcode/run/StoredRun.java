package org.medcode.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.eval.EvalOptions;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;
import org.medcode.report.CoderReport;

/**
 * A finished (or interrupted) run read back from its folder without touching it: the config from {@code manifest.json},
 * the dataset, training split and code table reloaded through the facade, and each coder's stored predictions (a torn
 * last line of a {@code predictions.jsonl} is ignored, not cut).
 */
final class StoredRun {
  /** One coder's stored answers, counted as the run counts them. */
  record Coder(String id, Map<String, Prediction> predictions, int answered, int empty, int failed,
      Map<String, Integer> failuresByKind) {}

  final Path folder;
  /** The run's manifest.json as read. */
  final ObjectNode manifest;
  final RunConfig config;
  final Dataset dataset;
  final Dataset training;
  final CodeTable table;
  final List<Coder> coders;

  private StoredRun(Path folder, ObjectNode manifest, RunConfig config, Dataset dataset, Dataset training, CodeTable table,
      List<Coder> coders) {
    this.folder = folder;
    this.manifest = manifest;
    this.config = config;
    this.dataset = dataset;
    this.training = training;
    this.table = table;
    this.coders = coders;
  }

  static StoredRun load(Medcode medcode, Path folder) {
    ObjectNode manifest = RunManifest.read(folder);
    RunConfig config = RunConfigs.fromTree((ObjectNode) manifest.get("config"), folder.resolve(RunManifest.FILE).toString());
    Dataset dataset = medcode.loadDataset(config.dataset());
    String fingerprint = manifest.path("dataset").path("fingerprint").asText("");
    if (!fingerprint.isEmpty() && !fingerprint.equals(dataset.fingerprint())) {
      throw new MedcodeException("the dataset " + config.dataset() + " changed since the run in " + folder + " (fingerprint "
          + fingerprint + ", now " + dataset.fingerprint() + "): its predictions cannot be scored against it");
    }
    CodeSystemId system = medcode.chooseSystem(config.codeSystem().system() == null ? null
        : CodeSystemId.parse(config.codeSystem().system()), dataset);
    CodeTable table = medcode.codeTable(system, config.codeSystem().year(),
        config.codeSystem().table() == null ? null : Path.of(config.codeSystem().table()), config.dataset());
    Dataset training = config.training() == null ? null : medcode.loadDataset(config.training());
    List<Coder> coders = new ArrayList<>();
    JsonNode ran = manifest.path("coders");
    for (RunConfig.CoderConfig coder : config.coders()) {
      Path log = folder.resolve(coder.id()).resolve("predictions.jsonl");
      if (!ran.has(coder.id()) && !Files.exists(log)) {
        continue;
      }
      coders.add(read(coder.id(), log, dataset.admissions()));
    }
    return new StoredRun(folder, manifest, config, dataset, training, table, coders);
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

  EvalOptions options() {
    return config.metrics().options(config.seed());
  }

  Optional<Coder> coder(String id) {
    return coders.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** Evaluates and analyses one coder as the run did. */
  CoderReport report(Coder coder, String created) {
    return CoderReports.of(coder.id(), folder.resolve(coder.id()).resolve("predictions.jsonl"), coder.predictions(),
        new CoderReports.Counts(coder.answered(), coder.empty(), coder.failed(), coder.failuresByKind()), dataset,
        training == null ? null : training.admissions(), table, options(), created);
  }
}
