package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.load.Datasets;

/** The examples in datasets/examples (documented in datasets/README.md) load, and both formats hold the same data. */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("datasets", "examples");
  /** Pinned (recomputed independently from the serialisation documented in Fingerprint); a change means the examples or the serialisation changed. */
  private static final String EXAMPLE_FINGERPRINT = "8fed145fae43a949b1220455829261c3529d47c423583a18ed8929c315651836";

  @Test
  void jsonlExample() {
    Dataset dataset = Datasets.load(DatasetSpec.parse("jsonl:" + EXAMPLES.resolve("tiny.jsonl")), Path.of("datasets"));
    assertEquals(List.of("A1", "A2", "A3"), dataset.admissions().stream().map(Admission::id).toList());
    assertEquals(List.of(CodeSystemId.ICD10CM, CodeSystemId.ICD10PCS), dataset.systems());
    Admission a1 = dataset.admissions().get(0);
    assertEquals(new GoldCode("J189", "J18.9", CodeSystemId.ICD10CM, 1, true,
        List.of(new EvidenceSpan(0, 49, 82, "pneumonia of the right lower lobe"))), a1.codes().get(0));
    Admission a2 = dataset.admissions().get(1);
    assertEquals("Laparoscopic appendectomy", a2.codes().get(1).evidence().get(0).text());
    assertEquals(List.of(), dataset.warnings());
    assertEquals(EXAMPLE_FINGERPRINT, dataset.fingerprint());
  }

  @Test
  void csvExampleHoldsTheSameAdmissions() {
    Dataset csv = Datasets.load(DatasetSpec.parse("csv:" + EXAMPLES.resolve("tiny-notes.csv") + "," + EXAMPLES.resolve("tiny-codes.csv")),
        Path.of("datasets"));
    Dataset jsonl = Datasets.load(DatasetSpec.parse(EXAMPLES.resolve("tiny.jsonl").toString()), Path.of("datasets"));
    assertEquals(jsonl.admissions().size(), csv.admissions().size());
    for (int i = 0; i < csv.admissions().size(); i++) {
      Admission fromCsv = csv.admissions().get(i);
      Admission fromJsonl = jsonl.admissions().get(i);
      assertEquals(fromJsonl.id(), fromCsv.id());
      assertEquals(fromJsonl.patientId(), fromCsv.patientId());
      assertEquals(fromJsonl.notes(), fromCsv.notes());
      assertEquals(fromJsonl.codes().stream().map(c -> c.system() + ":" + c.code() + ":" + c.sequence() + ":" + c.primary()).toList(),
          fromCsv.codes().stream().map(c -> c.system() + ":" + c.code() + ":" + c.sequence() + ":" + c.primary()).toList());
    }
    assertEquals(jsonl.fingerprint(), csv.fingerprint(), "evidence, metadata and raw spellings are not fingerprinted");
  }
}
