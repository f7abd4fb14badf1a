package org.medcode.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;

/** Issue 16: predictions readers guess nothing (duplicated or unknown columns and fields), and say where input is bad. */
class PredictionReaderHardeningTest {
  @TempDir
  Path temp;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(temp.resolve(name), content);
  }

  private static String error(Path file) {
    return assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(file)).getMessage();
  }

  @Test
  void aCsvHeaderWithADuplicatedColumnIsRefused() throws IOException {
    Path code = write("code.csv", "admission_id,code,code\nA1,I10,E11.9\n");
    assertTrue(error(code).startsWith(code + ":1: column 'code' appears twice in the header"), error(code));
    Path score = write("score.csv", "admission_id,code,score,Score\nA1,I10,0.9,0.1\n");
    assertTrue(error(score).startsWith(score + ":1: column 'score' appears twice"), error(score));
  }

  @Test
  void aCsvSeparatedBySemicolonsIsNamedAsSuch() throws IOException {
    // Excel saves "CSV" with ';' between fields where the decimal mark is a comma (Spanish, German settings)
    Path file = write("p.csv", "admission_id;code\r\nA1;E11.9\r\n");
    assertEquals(file + ":1: expected a header with columns admission_id,code[,score][,rank], found [admission_id;code]:"
        + " its fields are separated by ';' (as Excel saves CSV where the decimal mark is a comma); save it with ','"
        + " between fields (in Excel or LibreOffice: CSV UTF-8 with the field delimiter ',')", error(file));
  }

  @Test
  void aCsvHeaderWithAnUnknownColumnIsRefused() throws IOException {
    Path file = write("p.csv", "admission_id,code,socre\nA1,I10,0.9\n");
    assertTrue(error(file).startsWith(file + ":1: unknown column 'socre'"), error(file));
  }

  @Test
  void aCsvErrorInARecordOverSeveralLinesNamesTheLineItStartsOn() throws IOException {
    // the code on lines 3-4 holds a line end; the score after it is bad: the error said p.csv:4, where the record ends
    String message = error(write("p.csv", "admission_id,code,score\nA1,I10,0.9\nA1,\"E11.9\nx\",high\n"));
    assertTrue(message.startsWith(temp.resolve("p.csv") + ":3: "), message);
  }

  @Test
  void aJsonlCodeObjectWithAnUnknownFieldIsRefused() throws IOException {
    Path file = write("p.jsonl", "{\"admission_id\":\"A1\",\"codes\":[\"E11.9\"]}\n"
        + "{\"admission_id\":\"A2\",\"codes\":[{\"code\":\"I10\",\"socre\":0.9}]}\n");
    String message = error(file);
    assertTrue(message.startsWith(file + ":2: unknown field 'socre' in the code 'I10'"), message);
    Path top = write("top.jsonl", "{\"admission_id\":\"A1\",\"code\":[\"I10\"],\"codes\":[]}\n");
    assertTrue(error(top).startsWith(top + ":1: unknown field 'code'"), error(top));
    Path two = write("two.jsonl", "{\"admission_id\":\"A1\",\"code\":[\"I10\"],\"rank\":1,\"codes\":[]}\n");
    assertTrue(error(two).startsWith(two + ":1: unknown fields 'code', 'rank'"), error(two));
  }

  @Test
  void aJsonlAdmissionIdThatJsonWouldRespellIsRefused() throws IOException {
    // before: 1.50 was read as admission '1.5', 1E19 as '1.0E19', true as 'true' and null as 'null': the predictions for
    // the dataset's admissions '1.50' and '1E19' were ignored with a warning and those admissions scored as empty
    for (String id : List.of("1.50", "1E19", "true", "null")) {
      Path file = write("p.jsonl", "{\"admission_id\":\"A1\",\"codes\":[]}\n{\"admission_id\":" + id
          + ",\"codes\":[\"I10\"]}\n");
      String message = error(file);
      assertTrue(message.startsWith(file + ":2: expected the admission id to be a string (or a whole number), found "),
          message);
    }
    Path whole = write("whole.jsonl", "{\"admission_id\":20001,\"codes\":[\"I10\"]}\n");
    assertEquals(List.of("20001"), List.copyOf(PredictionReader.read(whole).byAdmission().keySet()),
        "a whole number reads as written");
  }

  @Test
  void aRunsOwnPredictionsLogReadsBack() throws IOException {
    PredictionSet set = PredictionReader.read(write("predictions.jsonl", "{\"admission_id\":\"A1\",\"status\":\"ok\","
        + "\"codes\":[{\"code\":\"I10\",\"score\":0.5,\"evidence\":[],\"rationale\":\"why\"}],\"millis\":3}\n"));
    assertEquals(0.5, set.byAdmission().get("A1").codes().get(0).score());
  }

  @Test
  void idsAreTrimmedAndControlCharactersRefused() throws IOException {
    PredictionSet set = PredictionReader.read(write("p.tsv", "A1 \tI10\n"));
    assertEquals(List.of("A1"), List.copyOf(set.byAdmission().keySet()));
    Path file = write("p.jsonl", "{\"admission_id\":\"A1\\n<img src=x>\",\"codes\":[\"I10\"]}\n");
    String message = error(file);
    assertTrue(message.startsWith(file + ":1: the id 'A1\\n<img src=x>' holds a control character (U+000A)"), message);
  }

  @Test
  void nonUtf8PredictionsNameTheLineAndByteOffset() throws IOException {
    Path file = temp.resolve("p.tsv");
    byte[] bytes = "A1\tI10\nA2\tE11.9 caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, bytes);
    String message = error(file);
    assertTrue(message.startsWith(file + ":2: not UTF-8: byte 0xE9 at byte offset 19 (byte 13 of the line)"), message);
  }

  @Test
  void aCompressedPredictionsFileIsCalledThatNotNonUtf8() throws IOException {
    // before: "p.tsv.gz:1: not UTF-8: byte 0x8B at byte offset 1 ...; save the file as UTF-8", advice that cannot help
    Path gzip = temp.resolve("p.tsv.gz");
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzip))) {
      out.write("A1\tI10\n".getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(error(gzip).startsWith(gzip + ":1: not UTF-8 text but gzip-compressed data (it starts with the bytes 1F 8B),"
        + " and this file is read as plain text: decompress it (gunzip -k " + gzip + ")"), error(gzip));
    Path zip = temp.resolve("p.csv");
    try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new java.util.zip.ZipEntry("sheet.xml"));
      out.write("admission_id,code\nA1,I10\n".repeat(50).getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(error(zip).startsWith(zip + ":1: not UTF-8 text but a zip archive"), error(zip));
  }

  @Test
  void aUtf16PredictionsFileIsCalledThat() throws IOException {
    // Excel's "Unicode Text", Notepad's "Unicode": before, "p.tsv:1: not UTF-8: byte 0xFF at byte offset 0 ... does not
    // start a valid UTF-8 character", which does not say what the file is
    Path little = temp.resolve("p.tsv");
    Files.write(little, "\uFEFFA1\tI10\n".getBytes(StandardCharsets.UTF_16LE));
    assertEquals(little + ":1: not UTF-8 text but UTF-16 (it starts with the bytes FF FE, the byte order mark of UTF-16,"
        + " as Excel's \"Unicode Text\" and Notepad's \"Unicode\" save text): save it as UTF-8 (in Excel: CSV UTF-8; or"
        + " iconv -f UTF-16 -t UTF-8 " + little + ")", error(little));
    Path big = temp.resolve("p.csv");
    Files.write(big, "\uFEFFadmission_id,code\nA1,I10\n".getBytes(StandardCharsets.UTF_16BE));
    assertTrue(error(big).startsWith(big + ":1: not UTF-8 text but UTF-16 (it starts with the bytes FE FF,"), error(big));
  }

  @Test
  void anUnterminatedCsvQuoteNamesTheFile() throws IOException {
    Path file = write("p.csv", "admission_id,code\nA1,I10\nA2,\"E11.9\n");
    String message = error(file);
    assertTrue(message.startsWith(file + ":3: expected CSV (RFC 4180): a quoted field is never closed"), message);
    assertFalse(message.contains("Exception") || message.contains("startline"), message);
  }

  @Test
  void aByteOrderMarkIsSkippedInJsonl() throws IOException {
    PredictionSet set = PredictionReader.read(write("p.jsonl", "\uFEFF{\"admission_id\":\"A1\",\"codes\":[\"I10\"]}\n"));
    assertEquals(List.of("A1"), List.copyOf(set.byAdmission().keySet()));
  }

  @Test
  void aByteOrderMarkBeforeAQuotedCsvHeaderIsSkipped() throws IOException {
    // Excel's "CSV UTF-8", R's write.csv(fileEncoding = "UTF-8-BOM"): a byte order mark, then every field quoted; the
    // mark was kept in the first field, so '"admission_id"' was no column name and the file was refused
    PredictionSet set = PredictionReader.read(write("p.csv",
        "\uFEFF\"admission_id\",\"code\",\"score\"\r\n\"A1\",\"I10\",\"0.9\"\r\n\"A1\",\"E11.9\",\"0.5\"\r\n"));
    assertEquals(List.of("A1"), List.copyOf(set.byAdmission().keySet()));
    assertEquals(2, set.byAdmission().get("A1").codes().size());
  }

  @Test
  void aHugeIdIsCutInMessages() throws IOException {
    String id = "A".repeat(10_000_000);
    Path file = write("p.jsonl", "{\"admission_id\":\"" + id + "\",\"codes\":[]}\n{\"admission_id\":\"" + id
        + "\",\"codes\":[]}\n");
    String message = error(file);
    assertTrue(message.length() < 1000, "message of " + message.length() + " characters");
    assertTrue(message.contains("(10,000,000 characters)"), message);
    assertFalse(message.contains("A".repeat(100)), message);
  }

  @Test
  void aCodeWithAControlCharacterInsideIsRefusedInEveryFormat() throws IOException {
    // before: white space inside was dropped ("E11.9\nI10" read as E119I10) and other control characters were named
    // only in TSV and JSONL
    Path csv = write("p.csv", "admission_id,code\nA1,I10\nA1,\"E11.9\nI10\"\n"); // the record starts on line 3
    assertTrue(error(csv).startsWith(csv + ":3: the code 'E11.9\\nI10' of admission 'A1' holds a control character"
        + " (U+000A) at position 6"), error(csv));
    Path jsonl = write("p.jsonl", "{\"admission_id\":\"A1\",\"codes\":[\"I10\"]}\n"
        + "{\"admission_id\":\"A2\",\"codes\":[{\"code\":\"E11.9\\r\\nI10\",\"score\":0.5}]}\n");
    assertTrue(error(jsonl).startsWith(jsonl + ":2: the code 'E11.9\\r\\nI10' of admission 'A2' holds a control"
        + " character (U+000D)"), error(jsonl));
    Path tsv = write("p.tsv", "A1\tI10\nA1\tE11\u000b9\n");
    assertTrue(error(tsv).startsWith(tsv + ":2: the code 'E11\\u000b9' of admission 'A1' holds a control character"
        + " (U+000B)"), error(tsv));
    Path utf16 = Files.write(temp.resolve("u16.tsv"), "A1\tE11.9\n".getBytes(StandardCharsets.UTF_16BE));
    assertTrue(error(utf16).contains("the file is probably UTF-16; save it as UTF-8"), error(utf16));
    Path fine = write("fine.tsv", "A1\tI10\r\nA1\t E11.9 \r\n");
    assertEquals(List.of("I10", "E119"), PredictionReader.read(fine).byAdmission().get("A1").codes().stream()
        .map(PredictedCode::code).toList(), "a line's carriage return and spaces around a code are no part of it");
  }

  @Test
  void aCodeWithWhiteSpaceInsideIsRefusedInEveryFormat() throws IOException {
    // before: "R50 .9" was scored as the valid code R50.9 and "I10 E11.9" as the one code I10E119, without a word
    String why = "holds white space (U+0020) at position 4; a code has none inside it";
    Path tsv = write("p.tsv", "A1\tI10\nA1\tR50 .9\n");
    assertTrue(error(tsv).startsWith(tsv + ":2: the code 'R50 .9' of admission 'A1' " + why), error(tsv));
    Path csv = write("p.csv", "admission_id,code\nA1,I10\nA2,I10 E11.9\n");
    assertTrue(error(csv).startsWith(csv + ":3: the code 'I10 E11.9' of admission 'A2' " + why), error(csv));
    Path jsonl = write("p.jsonl", "{\"admission_id\":\"A1\",\"codes\":[{\"code\":\"0DT J4ZZ\",\"score\":0.5}]}\n");
    assertTrue(error(jsonl).startsWith(jsonl + ":1: the code '0DT J4ZZ' of admission 'A1' " + why), error(jsonl));
  }

  @Test
  void aCodeWithADotWhereNoCodeSystemWritesOneIsRefused() throws IOException {
    // before: "R.50.9" was scored as R50.9, and "." was "an empty field"
    Path tsv = write("p.tsv", "A1\tI10\nA2\tR.50.9\n");
    assertTrue(error(tsv).startsWith(tsv + ":2: the code 'R.50.9' of admission 'A2' holds a dot at position 2, where no"
        + " code system writes one"), error(tsv));
    Path dot = write("d.tsv", "A1\t.\n");
    assertTrue(error(dot).startsWith(dot + ":1: the code '.' of admission 'A1' holds a dot at position 1"), error(dot));
  }

  @Test
  void aTsvWithAHeaderLineIsRefused() throws IOException {
    // before: the header was read as the code "code" of an admission "admission_id": a warning about an unknown
    // admission and one code too many in the counts
    for (String header : List.of("admission_id\tcode\n", "id\tcode\tscore\n", "\uFEFFAdmission_ID\tCode\r\n")) {
      Path file = write("h.tsv", header + "A1\tE11.9\t0.5\n");
      assertTrue(error(file).startsWith(file + ":1: '"), error(file));
      assertTrue(error(file).contains("' is a header, and a predictions TSV has none"), error(file));
    }
    Path plain = write("plain.tsv", "A1\tcode\n"); // an admission's code spelt "code" is an invalid code, no header
    assertEquals(1, PredictionReader.read(plain).rows());
  }
}
