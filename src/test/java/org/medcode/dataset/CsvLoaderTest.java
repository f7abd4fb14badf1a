package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.load.Datasets;

class CsvLoaderTest {
  private static final String NOTES_HEADER = "admission_id,patient_id,note_type,text\n";
  private static final String CODES_HEADER = "admission_id,system,code\n";
  @TempDir Path dir;

  private Dataset load(String notes, String codes) throws IOException {
    Path notesFile = dir.resolve("notes.csv");
    Path codesFile = dir.resolve("codes.csv");
    Files.writeString(notesFile, notes);
    Files.writeString(codesFile, codes);
    return Datasets.load(DatasetSpec.csv(notesFile, codesFile), dir);
  }

  private String bad(String notes, String codes) {
    return assertThrows(MedcodeException.BadInput.class, () -> load(notes, codes)).getMessage();
  }

  @Test
  void readsSeveralNotesPerAdmissionInFileOrder() throws IOException {
    Dataset dataset = load(
        "\uFEFF" + NOTES_HEADER
            + "B2,,admission,\"Pain, \"\"severe\"\"\nsecond line\"\n"
            + "\n"
            + "A1,P1,discharge,Hypertension.\n"
            + "B2,,discharge,Appendectomy.\n",
        "code,system,admission_id,primary,sequence\n"
            + "I10,icd10cm,A1,,\n"
            + "k35.80,icd10cm,B2,true,1\n"
            + "0DTJ4ZZ,icd10pcs,B2,0,2\n");
    assertEquals(List.of("B2", "A1"), dataset.admissions().stream().map(Admission::id).toList(), "first appearance order");
    Admission b2 = dataset.admissions().get(0);
    assertEquals("B2", b2.patientId());
    assertEquals(List.of(new Note("admission", "Pain, \"severe\"\nsecond line"), new Note("discharge", "Appendectomy.")), b2.notes());
    assertEquals(List.of(new GoldCode("K3580", "k35.80", CodeSystemId.ICD10CM, 1, true, List.of()),
        new GoldCode("0DTJ4ZZ", "0DTJ4ZZ", CodeSystemId.ICD10PCS, 2, false, List.of())), b2.codes());
    assertEquals(List.of(new GoldCode("I10", "I10", CodeSystemId.ICD10CM, null, false, List.of())), dataset.admissions().get(1).codes());
    assertEquals("P1", dataset.admissions().get(1).patientId());
    assertEquals(List.of(), dataset.warnings());
  }

  @Test
  void codesOfAnAdmissionWithoutNotesAreAnErrorWithFileAndLine() {
    String message = bad(NOTES_HEADER + "A1,P1,d,text\n", CODES_HEADER + "A1,icd10cm,I10\nZ9,icd10cm,I10\n");
    assertTrue(message.contains("codes.csv:3: admission 'Z9' has no note"), message);
  }

  @Test
  void headerMustNameTheColumns() {
    String missing = bad("admission_id,text\nA1,x\n", CODES_HEADER);
    assertTrue(missing.contains("notes.csv:1: expected a header row") && missing.contains("missing [patient_id, note_type]"), missing);
    String unknown = bad(NOTES_HEADER, "admission_id,system,code,confidence\n");
    assertTrue(unknown.contains("codes.csv:1:") && unknown.contains("unknown [confidence]"), unknown);
    // a file Excel saved with ';' between fields (Spanish or German settings) is named as such, with what to do
    String semicolons = bad("admission_id;patient_id;note_type;text\r\nA1;;nota;Diabetes\r\n", CODES_HEADER);
    assertTrue(semicolons.endsWith("unknown [admission_id;patient_id;note_type;text]: its fields are separated by ';' (as"
        + " Excel saves CSV where the decimal mark is a comma); save it with ',' between fields (in Excel or LibreOffice:"
        + " CSV UTF-8 with the field delimiter ',')"), semicolons);
  }

  @Test
  void badValuesNameTheLine() {
    String notes = NOTES_HEADER + "A1,P1,d,text\n";
    assertTrue(bad(notes, CODES_HEADER + "A1,icd11,X\n").contains("codes.csv:2: unknown code system 'icd11'"));
    assertTrue(bad(notes, CODES_HEADER + "A1,icd10cm,\n").contains("codes.csv:2: expected a value in column 'code'"));
    assertTrue(bad(notes, "admission_id,system,code,primary\nA1,icd10cm,I10,yes\n").contains("codes.csv:2: expected primary"));
    assertTrue(bad(notes, "admission_id,system,code,sequence\nA1,icd10cm,I10,first\n").contains("codes.csv:2: expected sequence"));
    assertTrue(bad(notes, CODES_HEADER + "A1,icd10cm\n").contains("codes.csv:2: expected 3 fields"));
    assertTrue(bad(NOTES_HEADER + "A1,P1,d,x\nA1,P2,d,y\n", CODES_HEADER).contains("notes.csv:3: admission 'A1' has patient_id 'P2'"));
    assertTrue(bad(NOTES_HEADER + ",P1,d,x\n", CODES_HEADER).contains("notes.csv:2: expected a value in column 'admission_id'"));
  }

  @Test
  void repeatedCodesAndUncodedAdmissionsAreCounted() throws IOException {
    Dataset dataset = load(NOTES_HEADER + "A1,,d,x\nA2,,d,y\n", CODES_HEADER + "A1,icd10cm,I10\nA1,icd10cm,i10\n");
    assertEquals(1, dataset.admissions().get(0).codes().size());
    assertTrue(dataset.warnings().get(0).equals("1 of 2 admissions has no gold codes"), dataset.warnings().toString());
    assertTrue(dataset.warnings().get(1).startsWith("1 repeated (admission_id, system, code) row in"), dataset.warnings().toString());
  }

  /** A notes file whose rows were repeated (concatenated twice) doubled every note without a word. */
  @Test
  void aNoteRepeatedWordForWordIsKeptOnceAndCounted() throws IOException {
    Dataset dataset = load(NOTES_HEADER + "A1,P1,d,chest pain\nA1,P1,d,fever\nA1,P1,d,chest pain\nA1,P1,n,chest pain\n",
        CODES_HEADER + "A1,icd10cm,I10\n");
    assertEquals(List.of(new Note("d", "chest pain"), new Note("d", "fever"), new Note("n", "chest pain")),
        dataset.admissions().get(0).notes());
    assertTrue(dataset.warnings().stream().anyMatch(w -> w.startsWith("1 row of ") && w.contains("notes.csv repeats an"
        + " earlier note of its admission word for word (same note_type and text); each note is kept once")),
        dataset.warnings().toString());
  }

  @Test
  void interleavedAndLongCodeListsKeepFirstSeenOrderAndCountRepeats() throws IOException {
    StringBuilder codes = new StringBuilder("admission_id,code,system,sequence\n");
    List<GoldCode> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 45; i++) { // C10.1 ... C54.1 (the dot where ICD-10-CM writes it), c141 repeating C14.1 ...
      codes.append("A1,C").append(10 + i).append(".1,icd10cm,").append(i + 1).append('\n');
      expected.add(new GoldCode("C" + (10 + i) + "1", "C" + (10 + i) + ".1", CodeSystemId.ICD10CM, i + 1, false,
          List.of()));
      codes.append("B2,I10,icd10cm,\n");
      if (i % 10 == 9) {
        codes.append("A1,c").append(10 + i / 2).append("1,icd10cm,\n");
      }
    }
    Dataset dataset = load(NOTES_HEADER + "A1,,d,x\nB2,,d,y\n", codes.toString());
    assertEquals(expected, dataset.admissions().get(0).codes(), "the first spelling and sequence of a repeat are kept");
    assertEquals(List.of(new GoldCode("I10", CodeSystemId.ICD10CM)), dataset.admissions().get(1).codes());
    assertEquals(List.of("48 repeated (admission_id, system, code) rows in " + dir.resolve("codes.csv")
        + " kept once (gold codes are a set per admission and system)"), dataset.warnings());
  }

  @Test
  void equalPlainGoldCodesAreOneObjectAcrossAdmissions() throws IOException {
    Dataset dataset = load(NOTES_HEADER + "A1,,d,x\nA2,,discharge,y\nA3,,d,z\n",
        "admission_id,system,code,primary\nA1,icd10cm,I10,\nA2,icd10cm,I10,\nA3,icd10cm,I10,true\n");
    GoldCode first = dataset.admissions().get(0).codes().get(0);
    org.junit.jupiter.api.Assertions.assertSame(first, dataset.admissions().get(1).codes().get(0));
    assertEquals(new GoldCode("I10", "I10", CodeSystemId.ICD10CM, null, true, List.of()), dataset.admissions().get(2).codes().get(0));
    org.junit.jupiter.api.Assertions.assertSame(first.code(), dataset.admissions().get(2).codes().get(0).code());
    org.junit.jupiter.api.Assertions.assertSame(dataset.admissions().get(0).notes().get(0).type(),
        dataset.admissions().get(2).notes().get(0).type());
  }

  @Test
  void whatTheFastParserLeavesToCommonsCsvReadsAsBefore() throws IOException {
    // a space after a closing quote: Commons CSV skips it; the fast parser gives up half-way and the files are read again
    Dataset dataset = load(NOTES_HEADER + "A1,P1,d,\"x, y\"\nA2,,d,z\n", CODES_HEADER + "A1,icd10cm,I10\nA2,icd10cm,\"E11.9\" \n");
    assertEquals(List.of(new Note("d", "x, y")), dataset.admissions().get(0).notes());
    assertEquals(List.of(new GoldCode("E119", "E11.9", CodeSystemId.ICD10CM, null, false, List.of())),
        dataset.admissions().get(1).codes());
    String unfinished = bad(NOTES_HEADER + "A1,P1,d,x\nA2,P2,d,\"unfinished\n", CODES_HEADER);
    assertTrue(unfinished.startsWith(dir.resolve("notes.csv") + ":3: "), unfinished); // issue 16: the record's line
    assertEquals("expected CSV (RFC 4180): a quoted field is never closed (the file ends inside it); close the quote, and"
        + " double a quote inside a quoted field: \"\"", message(unfinished));
    // Commons CSV's own words, with the line it names moved to the front as in every medcode error (it had said line 0)
    String quote = bad(NOTES_HEADER + "A1,P1,d,\"x\"y\n", CODES_HEADER);
    assertTrue(quote.startsWith(dir.resolve("notes.csv") + ":2: "), quote);
    assertEquals("expected CSV (RFC 4180): Invalid character between encapsulated token and delimiter (character 51 of the"
        + " file)", message(quote));
    String header = bad(NOTES_HEADER + "A1,P1,d,x\n", "admission_id,,code\nA1,,I10\n");
    assertTrue(header.startsWith(dir.resolve("codes.csv") + ":1: "), header);
    assertEquals("expected CSV (RFC 4180) with a header row: A header name is missing in [admission_id, , code]",
        message(header));
  }

  @Test
  void malformedUtf8IsReportedAsBefore() throws IOException {
    Path notesFile = dir.resolve("notes.csv");
    byte[] head = (NOTES_HEADER + "A1,P1,d,x\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] tail = "A2,P2,d,y\u00ff\n".repeat(5000).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.write(notesFile, head);
    Files.write(notesFile, tail, java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(dir.resolve("codes.csv"), CODES_HEADER);
    String message = assertThrows(MedcodeException.BadInput.class,
        () -> Datasets.load(DatasetSpec.csv(notesFile, dir.resolve("codes.csv")), dir)).getMessage();
    assertTrue(message.startsWith(notesFile + ":3: not UTF-8: byte 0xFF at byte offset "), message); // issue 16: where
    // past the first buffers the fast parser gives up at the read error, and Commons CSV's read error is located too
    byte[] rows = ("A2,P2,d," + "y".repeat(100) + "\n").repeat(2000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Files.write(notesFile, head);
    Files.write(notesFile, rows, java.nio.file.StandardOpenOption.APPEND);
    Files.write(notesFile, new byte[] {(byte) 0xff, '\n'}, java.nio.file.StandardOpenOption.APPEND);
    String late = assertThrows(MedcodeException.BadInput.class,
        () -> Datasets.load(DatasetSpec.csv(notesFile, dir.resolve("codes.csv")), dir)).getMessage();
    assertTrue(late.startsWith(notesFile + ":2003: not UTF-8: byte 0xFF"), late);
  }

  @Test
  void lineNumbersCountEveryLineEndAsBefore() {
    String message = bad(NOTES_HEADER + "A1,P1,d,x\n\r\nA2,P2,d,\"multi\r\nline\"\r\nA3,P2,e,\"q\"\"\"\n",
        CODES_HEADER + "A3,icd10cm,I10\r\nA9,icd10cm,I10\n");
    assertTrue(message.contains("codes.csv:3: admission 'A9' has no note"), message);
    String notes = bad(NOTES_HEADER + "A1,P1,d,\"two\nlines\"\r\rA2,P2,d\n", CODES_HEADER);
    assertTrue(notes.contains("notes.csv:5: expected 4 fields"), notes);
  }

  @Test
  void anErrorInARecordOverSeveralLinesNamesTheLineItStartsOn() {
    // codes.csv's record on lines 3-4 ("tr<LF>ue" in column primary): the error said codes.csv:4, where it ends
    String codes = bad(NOTES_HEADER + "A1,P1,d,x\n", "admission_id,system,code,sequence,primary\n"
        + "A1,icd10cm,I10,1,true\nA1,icd10cm,E11.9,2,\"tr\nue\"\n");
    assertTrue(codes.contains("codes.csv:3: expected primary to be"), codes);
    // the value is shown escaped, so that the message stays on one line
    assertTrue(codes.contains("got 'tr\\nue'") && !codes.contains("\n"), codes);
    // a note over lines 2-5 (LF, CRLF, CR) and blank lines before the record after it: the fast parser's error
    String notes = NOTES_HEADER + "A1,P1,d,\"one\ntwo\r\nthree\rfour\"\n\n\r\nA2,P2,d,x,extra\n";
    String fast = bad(notes, CODES_HEADER);
    assertTrue(fast.contains("notes.csv:8: expected 4 fields"), fast);
    String wrong = bad(NOTES_HEADER + "A1,P1,d,\"one\ntwo\r\nthree\rfour\"\nA2,P2,\"d\ne\",x,extra\n", CODES_HEADER);
    assertTrue(wrong.contains("notes.csv:6: expected 4 fields"), wrong);
    // and Commons CSV's, which reads the file when the fast parser gives up (a space after a closing quote)
    String commons = bad(NOTES_HEADER + "A0,P0,d,\"x\" \n" + notes.substring(NOTES_HEADER.length())
        .replace("A2,P2,d,x,extra", "A2,P2,\"d\ne\",x,extra"), CODES_HEADER);
    assertTrue(commons.contains("notes.csv:9: expected 4 fields"), commons);
  }

  private String message(String full) {
    return full.substring(full.indexOf(": ") + 2);
  }
}
