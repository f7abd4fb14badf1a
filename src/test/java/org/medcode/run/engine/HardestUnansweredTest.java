package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.run.Medcode;
import org.medcode.run.ReportSpec;
import org.medcode.run.RunRequest;
import org.medcode.run.workspace.Workspace;

/**
 * report.html's admissions with the most missed codes listed the admissions a coder failed on or never reached (each
 * scored as an empty answer, so missing every gold code) as its hardest, an infrastructure failure shown as the hardest
 * cases; they are now left out and counted.
 */
class HardestUnansweredTest {
  @TempDir
  Path temp;

  @Test
  void failedAndNeverCodedAdmissionsAreLeftOutOfTheHardestAndCounted() throws Exception {
    // A1 answered right, A2 answered with a wrong code, A3 failed, A4 never coded (the run killed before it)
    Files.writeString(temp.resolve("a.tsv"), "A1\tI10\nA2\tI10\nA3\tE11.9\nA4\tI10\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}, {"E11.9", "I10"}, {"I10", "E11.9"}}, 1,
        i -> "x", "[ { name: replay, id: a, file: \"" + temp.resolve("a.tsv") + "\" } ]", 0);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    Path out = temp.resolve("run");
    medcode.run(new RunRequest(config, List.of(), null, List.of(), out));

    List<String> log = Files.readAllLines(out.resolve("a/predictions.jsonl"));
    TinyData.killed(out, "a", List.of(log.get(0), log.get(1),
        TinyData.failedLine("A3")));

    medcode.report(new ReportSpec(out));
    String html = Files.readString(out.resolve("report.html"));
    String hardest = html.substring(html.indexOf("<h2 id='admissions'>"), html.indexOf("<h2 id='notes'>"));
    assertTrue(hardest.contains("<tr><td class='l'>A2</td>"), "a wrong answer is among the hardest: " + hardest);
    assertFalse(hardest.contains(">A3"), "the failed admission is left out: " + hardest);
    assertFalse(hardest.contains(">A4"), "the admission never coded is left out: " + hardest);
    assertTrue(hardest.contains("2 admissions the coder failed on or never reached are left out"), hardest);
  }
}
