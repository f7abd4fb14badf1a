package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.eval.EvalOptions;
import org.medcode.run.engine.EvaluateSpec;
import org.medcode.run.workspace.Workspace;

/**
 * Commands that choose their own folder ({@code results/<UTC stamp>_<name>}) never share one: two of the same name in
 * the same second (two runs started together, two evaluations ending together) each get a folder of their own, and a
 * run refused before it starts leaves none behind. The clock here stands still, so every command has the same stamp.
 */
class DefaultResultFolderTest {
  @TempDir
  Path temp;

  private Medcode medcode() {
    Clock still = Clock.fixed(Instant.parse("2026-12-06T00:39:28Z"), ZoneOffset.UTC);
    return new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, still,
        RunListener.SILENT));
  }

  private List<Path> folders() throws IOException {
    try (Stream<Path> list = Files.list(temp.resolve("results"))) {
      return list.sorted().toList();
    }
  }

  @Test
  void twoRunsOfOneConfigInOneSecondGetTwoFolders() throws IOException {
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 0, i -> "note", "[ { name: frequency, k: 1 } ]", 0);
    Medcode medcode = medcode();
    // before: the second run was refused ("… already holds a run; continue it with --resume …"), exit 2
    Path first = medcode.run(new RunRequest(config, List.of(), null, List.of(), null)).folder();
    Path second = medcode.run(new RunRequest(config, List.of(), null, List.of(), null)).folder();
    assertNotEquals(first, second);
    assertEquals(List.of(temp.resolve("results/20261206T003928Z_tiny"), temp.resolve("results/20261206T003928Z_tiny-2")),
        folders());
    for (Path folder : folders()) {
      assertTrue(Files.exists(folder.resolve("manifest.json")) && Files.exists(folder.resolve("summary.csv")), folder.toString());
    }
  }

  @Test
  void twoEvaluationsInOneSecondNeverWriteIntoOneFolder() throws IOException {
    Files.writeString(temp.resolve("d.jsonl"), "{\"id\":\"A1\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n");
    Files.writeString(temp.resolve("t.csv"), "code,description\nI10,Hypertension\nE11.9,Type 2 diabetes\n");
    Files.writeString(temp.resolve("right.tsv"), "A1\tI10\n");
    Files.writeString(temp.resolve("wrong.tsv"), "A1\tE11.9\n");
    Medcode medcode = medcode();
    for (String predictions : List.of("right.tsv", "wrong.tsv")) {
      // before: the second was refused, "… already holds results; choose another --out", though no --out was given; two
      // evaluations ending in the same second in two processes wrote their files into one folder
      medcode.evaluate(new EvaluateSpec("jsonl:" + temp.resolve("d.jsonl"), temp.resolve(predictions), null, null, null,
          temp.resolve("t.csv"), EvalOptions.defaults(), null));
    }
    List<Path> folders = folders();
    assertEquals(2, folders.size(), folders.toString());
    assertTrue(Files.readString(folders.get(0).resolve("metrics.json")).contains("right.tsv"));
    assertTrue(Files.readString(folders.get(1).resolve("metrics.json")).contains("wrong.tsv"));
  }

  @Test
  void aRunRefusedBeforeItStartsLeavesNoFolder() throws IOException {
    Path config = TinyData.write(temp, new String[][] {{"I10"}}, 0, i -> "note", "[ { name: replay, file: missing.tsv } ]", 0);
    assertThrows(MedcodeException.class, () -> medcode().run(new RunRequest(config, List.of(), null, List.of(), null)));
    assertEquals(List.of(), folders());
  }
}
