package org.medcode.coder.external;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The log of an exec coder in its run folder ({@code <coder>/coder.log}, appended to by every session): its workers'
 * stderr line by line, and their starts, handshakes, restarts and failures. Lines written before the run names the
 * folder (the start-up handshake) are kept and written first.
 */
final class CoderLog {
  private static final int MAX_BUFFERED = 10_000;
  /** The most worker stderr one session writes into the log: a worker that floods it cannot fill the disk. */
  static final long MOST_STDERR_BYTES = 100L << 20;
  private final List<String> buffered = new ArrayList<>();
  private final long mostStderrBytes;
  private long stderrBytes;
  private long skippedLines;
  private long skippedBytes;
  private BufferedWriter out;

  CoderLog() {
    this(MOST_STDERR_BYTES);
  }

  /** A log that writes at most {@code mostStderrBytes} of worker stderr per session, counting the rest. */
  CoderLog(long mostStderrBytes) {
    this.mostStderrBytes = mostStderrBytes;
  }

  /** Opens the log file in the coder's folder; what was logged until now goes first. */
  synchronized void open(Path folder) throws IOException {
    if (out != null) {
      return;
    }
    Files.createDirectories(folder);
    out = Files.newBufferedWriter(folder.resolve("coder.log"), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    for (String line : buffered) {
      out.write(line);
      out.newLine();
    }
    buffered.clear();
    out.flush();
  }

  /** One line, stamped and prefixed with its source ({@code worker 2}, {@code worker 2 stderr}). */
  synchronized void line(String source, String text) {
    String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " [" + source + "] " + text;
    if (out == null) {
      if (buffered.size() < MAX_BUFFERED) {
        buffered.add(line);
      }
      return;
    }
    try {
      out.write(line);
      out.newLine();
      out.flush();
    } catch (IOException e) {
      // the log is for people; a full disk must not fail the admission being coded
    }
  }

  /**
   * A line a worker wrote to stderr: logged as {@link #line} until this session's log holds {@link
   * #MOST_STDERR_BYTES} of them, then counted (said once when it starts, and in total when the log closes); the
   * workers' starts, restarts and failures are always logged.
   */
  synchronized void stderr(String source, String text) {
    long size = text.length() + source.length() + 40L;
    if (stderrBytes + size <= mostStderrBytes) {
      stderrBytes += size;
      line(source, text);
      return;
    }
    if (skippedLines == 0) {
      line("medcode", "worker stderr passed " + mostStderrBytes / (1 << 20) + " MB in this session; later stderr lines"
          + " are counted, not logged");
    }
    skippedLines++;
    skippedBytes += text.length();
  }

  synchronized void close() {
    try {
      if (skippedLines > 0) {
        line("medcode", skippedLines + " stderr lines (" + skippedBytes + " characters) of this session not logged");
        skippedLines = 0;
        skippedBytes = 0;
      }
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
