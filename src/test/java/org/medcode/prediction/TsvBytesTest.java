package org.medcode.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;

/**
 * The predictions TSV read from its bytes ({@link TsvBytes}, falling back to text at the first byte it does not take)
 * against the same file read as text only: on random files (blank and white-space lines, one to four fields, repeated
 * codes, scores good and bad, long fields, a byte order mark, LF, CR LF and CR line ends, accented and control characters,
 * no final line end) both give the same predictions, or the same error.
 */
class TsvBytesTest {
  @TempDir
  Path temp;

  private static String outcome(Path file, boolean bytes) {
    return outcome(file, PredictionFormat.TSV, bytes);
  }

  /**
   * Writes {@code text} to {@code file} and asserts that the byte and the text readers read it alike; whether it is an
   * error (shared with {@code PredictionCsvBytesTest}).
   */
  static boolean sameOutcome(Path file, PredictionFormat format, String text) throws IOException {
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    String expected = outcome(file, format, false);
    assertEquals(expected, outcome(file, format, true),
        () -> "file: " + text.replace("\t", "<TAB>").replace("\r", "<CR>"));
    return expected.startsWith("error");
  }

  /** The predictions read, or the error, as text (shared with {@code PredictionCsvBytesTest}). */
  static String outcome(Path file, PredictionFormat format, boolean bytes) {
    try {
      PredictionSet set = PredictionReader.read(file, format, bytes);
      return set.byAdmission() + " rows " + set.rows() + " duplicates " + set.duplicates() + " "
          + set.duplicateExamples();
    } catch (MedcodeException e) {
      return "error: " + e.getMessage();
    }
  }

  @Test
  void randomFilesReadAsTheTextReaderReadsThem() throws IOException {
    Random random = new Random(20261205L);
    String[] ids = {"A1", "A2", " A3", "A4 ", "", "A\u00e95"};
    String[] codes = {"E11.9", "e119", " I10", "I10 ", "Z99.89", "T45.4X3S", "A0000000001", "", "R51", "K35\u00e9"};
    String[] scores = {"0.9", "0.25", " 1", "1e-3", "0.123456789", "x", "NaN", "", "-2"};
    String[] ends = {"\n", "\n", "\n", "\r\n", "\r"};
    int errors = 0;
    for (int round = 0; round < 3_000; round++) {
      StringBuilder text = new StringBuilder(random.nextInt(10) == 0 ? "\uFEFF" : "");
      boolean plain = random.nextBoolean(); // mostly plain ASCII: the byte reader reads it to the end
      String plainEnd = random.nextInt(3) == 0 ? "\r\n" : "\n";
      for (int r = 0, n = random.nextInt(30); r < n; r++) {
        int shape = random.nextInt(plain ? 40 : 12);
        if (shape == 0) {
          text.append(random.nextBoolean() ? "" : " \t ");
        } else if (shape == 1) {
          text.append("A1\tI10\t0.5\textra");
        } else if (shape == 2) {
          text.append("A1 only");
        } else {
          text.append(pick(random, ids, plain)).append('\t').append(pick(random, codes, plain));
          if (random.nextInt(3) > 0) {
            text.append('\t').append(pick(random, scores, plain));
          }
        }
        if (r < n - 1 || random.nextBoolean()) {
          text.append(plain ? plainEnd : ends[random.nextInt(ends.length)]);
        }
      }
      errors += sameOutcome(temp.resolve("p" + round + ".tsv"), PredictionFormat.TSV, text.toString()) ? 1 : 0;
    }
    assertTrue(errors > 100 && errors < 2_900, "both good and bad files: " + errors + " errors");
  }

  private static String pick(Random random, String[] values, boolean plain) {
    String value = values[random.nextInt(values.length)];
    return plain && value.chars().anyMatch(c -> c > 0x7E) ? "A9" : value;
  }

  @Test
  void aLineLongerThanTheBufferIsReadWhole() throws IOException {
    String id = "A".repeat(3_000_000);
    Path file = Files.writeString(temp.resolve("long.tsv"), "A1\tI10\t0.5\n" + id + "\tE11.9\n" + id + "\tE11.9\t0.25");
    assertEquals(outcome(file, false), outcome(file, true));
    assertEquals(2, PredictionReader.read(file).byAdmission().size());
  }

  /** Whether the byte reader reads the file to its end (true) or leaves it to the text reader (false). */
  private static boolean readsFromBytes(Path file) throws IOException {
    return TsvBytes.read(file, new TsvBytes.Lines() {
      @Override
      public void fields(long number, byte[] bytes, int idStart, int idEnd, int codeStart, int codeEnd, int scoreStart,
          int scoreEnd) {}

      @Override
      public void other(long number, String line) {}
    });
  }

  @Test
  void crLfLineEndsAreReadFromBytesAndALoneCrIsLeftToText() throws IOException {
    Path crlf = Files.writeString(temp.resolve("crlf.tsv"), "A1\tI10\t0.5\r\nA1\tE11.9\r\n\r\nA2\tR51");
    assertTrue(readsFromBytes(crlf));
    assertEquals(outcome(crlf, false), outcome(crlf, true));
    assertEquals(2, PredictionReader.read(crlf).byAdmission().size());
    Path cr = Files.writeString(temp.resolve("cr.tsv"), "A1\tI10\rA1\tE11.9\n");
    assertFalse(readsFromBytes(cr));
    assertEquals(outcome(cr, false), outcome(cr, true));
  }

  /** Both readers' outcome for the same bytes, as TSV and as CSV (found in a review of the byte readers). */
  private void same(String name, byte[] bytes) throws IOException {
    Path tsv = Files.write(temp.resolve(name + ".tsv"), bytes);
    assertEquals(outcome(tsv, false), outcome(tsv, true), name + " as TSV");
    Path csv = Files.write(temp.resolve(name + ".csv"), bytes);
    assertEquals(outcome(csv, PredictionFormat.CSV, false), outcome(csv, PredictionFormat.CSV, true), name + " as CSV");
  }

  private static byte[] bytes(String text, int... more) {
    byte[] start = text.getBytes(StandardCharsets.UTF_8);
    byte[] all = java.util.Arrays.copyOf(start, start.length + more.length);
    for (int i = 0; i < more.length; i++) {
      all[start.length + i] = (byte) more[i];
    }
    return all;
  }

  @Test
  void anErrorBeforeBytesThatAreNotUtf8IsReportedAsTheTextReaderReportsIt() throws IOException {
    same("score", bytes("A1\tI10\tx\n", 0xFF, '\n'));
    same("columns", bytes("admission_id,code\nA1\n", 0xFF, '\n'));
    same("id", bytes("admission_id,code\n,I10\nA2,", 0xC3, '\n'));
  }

  @Test
  void aByteOrderMarkBeforeACsvHeaderIsKeptAsCommonsCsvKeepsIt() throws IOException {
    same("quoted", bytes("\uFEFF\"admission_id\",code\nA1,I10\n"));
    same("alone", bytes("\uFEFF"));
    same("blank", bytes("\uFEFF\nadmission_id,code\nA1,I10\n"));
    same("unknown", bytes("\uFEFFfoo,bar\n"));
    same("plain", bytes("\uFEFFadmission_id,code\nA1,I10\n"));
  }

  @Test
  void aDirectoryIsRefusedAsTheTextReaderRefusesIt() throws IOException {
    Path tsv = Files.createDirectory(temp.resolve("dir.tsv"));
    assertEquals(outcomeOrThrown(tsv, PredictionFormat.TSV, false), outcomeOrThrown(tsv, PredictionFormat.TSV, true));
    Path csv = Files.createDirectory(temp.resolve("dir.csv"));
    assertEquals(outcomeOrThrown(csv, PredictionFormat.CSV, false), outcomeOrThrown(csv, PredictionFormat.CSV, true));
  }

  private static String outcomeOrThrown(Path file, PredictionFormat format, boolean bytes) {
    try {
      return outcome(file, format, bytes);
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  @Test
  void aPipeIsReadOnceByTheTextReader() throws Exception {
    Path fifo = temp.resolve("pipe.tsv");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no mkfifo here: " + e.getMessage());
      return;
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
    Thread writer = new Thread(() -> {
      try {
        Files.writeString(fifo, "A1\tI10\nA2\tK35\u00e9\n");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    writer.start();
    java.util.concurrent.CompletableFuture<PredictionSet> read =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> PredictionReader.read(fifo, PredictionFormat.TSV));
    PredictionSet set = read.get(30, java.util.concurrent.TimeUnit.SECONDS);
    writer.join();
    assertEquals(2, set.byAdmission().size());
  }
}
