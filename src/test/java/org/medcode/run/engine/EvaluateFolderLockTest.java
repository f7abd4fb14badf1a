package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.RunListener;
import org.medcode.eval.EvalOptions;
import org.medcode.run.workspace.Workspace;

/**
 * {@code evaluate --out X} writes X alone, as a run writes its folder: while another medcode process writes X (here: a
 * lock this test holds), it is refused and writes nothing. Before, two evaluations given one --out both found it empty
 * and both wrote into it: one's metrics.json named pred_a.tsv beside the other's summary.csv and report.html with
 * pred_b.tsv's numbers, and the slower one failed on a rename with exit 2.
 */
class EvaluateFolderLockTest {
  @TempDir
  Path temp;

  @Test
  void anEvaluationIntoAFolderAnotherProcessWritesIsRefusedAndWritesNothing() throws Exception {
    Files.writeString(temp.resolve("d.jsonl"), "{\"id\":\"A1\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n");
    Files.writeString(temp.resolve("t.csv"), "code,description\nI10,Hypertension\n");
    Files.writeString(temp.resolve("p.tsv"), "A1\tI10\n");
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT);
    EvaluateSpec spec = new EvaluateSpec("jsonl:" + temp.resolve("d.jsonl"), temp.resolve("p.tsv"), null, null, null,
        temp.resolve("t.csv"), EvalOptions.defaults(), temp.resolve("out"));
    RunFolderLock other = RunFolderLock.acquire(temp.resolve("out"), "evaluate");
    try {
      MedcodeException e = assertThrows(MedcodeException.class, () -> FileEvaluation.evaluate(workspace, spec));
      assertTrue(e.getMessage().contains("is being written by another medcode process"), e.getMessage());
      try (Stream<Path> files = Files.list(temp.resolve("out"))) {
        assertEquals(List.of(RunFolderLock.FILE), files.map(p -> p.getFileName().toString()).toList());
      }
    } finally {
      other.close();
    }
    FileEvaluation.evaluate(workspace, spec); // once the other is done
    assertTrue(Files.exists(temp.resolve("out/metrics.json")));
    assertTrue(!Files.exists(temp.resolve("out").resolve(RunFolderLock.FILE)), "an evaluation leaves no lock file");
  }
}
