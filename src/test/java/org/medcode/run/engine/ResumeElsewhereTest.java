package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TinyData;
import org.medcode.codesystem.CodeTable;
import org.medcode.coder.CoderContext;
import org.medcode.coder.RunListener;
import org.medcode.run.Medcode;
import org.medcode.run.RunRequest;
import org.medcode.run.record.RunConfig;
import org.medcode.run.workspace.Workspace;

/**
 * A run resumed from another directory than the one it started in reads the files its coders' parameters name by
 * relative paths (a replay file, a rules or model folder, a prompt, an exec coder's script) from where it started, as
 * it reads its dataset's.
 */
class ResumeElsewhereTest {
  @TempDir
  Path temp;

  @Test
  void aRelativePathIsReadFromTheRunsDirectoryWhenItIsThereElseAsWritten() throws Exception {
    Files.createDirectories(temp.resolve("sub"));
    Files.writeString(temp.resolve("sub/p.tsv"), "A1\tI10\n");
    CodeTable table = null;
    CoderContext here = new CoderContext(table, List.of(), temp, temp, 1, CoderContext.NO_PEERS);
    assertNull(here.directory());
    assertEquals(Path.of("sub/p.tsv"), here.path("sub/p.tsv"), "no run directory: as written");
    CoderContext there = new CoderContext(table, List.of(), temp, temp, 1, CoderContext.NO_PEERS, false,
        RunListener.SILENT, org.medcode.coder.AllowedEndpoints.loopbackOnly(), temp);
    assertEquals(temp.resolve("sub/p.tsv"), there.path("sub/p.tsv"));
    assertEquals(temp.resolve("sub"), there.path("sub"), "a folder too");
    assertEquals(Path.of("configs/rules"), there.path("configs/rules"), "not there: as written (the coder's fallbacks)");
    assertEquals(Path.of("/abs/x.tsv"), there.path("/abs/x.tsv"));
    assertEquals(temp, there.withTraining(List.of()).directory(), "a refitted coder's context keeps it");
    assertEquals(there.allowedEndpoints(), there.withTraining(List.of()).allowedEndpoints());
    assertTrue(there.readFrom().startsWith(" (relative paths are read from " + temp + ", where the run started, else from"
        + " the current directory "), there.readFrom());
    assertTrue(here.readFrom().startsWith(" (relative paths are read from the current directory "), here.readFrom());
  }

  @Test
  void parametersNamingFilesThatAreHereMakeTheRunRecordTheCurrentDirectory() {
    // the test runs in the project's folder, which has examples/ and configs/rules
    assertTrue(names(Map.of("file", "examples/codiesp-dev-frequency-top10.tsv")));
    assertTrue(names(Map.of("rules-dir", "configs/rules")));
    assertTrue(names(Map.of("command", "[\"python3\", \"examples/coders/keyword_exec.py\"]")));
    assertTrue(names(Map.of("command", "python3 examples/coders/keyword_exec.py")));
    assertFalse(names(Map.of("k", "10", "members", "rules,ml-knn")));
    assertFalse(names(Map.of("file", "/abs/not-there.tsv")));
    assertFalse(names(Map.of("file", "not-there.tsv")));
  }

  private static boolean names(Map<String, String> parameters) {
    return RunSession.namesRelativeFiles(
        List.of(new RunConfig.CoderConfig("x", "x", parameters)));
  }

  @Test
  void aRunStartedElsewhereResumesFromHereWithItsRelativeReplayFile() throws Exception {
    // Admissions A1..A6; the replay file sits in temp/sub and the run started in temp, naming it sub/p.tsv.
    StringBuilder predictions = new StringBuilder();
    for (int i = 1; i <= 6; i++) {
      predictions.append("A").append(i).append(i % 2 == 0 ? "\tE11.9\n" : "\tI10\n");
    }
    Files.createDirectories(temp.resolve("sub"));
    Files.writeString(temp.resolve("sub/p.tsv"), predictions);
    assertFalse(Files.exists(Path.of("sub/p.tsv")), "the test's own directory has no sub/p.tsv");
    Path config = TinyData.write(temp,
        new String[][] {{"I10"}, {"E11.9"}, {"I10", "N39.0"}, {"E11.9"}, {"J18.9"}, {"E11.9", "I10"}}, 1, i -> "x",
        "[ { name: replay, file: \"" + temp.resolve("sub/p.tsv") + "\" } ]", 0);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    Path out = temp.resolve("run");
    RunOutcome whole = medcode.run(new RunRequest(config, List.of(), null, List.of(), out));
    assertTrue(whole.complete());
    String scoredWhole = Files.readString(out.resolve("replay/metrics.json"));
    List<String> log = Files.readAllLines(out.resolve("replay/predictions.jsonl"));
    assertEquals(6, log.size());

    // As if it had started in temp with a relative path and been killed after three admissions.
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(out.resolve("manifest.json").toFile());
    ((ObjectNode) manifest.get("config").get("coders").get(0)).put("file", "sub/p.tsv");
    ((ObjectNode) manifest.get("dataset")).put("directory", temp.toString());
    manifest.put("status", "running");
    json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("manifest.json").toFile(), manifest);
    Files.write(out.resolve("replay/predictions.jsonl"), log.subList(0, 3));

    RunOutcome resumed = medcode.resume(out, List.of(), false);
    assertTrue(resumed.complete(), resumed.problems().toString());
    assertEquals(TinyData.withoutTimes(log),
        TinyData.withoutTimes(Files.readAllLines(out.resolve("replay/predictions.jsonl"))));
    assertEquals(scoredWhole.replaceAll("\"created\".*", ""),
        Files.readString(out.resolve("replay/metrics.json")).replaceAll("\"created\".*", ""));
    assertEquals("sub/p.tsv", json.readTree(out.resolve("manifest.json").toFile()).get("config").get("coders").get(0)
        .get("file").asText(), "the config is kept as written");
  }
}
