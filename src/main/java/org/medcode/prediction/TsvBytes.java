package org.medcode.prediction;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.medcode.Utf8;

/**
 * Reads a predictions TSV straight from its bytes, for the common file: ASCII text with LF or CR LF line ends. Each
 * line goes to {@link Lines}: one with one or two tabs as byte ranges (no string made for it), any other as a string.
 * The first byte such a file cannot hold (a byte above 0x7E, a carriage return alone, a control character other than
 * tab) stops the read, which {@link #read} reports by returning false: the caller then reads the whole file again as
 * text, so every other file, and every error in it, reads exactly as before. A UTF-8 byte order mark at the start is
 * skipped.
 */
final class TsvBytes {
  private TsvBytes() {}

  /** What a line of the file holds. */
  interface Lines {
    /**
     * A line with one tab ({@code scoreStart < 0}) or two: admission, code and score as ranges of {@code bytes}; the
     * line is not blank.
     */
    void fields(long number, byte[] bytes, int idStart, int idEnd, int codeStart, int codeEnd, int scoreStart,
        int scoreEnd);

    /** Any other line that is not blank (no tab, three or more), as text. */
    void other(long number, String line);
  }

  private static final int BUFFER = 1 << 20;

  /** Reads every line of {@code file}; false (after the lines before it) at the first byte only text reading takes. */
  static boolean read(Path file, Lines lines) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[BUFFER];
      int end = in.readNBytes(buffer, 0, buffer.length);
      int start = Utf8.byteOrderMark(buffer, end) ? 3 : 0;
      boolean eof = end < buffer.length;
      Scan scan = new Scan();
      long number = 0;
      while (true) {
        int lineEnd = scan.line(buffer, start, end);
        if (lineEnd == end && !eof) { // the line goes on beyond the buffer: keep its start, read more
          System.arraycopy(buffer, start, buffer, 0, end - start);
          end -= start;
          start = 0;
          if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
          }
          int read = in.readNBytes(buffer, end, buffer.length - end);
          eof = read < buffer.length - end;
          end += read;
          continue;
        }
        if (lineEnd == end && start == end) {
          return true; // the file ends with a line end, or is empty
        }
        number++;
        if (scan.unusual) {
          return false;
        }
        if (!scan.blank) {
          if (scan.tabs == 1) {
            lines.fields(number, buffer, start, scan.tab, scan.tab + 1, lineEnd, -1, -1);
          } else if (scan.tabs == 2) {
            lines.fields(number, buffer, start, scan.tab, scan.tab + 1, scan.tab2, scan.tab2 + 1, lineEnd);
          } else {
            lines.other(number, new String(buffer, start, lineEnd - start, StandardCharsets.ISO_8859_1));
          }
        }
        if (lineEnd == end) {
          return true;
        }
        start = lineEnd + scan.terminator;
      }
    }
  }

  /**
   * The last line scanned: its first two tabs, how many tabs, whether it is blank or holds an unusual byte, and the
   * length of its line end (LF 1, CR LF 2).
   */
  private static final class Scan {
    int tab;
    int tab2;
    int tabs;
    boolean blank;
    boolean unusual;
    int terminator;

    /** Scans from {@code start} to the next line end; returns its position, or {@code end} when there is none. */
    int line(byte[] b, int start, int end) {
      tabs = 0;
      blank = true;
      unusual = false;
      for (int i = start; i < end; i++) {
        byte c = b[i];
        if (c == '\n') {
          terminator = 1;
          return i;
        } else if (c == '\r') {
          if (i + 1 < end && b[i + 1] == '\n') {
            terminator = 2;
            return i;
          }
          unusual = true; // a CR alone, or the last byte read so far (read again with more)
        } else if (c == '\t') {
          if (tabs == 0) {
            tab = i;
          } else if (tabs == 1) {
            tab2 = i;
          }
          tabs++;
        } else if (c < 0x20 || c > 0x7E) { // negative: a byte of a multi-byte character
          unusual = true;
        } else if (c != ' ') {
          blank = false;
        }
      }
      return end;
    }
  }
}
