package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.TestData;
import org.medcode.coder.RunListener;
import org.medcode.run.workspace.Workspace;

/**
 * Issue 16, defect 3 on the real CodiEsp dev split: training on the same cases in Spanish, or on the same cases with
 * procedures too, while evaluating the English diagnoses is refused (exit 2) by content, though the specs differ.
 */
class CodiEspLeakageIT {
  @TempDir
  Path temp;

  @Test
  void theSameCasesInAnotherLanguageOrWithOtherCodeTypesAreRefused() throws Exception {
    Path root = TestData.require("codiesp/final_dataset_v4_to_publish/dev", "icd10cm-cms");
    Medcode medcode = new Medcode(new Workspace(Path.of("").toAbsolutePath(), root, temp, null, false, Clock.systemUTC(),
        RunListener.SILENT));
    for (String training : List.of("codiesp:dev:es:D", "codiesp:dev:en:DP")) {
      Path config = temp.resolve(training.replace(':', '-') + ".yaml");
      Files.writeString(config, "name: leak\ndataset: { spec: \"codiesp:dev:en:D\" }\n"
          + "training: { spec: \"" + training + "\" }\ncodeSystem: { system: icd10cm, year: 2018 }\n"
          + "coders: [ { name: frequency } ]\nmetrics: { bootstrap: 0 }\n");
      MedcodeException e = assertThrows(MedcodeException.class,
          () -> medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run"))));
      assertEquals(2, e.exitCode(), e.getMessage());
      assertTrue(e.getMessage().contains("the training split " + training + " holds 250 of the 250 admissions"),
          e.getMessage());
    }
  }
}
