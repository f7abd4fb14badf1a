package org.medcode.coder.external;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ends an {@code exec} coder's workers when medcode itself ends without stopping them (kill -9, the kernel's OOM
 * killer): a worker that reads its stdin then sees its end, but one that does not read never does, and lived on. The
 * guard is a small process of its own (this class's {@link #main}, on a second JVM) started with the coder: medcode
 * tells it on its stdin each worker started ({@code +PID}) and stopped ({@code -PID}); when its stdin ends with workers
 * still listed, medcode is gone without stopping them, and the guard ends them and their children. A process is ended
 * only while it is the one listed (same pid, same start instant), never a later process given the same pid.
 */
final class WorkerGuard implements AutoCloseable {
  /** No guard: workers are not ended when medcode is killed (a guard that could not start, and tests of one worker). */
  static final WorkerGuard NONE = new WorkerGuard(null);

  private final Process process;
  private final Writer stdin;

  private WorkerGuard(Process process) {
    this.process = process;
    this.stdin = process == null ? null : new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Starts the guard with this JVM's java and class path; its own output is discarded. */
  static WorkerGuard start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx16m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), WorkerGuard.class.getName());
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    return new WorkerGuard(builder.start());
  }

  /** The guard's own process id, for the coder's log. */
  long pid() {
    return process == null ? -1 : process.pid();
  }

  /** A worker started: ended by the guard if medcode ends without stopping it. */
  void started(long pid) {
    send("+" + pid);
  }

  /** A worker stopped (it has left): no longer the guard's. */
  void stopped(long pid) {
    send("-" + pid);
  }

  private synchronized void send(String line) {
    if (stdin == null) {
      return;
    }
    try {
      stdin.write(line);
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      // the guard is gone (ended by the same Ctrl-C as medcode): medcode's own shutdown stops the workers
    }
  }

  /**
   * Ends the guard once the workers are stopped: its input ends with none listed, and it leaves without ending anything
   * (one still listed, because it would not leave, it tries to end once more).
   */
  @Override
  public synchronized void close() {
    if (stdin == null) {
      return;
    }
    try {
      stdin.close();
    } catch (IOException e) {
      // gone already
    }
  }

  /** The guard's process: reads {@code +PID} and {@code -PID} lines; at their end, ends the workers still listed. */
  public static void main(String[] args) throws IOException {
    for (ProcessHandle worker : watch(System.in)) {
      end(worker);
    }
  }

  /** The workers still listed, and alive as the process first listed, when {@code in} ends. */
  static List<ProcessHandle> watch(InputStream in) throws IOException {
    Map<Long, Optional<Instant>> listed = new HashMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.length() < 2) {
        continue;
      }
      long pid;
      try {
        pid = Long.parseLong(line.substring(1));
      } catch (NumberFormatException e) {
        continue;
      }
      if (line.charAt(0) == '+') {
        listed.put(pid, ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()));
      } else if (line.charAt(0) == '-') {
        listed.remove(pid);
      }
    }
    return listed.entrySet().stream()
        .flatMap(e -> ProcessHandle.of(e.getKey())
            .filter(p -> p.isAlive() && p.info().startInstant().equals(e.getValue())).stream())
        .toList();
  }

  /** Ends a worker and the processes it started (taken first: once it has left they are no longer its descendants). */
  private static void end(ProcessHandle worker) {
    List<ProcessHandle> children = worker.descendants().toList();
    worker.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }
}
