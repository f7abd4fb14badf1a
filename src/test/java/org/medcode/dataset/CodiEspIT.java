package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcode.TestData;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.load.Datasets;

/** The real CodiEsp release (from the public-data mirror): counts as published by the organisers. */
class CodiEspIT {
  private final Path root = TestData.require("codiesp/final_dataset_v4_to_publish");

  private static long count(Dataset dataset, CodeSystemId system) {
    return dataset.admissions().stream().flatMap(a -> a.codes().stream()).filter(c -> c.system() == system).count();
  }

  private static long casesWith(Dataset dataset, CodeSystemId system) {
    return dataset.admissions().stream().filter(a -> a.codes().stream().anyMatch(c -> c.system() == system)).count();
  }

  @Test
  void devCounts() {
    Dataset dataset = Datasets.load(DatasetSpec.parse("codiesp:dev:en:DP"), root);
    assertEquals(250, dataset.admissions().size());
    assertEquals(2677, count(dataset, CodeSystemId.ICD10CM), "devD.tsv rows (no repeated rows)");
    assertEquals(817, count(dataset, CodeSystemId.ICD10PCS), "devP.tsv rows (no repeated rows)");
    assertEquals(250, casesWith(dataset, CodeSystemId.ICD10CM));
    assertEquals(222, casesWith(dataset, CodeSystemId.ICD10PCS));
    assertTrue(dataset.warnings().contains("28 of 250 cases have no icd10pcs gold codes"), dataset.warnings().toString());
    assertTrue(dataset.warnings().stream().noneMatch(w -> w.contains("repeated") || w.contains("without notes")), dataset.warnings().toString());
    assertTrue(dataset.admissions().stream().allMatch(a -> a.notes().size() == 1 && !a.notes().get(0).text().isBlank()));
    List<String> ids = dataset.admissions().stream().map(Admission::id).toList();
    assertEquals(ids.stream().sorted().toList(), ids);
    GoldCode first = dataset.admissions().stream().filter(a -> a.id().equals("S0004-06142005000900016-1")).findFirst()
        .orElseThrow().codes().get(0);
    assertEquals(new GoldCode("Q6211", "q62.11", CodeSystemId.ICD10CM, 1, false, List.of()), first);
  }

  @Test
  void trainCounts() {
    Dataset dataset = Datasets.load(DatasetSpec.parse("codiesp:train:en:DP"), root);
    assertEquals(500, dataset.admissions().size());
    assertEquals(5639, count(dataset, CodeSystemId.ICD10CM));
    assertEquals(1550, count(dataset, CodeSystemId.ICD10PCS));
    assertEquals(435, casesWith(dataset, CodeSystemId.ICD10PCS));
  }

  @Test
  void spanishEvidenceCoversEveryGoldCode() {
    for (String split : List.of("dev", "train")) {
      Dataset dataset = Datasets.load(DatasetSpec.parse("codiesp:" + split + ":es:DP"), root);
      for (Admission admission : dataset.admissions()) {
        String text = admission.notes().get(0).text();
        for (GoldCode code : admission.codes()) {
          assertTrue(!code.evidence().isEmpty(), admission.id() + " " + code.raw() + " has evidence in " + split + "X.tsv");
          code.evidence().forEach(span -> assertEquals(text.substring(span.start(), span.end()), span.text()));
        }
      }
      // dev: every X row quotes exactly the text at its offsets; train has one row whose quote lacks a '('
      List<String> mismatched = dataset.warnings().stream().filter(w -> w.contains("quote text that differs")).toList();
      assertEquals(split.equals("dev") ? 0 : 1, mismatched.size(), dataset.warnings().toString());
      assertTrue(mismatched.stream().allMatch(w -> w.startsWith("1 evidence rows of")), mismatched.toString());
      assertTrue(dataset.warnings().stream().noneMatch(w -> w.contains("match no gold code")), dataset.warnings().toString());
    }
  }

  @Test
  void everyEvidenceRowIsAttached() {
    // devX.tsv: 4,477 rows, 966 of them with several "start end" segments, 5,516 segments in all (awk count);
    // trainX.tsv: 9,181 rows, 11,102 segments. Each segment becomes one span.
    assertEquals(5516, spans("codiesp:dev:es:DP"));
    assertEquals(11102, spans("codiesp:train:es:DP"));
  }

  private long spans(String spec) {
    return Datasets.load(DatasetSpec.parse(spec), root).admissions().stream()
        .flatMap(a -> a.codes().stream()).mapToLong(c -> c.evidence().size()).sum();
  }
}
