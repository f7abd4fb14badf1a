package org.medcode.run.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.medcode.MedcodeException;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.run.Medcode;
import org.medcode.run.RunRequest;
import org.medcode.run.workspace.Workspace;

/**
 * The coders' entries of a manifest as every reader (report, compare, gate, baseline, table, --resume) now asks for
 * them: a manifest that records none (a run killed before its first coder was recorded, a coder folder's manifest)
 * reads as one with no entries, each reader no longer deciding for itself what a missing "coders" means.
 */
class RunManifestTest {
  @TempDir
  Path temp;

  @Test
  void aManifestWithoutCoderEntriesReadsAsOneWithNone() throws Exception {
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "x",
        "[ { name: frequency, id: top1, k: 1 }, { name: frequency, id: top2, k: 2 } ]", 0);
    Path run = temp.resolve("run");
    new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(),
        RunListener.SILENT)).run(new RunRequest(config, List.of(), null, List.of(), run));

    RunManifest whole = RunManifest.read(run);
    assertEquals(List.of("top1", "top2"), List.copyOf(whole.entries().keySet()), "in the order recorded");
    assertEquals(2, whole.entry("top2").answered());
    assertNull(whole.entry("top3"));

    RunManifest coderFolder = RunManifest.read(run.resolve("top1")); // the coder's own: its entry is "result"
    assertEquals(List.of(), List.copyOf(coderFolder.entries().keySet()));
    assertNull(coderFolder.entry("top1"));

    TinyData.killed(run, "top1", Files.readAllLines(run.resolve("top1/predictions.jsonl")).subList(0, 1));
    RunManifest killed = RunManifest.read(run);
    assertEquals(List.of(), List.copyOf(killed.entries().keySet()));
    assertEquals(List.of("top1"), List.copyOf(killed.withCoder("top1", whole.entry("top1")).entries().keySet()));

    // the readers' view is no part of the file
    killed.write(temp.resolve("again"));
    assertFalse(Files.readString(temp.resolve("again/manifest.json")).contains("entries"));
  }

  /**
   * A run made by a newer medcode whose config holds a key this one does not know (metrics.intervals, added on
   * 2026-12-05 without a new schema number): the version reviewer saw the older medcode say only "unknown key
   * 'metrics.intervals'", as if the run folder were edited. The message names the build that made it and what to do.
   */
  @Test
  void aConfigThatDoesNotReadHereNamesTheMedcodeThatMadeTheRun() throws Exception {
    Path config = TinyData.write(temp, new String[][] {{"I10"}}, 1, i -> "x", "[ { name: frequency, k: 1 } ]", 0);
    Path run = temp.resolve("run");
    new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(),
        RunListener.SILENT)).run(new RunRequest(config, List.of(), null, List.of(), run));
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(run.resolve("manifest.json").toFile());
    ((ObjectNode) manifest.path("config").path("metrics")).put("futureOption", true);
    ((ObjectNode) manifest.path("harness")).put("version", "9.9").put("git_commit", "fedcba9876543210");
    Files.writeString(run.resolve("manifest.json"), manifest.toPrettyString());

    MedcodeException e = assertThrows(MedcodeException.class, () -> RunManifest.read(run));
    assertEquals(2, e.exitCode());
    assertTrue(e.getMessage().contains("unknown key 'metrics.futureOption'"), e.getMessage());
    assertTrue(e.getMessage().endsWith(" (the run was made by medcode 9.9, commit fedcba9876543210: a run made by a newer"
        + " medcode can hold what this one does not know; read it with the medcode that made it, or a newer one)"),
        e.getMessage());
  }

  /**
   * Before: a manifest cut short (a copy of a run folder interrupted) said "cannot read the manifest: Unexpected
   * end-of-input in field name" and, on a second line, "at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION`
   * disabled); line: 24, column: 9]", Jackson's words, in every table, report, compare and gate; an emptied one said it
   * had no "config". Now each says what is wrong with the file, where, and what to do.
   */
  @Test
  void aCutOrEmptyManifestSaysSoWithItsLineAndWhatToDo() throws Exception {
    Path run = Files.createDirectories(temp.resolve("cut"));
    Files.writeString(run.resolve("manifest.json"), "{\n  \"schema\" : 1,\n  \"config\" : {\n    \"na");
    MedcodeException cut = assertThrows(MedcodeException.class, () -> RunManifest.read(run));
    assertEquals(2, cut.exitCode());
    assertTrue(cut.getMessage().startsWith(run.resolve("manifest.json") + ":4: cannot read the manifest: it is not"
        + " whole JSON ("), cut.getMessage());
    assertTrue(cut.getMessage().endsWith(" at column 8): cut short or edited since the run wrote it (a run writes it"
        + " whole); restore it from a copy of the run folder"), cut.getMessage());
    assertFalse(cut.getMessage().contains("\n") || cut.getMessage().contains("REDACTED"), cut.getMessage());

    Files.writeString(run.resolve("manifest.json"), "");
    MedcodeException empty = assertThrows(MedcodeException.class, () -> RunManifest.read(run));
    assertEquals(run.resolve("manifest.json") + ": cannot read the manifest: the file is empty (cut or emptied since"
        + " the run wrote it); restore it from a copy of the run folder", empty.getMessage());
  }
}
