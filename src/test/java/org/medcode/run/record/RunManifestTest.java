package org.medcode.run.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
