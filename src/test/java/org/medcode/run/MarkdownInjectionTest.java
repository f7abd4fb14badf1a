package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.RunListener;
import org.medcode.eval.EvalOptions;
import org.medcode.run.engine.EvaluateSpec;
import org.medcode.run.workspace.Workspace;

/** Issue 16: ids and codes in summary.md are escaped; no id can open an HTML tag, a link or a new table row there. */
class MarkdownInjectionTest {
  @TempDir
  Path temp;

  @Test
  void idsThatLookLikeHtmlOrMarkdownAreShownAsText() throws Exception {
    String id = "A1<img src=x onerror=alert(1)>|[link](javascript:x)*b*`";
    Files.writeString(temp.resolve("d.jsonl"), "{\"id\":\"" + id + "\",\"notes\":[{\"text\":\"x\"}],"
        + "\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n");
    Files.writeString(temp.resolve("t.csv"), "code,description\nI10,Hypertension\n");
    Files.writeString(temp.resolve("p.tsv"), id + "\tI10\n" + id + "\t<b>x*y\n");
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    Path out = temp.resolve("ev");
    medcode.evaluate(new EvaluateSpec("jsonl:" + temp.resolve("d.jsonl"), temp.resolve("p.tsv"), null, null,
        null, temp.resolve("t.csv"), EvalOptions.defaults(), out));
    String summary = Files.readString(out.resolve("summary.md"));
    assertFalse(java.util.regex.Pattern.compile("(?<!\\\\)<").matcher(summary).find(), summary);
    assertTrue(summary.contains("A1\\<img src=x onerror=alert(1)>\\|\\[link\\](javascript:x)\\*b\\*\\`"), summary);
  }
}
