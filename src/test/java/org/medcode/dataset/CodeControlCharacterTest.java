package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.dataset.load.Datasets;
import org.medcode.dataset.source.PullRecords;

/**
 * A gold code with a control character inside it is refused by every dataset reader, with file and line. Before, the
 * normalisation dropped the white space inside it, so {@code "E11.9\nI10"} was read as the one code E119I10 without a word.
 */
class CodeControlCharacterTest {
  @TempDir
  Path root;

  private static final String WHY = "holds a control character (U+000A) at position 6; a code is printable text on one line";

  private String error(DatasetSpec spec) {
    PullRecords.record(root, "codiesp"); // the synthetic CodiEsp files, recorded as pulled: they are not the release's
    MedcodeException.BadInput error = assertThrows(MedcodeException.BadInput.class, () -> Datasets.load(spec, root));
    assertEquals(2, error.exitCode());
    return error.getMessage();
  }

  /** A CodiEsp dev split of one case, S1, in both languages, with these diagnosis rows and no others; its folder. */
  private Path codiEspDev(String devD) throws IOException {
    Path dev = root.resolve("codiesp/final_dataset_v4_to_publish/dev");
    Files.createDirectories(dev.resolve("text_files_en"));
    Files.createDirectories(dev.resolve("text_files"));
    Files.writeString(dev.resolve("text_files_en/S1.txt"), "Male with hypertension.");
    Files.writeString(dev.resolve("text_files/S1.txt"), "Varón con hipertensión.");
    Files.writeString(dev.resolve("devD.tsv"), devD);
    Files.writeString(dev.resolve("devP.tsv"), "");
    Files.writeString(dev.resolve("devX.tsv"), "");
    return dev;
  }

  @Test
  void jsonl() throws IOException {
    Path file = Files.writeString(root.resolve("gold.jsonl"), "{\"id\":\"A0\",\"notes\":[],\"codes\":[]}\n"
        + "{\"id\":\"A1\",\"notes\":[{\"text\":\"x\"}],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"E11.9\\nI10\"}]}\n");
    String message = error(DatasetSpec.parse("jsonl:" + file));
    assertTrue(message.startsWith(file + ":2: codes[0].code: the code 'E11.9\\nI10' " + WHY), message);
  }

  @Test
  void csvPair() throws IOException {
    Path notes = Files.writeString(root.resolve("notes.csv"), "admission_id,patient_id,note_type,text\nA1,P1,,x\n");
    Path codes = Files.writeString(root.resolve("codes.csv"), "admission_id,system,code\nA1,icd10cm,I10\n"
        + "A1,icd10cm,\"E11.9\nI10\"\n");
    String message = error(DatasetSpec.csv(notes, codes));
    // the line the record starts on, as the reader's other errors say (it said :4, where it ends)
    assertTrue(message.startsWith(codes + ":3: the code 'E11.9\\nI10' of admission 'A1' " + WHY), message);
    Files.writeString(codes, "admission_id,system,code\nA1,icd10cm,I10\nA1,icd10cm,E1\u00071.9\n"); // plain ASCII bytes
    message = error(DatasetSpec.csv(notes, codes));
    assertTrue(message.startsWith(codes + ":3: the code 'E1\\u00071.9' of admission 'A1' holds a control character"
        + " (U+0007) at position 3"), message);
  }

  @Test
  void codiEspGoldAndEvidence() throws IOException {
    Path dev = codiEspDev("S1\ti10\nS1\te11\u000b9\n");
    String message = error(DatasetSpec.parse("codiesp:dev:en:D"));
    assertTrue(message.startsWith(dev.resolve("devD.tsv") + ":2: the code 'e11\\u000b9' of admission 'S1' holds a control"
        + " character (U+000B)"), message);
    Files.writeString(dev.resolve("devD.tsv"), "S1\ti10\n");
    Files.writeString(dev.resolve("devX.tsv"), "S1\tDIAGNOSTICO\ti1\u000c0\thipertensión\t10 22\n");
    message = error(DatasetSpec.parse("codiesp:dev:es:D"));
    assertTrue(message.startsWith(dev.resolve("devX.tsv") + ":1: the code 'i1\\u000c0' of admission 'S1' holds a control"
        + " character (U+000C)"), message);
  }

  @Test
  void anInvisibleCharacterInAGoldCode() throws IOException {
    // before: "E11.9" + a soft hyphen was a gold code of its own, so a coder answering E11.9 scored exact recall 0
    Path file = Files.writeString(root.resolve("gold.jsonl"),
        "{\"id\":\"A1\",\"notes\":[{\"text\":\"x\"}],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"E11.9\\u00ad\"}]}\n");
    String message = error(DatasetSpec.parse("jsonl:" + file));
    assertTrue(message.startsWith(file + ":1: codes[0].code: the code 'E11.9\\u00ad' holds an invisible character (U+00AD)"),
        message);
  }

  @Test
  void whiteSpaceInsideAGoldCode() throws IOException {
    // before: the gold code "R50 .9" was read as R50.9 and "I10 E11.9" as the code I10E119, without a word
    Path file = Files.writeString(root.resolve("gold.jsonl"),
        "{\"id\":\"A1\",\"notes\":[{\"text\":\"x\"}],\"codes\":[{\"system\":\"icd10cm\",\"code\":\" R50 .9\"}]}\n");
    String message = error(DatasetSpec.parse("jsonl:" + file));
    assertTrue(message.startsWith(file + ":1: codes[0].code: the code ' R50 .9' holds white space (U+0020) at position 5"),
        message);
    codiEspDev("S1\ti10 \r\nS1\ti10 e11.9\r\n");
    Path dev = root.resolve("codiesp/final_dataset_v4_to_publish/dev");
    message = error(DatasetSpec.parse("codiesp:dev:en:D"));
    assertTrue(message.startsWith(dev.resolve("devD.tsv") + ":2: the code 'i10 e11.9' of admission 'S1' holds white"
        + " space (U+0020) at position 4"), message);
  }

  @Test
  void aDotWhereNoCodeSystemWritesOneInAGoldCode() throws IOException {
    // before: the gold code "e11..9" was read as E11.9 without a word
    Path notes = Files.writeString(root.resolve("notes.csv"), "admission_id,patient_id,note_type,text\nA1,P1,,x\n");
    Path codes = Files.writeString(root.resolve("codes.csv"), "admission_id,system,code\nA1,icd10cm,I10\nA1,icd10cm,e11..9\n");
    String message = error(DatasetSpec.csv(notes, codes));
    assertTrue(message.startsWith(codes + ":3: the code 'e11..9' of admission 'A1' holds a dot at position 5, where no"
        + " code system writes one"), message);
  }
}
