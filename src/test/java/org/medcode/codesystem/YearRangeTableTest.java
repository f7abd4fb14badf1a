package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medcode.MedcodeException;
import org.medcode.TestData;

/**
 * A table of a range of fiscal years (the years in the mirror: FY2024-FY2026) holds every code any year has, says which
 * years have it, and is billable where any year bills it. Facts checked against the CMS order files: T81.32XA was
 * deleted in FY2025, B88.01 added in FY2026, B88.0 billable until FY2025 and a header (expanded) in FY2026.
 */
class YearRangeTableTest {
  private static final Path ROOT = TestData.require("icd10cm-cms", "icd10cm-hierarchy");

  @Test
  void aCodeIsValidWhenAnyYearOfTheRangeHasItAndTheTableSaysWhich() {
    CodeTable range = CodeTables.load(ROOT, CodeSystemId.ICD10CM, "2024-2026");
    CodeTable fy2026 = CodeTables.load(ROOT, CodeSystemId.ICD10CM, "2026");
    assertEquals("FY2024-FY2026", range.version());
    assertEquals("icd10cm FY2024-FY2026 (valid in any year of the range; 98,201 codes, 74,783 billable; blocks and chapters of the April 1, 2026 hierarchy)", range.describe());
    assertEquals(CodeStatus.NOT_IN_TABLE, fy2026.status("T8132XA"));
    assertEquals(CodeStatus.BILLABLE, range.status("T8132XA"));
    assertEquals(Optional.of("FY2024"), range.years("T8132XA"));
    assertEquals(Optional.of("FY2026"), range.years("B8801"));
    assertEquals(Optional.of("FY2024-FY2026"), range.years("I10"));
    assertEquals(CodeStatus.HEADER, fy2026.status("B880"));
    assertEquals(CodeStatus.BILLABLE, range.status("B880"), "billable in FY2024 and FY2025");
    assertEquals(Optional.of("FY2024-FY2025; a header in FY2026"), range.statusYears("B880"), "which years are which");
    assertEquals(Optional.of("FY2024; a header in FY2025-FY2026"), range.statusYears("C8339"));
    assertEquals(Optional.of("FY2024-FY2026"), range.statusYears("I10"));
    assertEquals(CodeStatus.NOT_IN_TABLE, range.status("Z9999"));
    assertEquals(Optional.empty(), range.years("Z9999"));
    assertEquals(Optional.empty(), fy2026.years("I10"), "a single year's table names no years");
    assertEquals(fy2026.entry("I10").orElseThrow().longTitle(), range.entry("I10").orElseThrow().longTitle());
    assertSame(range, CodeTables.load(ROOT, CodeSystemId.ICD10CM, "FY2024-FY2026"), "cached by range");
    assertTrue(range.system().granularities().contains(Granularity.BLOCK), "ICD-10-CM keeps its hierarchy");
  }

  @Test
  void everyYearOfTheRangeMustBeThere() {
    MedcodeException.DataMissing missing = assertThrows(MedcodeException.DataMissing.class,
        () -> CodeTables.load(ROOT, CodeSystemId.ICD10CM, "2016-2024"));
    assertTrue(missing.getMessage().startsWith("ICD-10-CM order files FY2016, FY2017, FY2019, FY2020, FY2021, FY2022,"
        + " FY2023 of the range FY2016-FY2024 (years found: 2018, 2024, 2025, 2026) not found at "), missing.getMessage());
    assertTrue(missing.getMessage().contains("./medcode data pull icd10cm"), missing.getMessage());
    assertEquals(3, missing.exitCode());
    assertTrue(assertThrows(MedcodeException.DataMissing.class, () -> CodeTables.load(ROOT, CodeSystemId.ICD10CM,
        "2017-2018")).getMessage().startsWith("ICD-10-CM order file FY2017 of the range FY2017-FY2018"), "one year");
    assertThrows(MedcodeException.class, () -> CodeTables.load(ROOT, CodeSystemId.ICD10CM, "2026-2024"));
    MedcodeException icd9 = assertThrows(MedcodeException.class,
        () -> CodeTables.load(TestData.require("icd9cm-cms"), CodeSystemId.ICD9CM, "2016-2023"));
    assertTrue(icd9.getMessage().contains("ICD-9-CM has one table, v32"), "ICD-9's one table is FY2015's: " + icd9.getMessage());
  }

  @Test
  void pcsRanges() {
    CodeTable range = CodeTables.load(TestData.require("icd10pcs-cms"), CodeSystemId.ICD10PCS, "2025-2026");
    assertEquals("FY2025-FY2026", range.version());
    assertEquals(Optional.of("FY2025-FY2026"), range.years("0DTJ4ZZ"));
  }
}
