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
 * report.html's admissions with the most missed codes quoted the start of each admission's notes, also of credentialed
 * data (MIMIC): a report meant to be shared (a CI artifact, an appendix) carried note text under a data use agreement.
 * Of credentialed data it now shows the admissions and codes, and says why the notes are not quoted.
 */
class CredentialedReportTest {
  @TempDir
  Path temp;

  @Test
  void theHardestAdmissionsOfCredentialedDataQuoteNoNoteText() throws Exception {
    String html = report(true);
    String hardest = html.substring(html.indexOf("<h2 id='admissions'>"), html.indexOf("<h2 id='notes'>"));
    assertTrue(hardest.contains("<tr><td class='l'>A2</td>"), hardest);
    assertFalse(html.contains("PATIENTNOTE"), "no note text anywhere in the report: " + hardest);
    assertTrue(hardest.contains("the dataset is credentialed"), hardest);
    String run = String.join("\n", Files.readAllLines(temp.resolve("run/summary.md")));
    assertFalse(run.contains("PATIENTNOTE"), run);
  }

  @Test
  void theHardestAdmissionsOfPublicDataQuoteTheStartOfTheirNotes() throws Exception {
    String html = report(false);
    assertTrue(html.contains("PATIENTNOTE 2"), html);
  }

  private String report(boolean credentialed) throws Exception {
    Files.writeString(temp.resolve("a.tsv"), "A1\tI10\nA2\tI10\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "PATIENTNOTE " + (i + 1),
        "[ { name: replay, id: a, file: \"" + temp.resolve("a.tsv") + "\" } ]", 0);
    if (credentialed) {
      Files.writeString(config, Files.readString(config).replace("dev.jsonl\"", "dev.jsonl?credentialed=true\""));
    }
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    Path out = temp.resolve("run");
    medcode.run(new RunRequest(config, List.of(), null, List.of(), out));
    medcode.report(new ReportSpec(out));
    return Files.readString(out.resolve("report.html"));
  }
}
