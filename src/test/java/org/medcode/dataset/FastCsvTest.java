package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.medcode.CsvSyntax;

/**
 * {@link FastCsv} against Commons CSV (the format {@link CsvLoader} used before it) on random files, with buffers from
 * one char up so that every field, quote pair and CR LF also straddles a buffer boundary: for every file, the records
 * and line numbers FastCsv returns before it ends or gives up are exactly the first ones Commons CSV returns, and FastCsv
 * reads a file to its end only when Commons CSV does, with the same records. Well-formed files (as a CSV writer makes
 * them, with any line ends and empty lines) are read to the end.
 */
class FastCsvTest {
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
      .setIgnoreEmptyLines(true).get();

  /** A record's fields, the line it ends on (the parser's line number after it) and the line it starts on. */
  record Row(List<String> fields, long line, long first) {}

  /** What Commons CSV reads: the header, the rows, and whether it failed after them (shared with CsvBytesTest). */
  record Read(List<String> header, List<Row> rows, boolean failed) {}

  static Read commons(String text) {
    List<Row> rows = new ArrayList<>();
    try (CSVParser parser = FORMAT.parse(new StringReader(text))) {
      List<String> header = parser.getHeaderNames();
      for (CSVRecord record : parser) {
        rows.add(new Row(List.of(record.values()), parser.getCurrentLineNumber(),
            CsvSyntax.firstLine(parser.getCurrentLineNumber(), record.values())));
      }
      return new Read(header, rows, false);
    } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      return new Read(null, rows, true);
    }
  }

  /** Compares; returns whether FastCsv read the whole file. */
  private static boolean same(String text, int size) {
    Read expected = commons(text);
    FastCsv fast = new FastCsv(new StringReader(text), size);
    List<Row> rows = new ArrayList<>();
    try {
      List<String> header = fast.header();
      for (String[] record = fast.next(); record != null; record = fast.next()) {
        rows.add(new Row(List.of(record), fast.line(), fast.firstLine()));
        assertTrue(rows.size() <= expected.rows.size(), () -> "a record Commons CSV does not return, in " + show(text));
        assertEquals(expected.rows.get(rows.size() - 1), rows.get(rows.size() - 1), () -> "buffer " + size + ": " + show(text));
      }
      assertEquals(false, expected.failed, () -> "read to the end where Commons CSV fails: " + show(text));
      assertEquals(expected.header, header, () -> show(text));
      assertEquals(expected.rows, rows, () -> show(text));
      return true;
    } catch (FastCsv.GiveUp e) {
      return false;
    }
  }

  /**
   * Appends a well-formed CSV of {@code columns} columns to {@code text}: a header (h0, h1, …, each with up to one of
   * {@code pieces}) and up to six rows of up to four pieces a field, some blank lines, each field quoted one time in
   * four (as R's write.csv quotes every text field) and whenever it must be, and the last line end sometimes left out.
   */
  static void appendRows(Random random, StringBuilder text, String eol, int columns, String[] pieces) {
    for (int r = 0, rows = random.nextInt(6); r <= rows; r++) {
      if (r > 0 && random.nextInt(5) == 0) {
        text.append(eol);
      }
      for (int c = 0; c < columns; c++) {
        StringBuilder field = new StringBuilder(r == 0 ? "h" + c : "");
        for (int k = 0, n = random.nextInt(r == 0 ? 2 : 5); k < n; k++) {
          field.append(pieces[random.nextInt(pieces.length)]);
        }
        String value = field.toString();
        boolean quote = random.nextInt(4) == 0 || value.matches("(?s).*[,\"\r\n].*")
            || r > 0 && value.isEmpty() && columns == 1;
        text.append(c > 0 ? "," : "").append(quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value);
      }
      if (r < rows || random.nextBoolean()) {
        text.append(eol);
      }
    }
  }

  static String show(String text) {
    return "'" + text.replace("\r", "\\r").replace("\n", "\\n") + "'";
  }

  /** Up to 29 pieces of {@code alphabet} drawn at random (shared with CsvBytesTest). */
  static String randomText(Random random, String[] alphabet) {
    StringBuilder text = new StringBuilder();
    for (int i = 0, n = random.nextInt(30); i < n; i++) {
      text.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return text.toString();
  }

  @Test
  void randomTextsReadAsCommonsCsvReadsThem() {
    Random random = new Random(20261205L);
    String[] alphabet = {"a", "b", "é", "\uD83D\uDE00", ",", ",", "\"", "\"", "\n", "\r", "\r\n", " ", "\t", "\uFEFF", "\u0000"};
    int complete = 0;
    for (int round = 0; round < 40_000; round++) {
      complete += same(randomText(random, alphabet), 1 + random.nextInt(8)) ? 1 : 0;
    }
    assertTrue(complete > 5_000, "many random texts are read to the end: " + complete);
  }

  @Test
  void wellFormedFilesAreReadToTheEndWithEveryBufferSize() {
    Random random = new Random(7);
    String[] pieces = {"a", "text", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "é", "x y"};
    for (int round = 0; round < 3_000; round++) {
      String eol = List.of("\n", "\r\n", "\r").get(random.nextInt(3));
      int columns = 1 + random.nextInt(4);
      StringBuilder text = new StringBuilder();
      appendRows(random, text, eol, columns, pieces);
      String file = text.toString();
      for (int size : new int[] {1, 2, 3, 5, 64, 1 << 16}) {
        if (!same(file, size)) {
          fail("gave up on a well-formed file (buffer " + size + "): " + show(file));
        }
      }
    }
  }

  @Test
  void longFieldsCrossTheDefaultBuffer() {
    String text = "x".repeat(70_000);
    String quoted = "y\"\"\r\n".repeat(20_000);
    String file = "id,text\r\n1," + text + "\r\n2,\"" + quoted + "\"\n3,\"\"";
    assertTrue(same(file, 1 << 16));
    FastCsv fast = new FastCsv(new StringReader(file));
    fast.header();
    assertEquals(text, fast.next()[1]);
    assertEquals(2, fast.line());
    assertEquals("y\"\r\n".repeat(20_000), fast.next()[1]);
    assertEquals(20_003, fast.line());
    assertEquals(List.of("3", ""), List.of(fast.next()));
    assertEquals(20_004, fast.line());
  }
}
