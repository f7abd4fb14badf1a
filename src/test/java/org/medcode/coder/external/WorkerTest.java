package org.medcode.coder.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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

  static void needPython() {
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
        new CoderLog(), WorkerGuard.NONE);
    try {
      // the worker sleeps after the 40 MB: an answer read to its end would be a timeout, not a refusal by the bound
      CoderException e = assertThrows(CoderException.class,
          () -> worker.ask("{\"id\": \"A1\"}", "A1", Duration.ofSeconds(20)));
      assertEquals(Worker.BAD_RESPONSE, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("longer than 32 MB"), e.getMessage());
      assertTrue(worker.dead(), "the worker is stopped, to be replaced");
    } finally {
      worker.stop();
    }
  }

  @Test
  void aSilenceNamesTheSettingToRaise() throws Exception {
    needPython();
    // a worker that loads a large model before its hello, and one that thinks long on an admission: each message says
    // which of the coder's two settings gives it longer
    List<String> slowStart = List.of("python3", "-c", "import sys, time; sys.stdin.readline(); time.sleep(30)");
    CoderException start = assertThrows(CoderException.class,
        () -> Worker.start(1, slowStart, null, HELLO, Duration.ofMillis(500), new CoderLog(), WorkerGuard.NONE));
    assertEquals("worker_start", start.kind(), start.getMessage());
    assertTrue(start.getMessage().contains("raise the coder's startTimeout, in seconds"), start.getMessage());
    Worker worker = Worker.start(1, worker("time.sleep(30)"), null, HELLO, Duration.ofSeconds(20), new CoderLog(),
        WorkerGuard.NONE);
    try {
      CoderException slow = assertThrows(CoderException.class,
          () -> worker.ask("{\"id\": \"A1\"}", "A1", Duration.ofMillis(500)));
      assertTrue(slow.getMessage().contains("raise the coder's timeout, in seconds"), slow.getMessage());
    } finally {
      worker.stop();
    }
  }

  @Test
  void aHugeStderrLineIsLoggedCutWithItsLengthAndTheAnswerStillCounts(@TempDir Path folder) throws Exception {
    needPython();
    // 20 MB of stderr in one line: read whole it took the heap (a 300 MB line: 2.8 GB resident) and went into coder.log
    // whole; the log keeps its start and says how much more there was, and the worker's answer is read as usual
    CoderLog log = new CoderLog();
    log.open(folder);
    Worker worker = Worker.start(1, worker("sys.stderr.write('x' * (20 << 20) + '\\n'); sys.stderr.flush();"
        + " out('{\"id\": \"A1\", \"codes\": [\"I10\"]}\\n')"), null, HELLO, Duration.ofSeconds(20), log,
        WorkerGuard.NONE);
    try {
      String answer = worker.ask("{\"id\": \"A1\"}", "A1", Duration.ofSeconds(20));
      assertEquals("{\"id\": \"A1\", \"codes\": [\"I10\"]}", answer);
      worker.stop();
      log.close();
      List<String> logged = Files.readAllLines(folder.resolve("coder.log"), StandardCharsets.UTF_8);
      String line = logged.stream().filter(l -> l.contains("[worker 1 stderr] x")).findFirst().orElseThrow();
      assertTrue(line.length() < Worker.LONGEST_LOGGED + 200, "logged " + line.length() + " characters");
      assertTrue(line.endsWith("… (" + ((20 << 20) - Worker.LONGEST_LOGGED) + " more bytes of this line not logged)"),
          line.substring(line.length() - 100));
    } finally {
      worker.stop();
    }
  }

  @Test
  void linesNobodyAskedForAreHeldInBoundedMemoryAndTheNextAnswerStillCounts(@TempDir Path folder) throws Exception {
    needPython();
    // after its first answer the worker writes 300,000 lines nobody asked for: all were held in memory until the next
    // request (3 million: 1.1 GB resident), and each went into coder.log
    CoderLog log = new CoderLog();
    log.open(folder);
    Worker worker = Worker.start(1, worker("i = __import__('json').loads(line)['id']; out('{\"id\": \"%s\", \"codes\": []}\\n' % i)\n"
        + "    if i == 'A1': out(''.join('junk %d\\n' % k for k in range(300000)))"), null, HELLO, Duration.ofSeconds(20),
        log, WorkerGuard.NONE);
    try {
      assertEquals("{\"id\": \"A1\", \"codes\": []}", worker.ask("{\"id\": \"A1\"}", "A1", Duration.ofSeconds(20)));
      Thread.sleep(2000); // the worker writes what it will
      assertTrue(worker.queued() <= Worker.QUEUED_LINES, worker.queued() + " lines held");
      // the next request drains them (the worker writes the rest meanwhile) and its answer is read
      String answer = worker.ask("{\"id\": \"A2\"}", "A2", Duration.ofSeconds(20));
      int asks = 1;
      for (; answer.startsWith("junk") && asks < 300000; asks++) { // junk written after the request: taken, as before
        answer = worker.ask("{\"id\": \"A2\"}", "A2", Duration.ofSeconds(20));
      }
      assertEquals("{\"id\": \"A2\", \"codes\": []}", answer);
      worker.stop();
      log.close();
      long ignored = Files.readAllLines(folder.resolve("coder.log")).stream().filter(l -> l.contains("nobody asked")).count();
      // a few per request, with the count of the others
      assertTrue(ignored <= (long) asks * (Worker.LOGGED_IGNORED + 1), ignored + " lines logged as ignored, " + asks + " asks");
    } finally {
      worker.stop();
    }
  }

  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // without the bound the write waited for ever
  void aWorkerThatStopsReadingItsStdinTimesOutInsteadOfHangingTheWrite() throws Exception {
    needPython();
    // the worker answers the hello, then lives on without reading: a request larger than the pipe's buffer (64 kB on
    // Linux; a long note, or requests that pile up) waited in the write for ever, before the answer's timeout began
    List<String> deaf = List.of("python3", "-c", String.join("\n",
        "import sys, time",
        "sys.stdin.readline()",
        "sys.stdout.write('{\"hello\": \"medcode-coder/v1\"}\\n'); sys.stdout.flush()",
        "time.sleep(600)"));
    Worker worker = Worker.start(1, deaf, null, HELLO, Duration.ofSeconds(20), new CoderLog(), WorkerGuard.NONE);
    try {
      String request = "{\"id\": \"A1\", \"note\": \"" + "x".repeat(1 << 20) + "\"}";
      CoderException e = assertThrows(CoderException.class, () -> worker.ask(request, "A1", Duration.ofSeconds(1)));
      assertEquals(Worker.TIMEOUT, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("did not read the request for admission A1 within 1000 ms (it is not reading its"
          + " stdin)"), e.getMessage());
      assertTrue(worker.dead(), "the worker is stopped, to be replaced");
    } finally {
      worker.stop();
    }
  }

  @Test
  void aPrintOnStdoutIsTakenForTheHelloAndTheMessageSaysWhereItGoes() throws Exception {
    needPython();
    // a progress line printed on stdout before the hello: the start failed quoting it, without saying where it belongs
    List<String> chatty = List.of("python3", "-c", String.join("\n",
        "import sys",
        "print('loading model ...', flush=True)",
        "sys.stdin.readline()",
        "print('{\"hello\": \"medcode-coder/v1\"}', flush=True)",
        "sys.stdin.readline()"));
    CoderException e = assertThrows(CoderException.class,
        () -> Worker.start(1, chatty, null, HELLO, Duration.ofSeconds(20), new CoderLog(), WorkerGuard.NONE));
    assertTrue(e.getMessage().contains("but: loading model ... (a worker's stdout carries the protocol's lines only: write"
        + " anything else to stderr, which goes to coder.log)"), e.getMessage());
  }

  @Test
  void anAnswerThatIsNotUtf8FailsItsAdmissionAsMalformedAndTheWorkerLivesOn() throws Exception {
    needPython();
    // a worker writing Latin-1 ("I10\xe9", "caf\xe9"): the bytes were decoded as U+FFFD and logged as the code 'I10\uFFFD'
    // (an invalid code, the admission answered) or a rationale 'caf\uFFFD', without a word
    Worker worker = Worker.start(1, worker("import json; i = json.loads(line)['id']; sys.stdout.buffer.write("
        + "('{\"id\": \"%s\", \"codes\": [\"I10\\xe9\"]}\\n' % i).encode('latin-1') if i == 'A1' else "
        + "('{\"id\": \"%s\", \"codes\": [\"I10\"]}\\n' % i).encode()); sys.stdout.flush()"), null, HELLO,
        Duration.ofSeconds(20), new CoderLog(), WorkerGuard.NONE);
    try {
      CoderException e = assertThrows(CoderException.class,
          () -> worker.ask("{\"id\": \"A1\"}", "A1", Duration.ofSeconds(20)));
      assertEquals(Protocol.MALFORMED, e.kind(), e.getMessage());
      assertTrue(e.getMessage().startsWith("the answer for A1 is not UTF-8: byte 0xE9 at byte 28 of the line"),
          e.getMessage());
      assertEquals("{\"id\": \"A2\", \"codes\": [\"I10\"]}", worker.ask("{\"id\": \"A2\"}", "A2", Duration.ofSeconds(20)),
          "the worker lives on");
    } finally {
      worker.stop();
    }
  }
}
