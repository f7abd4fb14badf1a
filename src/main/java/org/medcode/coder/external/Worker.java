package org.medcode.coder.external;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.medcode.coder.CoderException;

/**
 * One worker process of an {@code exec} coder: started with the command, greeted ({@link Protocol#hello}) and expected
 * to answer with its own hello naming its model, then asked one admission at a time: a request line on its stdin, an
 * answer line on its stdout within the per-admission timeout. Its stdout is read on a thread of its own into lines (a
 * last line without its newline is a partial line); its stderr goes to the coder's log and the last lines are kept for
 * failure messages. A worker that timed out, died or left a partial line is stopped and must be replaced. The
 * coder's {@link WorkerGuard} knows it from its start to its end.
 */
final class Worker {
  /**
   * What the worker's stdout gave: a whole line, a partial line cut by the end of the stream, the start of a line longer
   * than the bound (not read further), or the end; {@code notUtf8} says where a line's bytes are not UTF-8 (else null),
   * its text holding U+FFFD there.
   */
  private record Line(String text, boolean complete, boolean end, boolean tooLong, String notUtf8) {
    Line(String text, boolean complete, boolean end, boolean tooLong) {
      this(text, complete, end, tooLong, null);
    }
  }

  static final String WORKER_DIED = "worker_died";
  static final String PARTIAL_LINE = "partial_line";
  static final String TIMEOUT = "timeout";
  static final String BAD_RESPONSE = "bad_response";
  /** The longest answer line read, as for an {@code http} answer: far above any model's answer. */
  static final long LONGEST_LINE = org.medcode.coder.remote.AnswerBody.LARGEST;
  private static final int TAIL_LINES = 20;
  /** What the log keeps of one stderr line: far above any message, a stack trace's line or a progress bar. */
  static final int LONGEST_LOGGED = 64 << 10;

  private final int number;
  private final Process process;
  private final Writer stdin;
  /** Writes to {@link #stdin}, and closes it: a write to a worker that does not read waits there, never on a caller. */
  private final java.util.concurrent.ExecutorService stdinWriter;
  /** Lines of stdout held unread: of a worker writing lines nobody asked for, only the latest are kept. */
  static final int QUEUED_LINES = 1000;
  /** Lines nobody asked for logged one by one before a request; the others are counted. */
  static final int LOGGED_IGNORED = 10;
  private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>(QUEUED_LINES);
  private final Deque<String> tail = new ArrayDeque<>();
  private final CoderLog log;
  private final WorkerGuard guard;
  private final Thread stderrReader;
  private String model;
  private volatile boolean dead;
  /** Lines dropped unread ({@link #queue}) since the last request. */
  private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();

  private Worker(int number, Process process, CoderLog log, WorkerGuard guard) {
    this.number = number;
    this.process = process;
    this.log = log;
    this.guard = guard;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.stdinWriter = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "exec-worker-" + number + "-stdin");
      thread.setDaemon(true);
      return thread;
    });
    Thread stdoutReader = new Thread(() -> readStdout(process), "exec-worker-" + number + "-stdout");
    stdoutReader.setDaemon(true);
    stdoutReader.start();
    stderrReader = new Thread(() -> readStderr(process), "exec-worker-" + number + "-stderr");
    stderrReader.setDaemon(true);
    stderrReader.start();
  }

  /** Starts a worker and shakes hands: it must answer the hello with its own within {@code startTimeout}. */
  static Worker start(int number, List<String> command, Path directory, String hello, Duration startTimeout, CoderLog log,
      WorkerGuard guard) throws CoderException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CoderException("worker_start", "cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
    guard.started(process.pid());
    log.line(source(number), "started pid " + process.pid() + ": " + String.join(" ", command));
    Worker worker = new Worker(number, process, log, guard);
    String answer = worker.exchange(hello, startTimeout, "the start-up handshake", "worker_start").text();
    JsonNode node;
    try {
      node = Protocol.JSON.readTree(answer);
    } catch (IOException e) {
      node = null;
    }
    if (node == null || !node.isObject() || !node.path("hello").isTextual()) {
      worker.stop();
      throw new CoderException("worker_start", "the worker did not answer the hello with its own {\"hello\": \""
          + Protocol.VERSION + "\", \"model\": {...}}, but: " + Protocol.excerpt(answer) + stdoutHint(answer)
          + worker.stderrTail());
    }
    if (!node.get("hello").asText().equals(Protocol.VERSION)) {
      worker.stop();
      throw new CoderException("worker_start", "the worker speaks " + Protocol.excerpt(node.get("hello").asText())
          + ", medcode speaks " + Protocol.VERSION);
    }
    worker.model = Protocol.model(node);
    log.line(source(number), "ready: " + (worker.model == null ? "the model named no name and version" : worker.model));
    return worker;
  }

  private static String source(int number) {
    return "worker " + number;
  }

  String model() {
    return model;
  }

  boolean dead() {
    return dead;
  }

  int number() {
    return number;
  }

  long pid() {
    return process.pid();
  }

  /** Lines of its stdout read and not yet taken. */
  int queued() {
    return lines.size();
  }

  /**
   * Sends one admission's request and returns its answer line; the worker's failures (no answer in time, a partial
   * line, its death) stop it and are the admission's failure, with the end of its stderr.
   */
  String ask(String request, String admission, Duration timeout) throws CoderException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Line answer = exchange(request, timeout, "admission " + admission, null);
    // Answers are matched by id: a late or repeated answer for an admission this worker was asked before is skipped
    // (and logged), not taken for this one; an answer for an admission never asked is the caller's wrong_id.
    for (String id = answerId(answer.text()); id != null && !id.equals(admission) && asked.contains(id);
        id = answerId(answer.text())) {
      log.line(source(number), "ignored a late or repeated answer for " + Protocol.excerpt(id) + " while waiting for "
          + admission);
      answer = next(deadline, timeout, "admission " + admission, null);
    }
    asked.add(admission);
    if (answer.notUtf8() != null) { // decoded, its bytes would be U+FFFD in a code, an evidence text or a rationale
      throw refused(new CoderException(Protocol.MALFORMED, "the answer for " + admission + " is not UTF-8: "
          + answer.notUtf8() + " (the protocol's lines are UTF-8; write text as UTF-8, e.g. Python's json.dumps, which"
          + " escapes it): " + Protocol.excerpt(answer.text())), answer.text());
    }
    return answer.text();
  }

  /** Where {@code bytes} are not UTF-8 ("byte 0xE9 at byte 52 of the line"), or null when they are. */
  static String notUtf8(byte[] bytes) {
    int bad = org.medcode.Utf8.malformedAt(bytes, StandardCharsets.UTF_8);
    return bad < 0 ? null
        : String.format(java.util.Locale.ROOT, "byte 0x%02X at byte %d of the line", bytes[bad] & 0xFF, bad + 1);
  }

  /** The admissions this worker was asked for. */
  private final java.util.Set<String> asked = new java.util.HashSet<>();

  /** The "id" of an answer line, or null when it has none (the caller's parser says why). */
  private static String answerId(String line) {
    try {
      JsonNode node = Protocol.JSON.readTree(line);
      return node != null && node.path("id").isTextual() ? node.get("id").asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private Line exchange(String request, Duration timeout, String what, String kindOverride)
      throws CoderException, InterruptedException {
    long ignored = 0;
    for (Line stale = lines.peek(); stale != null && !stale.end(); stale = lines.peek()) {
      lines.poll();
      if (++ignored <= LOGGED_IGNORED) {
        log.line(source(number), "ignored a line nobody asked for: " + Protocol.excerpt(stale.text()));
      }
    }
    long more = Math.max(0, ignored - LOGGED_IGNORED) + dropped.getAndSet(0);
    if (more > 0) {
      log.line(source(number), "ignored " + more + " more lines nobody asked for");
    }
    long end = System.nanoTime() + timeout.toNanos();
    // written by the worker's stdin thread: a worker that stops reading its stdin (alive, its pipe full) makes the write
    // wait, and the wait counts against the same timeout as the answer
    try {
      stdinWriter.submit(() -> {
        stdin.write(request);
        stdin.write('\n');
        stdin.flush();
        return null;
      }).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw failure(kindOverride != null ? kindOverride : WORKER_DIED, "the worker was stopped before " + what);
    } catch (java.util.concurrent.ExecutionException e) {
      throw failure(kindOverride != null ? kindOverride : WORKER_DIED, "the worker's stdin is closed ("
          + e.getCause().getMessage() + ") before " + what + exitStatus());
    } catch (java.util.concurrent.TimeoutException e) {
      throw failure(kindOverride != null ? kindOverride : TIMEOUT, "the worker did not read the request for " + what
          + " within " + timeout.toMillis() + " ms (it is not reading its stdin); the worker was stopped (a worker that"
          + " needs longer: raise the coder's " + (kindOverride != null ? "startTimeout" : "timeout") + ", in seconds)");
    }
    return next(end, timeout, what, kindOverride);
  }

  /**
   * The worker's next answer line by {@code end} ({@link System#nanoTime}), the end of {@code timeout}; its failures as in
   * {@link #exchange}.
   */
  private Line next(long end, Duration timeout, String what, String kindOverride)
      throws CoderException, InterruptedException {
    Line line = null;
    for (long left = end - System.nanoTime(); line == null && left > 0; left = end - System.nanoTime()) {
      line = lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
      if (line == null && !process.isAlive()) {
        line = lines.poll(50, TimeUnit.MILLISECONDS); // what it wrote last
        if (line == null) { // exited, but a child of its holds its stdout open: no end of stream will come
          throw failure(kindOverride != null ? kindOverride : WORKER_DIED, "the worker exited before answering " + what
              + exitStatus());
        }
      }
    }
    if (line == null) {
      throw failure(kindOverride != null ? kindOverride : TIMEOUT, "no answer for " + what + " within "
          + timeout.toMillis() + " ms; the worker was stopped (a worker that needs longer: raise the coder's "
          + (kindOverride != null ? "startTimeout" : "timeout") + ", in seconds)");
    }
    if (line.end()) {
      lines.offer(line);
      throw failure(kindOverride != null ? kindOverride : WORKER_DIED, "the worker ended its output before answering "
          + what + exitStatus());
    }
    if (line.tooLong()) {
      throw failure(kindOverride != null ? kindOverride : BAD_RESPONSE, "the worker's answer line for " + what
          + " is longer than " + (LONGEST_LINE >> 20) + " MB"
          + " (" + Protocol.excerpt(line.text()) + "): not read further; the worker was stopped");
    }
    if (!line.complete()) {
      throw failure(kindOverride != null ? kindOverride : PARTIAL_LINE, "the worker wrote a partial line for " + what
          + " and ended its output (" + Protocol.excerpt(line.text()) + ")" + exitStatus());
    }
    return line;
  }

  private String exitStatus() {
    try {
      if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
        return "; it exited with code " + process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "";
  }

  private CoderException failure(String kind, String message) {
    stop();
    String full = message + stderrTail();
    log.line(source(number), "failed (" + kind + "): " + message);
    return new CoderException(kind, full);
  }

  /**
   * An answer the protocol refused (malformed, for another admission, the coder's own error): the worker lives on, but
   * the failure goes into the coder's log and carries the end of its stderr, as the worker's own failures do.
   */
  CoderException refused(CoderException e, String answer) {
    String message = e.getMessage() + stdoutHint(answer);
    log.line(source(number), "failed (" + e.kind() + "): " + message);
    return new CoderException(e.kind(), message + stderrTail(), e);
  }

  /**
   * What to do about a line that is not even a JSON object, as a worker's progress or debugging print on stdout
   * ("loading model ..."): taken for its answer, it fails the hello or the admission, and each one after it.
   */
  private static String stdoutHint(String line) {
    return line.strip().startsWith("{") ? "" : " (a worker's stdout carries the protocol's lines only: write anything"
        + " else to stderr, which goes to coder.log)";
  }

  /** The last lines of the worker's stderr, for a failure message ("" when it wrote none). */
  String stderrTail() {
    try {
      // let the stderr of a dead worker drain; a live one's is read as it comes, a moment suffices for its last line
      stderrReader.join(process.isAlive() ? 50 : 300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (tail) {
      return tail.isEmpty() ? "" : "; its stderr ended with: " + String.join(" | ", tail);
    }
  }

  /** Stops the worker: closes its stdin, waits a moment for it to leave, then kills it and its children. */
  void stop() {
    if (dead && !process.isAlive()) {
      guard.stopped(process.pid());
      return;
    }
    dead = true;
    // its children, taken now: once the worker has left they are no longer its descendants, and would live on
    List<ProcessHandle> children = process.descendants().toList();
    // closed after a write still waiting on a full pipe, which ends (broken) once the worker is killed below
    try {
      stdinWriter.submit(() -> {
        stdin.close();
        return null;
      });
      stdinWriter.shutdown();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed by an earlier stop
    }
    try {
      if (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      for (ProcessHandle child : children) {
        if (child.isAlive() && child.destroyForcibly()) {
          try {
            child.onExit().get(2, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // it was told to go; the operating system ends it
          }
        }
      }
      if (!process.isAlive()) {
        guard.stopped(process.pid());
      }
    }
  }

  private void readStdout(Process process) {
    // a line longer than the bound is not read further: a worker writing without end must not exhaust the heap
    try (InputStream in = process.getInputStream()) {
      LineReader.read(in, LineReader.Ends.NEWLINE, (int) LONGEST_LINE, LineReader.Overlong.STOP, line -> queue(
          line.more() > 0 ? new Line(line.start(200), false, false, true)
              : new Line(line.text(), line.ended(), false, false, notUtf8(line.bytes()))));
    } catch (IOException e) {
      // the stream broke: the end below says so
    }
    dead = true;
    queue(new Line("", false, true, false));
  }

  /**
   * Queues a line of stdout; when {@link #QUEUED_LINES} wait to be taken, the oldest is dropped (and counted): a worker
   * that writes lines nobody asked for neither fills memory nor waits on a full pipe while medcode waits to write it
   * a request.
   */
  private void queue(Line line) {
    while (!lines.offer(line)) {
      if (lines.poll() != null) {
        dropped.incrementAndGet();
      }
    }
  }

  /**
   * The worker's stderr into the log, line by line ('\n', '\r' or both end one, as a progress bar redraws it); of a line
   * only its first {@link #LONGEST_LOGGED} bytes are kept, and the rest is counted, so that a worker writing a huge
   * line can neither exhaust the heap nor fill the log with it.
   */
  private void readStderr(Process process) {
    try (InputStream in = process.getErrorStream()) {
      LineReader.read(in, LineReader.Ends.NEWLINE_OR_RETURN, LONGEST_LOGGED, LineReader.Overlong.COUNT,
          line -> stderrLine(line.text(), line.more()));
    } catch (IOException e) {
      // the worker is gone
    }
  }

  private void stderrLine(String text, long dropped) {
    String line = text
        + (dropped > 0 ? "… (" + dropped + " more bytes of this line not logged)" : "");
    log.stderr(source(number) + " stderr", line);
    synchronized (tail) {
      tail.addLast(line.length() > 300 ? line.substring(0, 300) + "…" : line);
      while (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
    }
  }
}
