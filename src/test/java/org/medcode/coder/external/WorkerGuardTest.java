package org.medcode.coder.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The guard that ends an exec coder's workers when medcode is killed outright: a worker that does not read its stdin
 * never saw medcode's end and lived on (needs python3; skipped without it).
 */
class WorkerGuardTest {
  /** A worker that answers the hello, then lives on without reading its stdin. */
  private static final List<String> DEAF = List.of("python3", "-c", String.join("\n",
      "import sys, time",
      "sys.stdin.readline()",
      "sys.stdout.write('{\"hello\": \"medcode-coder/v1\"}\\n'); sys.stdout.flush()",
      "time.sleep(600)"));

  @Test
  void aWorkerLeftRunningIsEndedWhenTheGuardsInputEndsAsAtAKillOfMedcode() throws Exception {
    WorkerTest.needPython();
    WorkerGuard guard = WorkerGuard.start();
    Worker worker = Worker.start(1, DEAF, null, "{\"hello\": \"medcode-coder/v1\"}", Duration.ofSeconds(20),
        new CoderLog(), guard);
    ProcessHandle process = ProcessHandle.of(worker.pid()).orElseThrow();
    try {
      // medcode killed with kill -9: the pipe to the guard ends, and the worker was never stopped
      guard.close();
      process.onExit().get(60, TimeUnit.SECONDS);
      assertTrue(!process.isAlive(), "the worker was ended by the guard");
    } finally {
      worker.stop();
    }
  }

  @Test
  void aWorkerStoppedIsNoLongerTheGuardsNorIsAProcessGivenItsPidLater() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "600").start();
    Process other = new ProcessBuilder("sleep", "600").start();
    try {
      // listed and then stopped: not the guard's; listed and never stopped: ended
      String lines = "+" + sleeper.pid() + "\n-" + sleeper.pid() + "\n+" + other.pid() + "\n";
      assertEquals(List.of(other.pid()), WorkerGuard.watch(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)))
          .stream().map(ProcessHandle::pid).toList());
    } finally {
      sleeper.destroyForcibly();
      other.destroyForcibly();
    }
  }
}
