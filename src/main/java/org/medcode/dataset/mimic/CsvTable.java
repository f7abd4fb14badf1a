package org.medcode.dataset.mimic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.medcode.CsvSyntax;
import org.medcode.Ids;
import org.medcode.MedcodeException;
import org.medcode.PublicData;

/**
 * One MIMIC table read as a stream of rows (RFC 4180, UTF-8, gzip when the name ends in {@code .gz}); nothing but the
 * current row is held. The header must have the required columns (matched case-insensitively, so MIMIC-III's upper-case
 * names work); every row must have as many fields as the header. Errors name the file and the row's first line.
 */
final class CsvTable implements AutoCloseable {
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();
  private static final int BUFFER = 1 << 16;
  /** What to do about a MIMIC table that is not whole. */
  private static final String RELEASE = "copy it again from its release (PhysioNet lists each file's SHA-256 in"
      + " SHA256SUMS.txt: check the copy with sha256sum -c SHA256SUMS.txt in the release folder)";

  private final Path file;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final Map<String, Integer> columns = new HashMap<>();
  private final int width;
  private CSVRecord row;
  private long line;

  private CsvTable(Path file, String what, List<String> required) {
    this.file = file;
    PublicData.reading(file); // the MIMIC-IV demo's tables, when pulled
    try {
      InputStream in = Files.newInputStream(file);
      if (file.getFileName().toString().endsWith(".gz")) {
        in = new GZIPInputStream(in, BUFFER);
      }
      // A strict decoder: a byte that is not UTF-8 is an error naming the line, never a replacement character in a code.
      parser = CSVParser.parse(org.medcode.CsvSyntax.pastByteOrderMark(
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()), BUFFER)), FORMAT);
      records = parser.iterator();
    } catch (java.nio.charset.CharacterCodingException e) { // in the first characters, which the peek above decoded
      throw org.medcode.Utf8.error(file, e, file.toString().endsWith(".gz"));
    } catch (IOException e) {
      MedcodeException.BadInput cut = notWhole(file, e, RELEASE);
      throw cut != null ? cut : new MedcodeException.BadInput(file, 0, "cannot read " + what + ": " + e.getMessage(), e);
    }
    List<String> header = new ArrayList<>();
    if (advance()) {
      row.forEach(name -> header.add((header.isEmpty() ? name.replace("\uFEFF", "") : name).strip()
          .toLowerCase(Locale.ROOT))); // a byte order mark before the first name is skipped
    }
    for (int i = 0; i < header.size(); i++) {
      columns.putIfAbsent(header.get(i), i);
    }
    width = header.size();
    List<String> missing = required.stream().filter(name -> !columns.containsKey(name)).toList();
    if (!missing.isEmpty()) {
      close();
      throw new MedcodeException.BadInput(file, header.isEmpty() ? 1 : line, "expected a header with the columns "
          + String.join(",", required) + " (" + what + "); missing " + String.join(",", missing) + ", found "
          + (header.isEmpty() ? "an empty file" : String.join(",", header)));
    }
  }

  /** Opens a table and checks its header. */
  static CsvTable open(Path file, String what, List<String> required) {
    return new CsvTable(file, what, required);
  }

  /** The index of a column (lower-case name), or -1 when the header lacks it. */
  int column(String name) {
    return columns.getOrDefault(name, -1);
  }

  /** Moves to the next row; false at the end. */
  boolean next() {
    if (!advance()) {
      return false;
    }
    if (row.size() != width) {
      throw bad("expected " + width + " fields as in the header, found " + row.size());
    }
    return true;
  }

  private boolean advance() {
    try {
      if (!records.hasNext()) {
        return false;
      }
      row = records.next();
      // the line it starts on, blank lines before it (skipped) and line ends inside its quoted fields counted
      line = CsvSyntax.firstLine(parser.getCurrentLineNumber(), row.values());
      return true;
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof java.nio.charset.CharacterCodingException coding) {
        close();
        throw org.medcode.Utf8.error(file, coding, file.toString().endsWith(".gz"));
      }
      MedcodeException.BadInput cut = notWhole(file, e.getCause(), RELEASE);
      if (cut != null) {
        close();
        throw cut;
      }
      throw new MedcodeException.BadInput(file, parser.getCurrentLineNumber() + 1, "cannot read: " + e.getMessage()
          + " (expected RFC 4180 CSV" + (file.toString().endsWith(".gz") ? ", gzip-compressed" : "") + ")", e);
    }
  }

  /**
   * The error for a gzip-compressed file whose stream ends early (a copy cut short), saying so and what to do
   * ({@code remedy}); null for another failure. It names no line: the reader decompresses ahead of the rows it parsed.
   */
  static MedcodeException.BadInput notWhole(Path file, Throwable cause, String remedy) {
    if (!file.toString().endsWith(".gz") || !(cause instanceof java.io.EOFException)) {
      return null;
    }
    return new MedcodeException.BadInput(file, 0, "cut short: its gzip stream ends early (" + cause.getClass()
        .getSimpleName() + ": " + cause.getMessage() + "), so it cannot be read to its end; " + remedy, cause);
  }

  /** The field at a column index of the current row ({@code ""} for index -1). */
  String get(int column) {
    return column < 0 ? "" : row.get(column);
  }

  /** A whole number field; empty gives {@code missing}, anything else not a number is an error naming the column. */
  long number(int column, String name, long missing) {
    String value = get(column).strip();
    if (value.isEmpty()) {
      return missing;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw bad("expected " + name + " to be a whole number, got " + Ids.show(value));
    }
  }

  /** The first line of the current row. */
  long line() {
    return line;
  }

  Path file() {
    return file;
  }

  MedcodeException.BadInput bad(String problem) {
    return new MedcodeException.BadInput(file, line, problem);
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
