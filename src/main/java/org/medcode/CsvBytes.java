package org.medcode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the records of a plain CSV file from its bytes: ASCII, fields quoted or not but with no quote or line end inside
 * (so no field spans lines), LF, CRLF or CR line ends, empty lines skipped, a UTF-8 byte order mark at the start
 * skipped. The fields of the current record are byte ranges of the buffer, so a reader can compare and look up short
 * fields without making strings ({@link #pack}, {@link #is}). For such a file the records and line numbers are those
 * Commons CSV gives with {@code CSVFormat.DEFAULT}; at anything else (a quote inside a field, a line end inside quotes,
 * a byte above 0x7F or 0x00) it {@link GiveUp gives up}, and the caller reads the file again as text. Made for files of
 * millions of short rows (a CSV dataset's codes, a predictions CSV); {@code CsvBytesTest} compares it with Commons CSV
 * on random files.
 */
public final class CsvBytes {
  /** Thrown where the file is not plain: the caller reads it again as text. Carries no stack trace. */
  public static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GiveUp(String reason) {
      super(reason, null, false, false);
    }
  }

  private final InputStream in;
  private byte[] buffer;
  private int position;
  private int limit;
  private boolean eof;
  private long lines;
  private long line;
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private int size;
  private boolean byteOrderMark;

  public CsvBytes(InputStream in) throws IOException {
    this(in, 1 << 20);
  }

  /** With a buffer of {@code size} bytes at first (tests use tiny ones to cross every buffer boundary). */
  public CsvBytes(InputStream in, int size) throws IOException {
    this.in = in;
    this.buffer = new byte[Math.max(size, 3)];
    fill();
    if (Utf8.byteOrderMark(buffer, limit)) {
      position = 3;
      byteOrderMark = true;
    }
  }

  /** Whether the file starts with a UTF-8 byte order mark (skipped). */
  public boolean byteOrderMark() {
    return byteOrderMark;
  }

  /** The header row's names; gives up on a blank or repeated name or an empty file (as the dataset loader's FastCsv). */
  public List<String> header() throws IOException {
    if (!next()) {
      throw new GiveUp("no header");
    }
    String[] names = strings();
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (name.isBlank() || name.trim().isEmpty() || !seen.add(name)) {
        throw new GiveUp("blank or repeated header name");
      }
    }
    return List.of(names);
  }

  /** Moves to the next record; false at the end of the file. */
  public boolean next() throws IOException {
    while (true) {
      while (position < limit) { // empty lines
        byte c = buffer[position];
        if (c == '\n') {
          position++;
        } else if (c == '\r' && (position + 1 < limit || eof)) {
          position += position + 1 < limit && buffer[position + 1] == '\n' ? 2 : 1;
        } else {
          break;
        }
        lines++;
      }
      if (position == limit && eof) {
        return false;
      }
      int end = position == limit || buffer[position] == '\r' ? -1 : record(position);
      if (end < 0 || end < limit && buffer[end] == '\r' && end + 1 == limit && !eof) {
        more(); // the record, or a CR that may be followed by an LF, goes on beyond the buffer
        continue;
      }
      line = ++lines;
      boolean crlf = end < limit && buffer[end] == '\r' && end + 1 < limit && buffer[end + 1] == '\n';
      position = end == limit ? limit : crlf ? end + 2 : end + 1;
      return true;
    }
  }

  /**
   * Splits the record starting at {@code from} into fields; returns the position of its line end (or {@code limit} at
   * the end of the file), or -1 when the buffer ends first.
   */
  private int record(int from) {
    size = 0;
    int start = from;
    for (int i = from; ; i++) {
      if (i == limit) {
        if (!eof) {
          return -1;
        }
        field(start, i);
        return i;
      }
      byte c = buffer[i];
      if (c == ',') {
        field(start, i);
        start = i + 1;
      } else if (c == '\n' || c == '\r') {
        field(start, i);
        return i;
      } else if (c == '"' && i == start) {
        int after = quoted(i);
        if (after < 0) {
          return -1;
        }
        field(i + 1, after - 1);
        if (after == limit || buffer[after] != ',') {
          return after;
        }
        start = after + 1;
        i = after;
      } else if (c == '"' || c <= 0) {
        throw new GiveUp(c == '"' ? "a quote inside a field" : "a byte that is not ASCII");
      }
    }
  }

  /**
   * A quoted field opening at {@code open} that holds no quote and no line end: the position after its closing quote,
   * which must be a comma, a line end or the end of the file; -1 when the buffer ends first. Anything else (a doubled
   * quote, a line end inside, a byte after the closing quote, the end of the file inside) is left to the text reader.
   */
  private int quoted(int open) {
    for (int j = open + 1; ; j++) {
      if (j == limit) {
        if (!eof) {
          return -1;
        }
        throw new GiveUp("the end of the file inside quotes");
      }
      byte c = buffer[j];
      if (c == '"') {
        int after = j + 1;
        if (after == limit && !eof) {
          return -1; // a doubled quote or not: read more
        }
        if (after < limit && buffer[after] != ',' && buffer[after] != '\n' && buffer[after] != '\r') {
          throw new GiveUp("a doubled quote, or a character after a closing quote");
        }
        return after;
      }
      if (c == '\n' || c == '\r' || c <= 0) {
        throw new GiveUp("a line end or a byte that is not ASCII inside quotes");
      }
    }
  }

  private void field(int start, int end) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  /** Keeps the bytes from {@code position} on, at the start of the buffer (grown when full), and reads more. */
  private void more() throws IOException {
    System.arraycopy(buffer, position, buffer, 0, limit - position);
    limit -= position;
    position = 0;
    if (limit == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    fill();
  }

  private void fill() throws IOException {
    int read = in.readNBytes(buffer, limit, buffer.length - limit);
    eof = read < buffer.length - limit;
    limit += read;
  }

  /** The line number of the current record, as {@code CSVParser.getCurrentLineNumber()} after it. */
  public long line() {
    return line;
  }

  /** The number of fields of the current record. */
  public int size() {
    return size;
  }

  /** Field {@code i} as text. */
  public String text(int i) {
    return new String(buffer, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1);
  }

  /** Every field as text. */
  public String[] strings() {
    String[] fields = new String[size];
    for (int i = 0; i < size; i++) {
      fields[i] = text(i);
    }
    return fields;
  }

  /** Whether field {@code i} is empty. */
  public boolean empty(int i) {
    return ends[i] == starts[i];
  }

  /** Whether field {@code i} is not empty and has no white space or control character at either end. */
  public boolean trimmed(int i) {
    return ends[i] > starts[i] && buffer[starts[i]] > ' ' && buffer[ends[i] - 1] > ' ';
  }

  /** Field {@code i} as a key of {@link PackedKeys} (0 when longer than eight bytes). */
  public long pack(int i) {
    return PackedKeys.pack(buffer, starts[i], ends[i]);
  }

  /** Field {@code i} looked up by its bytes in {@code table} ({@link PackedKeys.Table#get(byte[], int, int, int, Function)}). */
  public <V> V lookup(int i, PackedKeys.Table<V> table, int limit, Function<String, V> compute) {
    return table.get(buffer, starts[i], ends[i], limit, compute);
  }

  /** Whether field {@code i} is {@code text}. */
  public boolean is(int i, String text) {
    return PackedKeys.sameText(buffer, starts[i], ends[i], text);
  }
}
