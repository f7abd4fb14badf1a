package org.medcode.dataset;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the records of a CSV file exactly as Commons CSV does with the format of {@link CsvLoader} (RFC 4180 with
 * {@code CSVFormat.DEFAULT}: comma, double quotes doubled inside quoted fields, CR, LF or CRLF line ends, empty lines
 * skipped) and gives the same line numbers ({@code CSVParser.getCurrentLineNumber()}), two to three times faster. It
 * reads only well-formed files: at anything Commons CSV would treat specially or reject (a character between a closing
 * quote and the next delimiter, end of file inside quotes, a read or decoding error, a header with a blank or repeated
 * name, no header at all) it {@link GiveUp gives up}, and the caller reads the files again with Commons CSV, which then
 * says what it always said. Its buffer (64 k chars) is larger than Commons CSV's, so a decoding error stops it no later
 * in the file than it stops Commons CSV. {@code FastCsvTest} compares the two on random files.
 */
final class FastCsv {
  private static final int EOF = -1;
  private static final int UNDEFINED = -2;

  /** Thrown where Commons CSV must decide; carries no stack trace. */
  static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GiveUp(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Reader reader;
  private final char[] buffer;
  private int position;
  private int limit;
  private int last = UNDEFINED;
  private long lines;
  private long first;
  private final StringBuilder field = new StringBuilder();
  private final List<String> fields = new ArrayList<>();
  private boolean ended;

  FastCsv(Reader reader) {
    this(reader, 1 << 16);
  }

  /** With a buffer of {@code size} chars (tests use tiny ones to cross every buffer boundary). */
  FastCsv(Reader reader, int size) {
    this.reader = reader;
    this.buffer = new char[size];
  }

  /** The header row's names; gives up on a blank or repeated name or an empty file. */
  List<String> header() {
    String[] names = next();
    if (names == null) {
      throw new GiveUp("no header");
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (name.isBlank() || name.trim().isEmpty() || !seen.add(name)) {
        throw new GiveUp("blank or repeated header name");
      }
    }
    return List.of(names);
  }

  /** The current line number, as {@code CSVParser.getCurrentLineNumber()} after the last record returned. */
  long line() {
    return last == '\r' || last == '\n' || last == UNDEFINED || last == EOF ? lines : lines + 1;
  }

  /** The line the last record returned starts on (a quoted field may hold line ends; {@link #line} is where it ends). */
  long firstLine() {
    return first;
  }

  /** The next record's fields, or null at the end of the file. */
  String[] next() {
    if (ended) {
      return null;
    }
    int c = read();
    while (c == '\n' || c == '\r') {
      if (c == '\r' && peek() == '\n') {
        read();
      }
      c = read();
    }
    if (c == EOF) {
      ended = true;
      return null;
    }
    first = lines + 1; // every line end before the record's first character is counted
    fields.clear();
    while (true) {
      int end;
      if (c == '"') {
        fields.add(quoted());
        end = read();
        if (end != ',' && end != '\n' && end != '\r' && end != EOF) {
          throw new GiveUp("a character after a closing quote");
        }
      } else if (c == ',' || c == '\n' || c == '\r' || c == EOF) {
        fields.add("");
        end = c;
      } else {
        fields.add(simple(c));
        end = read();
      }
      if (end == ',') {
        c = read();
        continue;
      }
      if (end == '\r' && peek() == '\n') {
        read();
      }
      ended = end == EOF;
      return fields.toArray(new String[0]);
    }
  }

  /** An unquoted field starting with {@code first}; stops before the delimiter or line end (left to be read). */
  private String simple(int first) {
    int start = position - 1;
    field.setLength(0);
    while (true) {
      int i = position;
      while (i < limit) {
        char ch = buffer[i];
        if (ch == ',' || ch == '\n' || ch == '\r') {
          break;
        }
        i++;
      }
      if (i < limit) {
        String value;
        if (field.length() == 0 && start >= 0) {
          value = new String(buffer, start, i - start);
        } else {
          field.append(buffer, Math.max(start, 0), i - Math.max(start, 0));
          value = field.toString();
        }
        last = i > Math.max(start, 0) ? buffer[i - 1] : last;
        position = i;
        return value;
      }
      if (start >= 0) {
        field.append(buffer, start, limit - start);
      } else {
        field.append(buffer, 0, limit);
      }
      if (limit > 0) {
        last = buffer[limit - 1];
      }
      position = limit;
      if (!fill()) {
        return field.toString();
      }
      start = -1;
    }
  }

  /** A quoted field after its opening quote, up to and including the closing quote. */
  private String quoted() {
    field.setLength(0);
    while (true) {
      if (position >= limit && !fill()) {
        throw new GiveUp("end of file inside quotes");
      }
      int start = position;
      int i = position;
      int previous = last;
      while (i < limit) {
        char ch = buffer[i];
        if (ch == '"') {
          break;
        }
        if (ch == '\r' || ch == '\n' && previous != '\r') {
          lines++;
        }
        previous = ch;
        i++;
      }
      field.append(buffer, start, i - start);
      last = previous;
      position = i;
      if (i < limit) {
        read(); // the quote
        if (peek() == '"') {
          read();
          field.append('"');
        } else {
          return field.toString();
        }
      }
    }
  }

  private int read() {
    if (position >= limit && !fill()) {
      if (last != '\r' && last != '\n' && last != EOF) {
        lines++;
      }
      last = EOF;
      return EOF;
    }
    char c = buffer[position++];
    if (c == '\r' || c == '\n' && last != '\r') {
      lines++;
    }
    last = c;
    return c;
  }

  private int peek() {
    if (position >= limit && !fill()) {
      return EOF;
    }
    return buffer[position];
  }

  /** Reads the next chars into the buffer; false at the end of the file. */
  private boolean fill() {
    if (last == EOF) {
      return false;
    }
    int n;
    try {
      do {
        n = reader.read(buffer, 0, buffer.length);
      } while (n == 0);
    } catch (IOException e) {
      throw new GiveUp("read error: " + e);
    }
    position = 0;
    limit = Math.max(n, 0);
    return n > 0;
  }
}
