package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.RunListener;
import org.medcode.eval.EvalOptions;
import org.medcode.run.workspace.Workspace;

/**
 * A predictions file whose last line was cut mid-write ({@code A2<TAB>E11.} for {@code A2<TAB>E11.9}, no line break)
 * was scored silently with the cut code (E11., read as the category E11). {@code evaluate} now warns when the last
 * line has no line break and its code looks cut (ends in a dot, or is invalid for the table); a file that merely lacks
 * its final line break, its last code whole, gets no word.
 */
class CutLastLineTest {
  @TempDir
  Path temp;

  @Test
  void aCutLastLineIsWarnedOfAndAWholeOneWithoutLineBreakIsNot() throws Exception {
    Files.writeString(temp.resolve("d.jsonl"),
        "{\"id\":\"A1\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n"
            + "{\"id\":\"A2\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"E11.9\"}]}\n");
    Files.writeString(temp.resolve("t.csv"), "code,description\nI10,Hypertension\nE11,Diabetes\nE11.9,Diabetes without"
        + " complications\n");
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT);

    List<String> cut = warnings(workspace, "cut", "A1\tI10\nA2\tE11.");
    assertEquals(1, cut.size(), cut.toString());
    assertTrue(cut.get(0).startsWith("the last line of " + temp.resolve("cut.tsv") + " (line 2: admission 'A2', code"
        + " 'E11.') has no line break and its code looks cut short"), cut.get(0));
    assertEquals(1, warnings(workspace, "invalid", "A1\tI10\nA2\tE1").size(), "a cut code invalid for the table");
    assertEquals(List.of(), warnings(workspace, "whole", "A1\tI10\nA2\tE11.9"), "a whole last line without line break");
    assertEquals(List.of(), warnings(workspace, "ended", "A1\tI10\nA2\tE11.\n"), "a last line that ends");
    assertEquals(List.of(), warnings(workspace, "blank", "A1\tI10\nA2\tE11.\n  "), "a blank last line");
  }

  private List<String> warnings(Workspace workspace, String name, String predictions) throws Exception {
    Path file = temp.resolve(name + ".tsv");
    Files.writeString(file, predictions);
    EvaluateSpec spec = new EvaluateSpec("jsonl:" + temp.resolve("d.jsonl"), file, null, null, null,
        temp.resolve("t.csv"), EvalOptions.defaults(), temp.resolve("out-" + name));
    return FileEvaluation.evaluate(workspace, spec).report().dataset().warnings().stream()
        .filter(w -> w.startsWith("the last line")).toList(); // not the fixture's own: its admissions have no notes
  }
}
