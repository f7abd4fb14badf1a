package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeProcess;
import org.medcode.TinyData;

/**
 * Issue 16, defect 2: one writer per run folder. Two processes started on one --out: the second is refused (exit 2,
 * naming the holder) and writes nothing; --resume and report are refused the same way while the run holds the folder;
 * a kill -9 releases the lock, and --resume then finishes with every admission once.
 */
class RunFolderLockIT {
  private static final int ADMISSIONS = 30;

  @TempDir
  Path temp;

  @Test
  void aSecondWriterIsRefusedNamingTheHolderAndAKillReleasesTheFolder() throws Exception {
    Path config = writeConfig();
    Path out = temp.resolve("run");
    Process first = medcode("run", config.toString(), "--out", out.toString());
    Path log = out.resolve("scripted/predictions.jsonl");
    MedcodeProcess.awaitLines(first, log, 3);
    assertTrue(first.isAlive(), "the first run ended before the second started");
    for (List<String> second : List.of(List.of("run", config.toString(), "--out", out.toString()),
        List.of("run", "--resume", out.toString()), List.of("report", out.toString()))) {
      Process refused = medcode(second.toArray(String[]::new));
      String output = new String(refused.getInputStream().readAllBytes());
      assertEquals(2, refused.waitFor(), output);
      assertTrue(output.contains("is being written by another medcode process (pid " + first.pid() + ", medcode run"),
          output);
    }
    assertTrue(first.isAlive());
    first.destroyForcibly(); // SIGKILL: the operating system releases the lock
    first.waitFor(30, TimeUnit.SECONDS);

    Process resumed = medcode("run", "--resume", out.toString());
    String output = new String(resumed.getInputStream().readAllBytes());
    assertEquals(0, resumed.waitFor(), output);
    List<String> lines = Files.readAllLines(log);
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      assertTrue(ids.add(line.replaceAll("^\\{\"admission_id\":\"([^\"]+)\".*", "$1")), "twice: " + line);
    }
    assertEquals(ADMISSIONS, ids.size());
    assertTrue(Files.readString(out.resolve("run.lock")).contains("run --resume"));
    Process report = medcode("report", out.toString());
    String reported = new String(report.getInputStream().readAllBytes());
    assertEquals(0, report.waitFor(), reported);
    assertFalse(reported.contains("being written"), reported);
  }

  /**
   * A run still being written is not read as one that stopped: gate once judged it "interrupted ... continue it with
   * run --resume" (which the lock refuses) and exited 3, compare scored the answers so far (exit 0), baseline and table
   * said to finish it with --resume. Each is refused (exit 2) naming the process that writes it, as a second writer is.
   */
  @Test
  void aRunStillBeingWrittenIsNotReadAsOneThatStopped() throws Exception {
    Path config = writeConfig(2000);
    Path out = temp.resolve("running");
    Process first = medcode("run", config.toString(), "--out", out.toString());
    try {
      MedcodeProcess.awaitLines(first, out.resolve("scripted/predictions.jsonl"), 1);
      for (List<String> reader : List.of(List.of("gate", out.toString(), "--rule", "exact.micro.recall >= 0"),
          List.of("compare", out.toString(), out.toString(), "--out", temp.resolve("cmp").toString()),
          List.of("baseline", out.toString(), "--out", temp.resolve("baseline.json").toString()),
          List.of("table", out.toString()))) {
        assertTrue(first.isAlive(), "the run ended before " + reader.get(0));
        Process refused = medcode(reader.toArray(String[]::new));
        String output = new String(refused.getInputStream().readAllBytes());
        assertEquals(2, refused.waitFor(), reader.get(0) + ": " + output);
        assertTrue(output.contains(out + " is being written by another medcode process (pid " + first.pid()
            + ", medcode run"), reader.get(0) + ": " + output);
        assertFalse(output.contains("--resume"), output);
      }
      assertFalse(Files.exists(out.resolve("gate")), "a gate of the running run wrote its verdict");
      assertFalse(Files.exists(temp.resolve("baseline.json")));
    } finally {
      first.destroyForcibly();
      first.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Process medcode(String... args) throws IOException {
    return MedcodeProcess.start(temp.resolve("data"), args);
  }

  private Path writeConfig() throws IOException {
    return writeConfig(200);
  }

  private Path writeConfig(int millis) throws IOException {
    String[][] gold = new String[ADMISSIONS][];
    java.util.Arrays.fill(gold, new String[] {"I10"});
    return TinyData.write(temp, gold, 0, i -> "case " + i, "[ { name: scripted, millis: " + millis + " } ]", 0);
  }
}
