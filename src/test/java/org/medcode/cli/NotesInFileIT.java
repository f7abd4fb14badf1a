package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeProcess;
import org.medcode.dataset.mimic.MimicFixture;

/**
 * A run whose note texts are kept in the note store's file (every one: {@code -Dmedcode.notes.memory=0}; or those
 * beyond a small budget) codes, fingerprints and scores exactly as one that holds them on the heap: same dataset
 * fingerprint, same answers, same numbers, same hardest admissions' excerpts.
 */
class NotesInFileIT {
  @TempDir
  Path temp;

  @Test
  void aRunWithItsNotesInTheFileIsTheRunWithThemInMemory() throws Exception {
    Path mimic = MimicFixture.write(temp.resolve("mimiciv"));
    Path data = Files.createDirectories(temp.resolve("data"));
    Path tables = org.medcode.TestData.require("icd10cm-cms", "icd10cm-hierarchy").toAbsolutePath();
    for (String folder : List.of("icd10cm-cms", "icd10cm-hierarchy")) {
      Files.createSymbolicLink(data.resolve(folder), tables.resolve(folder));
    }
    Path config = Files.writeString(temp.resolve("run.yaml"), """
        name: notes-in-file
        dataset: { spec: "mimic-iv:%s?codes=diagnoses&icd=10" }
        codeSystem: { system: icd10cm }
        coders:
          - { name: rules }
        metrics: { levels: [exact, category], bootstrap: 50 }
        """.formatted(mimic));
    List<Path> runs = new ArrayList<>();
    for (String memory : List.of("", "0", "3000")) {
      Path out = temp.resolve("run-" + (memory.isEmpty() ? "heap" : memory));
      Process run = MedcodeProcess.start(data, Map.of(), memory.isEmpty() ? List.of()
          : List.of("-Dmedcode.notes.memory=" + memory, "-Djava.io.tmpdir=" + Files.createDirectories(temp.resolve(
              "tmp-" + memory))), "run", config.toString(), "--out", out.toString());
      String console = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, run.waitFor(), console);
      runs.add(out);
      if (!memory.isEmpty()) {
        try (var left = Files.list(temp.resolve("tmp-" + memory))) {
          assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("medcode-notes-")).toList(),
              "the file is gone when the process ends");
        }
      }
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode heap = json.readTree(runs.get(0).resolve("manifest.json").toFile());
    for (Path other : runs.subList(1, runs.size())) {
      JsonNode manifest = json.readTree(other.resolve("manifest.json").toFile());
      assertEquals(heap.get("dataset"), manifest.get("dataset"), "fingerprint and counts");
      assertEquals(answers(runs.get(0)), answers(other));
      assertEquals(json.readTree(runs.get(0).resolve("rules/metrics.json").toFile()).get("metrics"),
          json.readTree(other.resolve("rules/metrics.json").toFile()).get("metrics"));
      for (String file : List.of("per_admission.csv", "per_code.csv", "hardest_admissions.csv", "strata.csv")) {
        Path a = runs.get(0).resolve("rules").resolve(file);
        if (Files.exists(a)) {
          assertEquals(Files.readString(a), Files.readString(other.resolve("rules").resolve(file)), file);
        }
      }
    }
    assertTrue(answers(runs.get(0)).stream().anyMatch(line -> line.contains("\"codes\":[{")), "the rules coder found codes");

    // the loader did put the texts in the file: where no file can be made, the run says so and what to do
    Path notAFolder = Files.writeString(temp.resolve("not-a-folder"), "x");
    Process refused = MedcodeProcess.start(data, Map.of(), List.of("-Dmedcode.notes.memory=0",
        "-Djava.io.tmpdir=" + notAFolder), "run", config.toString(), "--out", temp.resolve("run-refused").toString());
    String console = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, refused.waitFor(), console);
    assertTrue(console.contains("cannot keep note texts in " + notAFolder) && console.contains("-Djava.io.tmpdir=DIR"),
        console);
  }

  /** Each admission's answer in the predictions log, without what may differ between runs (timing). */
  private static List<String> answers(Path run) throws java.io.IOException {
    return Files.readAllLines(run.resolve("rules/predictions.jsonl")).stream()
        .map(line -> line.replaceAll(",\"millis\":\\d+", "")).sorted().toList();
  }
}
