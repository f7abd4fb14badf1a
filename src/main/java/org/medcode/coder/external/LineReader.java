package org.medcode.coder.external;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A worker's output stream split into lines of bytes, each decoded once whole ('\n' and '\r' are never part of a longer
 * UTF-8 sequence): one reader for its stdout (answers) and its stderr (the log), so that both end and bound a line
 * alike, and a worker writing without end can exhaust neither the heap nor the disk.
 */
final class LineReader {
  /** What ends a line: '\n' (a '\r' just before it is dropped), or '\r' too (as a progress bar redraws its line). */
  enum Ends { NEWLINE, NEWLINE_OR_RETURN }

  /** A line longer than the bound: stops the reading, delivered cut, or has its further bytes counted. */
  enum Overlong { STOP, COUNT }

  /** A line: its first bytes (at most the bound), how many more it had, and whether it ended (not the stream). */
  record Line(byte[] bytes, long more, boolean ended) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Its first {@code most} bytes, decoded. */
    String start(int most) {
      return new String(bytes, 0, Math.min(most, bytes.length), StandardCharsets.UTF_8);
    }
  }

  private LineReader() {}

  /**
   * Reads {@code in} to its end, giving each line to {@code sink}, the last one even without its end; of a line longer
   * than {@code longest} bytes, {@link Overlong#STOP} gives its start (with {@code more} 1) and reads no further.
   */
  static void read(InputStream in, Ends ends, int longest, Overlong overlong, Consumer<Line> sink) throws IOException {
    boolean returnEnds = ends == Ends.NEWLINE_OR_RETURN;
    byte[] kept = new byte[Math.min(longest, 8192)];
    int size = 0;
    long more = 0;
    boolean afterReturn = false;
    byte[] buffer = new byte[8192];
    for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        if (b == '\n' || (b == '\r' && returnEnds)) {
          if (!(b == '\n' && afterReturn)) { // "\r\n" ends one line
            boolean dropReturn = !returnEnds && more == 0 && size > 0 && kept[size - 1] == '\r';
            sink.accept(new Line(Arrays.copyOf(kept, dropReturn ? size - 1 : size), more, true));
          }
          size = 0;
          more = 0;
          afterReturn = b == '\r';
          continue;
        }
        afterReturn = false;
        if (size < longest) {
          if (size == kept.length) {
            kept = Arrays.copyOf(kept, (int) Math.min(longest, 2L * kept.length));
          }
          kept[size++] = b;
        } else if (overlong == Overlong.STOP) {
          sink.accept(new Line(Arrays.copyOf(kept, size), 1, false));
          return;
        } else {
          more++;
        }
      }
    }
    if (size > 0 || more > 0) {
      sink.accept(new Line(Arrays.copyOf(kept, size), more, false));
    }
  }
}
