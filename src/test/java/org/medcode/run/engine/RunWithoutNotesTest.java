package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.RunListener;
import org.medcode.run.Medcode;
import org.medcode.run.RunRequest;
import org.medcode.run.workspace.Workspace;

/**
 * Before: a run over admissions without note text (a MIMIC spec with {@code note=none}) coded them with the rules coder
 * as empty texts, every answer empty and counted as such, and an {@code llm} coder sent one empty-note prompt and gave
 * its answer to every admission from the cache. Now a coder that reads notes is refused before anything is written or
 * sent; coders that do not (frequency, replay) run as before, and the dry run says the run would be refused.
 */
class RunWithoutNotesTest {
  @TempDir
  Path temp;

  @Test
  void aCoderThatReadsNotesIsRefusedWhenNoAdmissionHasAny() throws IOException {
    StringBuilder admissions = new StringBuilder();
    for (int i = 1; i <= 4; i++) { // no notes, or notes without text (two empty notes are no text either)
      admissions.append("{\"id\":\"A").append(i).append("\",\"notes\":").append(i == 4 ? "[{\"text\":\"\"},{\"text\":\"\"}]"
          : "[]").append(",\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n");
    }
    Files.writeString(temp.resolve("d.jsonl"), admissions);
    Files.writeString(temp.resolve("t.csv"), "code,description\nI10,Essential (primary) hypertension\n");
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    Files.writeString(temp.resolve("p.tsv"), "A1\tI10\n");
    String replay = "{ name: replay, file: \"" + temp.resolve("p.tsv") + "\" }";
    Path both = config("both.yaml", "[ " + replay + ", { name: rules } ]");
    Path out = temp.resolve("run");
    MedcodeException refused = assertThrows(MedcodeException.class,
        () -> medcode.run(new RunRequest(both, List.of(), null, List.of(), out)));
    assertEquals("coder rules refused to start: rules codes from the notes, and no admission of jsonl:"
        + temp.resolve("d.jsonl") + " has any note text (every note is empty): it would code empty texts, every admission"
        + " alike; give a dataset with notes (a MIMIC spec: MIMIC-IV-Note's note/ beside hosp/, or notes=DIR), or coders"
        + " that do not read them (frequency, replay)\n(nothing was sent, spent or written)", refused.getMessage());
    assertEquals(2, refused.exitCode());
    assertFalse(Files.exists(out.resolve("manifest.json")), "nothing written");

    DryRun plan = medcode.dryRun(new RunRequest(both, List.of(), null, List.of(), null));
    assertTrue(plan.refused());
    assertNull(plan.coders().get(0).refusal());
    assertTrue(plan.coders().get(1).refusal().startsWith("coder rules: rules codes from the notes"),
        plan.coders().get(1).refusal());

    Path alone = config("replay.yaml", "[ " + replay + " ]");
    assertTrue(medcode.run(new RunRequest(alone, List.of(), null, List.of(), temp.resolve("replay"))).complete());
  }

  private Path config(String name, String coders) throws IOException {
    Path config = temp.resolve(name);
    Files.writeString(config, "dataset: \"jsonl:" + temp.resolve("d.jsonl") + "\"\n"
        + "codeSystem: { system: icd10cm, table: \"" + temp.resolve("t.csv") + "\" }\n"
        + "coders: " + coders + "\nmetrics: { bootstrap: 0 }\n");
    return config;
  }
}
