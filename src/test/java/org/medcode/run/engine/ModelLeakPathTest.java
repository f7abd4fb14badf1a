package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.dataset.Dataset;
import org.medcode.run.record.RunConfig;
import org.medcode.run.record.RunConfigs;
import org.medcode.run.workspace.Workspace;

/**
 * The check that a model folder did not learn from the evaluated admissions looks at the folder the coder loads: its
 * path trimmed, and a relative one read from the run's directory (a resumed run's) when there, as {@code
 * CoderContext.path} reads it. It read {@code Path.of(model)} as written, from the current directory, so a model path
 * with a space before it, or a resumed run started elsewhere, loaded a model that had learned from the evaluated
 * admissions without a word.
 */
class ModelLeakPathTest {
  @TempDir
  Path temp;

  @Test
  void theCheckedFolderIsTheOneTheCoderLoads() throws Exception {
    String[][] gold = {{"I10"}, {"E11.9"}, {"I10", "N39.0"}, {"E11.9"}, {"J18.9"}, {"E11.9", "I10"}};
    Path config = TinyData.write(temp, gold, 1, i -> "note " + i, "[ { name: ml-knn } ]", 0);
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT);
    Path model = temp.resolve("sub/m");
    Files.createDirectories(model.getParent());
    Training.train(workspace, new TrainRequest("jsonl:" + temp.resolve("dev.jsonl"), null, "ml-knn", Map.of(),
        "icd10cm", null, temp.resolve("t.csv"), 1, model));
    Dataset evaluated = workspace.loadDataset("jsonl:" + temp.resolve("dev.jsonl"));
    assertFalse(Files.exists(Path.of("sub/m")), "the test's own directory has no sub/m");

    // a resumed run started in temp: the coder reads sub/m from there, and so must the check
    RunConfig relative = withModel(config, "sub/m");
    MedcodeException refused = assertThrows(MedcodeException.class,
        () -> RunData.refuseModelsTrainedOnIt(workspace, relative, evaluated, temp));
    assertTrue(refused.getMessage().startsWith("coder ml-knn: the model folder " + model + " learned from all 6"
        + " admissions"), refused.getMessage());
    // a path with white space around it, which the coder trims
    RunConfig spaced = withModel(config, " " + model + " ");
    assertThrows(MedcodeException.class, () -> RunData.refuseModelsTrainedOnIt(workspace, spaced, evaluated, null));
    // from the current directory, sub/m is no model folder: the coder says so when it loads it
    assertDoesNotThrow(() -> RunData.refuseModelsTrainedOnIt(workspace, relative, evaluated, null));
  }

  private static RunConfig withModel(Path config, String model) {
    return RunConfigs.withOverrides(RunConfigs.load(config, List.of()), List.of("coders.0.model=\"" + model + "\""),
        "test");
  }
}
