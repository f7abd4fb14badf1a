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
  private final List<String> buffered = new ArrayList<>();
  private BufferedWriter out;

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

  synchronized void close() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
