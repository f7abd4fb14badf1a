package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.RunListener;
import org.medcode.coder.Trainable;
import org.medcode.coder.ml.Synthetic;
import org.medcode.run.engine.RunOutcome;
import org.medcode.run.engine.TrainRequest;

/**
 * Train on one dataset, evaluate on another of the same code system: a model folder made by {@code train} from one
 * JSONL file codes a second JSONL file in a run, as does a model trained on the fly from the config's training spec.
 */
class CrossDatasetTrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  @Test
  void aModelTrainedOnOneDatasetCodesAnother() throws Exception {
    Path trainFile = Synthetic.writeJsonl(Synthetic.admissions(100, 0, 11), temp.resolve("hospital-a.jsonl"));
    Path evalFile = Synthetic.writeJsonl(Synthetic.admissions(30, 5000, 12), temp.resolve("hospital-b.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    Medcode medcode = SyntheticRuns.medcode(temp, null, RunListener.SILENT);

    Path model = temp.resolve("linear-model");
    Trainable.Trained trained = medcode.train(new TrainRequest("jsonl:" + trainFile, null, "ml-linear", Map.of(), "icd10cm",
        null, table, 3, model));
    assertEquals("jsonl:" + trainFile, trained.manifest().training().spec());
    assertEquals(100, trained.manifest().training().admissions());
    assertTrue(Files.isRegularFile(model.resolve("weights.bin")));

    Path config = SyntheticRuns.config(temp.resolve("cross.yaml"), "cross", evalFile, table, trainFile, List.of(
        "{ name: ml-linear, id: linear-from-folder, model: \"" + model + "\" }",
        "{ name: ml-knn }",
        "{ name: ensemble, members: \"linear-from-folder,ml-knn\", mode: vote }"),
        "{ levels: [exact], invalid: count, bootstrap: 0, k: [1, 5] }", 3);
    RunOutcome outcome = medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run")));
    assertTrue(outcome.complete(), outcome.problems().toString());
    JsonNode manifest = JSON.readTree(temp.resolve("run/manifest.json").toFile());
    assertEquals("jsonl:" + trainFile, manifest.path("training").path("spec").asText());
    for (String coder : List.of("linear-from-folder", "ml-knn", "ensemble")) {
      double f1 = SyntheticRuns.microF1(temp.resolve("run/summary.csv"), coder);
      assertTrue(f1 > 0.9, coder + " exact micro F1 " + f1);
    }
  }

  @Test
  void aParameterTheModelFolderWasTrainedWithOtherwiseIsRefusedNotIgnored() throws Exception {
    Path trainFile = Synthetic.writeJsonl(Synthetic.admissions(40, 0, 11), temp.resolve("hospital-a.jsonl"));
    Path evalFile = Synthetic.writeJsonl(Synthetic.admissions(10, 5000, 12), temp.resolve("hospital-b.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    Medcode medcode = SyntheticRuns.medcode(temp, null, RunListener.SILENT);
    Path model = temp.resolve("linear-model");
    medcode.train(new TrainRequest("jsonl:" + trainFile, null, "ml-linear", Map.of(), "icd10cm", null, table, 3, model));
    // max-codes and learning-rate were fixed when the folder was trained (30 and 0.5): they would be ignored
    Path config = SyntheticRuns.config(temp.resolve("cross.yaml"), "cross", evalFile, table, null,
        List.of("{ name: ml-linear, model: \"" + model + "\", max-codes: 1, learning-rate: 0.50 }"),
        "{ levels: [exact], invalid: count, bootstrap: 0 }", 3);
    org.medcode.MedcodeException refused = org.junit.jupiter.api.Assertions.assertThrows(
        org.medcode.MedcodeException.class,
        () -> medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run"))));
    assertTrue(refused.getMessage().contains("max-codes: 1 (the model was trained with 30)"), refused.getMessage());
    assertTrue(!refused.getMessage().contains("learning-rate"), refused.getMessage()); // the same value, written otherwise
    assertTrue(!Files.exists(temp.resolve("run/manifest.json")));
  }

  @Test
  void aModelFolderCoderIsRecordedAndCrossFittedWithTheParametersItWasTrainedWith() throws Exception {
    Path trainFile = Synthetic.writeJsonl(Synthetic.admissions(60, 0, 11), temp.resolve("hospital-a.jsonl"));
    Path evalFile = Synthetic.writeJsonl(Synthetic.admissions(10, 5000, 12), temp.resolve("hospital-b.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    Medcode medcode = SyntheticRuns.medcode(temp, temp.resolve("cache"), RunListener.SILENT);
    Path model = temp.resolve("knn-model");
    medcode.train(new TrainRequest("jsonl:" + trainFile, null, "ml-knn", Map.of("k", "3"), "icd10cm", null, table, 3,
        model));
    // the folder alone, then the same coder trained on the fly with k: 3; each stacked by an ensemble
    for (String member : List.of("model: \"" + model + "\"", "k: 3")) {
      Path config = SyntheticRuns.config(temp.resolve("stacked.yaml"), "stacked", evalFile, table, trainFile,
          List.of("{ name: ml-knn, " + member + " }", "{ name: ensemble, members: ml-knn, mode: stacked, folds: 3 }"),
          "{ levels: [exact], invalid: count, bootstrap: 0 }", 3);
      Path run = temp.resolve("run-" + (member.startsWith("k") ? "k3" : "folder"));
      assertTrue(medcode.run(new RunRequest(config, List.of(), null, List.of(), run)).complete());
      // the run records the k the model votes with (3, as trained), not the coder's default (20)
      assertEquals("3", JSON.readTree(run.resolve("manifest.json").toFile()).path("coders").path("ml-knn")
          .path("parameters").path("k").asText(), member);
    }
    // the ensemble cross-fitted copies of the folder's model with k 3, as the second run's: one cache entry for both
    try (var files = Files.list(temp.resolve("cache/ensemble-oof"))) {
      assertEquals(1, files.count());
    }
  }
}
