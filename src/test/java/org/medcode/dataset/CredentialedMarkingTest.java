package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medcode.MedcodeException;
import org.medcode.dataset.load.Datasets;

/** Any dataset can be marked credentialed: in its spec, by a JSONL field, by a CSV column; MIMIC specs always are. */
class CredentialedMarkingTest {
  @TempDir
  Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"codiesp:dev:en:D?credentialed=true", "jsonl:some/file.jsonl?credentialed=true",
      "csv:n.csv,c.csv?credentialed=true"})
  void aMarkedSpecRoundTrips(String text) {
    DatasetSpec spec = DatasetSpec.parse(text);
    assertTrue(spec.credentialed());
    assertEquals(text, spec.toString());
    assertEquals(spec, DatasetSpec.parse(spec.toString()));
  }

  @Test
  void markingOptions() {
    assertTrue(DatasetSpec.parse("data/x.jsonl?credentialed=true").credentialed());
    assertEquals("jsonl:data/x.jsonl?credentialed=true", DatasetSpec.parse("data/x.jsonl?CREDENTIALED=True").toString());
    assertFalse(DatasetSpec.parse("jsonl:x.jsonl?credentialed=false").credentialed());
    assertEquals("jsonl:x.jsonl", DatasetSpec.parse("jsonl:x.jsonl?credentialed=false").toString());
    assertEquals("codiesp:train:en:D?credentialed=true",
        DatasetSpec.parse("codiesp:dev:en:D?credentialed=true").withSplit(DatasetSpec.Split.TRAIN).toString());
    for (String bad : new String[] {"jsonl:x.jsonl?credentialed=yes", "jsonl:x.jsonl?icd=10", "csv:a,b?x"}) {
      MedcodeException e = assertThrows(MedcodeException.class, () -> DatasetSpec.parse(bad), bad);
      assertEquals(2, e.exitCode());
    }
  }

  @Test
  void mimicSpecsAlwaysAreCredentialed() {
    DatasetSpec plain = DatasetSpec.parse("mimic-iv:/data/mimic?icd=10");
    assertTrue(plain.credentialed());
    assertEquals(plain, DatasetSpec.parse("mimic-iv:/data/mimic?icd=10&credentialed=true"));
    assertEquals(plain, DatasetSpec.parse("mimic-iv:/data/mimic?credentialed=true&icd=10"));
    assertTrue(DatasetSpec.parse("mimic-iii:/data/mimic3?credentialed=true").credentialed());
    assertEquals("mimic-iv:/data/mimic", DatasetSpec.parse("mimic-iv:/data/mimic?credentialed=true").toString());
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> DatasetSpec.parse("mimic-iv:/data/mimic?credentialed=false"));
    assertTrue(e.getMessage().contains("credentialed can only be true"), e.getMessage());
    assertTrue(plain.withCredentialed(false).credentialed());
  }

  @Test
  void markingASpecTextKeepsItsVariables() {
    assertEquals("jsonl:${NOTES}/a.jsonl?credentialed=true", DatasetSpec.markCredentialed("jsonl:${NOTES}/a.jsonl"));
    assertEquals("jsonl:a.jsonl?credentialed=true", DatasetSpec.markCredentialed("jsonl:a.jsonl?credentialed=true"));
    assertEquals("mimic-iv:${MIMIC_IV_DIR}?icd=10", DatasetSpec.markCredentialed("mimic-iv:${MIMIC_IV_DIR}?icd=10"));
    assertEquals("code-query:icd10cm?sample=10&credentialed=true", DatasetSpec.markCredentialed("code-query:icd10cm?sample=10"));
  }

  @Test
  void aJsonlFieldMarksTheDataset() throws Exception {
    Path file = temp.resolve("a.jsonl");
    Files.writeString(file, "{\"id\":\"A1\",\"notes\":[],\"codes\":[]}\n"
        + "{\"id\":\"A2\",\"notes\":[],\"codes\":[],\"credentialed\":true}\n"
        + "{\"id\":\"A3\",\"notes\":[],\"codes\":[],\"credentialed\":false}\n");
    Dataset dataset = Datasets.load(DatasetSpec.parse("jsonl:" + file), temp);
    assertTrue(dataset.credentialed());
    assertTrue(dataset.warnings().contains("1 of 3 admissions is marked credentialed: the whole dataset is treated as"
        + " credentialed data"), dataset.warnings().toString());
    assertEquals("true", dataset.admissions().get(1).metadata().get(Dataset.CREDENTIALED));
    Files.writeString(file, "{\"id\":\"A1\",\"notes\":[],\"codes\":[],\"credentialed\":\"yes\"}\n");
    MedcodeException bad = assertThrows(MedcodeException.class, () -> Datasets.load(DatasetSpec.parse("jsonl:" + file), temp));
    assertTrue(bad.getMessage().contains(":1: expected credentialed to be true or false"), bad.getMessage());
    Files.writeString(file, "{\"id\":\"A1\",\"notes\":[],\"codes\":[]}\n");
    assertFalse(Datasets.load(DatasetSpec.parse("jsonl:" + file), temp).credentialed());
    Dataset marked = Datasets.load(DatasetSpec.parse("jsonl:" + file + "?credentialed=true"), temp);
    assertTrue(marked.credentialed());
    assertEquals(Datasets.load(DatasetSpec.parse("jsonl:" + file), temp).fingerprint(), marked.fingerprint(),
        "marking changes what may be done with the data, not the data");
  }

  @Test
  void aCsvColumnMarksTheDataset() throws Exception {
    Path notes = temp.resolve("notes.csv");
    Path codes = temp.resolve("codes.csv");
    Files.writeString(codes, "admission_id,system,code\nA1,icd10cm,I10\n");
    Files.writeString(notes, "admission_id,patient_id,note_type,text,credentialed\nA1,P1,,first,0\nA1,P1,,second,1\nA2,,,x,\n");
    Dataset dataset = Datasets.load(DatasetSpec.parse("csv:" + notes + "," + codes), temp);
    assertTrue(dataset.credentialed());
    assertEquals("true", dataset.admissions().get(0).metadata().get(Dataset.CREDENTIALED));
    assertEquals(null, dataset.admissions().get(1).metadata().get(Dataset.CREDENTIALED));
    Files.writeString(notes, "admission_id,patient_id,note_type,text\nA1,P1,,first\n");
    assertFalse(Datasets.load(DatasetSpec.parse("csv:" + notes + "," + codes), temp).credentialed());
    Files.writeString(notes, "admission_id,patient_id,note_type,text,credentialed\nA1,P1,,first,maybe\n");
    MedcodeException bad = assertThrows(MedcodeException.class,
        () -> Datasets.load(DatasetSpec.parse("csv:" + notes + "," + codes), temp));
    assertTrue(bad.getMessage().contains("notes.csv:2: expected credentialed to be true, false, 1, 0 or empty"),
        bad.getMessage());
  }
}
