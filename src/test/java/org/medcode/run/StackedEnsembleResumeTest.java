package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.RunListener;
import org.medcode.coder.ml.Synthetic;
import org.medcode.run.engine.RunOutcome;

/**
 * A run folder started before a stacked ensemble refused weights, quorum, min-score and fusion (which it ignores) may
 * have them in its manifest; its resume must still go on, as the answers it holds came from the same stacked scorer.
 */
class StackedEnsembleResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  @Test
  void aRunWhoseManifestGaveAStackedEnsembleWeightsResumes() throws Exception {
    Path trainFile = Synthetic.writeJsonl(Synthetic.admissions(60, 0, 21), temp.resolve("train.jsonl"));
    Path evalFile = Synthetic.writeJsonl(Synthetic.admissions(20, 5000, 22), temp.resolve("eval.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    RunListener listener = org.medcode.coder.Warnings.into(warnings);
    Medcode medcode = SyntheticRuns.medcode(temp, null, listener);
    Path config = SyntheticRuns.config(temp.resolve("stacked.yaml"), "stacked", evalFile, table, trainFile, List.of(
        "{ name: ml-linear }", "{ name: ml-knn }", "{ name: ensemble, members: \"ml-linear,ml-knn\", mode: stacked, folds: 2 }"),
        "{ levels: [exact], invalid: count, bootstrap: 0, k: [1] }", 5);
    Path out = temp.resolve("run");
    assertTrue(medcode.run(new RunRequest(config, List.of(), null, List.of(), out)).complete());
    // as an older version wrote it: the ensemble's weights recorded, and the run killed after 5 of its 20 admissions
    ObjectNode manifest = (ObjectNode) JSON.readTree(out.resolve("manifest.json").toFile());
    for (JsonNode coder : manifest.path("config").path("coders")) {
      if (coder.path("name").asText().equals("ensemble")) {
        ((ObjectNode) coder).put("weights", "2,1");
      }
    }
    Files.writeString(out.resolve("manifest.json"), manifest.toPrettyString());
    Path predictions = out.resolve("ensemble/predictions.jsonl");
    Files.write(predictions, Files.readAllLines(predictions).subList(0, 5));

    warnings.clear();
    RunOutcome resumed = medcode.resume(out, List.of(), false);
    assertTrue(resumed.complete(), resumed.problems().toString());
    assertEquals(20, Files.readAllLines(predictions).size());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("ignores weights: 2,1, which this run folder's config gives it")),
        warnings.toString());
    // a new run with them is still refused
    Files.writeString(config, Files.readString(config).replace("folds: 2", "folds: 2, weights: \"2,1\""));
    org.medcode.MedcodeException refused = org.junit.jupiter.api.Assertions.assertThrows(org.medcode.MedcodeException.class,
        () -> medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("new"))));
    assertTrue(refused.getMessage().contains("would ignore weights: 2,1"), refused.getMessage());
    // ... before any coder codes (its members were trained and coded every admission first, and --dry-run said the
    // run may start)
    assertTrue(refused.getMessage().contains("nothing was sent, spent or written"), refused.getMessage());
    assertTrue(Files.notExists(temp.resolve("new/ml-linear/predictions.jsonl")), "a member coded before the refusal");
    assertTrue(medcode.dryRun(new RunRequest(config, List.of(), null, List.of(), temp.resolve("dry"))).refused(),
        "--dry-run said the run may start");
  }
}
