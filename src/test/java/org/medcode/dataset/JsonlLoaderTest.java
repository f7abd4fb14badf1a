package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.load.Datasets;

class JsonlLoaderTest {
  @TempDir Path dir;

  private Dataset load(String... lines) throws IOException {
    Path file = dir.resolve("in.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return Datasets.load(DatasetSpec.jsonl(file), dir);
  }

  private MedcodeException.BadInput bad(String... lines) {
    return assertThrows(MedcodeException.BadInput.class, () -> load(lines));
  }

  @Test
  void readsEveryField() throws IOException {
    Dataset dataset = load(
        "{\"id\":\"A1\",\"patient_id\":\"P1\",\"notes\":[{\"type\":\"discharge\",\"text\":\"Left testicular pain, epididymitis.\"}],"
            + "\"codes\":[{\"system\":\"icd10cm\",\"code\":\"n44.8\",\"sequence\":1,\"primary\":true,"
            + "\"evidence\":[{\"note\":0,\"start\":22,\"end\":34}]}],\"metadata\":{\"ward\":\"urology\"}}",
        "",
        "{\"id\":\"A2\",\"notes\":[{\"text\":\"Appendectomy.\"}],\"codes\":[{\"system\":\"ICD-10-PCS\",\"code\":\"0DTJ4ZZ\"}]}");
    assertEquals(2, dataset.admissions().size());
    Admission first = dataset.admissions().get(0);
    assertEquals("P1", first.patientId());
    assertEquals(List.of(new Note("discharge", "Left testicular pain, epididymitis.")), first.notes());
    assertEquals(Map.of("ward", "urology"), first.metadata());
    GoldCode code = first.codes().get(0);
    assertEquals(new GoldCode("N448", "n44.8", CodeSystemId.ICD10CM, 1, true, List.of(new EvidenceSpan(0, 22, 34, "epididymitis"))), code);
    Admission second = dataset.admissions().get(1);
    assertEquals("A2", second.patientId(), "patient_id defaults to the admission id");
    assertEquals("note", second.notes().get(0).type());
    assertEquals(new GoldCode("0DTJ4ZZ", "0DTJ4ZZ", CodeSystemId.ICD10PCS, null, false, List.of()), second.codes().get(0));
    assertEquals(List.of(CodeSystemId.ICD10CM, CodeSystemId.ICD10PCS), dataset.systems());
    assertEquals(List.of(), dataset.warnings());
    assertEquals("jsonl:" + dir.resolve("in.jsonl"), dataset.spec());
    assertEquals(64, dataset.fingerprint().length());
  }

  @Test
  void unknownFieldsAreNamedWithTheLine() {
    MedcodeException.BadInput error = bad(
        "{\"id\":\"A1\",\"notes\":[],\"codes\":[]}",
        "{\"id\":\"A2\",\"notes\":[],\"codes\":[],\"diagnoses\":[],\"extra\":1}");
    assertTrue(error.getMessage().contains("in.jsonl:2:"), error.getMessage());
    assertTrue(error.getMessage().contains("unknown fields [diagnoses, extra]"), error.getMessage());
    MedcodeException.BadInput nested = bad("{\"id\":\"A1\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\",\"score\":1}]}");
    assertTrue(nested.getMessage().contains("unknown field [score] in codes[0]"), nested.getMessage());
  }

  @Test
  void malformedLinesAreErrors() {
    assertTrue(bad("{\"id\":\"A1\",").getMessage().contains(":1: expected one JSON object per line"));
    assertTrue(bad("[1,2]").getMessage().contains("expected admission to be a JSON object"));
    assertTrue(bad("{\"notes\":[],\"codes\":[]}").getMessage().contains("expected field 'id'"));
    assertTrue(bad("{\"id\":\"A1\",\"codes\":[]}").getMessage().contains("expected field 'notes'"));
    assertTrue(bad("{\"id\":\"A1\",\"notes\":[],\"codes\":[{\"system\":\"snomed\",\"code\":\"1\"}]}").getMessage()
        .contains("unknown code system 'snomed'"));
    assertTrue(bad("{\"id\":\"A1\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\",\"sequence\":0}]}")
        .getMessage().contains("positive integer"));
    assertTrue(bad("{\"id\":\"A1\",\"notes\":[],\"codes\":[],\"metadata\":{\"age\":71}}").getMessage()
        .contains("expected metadata.age to be a string"));
    assertTrue(bad("{\"id\":\"A1\",\"notes\":[],\"codes\":[]} {\"id\":\"A2\"}").getMessage().contains(":1:"));
  }

  @Test
  void evidenceMustPointIntoANote() {
    String note = "{\"id\":\"A1\",\"notes\":[{\"text\":\"short\"}],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\",\"evidence\":[";
    assertTrue(bad(note + "{\"note\":1,\"start\":0,\"end\":1}]}]}").getMessage().contains("to index one of the 1 notes"));
    assertTrue(bad(note + "{\"note\":0,\"start\":2,\"end\":9}]}]}").getMessage().contains("end <= 5"));
  }

  @Test
  void duplicateIdsAreErrorsNamingBothLines() {
    MedcodeException.BadInput error = bad("{\"id\":\"A1\",\"notes\":[],\"codes\":[]}", "", "{\"id\":\"A1\",\"notes\":[],\"codes\":[]}");
    assertTrue(error.getMessage().contains(":3: admission id 'A1' already used on line 1"), error.getMessage());
  }

  @Test
  void repeatedCodesAreKeptOnceAndCounted() throws IOException {
    Dataset dataset = load("{\"id\":\"A1\",\"notes\":[{\"text\":\"x\"}],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"},"
        + "{\"system\":\"icd10cm\",\"code\":\"i10\"},{\"system\":\"icd9cm\",\"code\":\"I10\"}]}",
        "{\"id\":\"A2\",\"notes\":[],\"codes\":[]}");
    assertEquals(2, dataset.admissions().get(0).codes().size());
    assertEquals("I10", dataset.admissions().get(0).codes().get(0).raw(), "the first spelling is kept");
    assertTrue(dataset.warnings().contains("1 repeated (system, code) gold row merged (gold codes are a set per admission and system)"),
        dataset.warnings().toString());
    assertTrue(dataset.warnings().contains("1 of 2 admissions has no gold codes"), dataset.warnings().toString());
    assertTrue(dataset.warnings().contains("1 of 2 admissions has no notes"), dataset.warnings().toString());
  }

  @Test
  void missingFileSaysSo() {
    MedcodeException.BadInput error = assertThrows(MedcodeException.BadInput.class,
        () -> Datasets.load(DatasetSpec.jsonl(dir.resolve("absent.jsonl")), dir));
    assertTrue(error.getMessage().contains("absent.jsonl: file not found"), error.getMessage());
  }

  @Test
  void invalidUtf8IsAnError() throws IOException {
    Path file = dir.resolve("latin1.jsonl");
    Files.write(file, new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xe9, '"', '}', '\n'});
    MedcodeException.BadInput error = assertThrows(MedcodeException.BadInput.class, () -> Datasets.load(DatasetSpec.jsonl(file), dir));
    assertTrue(error.getMessage().contains("latin1.jsonl:1: not UTF-8: byte 0xE9 at byte offset 7"), error.getMessage());
  }

  @Test
  void aCodeSpellingIsKeptAsWrittenAndPlainCodesAreShared() throws IOException {
    Dataset dataset = load(
        "{\"id\":\"A1\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\" n44.8 \"},{\"system\":\"icd10cm\",\"code\":\"I10\"}]}",
        "{\"id\":\"A2\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"n44.8\"},{\"system\":\"icd10cm\",\"code\":\"I10\"}]}");
    assertEquals(new GoldCode("N448", " n44.8 ", CodeSystemId.ICD10CM, null, false, List.of()), dataset.admissions().get(0).codes().get(0));
    assertEquals(new GoldCode("N448", "n44.8", CodeSystemId.ICD10CM, null, false, List.of()), dataset.admissions().get(1).codes().get(0));
    org.junit.jupiter.api.Assertions.assertSame(dataset.admissions().get(0).codes().get(1), dataset.admissions().get(1).codes().get(1));
  }

  @Test
  void aGzipDatasetIsCalledThatNotNonUtf8() throws IOException {
    // before: "g.jsonl.gz:1: not UTF-8: byte 0x8B ...; save the file as UTF-8"
    Path file = dir.resolve("g.jsonl.gz");
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(file))) {
      out.write("{\"id\":\"A1\",\"notes\":[],\"codes\":[]}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String message = assertThrows(MedcodeException.BadInput.class, () -> Datasets.load(DatasetSpec.jsonl(file), dir))
        .getMessage();
    assertTrue(message.startsWith(file + ":1: not UTF-8 text but gzip-compressed data"), message);
  }
}
