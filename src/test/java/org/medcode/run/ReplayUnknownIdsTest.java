package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.run.workspace.Workspace;

/** Issue 16, defect 7: run with the replay coder warns about predictions for unknown admission ids, as evaluate does. */
class ReplayUnknownIdsTest {
  @TempDir
  Path temp;

  @Test
  void predictionsForUnknownAdmissionsAreWarnedAboutAndRecorded() throws Exception {
    Files.writeString(temp.resolve("p.tsv"), "A1\tI10\nA3x\tE11.9\nA2\tE11.9\nB7\tI10\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "x",
        "[ { name: replay, file: \"" + temp.resolve("p.tsv") + "\" } ]", 0);
    List<String> warnings = new CopyOnWriteArrayList<>();
    RunListener listener = new RunListener() {
      @Override
      public void note(String message) {}

      @Override
      public void warning(String message) {
        warnings.add(message);
      }
    };
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), listener));
    medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run")));
    assertEquals(1, warnings.stream().filter(w -> w.contains("not in the dataset")).count(), warnings.toString());
    String warning = warnings.stream().filter(w -> w.contains("not in the dataset")).findFirst().orElseThrow();
    assertTrue(warning.contains("2 of the 4 admissions in " + temp.resolve("p.tsv") + " are not in the dataset and are"
        + " ignored ('A3x', 'B7')"), warning);
    JsonNode coder = new ObjectMapper().readTree(temp.resolve("run/manifest.json").toFile()).get("coders").get("replay");
    assertTrue(coder.get("facts").get("unknown_admissions").asText().startsWith("2 of the 4 admissions"), coder.toString());
  }

  @Test
  void aFileOfNoAdmissionOfTheRunIsRefusedRatherThanScoredAsZeros() throws Exception {
    Files.writeString(temp.resolve("p.tsv"), "a1\tI10\na2\tE11.9\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "x",
        "[ { name: replay, file: \"" + temp.resolve("p.tsv") + "\" } ]", 0);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    MedcodeException refused = assertThrows(MedcodeException.class,
        () -> medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run"))));
    assertEquals(2, refused.exitCode());
    assertTrue(refused.getMessage().startsWith("coder replay: none of the 2 admission ids in " + temp.resolve("p.tsv")
        + " is in the run's dataset"), refused.getMessage());
    assertTrue(refused.getMessage().contains("the ids differ in letter case"), refused.getMessage());
  }
}
