package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeProcess;

/**
 * {@code -Dmedcode.notes.memory} as a user writes it: with a suffix as {@code -Xmx} takes one ({@code 1k}) it is that
 * budget; a value it cannot read stops the command. It used to be read with {@code Long.getLong}, which gives the
 * default (a quarter of the heap) for anything but a plain number: {@code 512m} kept every text on the heap, silently.
 */
class NotesMemoryPropertyIT {
  @TempDir
  Path temp;

  @Test
  void aBudgetWithASuffixIsThatBudgetAndOneItCannotReadStopsTheCommand() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    Path tables = org.medcode.TestData.require("icd10cm-cms", "icd10cm-hierarchy").toAbsolutePath();
    for (String folder : List.of("icd10cm-cms", "icd10cm-hierarchy")) {
      Files.createSymbolicLink(data.resolve(folder), tables.resolve(folder));
    }
    // two admissions, each with a note of 2,000 characters
    String note = "Community-acquired pneumonia of the right lower lobe; essential hypertension. ".repeat(26);
    Path dataset = Files.writeString(temp.resolve("two.jsonl"), """
        {"id": "A1", "notes": [{"text": "%s"}], "codes": [{"system": "icd10cm", "code": "J18.9"}]}
        {"id": "A2", "notes": [{"text": "%s"}], "codes": [{"system": "icd10cm", "code": "I10"}]}
        """.formatted(note, note));
    Path config = Files.writeString(temp.resolve("run.yaml"), """
        name: notes-memory
        dataset: { spec: "jsonl:%s" }
        codeSystem: { system: icd10cm, year: 2018 }
        training: { spec: "jsonl:%s", allowOverlap: true }
        coders:
          - { name: frequency, k: 2 }
        metrics: { levels: [exact], bootstrap: 0 }
        """.formatted(dataset, dataset));
    // a budget of 1 KiB leaves the texts to the file, which cannot be made where the temporary folder is a file: the
    // run says so (with the budget read as the default, a quarter of the heap, the run kept them and passed)
    Path notAFolder = Files.writeString(temp.resolve("not-a-folder"), "x");
    String console = run(data, config, "1k", "-Djava.io.tmpdir=" + notAFolder, 2);
    assertTrue(console.contains("cannot keep note texts in " + notAFolder), console);

    console = run(data, config, "lots", "-Djava.io.tmpdir=" + temp, 2);
    assertTrue(console.contains("-Dmedcode.notes.memory=lots: expected the bytes of note text to keep on the heap"),
        console);

    run(data, config, "64m", "-Djava.io.tmpdir=" + notAFolder, 0); // every text fits: no file is needed
  }

  private String run(Path data, Path config, String memory, String tmpdir, int exit) throws Exception {
    Process run = MedcodeProcess.start(data, Map.of(), List.of("-Dmedcode.notes.memory=" + memory, tmpdir), "run",
        config.toString(), "--out", temp.resolve("run-" + memory).toString());
    String console = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(exit, run.waitFor(), console);
    return console;
  }
}
