package org.medcode.run.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeSystemId;

/** The code table year a command uses when none is given: the dataset's own where it has one. */
class DefaultYearTest {
  @Test
  void codiEspIsScoredWithFy2018ACodeQueryWithItsOwnYearTheRestWithFy2026() {
    assertEquals("2018", Workspace.defaultYear(CodeSystemId.ICD10CM, "codiesp:dev:en:D"));
    assertEquals("2018", Workspace.defaultYear(CodeSystemId.ICD10CM, "code-query:icd10cm?year=2018&sample=300&seed=3"));
    assertEquals("2026", Workspace.defaultYear(CodeSystemId.ICD10CM, "code-query:icd10cm?sample=300"));
    assertEquals("2026", Workspace.defaultYear(CodeSystemId.ICD10CM, "jsonl:x.jsonl"));
    assertEquals("2026", Workspace.defaultYear(CodeSystemId.ICD10CM, null));
  }

  @Test
  void icd9HasOneTableAndSoNoDefaultYear() {
    // v32 is FY2015's: a default year of 2026 (or CodiEsp's 2018) would be refused as a year without an ICD-9 table
    assertNull(Workspace.defaultYear(CodeSystemId.ICD9CM, "mimic-iv:/m?icd=9&codes=diagnoses"));
    assertNull(Workspace.defaultYear(CodeSystemId.ICD9PCS, "codiesp:dev:en:P"));
    assertNull(Workspace.defaultYear(CodeSystemId.ICD9CM, "code-query:icd9cm?sample=300"));
  }
}
