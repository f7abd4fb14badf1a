package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.CsvBytes;
import org.medcode.MedcodeException;
import org.medcode.PackedKeys;

/**
 * {@link CsvBytes} against Commons CSV (the format {@link CsvLoader} reads with) on random byte files, with buffers
 * from three bytes up so that every field and CR LF also straddles a buffer boundary: the records and line numbers it
 * returns before it ends or gives up are exactly the first ones Commons CSV returns, it reads a file to its end only
 * when Commons CSV does, with the same records, and it reads every plain file (ASCII, no quotes, any line ends, empty
 * lines) to the end. And the loader gives the same dataset, warnings and errors whether the codes file is read from
 * bytes or as text.
 */
class CsvBytesTest {
  @TempDir
  Path temp;

  /** Compares; returns whether CsvBytes read the whole file. */
  private static boolean same(String text, int size) throws IOException {
    // the loader skips a byte order mark before Commons CSV reads
    FastCsvTest.Read expected = FastCsvTest.commons(text.startsWith("\uFEFF") ? text.substring(1) : text);
    CsvBytes bytes = new CsvBytes(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), size);
    List<FastCsvTest.Row> rows = new ArrayList<>();
    try {
      List<String> header = bytes.header();
      while (bytes.next()) {
        rows.add(new FastCsvTest.Row(List.of(bytes.strings()), bytes.line(), bytes.line())); // no field spans lines
        assertTrue(rows.size() <= expected.rows().size(),
            () -> "a record Commons CSV does not return, in " + FastCsvTest.show(text));
        assertEquals(expected.rows().get(rows.size() - 1), rows.get(rows.size() - 1),
            () -> "buffer " + size + ": " + FastCsvTest.show(text));
      }
      assertFalse(expected.failed(), () -> "read to the end where Commons CSV fails: " + FastCsvTest.show(text));
      assertEquals(expected.header(), header, () -> FastCsvTest.show(text));
      assertEquals(expected.rows(), rows, () -> FastCsvTest.show(text));
      return true;
    } catch (CsvBytes.GiveUp e) {
      return false;
    }
  }

  @Test
  void randomTextsReadAsCommonsCsvReadsThem() throws IOException {
    Random random = new Random(20261205L);
    String[] alphabet =
        {"a", "b", "é", ",", ",", "\"", "\"", "\n", "\r", "\r\n", " ", "\t", "\uFEFF", "\u0000", "\u0001"};
    int complete = 0;
    for (int round = 0; round < 40_000; round++) {
      complete += same(FastCsvTest.randomText(random, alphabet), 3 + random.nextInt(8)) ? 1 : 0;
    }
    assertTrue(complete > 500, "many random texts are read to the end: " + complete);
  }

  @Test
  void plainFilesAreReadToTheEndWithEveryBufferSize() throws IOException {
    Random random = new Random(7);
    String[] pieces = {"a", "text", " ", "x y", "\t", "E11.9"};
    for (int round = 0; round < 3_000; round++) {
      String eol = List.of("\n", "\r\n", "\r").get(random.nextInt(3));
      int columns = 2 + random.nextInt(3);
      StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "\uFEFF" : "");
      FastCsvTest.appendRows(random, text, eol, columns, pieces); // no piece needs quotes: quoted one time in four
      String file = text.toString();
      for (int size : new int[] {3, 4, 5, 7, 64, 1 << 16}) {
        if (!same(file, size)) {
          fail("gave up on a plain file (buffer " + size + "): " + FastCsvTest.show(file));
        }
      }
    }
  }

  @Test
  void fieldsAreComparedAndPackedByTheirBytes() throws IOException {
    CsvBytes bytes =
        new CsvBytes(new ByteArrayInputStream("a,b,c\nH1, E11.9,ABCDEFGHI\n".getBytes(StandardCharsets.UTF_8)));
    bytes.header();
    assertTrue(bytes.next());
    assertTrue(bytes.is(0, "H1"));
    assertFalse(bytes.is(0, "H"));
    assertTrue(bytes.trimmed(0));
    assertFalse(bytes.trimmed(1));
    assertEquals(0, bytes.pack(2), "longer than eight bytes: no key");
    byte[] h1 = "H1".getBytes(StandardCharsets.US_ASCII);
    assertEquals(PackedKeys.pack(h1, 0, 2), bytes.pack(0));
    assertFalse(bytes.next());
  }

  /** The loader's result as text, for comparing two loads. */
  private static String load(Path notes, Path codes, boolean bytes) {
    CsvLoader.Result result = new CsvLoader(bytes).load(notes, codes);
    return result.admissions() + "\n" + result.warnings();
  }

  @Test
  void theLoaderGivesTheSameDatasetWhetherTheCodesAreReadFromBytesOrAsText() throws IOException {
    Random random = new Random(11);
    String[] ids = {"A1", "A2", " A3", "A4 "};
    String[] codes = {"E11.9", "e119", " I10", "I10 ", "Z99.89", "T45.4X3S", "A0000000001", "", "R51"};
    String[] systems = {"icd10cm", "ICD10CM", " icd10cm", "icd10pcs"};
    Path notes = Files.writeString(temp.resolve("notes.csv"),
        "admission_id,patient_id,note_type,text\nA1,P1,,one\nA2,P1,,two\nA3,P2,,three\nA4,,,four\n");
    int same = 0;
    for (int round = 0; round < 2_000; round++) {
      boolean extra = random.nextBoolean();
      StringBuilder plain =
          new StringBuilder(extra ? "code,admission_id,system,sequence\n" : "admission_id,system,code\n");
      for (int r = 0, n = random.nextInt(25); r < n; r++) {
        String id = ids[random.nextInt(ids.length)];
        String system = systems[random.nextInt(systems.length)];
        String code = codes[random.nextInt(codes.length)];
        if (random.nextInt(5) == 0) {
          code = "\"" + code + "\""; // a quoted field, as R writes them
        }
        plain.append(extra ? code + "," + id + "," + system + "," + (random.nextInt(8) == 0 ? "x" : r + 1)
            : id + "," + system + "," + code).append(random.nextInt(6) == 0 ? "\r\n" : "\n");
      }
      Path bytes = Files.writeString(temp.resolve("codes.csv"), plain.toString());
      String expected = outcome(notes, bytes, false);
      String actual = outcome(notes, bytes, true);
      assertEquals(expected, actual, () -> "codes file:\n" + plain);
      same++;
    }
    assertEquals(2_000, same);
  }

  private static String outcome(Path notes, Path codes, boolean bytes) {
    String outcome;
    try {
      outcome = load(notes, codes, bytes);
    } catch (MedcodeException e) {
      outcome = "error: " + e.getMessage();
    }
    return outcome;
  }

  @Test
  void aLineEndInQuotesOrANonAsciiByteLaterInTheFileReadsItAllAsText() throws IOException {
    Path notes = Files.writeString(temp.resolve("n.csv"), "admission_id,patient_id,note_type,text\nA1,P1,,one\n");
    Path codes = Files.writeString(temp.resolve("c.csv"),
        "admission_id,system,code\nA1,icd10cm,E11.9\nA1,icd10cm,\"I10\n\"\nA1,icd10cm,Z99.89\nA1,icd10cm,E11.9\n");
    CsvLoader.Result result = new CsvLoader().load(notes, codes);
    assertEquals(List.of("E11.9", "I10", "Z99.89"),
        result.admissions().get(0).codes().stream().map(GoldCode::raw).toList());
    assertEquals(1, result.warnings().size(), "one repeated row, counted once: " + result.warnings());
    Path accented = Files.writeString(temp.resolve("a.csv"),
        "admission_id,system,code\nA1,icd10cm,E11.9\nA1,icd10cm,I10é\n");
    List<GoldCode> read = new CsvLoader().load(notes, accented).admissions().get(0).codes();
    assertEquals(List.of("E11.9", "I10é"), read.stream().map(GoldCode::raw).toList());
  }

  @Test
  void anErrorBeforeBytesThatAreNotUtf8IsReportedAsTheTextReaderReportsIt() throws IOException {
    Path notes = Files.writeString(temp.resolve("n2.csv"), "admission_id,patient_id,note_type,text\nA1,P1,,one\nA2,P2,,two\n");
    byte[] start = "admission_id,system,code\nA1,icd10cm,E11.9\nA9,icd10cm,I10\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = java.util.Arrays.copyOf(start, start.length + 2);
    all[start.length] = (byte) 0xFF;
    all[start.length + 1] = '\n';
    Path codes = Files.write(temp.resolve("c2.csv"), all);
    String text = outcome(notes, codes, false);
    assertTrue(text.contains("not UTF-8"), text);
    assertEquals(text, outcome(notes, codes, true));
  }
}
