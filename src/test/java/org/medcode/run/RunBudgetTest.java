package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.RunListener;
import org.medcode.run.engine.RunOutcome;
import org.medcode.run.workspace.Workspace;

/** A cost budget stops a coder cleanly, marks the run incomplete, and a resume with a larger budget finishes it. */
class RunBudgetTest {
  @TempDir
  Path temp;

  @Test
  void budgetStopsCleanlyAndResumeFinishes() throws IOException {
    StringBuilder dataset = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      dataset.append("{\"id\":\"A").append(i).append("\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n");
    }
    Files.writeString(temp.resolve("d.jsonl"), dataset);
    Files.writeString(temp.resolve("t.csv"), "code,description\nI10,Hypertension\n");
    Path config = temp.resolve("c.yaml");
    Files.writeString(config, "dataset: \"jsonl:" + temp.resolve("d.jsonl") + "\"\n"
        + "codeSystem: { system: icd10cm, table: \"" + temp.resolve("t.csv") + "\" }\n"
        + "coders: [ { name: scripted, cost: 0.1 } ]\nmetrics: { bootstrap: 0 }\nthreads: 1\nmaxCost: 0.35\n");
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(), RunListener.SILENT));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path out = temp.resolve("run");

    RunOutcome stopped = medcode.run(new RunRequest(config, List.of(), null, List.of(), out));
    assertFalse(stopped.complete());
    // A1, A2 cost 0.1 each; A3 fails (the scripted coder fails on ids 7n+3) at no cost; A4 brings 0.3 < 0.35; A5 reaches 0.4
    assertEquals(5, Files.readAllLines(out.resolve("scripted/predictions.jsonl")).size());
    assertTrue(stopped.problems().get(0).contains("reached the cost budget"), stopped.problems().toString());
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertEquals("incomplete", manifest.get("status").asText());
    assertEquals(0.4, manifest.get("coders").get("scripted").get("usage").get("cost").asDouble(), 1e-9);
    // the reports say the numbers are not the whole split's, beside them
    assertTrue(Files.readString(out.resolve("summary.md")).contains("> **Incomplete:** scripted coded 5 of 10 admissions;"
        + " the 5 never coded"), Files.readString(out.resolve("summary.md")));
    assertTrue(Files.readString(out.resolve("report.html")).contains("<b>Incomplete:</b> scripted coded 5 of 10"));

    RunOutcome finished = medcode.resume(out, List.of("maxCost=5"), false);
    assertTrue(finished.complete());
    assertEquals(10, Files.readAllLines(out.resolve("scripted/predictions.jsonl")).size());
    JsonNode line = new ObjectMapper().readTree(Files.readAllLines(out.resolve("scripted/predictions.jsonl")).get(0));
    assertEquals(0.1, line.get("usage").get("cost").asDouble(), 1e-12);
    assertEquals("scripted", line.get("annotations").get("note").asText());

    // A3 and A10 failed (ids 7n+3; they fail again: the scripted coder is deterministic); --retry-failed codes them
    // once more, appending a line each; the last line of an admission is its answer.
    RunOutcome retried = medcode.resume(out, List.of(), true);
    assertTrue(retried.complete());
    assertEquals(12, Files.readAllLines(out.resolve("scripted/predictions.jsonl")).size());
    assertEquals(2, retried.coders().get(0).failed());
  }
}
