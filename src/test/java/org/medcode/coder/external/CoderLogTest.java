package org.medcode.coder.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** coder.log: a worker flooding stderr with short lines cannot fill the disk (one grew it to 1.1 GB in 5 minutes). */
class CoderLogTest {

  @Test
  void stderrPastTheBoundIsCountedAndTheWorkersEventsAreStillLogged(@TempDir Path folder) throws Exception {
    CoderLog log = new CoderLog(10_000);
    log.open(folder);
    for (int i = 0; i < 1_000; i++) {
      log.stderr("worker 1 stderr", "progress " + i + " " + "x".repeat(40));
    }
    log.line("worker 1", "restarting");
    log.close();
    List<String> lines = Files.readAllLines(folder.resolve("coder.log"), StandardCharsets.UTF_8);
    long stderr = lines.stream().filter(l -> l.contains("[worker 1 stderr] progress")).count();
    assertTrue(stderr > 50 && stderr < 200, stderr + " stderr lines logged");
    assertEquals(1, lines.stream().filter(l -> l.contains("worker stderr passed")).count(), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.endsWith("[worker 1] restarting")), "events are always logged");
    String last = lines.get(lines.size() - 1);
    assertTrue(last.contains("[medcode] " + (1_000 - stderr) + " stderr lines ("), last);
    assertTrue(last.endsWith("characters) of this session not logged"), last);
    assertTrue(Files.size(folder.resolve("coder.log")) < 20_000, Files.size(folder.resolve("coder.log")) + " bytes");
  }
}
