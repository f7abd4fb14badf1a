package org.medcode.prediction;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A predictions CSV read from its bytes (falling back to Commons CSV for anything it does not take) against the same
 * file read by Commons CSV alone: on random files (headers with admission_id or id, score and rank columns or not,
 * quoted fields, white space around fields, empty and missing fields, extra fields, bad scores and ranks, empty ids and
 * codes, blank lines, a byte order mark, LF, CR LF and CR line ends, accented characters) both give the same
 * predictions, or the same error.
 */
class PredictionCsvBytesTest {
  @TempDir
  Path temp;

  @Test
  void randomFilesReadAsCommonsCsvReadsThem() throws IOException {
    Random random = new Random(20261205L);
    String[][] headers = {{"admission_id", "code", "score"}, {"id", "code"}, {"code", "admission_id"},
        {"admission_id", "code", "score", "rank"}, {"Admission_ID ", "CODE", "score"}, {"admission_id", "code", "code"},
        {"admission_id", "code", "extra"}, {"admission_id", "id", "code"}};
    String[] ids = {"A1", "A2", "A1", "\"A3\"", " A4", "", "A\u00e95", "A\u0001"};
    String[] codes = {"E11.9", "e119", "\"I10\"", "I10 ", "Z99.89", "T45.4X3S", "A0000000001", "", "K35\u00e9",
        "\"R5\"\"1\""};
    String[] scores = {"0.9", "0.25", "1", "1e-3", "0.123456789", "x", "", " 0.5", "\"0.75\"", "  "};
    String[] ends = {"\n", "\n", "\r\n", "\r"};
    int errors = 0;
    for (int round = 0; round < 3_000; round++) {
      String[] header = headers[random.nextInt(headers.length)];
      boolean plain = random.nextBoolean();
      String end = plain ? "\n" : ends[random.nextInt(ends.length)];
      StringBuilder text = new StringBuilder(random.nextInt(10) == 0 ? "\uFEFF" : "").append(String.join(",", header))
          .append(end);
      for (int r = 0, n = random.nextInt(25); r < n; r++) {
        if (random.nextInt(plain ? 40 : 10) == 0) {
          text.append(random.nextBoolean() ? "" : "A1").append(end);
          continue;
        }
        StringBuilder row = new StringBuilder();
        int fields = header.length - (random.nextInt(plain ? 30 : 6) == 0 ? 1 : 0)
            + (random.nextInt(plain ? 30 : 8) == 0 ? 1 : 0);
        for (int f = 0; f < fields; f++) {
          String name = f < header.length ? header[f].trim().toLowerCase() : "extra";
          String value = switch (name) {
            case "admission_id", "id" -> pick(random, ids, plain);
            case "code" -> pick(random, codes, plain);
            case "score" -> pick(random, scores, plain);
            case "rank" -> random.nextInt(10) == 0 ? "x" : String.valueOf(random.nextInt(5));
            default -> "e";
          };
          row.append(f > 0 ? "," : "").append(value);
        }
        text.append(row);
        if (r < n - 1 || random.nextBoolean()) {
          text.append(end);
        }
      }
      Path file = temp.resolve("p" + round + ".csv");
      errors += TsvBytesTest.sameOutcome(file, PredictionFormat.CSV, text.toString()) ? 1 : 0;
    }
    assertTrue(errors > 100 && errors < 2_900, "both good and bad files: " + errors + " errors");
  }

  /** A value, or in a plain file one without an accented or control character, quote trouble or white space. */
  private static String pick(Random random, String[] values, boolean plain) {
    String value = values[random.nextInt(values.length)];
    boolean unusual = value.chars().anyMatch(c -> c > 0x7E || c < 0x20) || value.contains("\"\"")
        || !value.equals(value.trim());
    return plain && unusual ? "A9" : value;
  }
}
