package org.medcode;

import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CSV file that does not parse (an unterminated quote, text after a closing quote), as one error naming the file
 * and the line the bad record starts on, in words rather than as a parser's exception; bytes that are not UTF-8 are
 * {@link Utf8#error}. Every CSV reader of medcode (datasets, predictions, code tables) reports the same way.
 */
public final class CsvSyntax {
  private static final Pattern START_LINE = Pattern.compile("\\(startline (\\d+)\\)\\s*");
  /** Commons CSV's other way of naming the line: "... at line: 4, position: 25". */
  private static final Pattern AT_LINE = Pattern.compile("\\s*at line: (\\d+), position: (\\d+)");

  private CsvSyntax() {}

  /**
   * The line a record starts on, from the line Commons CSV is at after reading it ({@code getCurrentLineNumber()}, the
   * line the record ends on) and its fields: each line end inside a quoted field (CRLF, CR or LF, counted once as the
   * parser counts it) is one line further back. A format that trims fields loses a line end at a field's edge.
   */
  public static long firstLine(long lastLine, String[] fields) {
    long ends = 0;
    for (String field : fields) {
      for (int i = 0; i < field.length(); i++) {
        char c = field.charAt(i);
        if (c == '\r' || c == '\n' && (i == 0 || field.charAt(i - 1) != '\r')) {
          ends++;
        }
      }
    }
    return lastLine - ends;
  }

  /**
   * The reader past a byte order mark at its start (Excel's "CSV UTF-8", R's {@code write.csv}): left to Commons CSV,
   * the mark stays in the first field, so a quoted first name ({@code \uFEFF"code"}) is no name.
   */
  public static java.io.BufferedReader pastByteOrderMark(java.io.BufferedReader reader) throws java.io.IOException {
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
    return reader;
  }

  /**
   * What to add to the error for a header that is not the one expected: when it is one field holding a semicolon
   * ({@code admission_id;code}, as Excel saves "CSV" where the decimal mark is a comma, in Spanish or German say), that
   * the file is separated by semicolons and how to save it; else nothing.
   */
  public static String semicolons(java.util.List<String> header) {
    return header.size() == 1 && header.get(0).contains(";") ? ": its fields are separated by ';' (as Excel saves"
        + " CSV where the decimal mark is a comma); save it with ',' between fields (in Excel or LibreOffice: CSV UTF-8"
        + " with the field delimiter ',')" : "";
  }

  /** The error for {@code failure} (thrown while reading {@code file}); {@code line} when the parser names none. */
  public static MedcodeException.BadInput error(Path file, long line, Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof CharacterCodingException) {
      return Utf8.error(file, cause);
    }
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    Matcher start = START_LINE.matcher(reason);
    Matcher at = AT_LINE.matcher(reason);
    if (start.find()) {
      line = Long.parseLong(start.group(1));
      reason = start.replaceFirst("");
    } else if (at.find()) {
      line = Long.parseLong(at.group(1));
      reason = at.replaceFirst(" (character " + at.group(2) + " of the file)");
    }
    String hint = reason.contains("EOF reached before encapsulated token finished")
        ? "a quoted field is never closed (the file ends inside it); close the quote, and double a quote inside a"
            + " quoted field: \"\""
        : reason;
    return new MedcodeException.BadInput(file, line, "expected CSV (RFC 4180): " + hint, failure);
  }
}
