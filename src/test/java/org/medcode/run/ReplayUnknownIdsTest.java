package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.run.workspace.Workspace;

/**
 * Issue 16, defect 7: run with the replay coder warns about predictions for unknown admission ids, as evaluate does;
 * and about an empty file and duplicate rows; a resumed run refuses a predictions file changed since it started.
 */
class ReplayUnknownIdsTest {
  @TempDir
  Path temp;

  @Test
  void predictionsForUnknownAdmissionsAreWarnedAboutAndRecorded() throws Exception {
    Files.writeString(temp.resolve("p.tsv"), "A1\tI10\nA3x\tE11.9\nA2\tE11.9\nB7\tI10\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "x",
        "[ { name: replay, file: \"" + temp.resolve("p.tsv") + "\" } ]", 0);
    List<String> warnings = new CopyOnWriteArrayList<>();
    RunListener listener = org.medcode.coder.Warnings.into(warnings);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), listener));
    medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run")));
    assertEquals(1, warnings.stream().filter(w -> w.contains("not in the dataset")).count(), warnings.toString());
    String warning = warnings.stream().filter(w -> w.contains("not in the dataset")).findFirst().orElseThrow();
    assertTrue(warning.contains("2 of the 4 admissions in " + temp.resolve("p.tsv") + " are not in the dataset and are"
        + " ignored ('A3x', 'B7')"), warning);
    JsonNode coder = new ObjectMapper().readTree(temp.resolve("run/manifest.json").toFile()).get("coders").get("replay");
    assertTrue(coder.get("facts").get("unknown_admissions").asText().startsWith("2 of the 4 admissions"), coder.toString());
  }

  @Test
  void aFileOfNoAdmissionOfTheRunIsRefusedRatherThanScoredAsZeros() throws Exception {
    Files.writeString(temp.resolve("p.tsv"), "a1\tI10\na2\tE11.9\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "x",
        "[ { name: replay, file: \"" + temp.resolve("p.tsv") + "\" } ]", 0);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    MedcodeException refused = assertThrows(MedcodeException.class,
        () -> medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run"))));
    assertEquals(2, refused.exitCode());
    assertTrue(refused.getMessage().startsWith("coder replay: none of the 2 admission ids in " + temp.resolve("p.tsv")
        + " is in the run's dataset"), refused.getMessage());
    assertTrue(refused.getMessage().contains("the ids differ in letter case"), refused.getMessage());
  }

  @Test
  void anEmptyFileAndDuplicateRowsAreSaidAsEvaluateSaysThem() throws Exception {
    Files.writeString(temp.resolve("p.tsv"), "A1\tI10\nA1\tI10\nA2\tE11.9\n");
    Files.writeString(temp.resolve("empty.tsv"), "");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "x",
        "[ { name: replay, id: dup, file: \"" + temp.resolve("p.tsv") + "\" },"
            + " { name: replay, id: none, file: \"" + temp.resolve("empty.tsv") + "\" } ]", 0);
    List<String> warnings = new CopyOnWriteArrayList<>();
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), org.medcode.coder.Warnings.into(warnings)));
    medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run")));
    assertTrue(warnings.contains("coder replay: 1 duplicate predicted code in " + temp.resolve("p.tsv")
        + " removed (first rank kept), e.g. A1 I10 (line 2)"), warnings.toString());
    assertTrue(warnings.contains("coder replay: " + temp.resolve("empty.tsv") + " has no predictions: every admission is"
        + " scored as an empty prediction"), warnings.toString());
    JsonNode coders = new ObjectMapper().readTree(temp.resolve("run/manifest.json").toFile()).get("coders");
    assertTrue(coders.get("dup").get("facts").has("duplicates_removed"), coders.toString());
    assertTrue(coders.get("none").get("facts").has("empty_file"), coders.toString());
  }

  @Test
  void aLogOfFailuresOnlyIsNotCalledAnEmptyFile() throws Exception {
    String failed = "\"status\":\"failed\",\"codes\":[],\"failure\":{\"kind\":\"timeout\",\"message\":\"t\"}";
    Files.writeString(temp.resolve("failed.jsonl"), "{\"admission_id\":\"A1\"," + failed + "}\n"
        + "{\"admission_id\":\"A2\"," + failed + "}\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "x",
        "[ { name: replay, file: \"" + temp.resolve("failed.jsonl") + "\" } ]", 0);
    List<String> warnings = new CopyOnWriteArrayList<>();
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), org.medcode.coder.Warnings.into(warnings)));
    medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run")));
    JsonNode coder = new ObjectMapper().readTree(temp.resolve("run/manifest.json").toFile()).get("coders").get("replay");
    assertEquals(2, coder.get("failed").asInt(), coder.toString());
    assertTrue(coder.path("facts").path("empty_file").isMissingNode(), "two lines, each a failure: " + coder);
    assertTrue(warnings.stream().noneMatch(w -> w.contains("has no predictions")), warnings.toString());
  }

  @Test
  void aResumedRunRefusesAPredictionsFileChangedSinceItStarted() throws Exception {
    Path file = temp.resolve("p.tsv");
    Files.writeString(file, "A1\tI10\nA2\tE11.9\nA3\tI10\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}, {"I10"}}, 1, i -> "x",
        "[ { name: replay, file: \"" + file + "\" } ]", 0);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    Path out = temp.resolve("run");
    medcode.run(new RunRequest(config, List.of(), null, List.of(), out));
    assertTrue(Files.readString(out.resolve("replay/inputs.sha256")).matches("file\t[0-9a-f]{16}\n"),
        Files.readString(out.resolve("replay/inputs.sha256")));
    List<String> log = Files.readAllLines(out.resolve("replay/predictions.jsonl"));
    killedAfterOne(out, log);
    assertTrue(medcode.resume(out, List.of(), false).complete(), "the same file: resumed");
    assertEquals(TinyData.withoutTimes(log),
        TinyData.withoutTimes(Files.readAllLines(out.resolve("replay/predictions.jsonl"))));

    killedAfterOne(out, log);
    Files.writeString(file, "A1\tI10\nA2\tI10\nA3\tI10\n"); // another model's predictions copied over it
    MedcodeException refused = assertThrows(MedcodeException.class, () -> medcode.resume(out, List.of(), false));
    assertEquals(2, refused.exitCode());
    assertTrue(refused.getMessage().startsWith("cannot resume " + out + ": coder replay's file (" + file
        + ") changed since the run started (SHA-256 "), refused.getMessage());
    assertEquals(log.subList(0, 1), Files.readAllLines(out.resolve("replay/predictions.jsonl")), "nothing recorded");
  }

  /** As if the run had been killed after its first answer. */
  private static void killedAfterOne(Path out, List<String> log) throws Exception {
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode manifest =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(out.resolve("manifest.json").toFile());
    manifest.put("status", "running");
    json.writeValue(out.resolve("manifest.json").toFile(), manifest);
    Files.write(out.resolve("replay/predictions.jsonl"), log.subList(0, 1));
  }

  @Test
  void aListWhereOnePathBelongsIsRefusedNotReadAsAFileName() {
    var replay = new org.medcode.coder.baseline.ReplayCoderFactory();
    MedcodeException list = assertThrows(MedcodeException.class,
        () -> org.medcode.coder.CoderParameters.resolve(replay, java.util.Map.of("file", "[\"pred_a.tsv\"]")));
    assertEquals("coder replay: parameter 'file' must be one file path, not a list or mapping, got '[\"pred_a.tsv\"]'",
        list.getMessage());
    assertEquals("[draft].tsv", org.medcode.coder.CoderParameters.resolve(replay, java.util.Map.of("file", "[draft].tsv"))
        .get("file"), "a file name with brackets is a path");
  }
}
