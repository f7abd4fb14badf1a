package org.medcode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The lines of an append-only file that is written one whole line at a time: a last line without its line break was
 * cut short by a kill (a torn line), not written by anyone. The file is read a buffer at a time, never held whole (a
 * coder's log of a whole split is hundreds of megabytes).
 */
public final class AppendedLines {
  private static final int BUFFER = 1 << 16;

  private AppendedLines() {}

  /** What is done with one complete line, numbered from 1. */
  @FunctionalInterface
  public interface Line {
    void accept(String text, long number) throws IOException;
  }

  /**
   * Gives each complete line of {@code file} that is not blank to {@code line}; returns the byte offset where a torn
   * last line starts, or -1.
   */
  public static long read(Path file, Line line) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[BUFFER];
      byte[] pending = new byte[1 << 12]; // the start of a line that began in an earlier buffer
      int held = 0;
      long lineStart = 0;
      long offset = 0;
      long number = 0;
      int read;
      while ((read = in.read(buffer)) > 0) {
        int from = 0;
        for (int i = 0; i < read; i++) {
          if (buffer[i] != '\n') {
            continue;
          }
          String text;
          if (held == 0) {
            text = new String(buffer, from, i - from, StandardCharsets.UTF_8);
          } else {
            pending = fit(pending, held + i - from);
            System.arraycopy(buffer, from, pending, held, i - from);
            text = new String(pending, 0, held + i - from, StandardCharsets.UTF_8);
            held = 0;
          }
          number++;
          if (!text.isBlank()) {
            line.accept(text, number);
          }
          from = i + 1;
          lineStart = offset + from;
        }
        pending = fit(pending, held + read - from);
        System.arraycopy(buffer, from, pending, held, read - from);
        held += read - from;
        offset += read;
      }
      return held > 0 ? lineStart : -1;
    }
  }

  private static byte[] fit(byte[] buffer, int size) {
    return size <= buffer.length ? buffer : Arrays.copyOf(buffer, Math.max(size, buffer.length * 2));
  }
}
