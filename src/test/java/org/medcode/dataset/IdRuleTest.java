package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.prediction.PredictionReader;

/**
 * Issue 16: one id rule on both sides (datasets and predictions): trimmed, control characters refused with file and
 * line; a byte order mark is accepted in dataset JSONL as in predictions; text that is not UTF-8 is located.
 */
class IdRuleTest {
  @TempDir
  Path temp;

  private static String admission(String id) {
    return "{\"id\":\"" + id + "\",\"notes\":[{\"text\":\"x\"}],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n";
  }

  @Test
  void anIdWithSpacesIsTheSameIdInTheDatasetAndInThePredictions() throws IOException {
    Path data = temp.resolve("d.jsonl");
    Files.writeString(data, admission("A1 "));
    Path predictions = temp.resolve("p.tsv");
    Files.writeString(predictions, "A1\tI10\n");
    String datasetId = new JsonlLoader().load(data).admissions().get(0).id();
    String predictedId = PredictionReader.read(predictions).byAdmission().keySet().iterator().next();
    assertEquals(predictedId, datasetId);
  }

  @Test
  void anIdWithAccentsIsTheSameIdWhetherItsAccentsAreComposedOrNot() throws IOException {
    // 'café-1' with a combining acute accent (NFD: macOS file names, some exports) in the dataset, with the precomposed
    // é (NFC) in the predictions: the predictions were ignored as for an unknown admission, the warning naming 'café-1'
    // as an id the dataset lacked, though it shows one with the same look
    Path data = temp.resolve("d.jsonl");
    Files.writeString(data, admission("cafe\u0301-1") + admission("ni\u00f1o"));
    Path predictions = temp.resolve("p.tsv");
    Files.writeString(predictions, "caf\u00e9-1\tI10\nnin\u0303o\tI10\n");
    java.util.List<String> datasetIds = new JsonlLoader().load(data).admissions().stream().map(a -> a.id()).toList();
    java.util.List<String> predictedIds = java.util.List.copyOf(PredictionReader.read(predictions).byAdmission().keySet());
    assertEquals(java.util.List.of("caf\u00e9-1", "ni\u00f1o"), datasetIds);
    assertEquals(datasetIds, predictedIds);
    Path notes = temp.resolve("notes.csv");
    Files.writeString(notes, "admission_id,patient_id,note_type,text\ncafe\u0301-1,,note,x\n");
    Path codes = temp.resolve("codes.csv");
    Files.writeString(codes, "admission_id,system,code\ncaf\u00e9-1,icd10cm,I10\n");
    assertEquals("caf\u00e9-1", new CsvLoader().load(notes, codes).admissions().get(0).id());
  }

  @Test
  void aControlCharacterInADatasetIdIsRefusedWithFileAndLine() throws IOException {
    Path data = temp.resolve("d.jsonl");
    Files.writeString(data, admission("A0") + admission("A1\\n<img src=x onerror=alert(1)>"));
    String message = assertThrows(MedcodeException.BadInput.class, () -> new JsonlLoader().load(data)).getMessage();
    assertTrue(message.startsWith(data + ":2: id: the id 'A1\\n<img"), message);
    Path notes = temp.resolve("notes.csv");
    Files.writeString(notes, "admission_id,patient_id,note_type,text\n\"A1\u0007\",P1,note,x\n");
    Path codes = temp.resolve("codes.csv");
    Files.writeString(codes, "admission_id,system,code\nA1,icd10cm,I10\n");
    String csv = assertThrows(MedcodeException.BadInput.class, () -> new CsvLoader().load(notes, codes)).getMessage();
    assertTrue(csv.startsWith(notes + ":2: admission_id: the id 'A1\\u0007' holds a control character"), csv);
  }

  @Test
  void aByteOrderMarkIsAcceptedInDatasetJsonl() throws IOException {
    Path data = temp.resolve("d.jsonl");
    Files.writeString(data, "\uFEFF" + admission("A1"));
    assertEquals("A1", new JsonlLoader().load(data).admissions().get(0).id());
  }

  @Test
  void nonUtf8DatasetsNameTheLineAndByteOffset() throws IOException {
    Path data = temp.resolve("d.jsonl");
    Files.write(data, (admission("A1") + admission("caf\u00e9")).getBytes(StandardCharsets.ISO_8859_1));
    String message = assertThrows(MedcodeException.BadInput.class, () -> new JsonlLoader().load(data)).getMessage();
    assertTrue(message.startsWith(data + ":2: not UTF-8: byte 0xE9"), message);
  }

  /** Ids.clean takes a string of characters below U+0300 as composed without asking: every pair of them is NFC. */
  @Test
  void charactersBelowTheCombiningMarksAreComposedInEveryPair() {
    for (char a = 0; a < 0x300; a++) {
      for (char b = 0; b < 0x300; b++) {
        String pair = new String(new char[] {a, b});
        if (!java.text.Normalizer.isNormalized(pair, java.text.Normalizer.Form.NFC)) {
          assertEquals("NFC", "not NFC: U+" + Integer.toHexString(a) + " U+" + Integer.toHexString(b));
        }
      }
    }
    assertEquals("caf\u00e9-1", org.medcode.Ids.clean(" cafe\u0301-1 "));
  }
}
