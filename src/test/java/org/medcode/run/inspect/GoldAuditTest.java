package org.medcode.run.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.coder.ml.Synthetic;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;

/** {@code data audit}: counts a dataset's gold codes by table status and says what evaluate would warn about. */
class GoldAuditTest {
  private static final List<Admission> ADMISSIONS = Synthetic.admissions(30, 0, 1);

  @Test
  void countsEveryGoldCodeAndKeepsTheLoadersWarnings() {
    Dataset dataset = new Dataset("jsonl:x.jsonl", List.of(CodeSystemId.ICD10CM), ADMISSIONS,
        List.of("3 of 30 admissions have no gold codes"), CompletableFuture.completedFuture(""), false);
    GoldAudit audit = GoldAudit.of(dataset, CodeSystemId.ICD10CM, Synthetic.table());
    long gold = ADMISSIONS.stream().mapToLong(a -> a.codes().size()).sum();
    assertEquals(gold, audit.occurrences());
    assertEquals(gold, audit.occurrencesByStatus().values().stream().mapToLong(Long::longValue).sum());
    assertEquals(gold, (long) audit.occurrencesByStatus().getOrDefault(CodeStatus.BILLABLE, 0L), "every code is billable");
    assertEquals(List.of("3 of 30 admissions have no gold codes"), audit.warnings());
  }

  @Test
  void aSystemTheDatasetHasNoGoldCodesOfIsSaid() {
    Dataset dataset = new Dataset("jsonl:x.jsonl", List.of(CodeSystemId.ICD10CM), ADMISSIONS, List.of(),
        CompletableFuture.completedFuture(""), false);
    GoldAudit audit = GoldAudit.of(dataset, CodeSystemId.ICD9CM, Synthetic.table());
    assertEquals(0, audit.occurrences());
    assertTrue(audit.warnings().contains("jsonl:x.jsonl has no gold codes of icd9cm (it has [icd10cm]); check --system"),
        audit.warnings().toString());
  }
}
