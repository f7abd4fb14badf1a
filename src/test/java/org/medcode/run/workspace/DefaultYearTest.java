package org.medcode.run.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The code table year a command uses when none is given: the dataset's own where it has one. */
class DefaultYearTest {
  @Test
  void codiEspIsScoredWithFy2018ACodeQueryWithItsOwnYearTheRestWithFy2026() {
    assertEquals("2018", Workspace.defaultYear("codiesp:dev:en:D"));
    assertEquals("2018", Workspace.defaultYear("code-query:icd10cm?year=2018&sample=300&seed=3"));
    assertEquals("2026", Workspace.defaultYear("code-query:icd10cm?sample=300"));
    assertEquals("2026", Workspace.defaultYear("jsonl:x.jsonl"));
    assertEquals("2026", Workspace.defaultYear(null));
  }
}
