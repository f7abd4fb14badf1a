package org.medcode.coder.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.medcode.coder.CoderException;

/** One exec worker process against what its stdout and stderr may hold (needs python3; skipped without it). */
class WorkerTest {
  private static final String HELLO = "{\"hello\": \"medcode-coder/v1\"}";

  /** A python3 worker: answers the hello, then runs {@code onRequest} for each request line. */
  private static List<String> worker(String onRequest) {
    return List.of("python3", "-c", String.join("\n",
        "import sys, time",
        "def out(s):",
        "    sys.stdout.write(s); sys.stdout.flush()",
        "sys.stdin.readline()",
        "out('{\"hello\": \"medcode-coder/v1\", \"model\": {\"name\": \"t\", \"version\": \"1\"}}\\n')",
        "for line in sys.stdin:",
        "    " + onRequest));
  }

  private static void needPython() {
    boolean present;
    try {
      present = new ProcessBuilder("python3", "--version").start().waitFor() == 0;
    } catch (Exception e) {
      present = false;
    }
    Assumptions.assumeTrue(present, "python3 is not on this machine");
  }

  @Test
  void anAnswerLineLongerThanTheBoundFailsItsAdmissionAtOnceWithoutReadingItAll() throws Exception {
    needPython();
    // 40 MB without a line break, then silence: read to its end it would fill the heap of a run with a worker that
    // writes without end; it is refused once it passes the bound, long before the admission's timeout
    Worker worker = Worker.start(1, worker("out('y' * (40 << 20)); time.sleep(60)"), null, HELLO, Duration.ofSeconds(20),
        new CoderLog());
    try {
      long started = System.nanoTime();
      CoderException e = assertThrows(CoderException.class,
          () -> worker.ask("{\"id\": \"A1\"}", "A1", Duration.ofSeconds(20)));
      assertEquals(Worker.BAD_RESPONSE, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("longer than 32 MB"), e.getMessage());
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(15)) < 0);
      assertTrue(worker.dead(), "the worker is stopped, to be replaced");
    } finally {
      worker.stop();
    }
  }
}
