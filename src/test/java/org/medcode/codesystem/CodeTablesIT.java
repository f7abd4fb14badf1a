package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.medcode.MedcodeException;
import org.medcode.TestData;

/** The real CMS tables and hierarchy CSVs (counts from the SOURCE.md files of the data mirror). */
class CodeTablesIT {

  private static long headers(CodeTable table) {
    return table.size() - table.billableCount();
  }

  @Test
  void icd10cmFy2026() {
    CodeTable table = CodeTables.load(TestData.require("icd10cm-cms"), CodeSystemId.ICD10CM, "2026");
    assertEquals("FY2026", table.version());
    assertEquals(98_186, table.size());
    assertEquals(74_719, table.billableCount());
    assertEquals(23_467, headers(table));
    assertEquals(CodeStatus.BILLABLE, table.status(table.system().normalize("n44.8")));
    assertEquals(CodeStatus.HEADER, table.status("N44"));
    assertEquals(CodeStatus.NOT_IN_TABLE, table.status("N449"));
    assertEquals(CodeStatus.MALFORMED, table.status("N4"));
    assertEquals(CodeStatus.BILLABLE, table.status("S72001A"));
    assertEquals(CodeStatus.BILLABLE, table.status("T360X1A"));
    assertEquals(Optional.of("Other noninflammatory disorders of the testis"), table.title("N448", Granularity.EXACT));
  }

  @Test
  void everyFy2026CategoryHasABlockAndAChapterAgreeingWithTheChapterRanges() {
    CodeTable table = CodeTables.load(TestData.require("icd10cm-hierarchy"), CodeSystemId.ICD10CM, "2026");
    CodeSystem system = table.system();
    List<String> categories = table.entries().keySet().stream().filter(code -> code.length() == 3).sorted().toList();
    assertEquals(1_918, categories.size());
    for (String category : categories) {
      String block = system.ancestor(category, Granularity.BLOCK).orElseThrow(() -> new AssertionError("no block: " + category));
      String chapter = system.ancestor(category, Granularity.CHAPTER).orElseThrow(() -> new AssertionError("no chapter: " + category));
      assertTrue(system.levelTitle(block, Granularity.BLOCK).isPresent(), block);
      assertTrue(system.levelTitle(chapter, Granularity.CHAPTER).isPresent(), chapter);
      assertEquals(Optional.of(chapter), KeyRange.find(Icd10cm.CHAPTERS, category).map(KeyRange::key), category);
    }
    assertEquals(Optional.of("C43-C44"), system.ancestor("C4A1", Granularity.BLOCK));
    assertEquals(Optional.of("2"), system.ancestor("C4A1", Granularity.CHAPTER));
    assertEquals(Optional.of("M05-M14"), system.ancestor("M1A0", Granularity.BLOCK));
    assertEquals(Optional.of("Z30-Z39"), system.ancestor("Z3A10", Granularity.BLOCK));
    assertEquals(Optional.of("N40-N53"), system.ancestor("N448", Granularity.BLOCK));
    assertEquals(Optional.of("14"), system.ancestor("N448", Granularity.CHAPTER));
    assertEquals(Optional.of("Diseases of male genital organs (N40-N53)"), table.title("N40-N53", Granularity.BLOCK));
  }

  @Test
  void theHardCodedChaptersMatchTheChaptersFile() {
    CodeSystem system = CodeSystems.icd10cmWithHierarchy(TestData.require("icd10cm-hierarchy"));
    for (KeyRange chapter : Icd10cm.CHAPTERS) {
      assertEquals(Optional.of(chapter.title()), system.levelTitle(chapter.key(), Granularity.CHAPTER), chapter.key());
    }
  }

  @Test
  void everyCodeOfEveryYearHasItsCategoryAsAHeaderAndABlock() {
    Path root = TestData.require("icd10cm-cms");
    for (int year : CodeTables.availableYears(root, CodeSystemId.ICD10CM)) {
      CodeTable table = CodeTables.load(root, CodeSystemId.ICD10CM, String.valueOf(year));
      for (String code : table.entries().keySet()) {
        String category = table.system().ancestor(code, Granularity.CATEGORY).orElseThrow();
        if (code.length() > 3) {
          assertEquals(CodeStatus.HEADER, table.status(category), year + " " + code);
        }
        assertTrue(table.system().ancestor(code, Granularity.BLOCK).isPresent(), year + " " + code);
      }
    }
  }

  @Test
  void icd10cmFy2018Loads() {
    CodeTable table = CodeTables.load(TestData.require("icd10cm-cms"), CodeSystemId.ICD10CM, "FY2018");
    assertEquals("FY2018", table.version());
    assertEquals(94_127, table.size());
    assertEquals(71_704, table.billableCount());
    assertEquals(CodeStatus.BILLABLE, table.status("N448"));
    assertEquals(CodeStatus.NOT_IN_TABLE, table.status("U071"), "COVID-19 arrived in FY2020");
  }

  @Test
  void icd10pcsFy2026() {
    CodeTable table = CodeTables.load(TestData.require("icd10pcs-cms"), CodeSystemId.ICD10PCS, "2026");
    assertEquals(79_115, table.billableCount());
    assertEquals(914, headers(table));
    assertEquals(CodeStatus.BILLABLE, table.status(table.system().normalize("0dtj4zz")));
    assertEquals(CodeStatus.HEADER, table.status("0DT"));
    assertEquals(CodeStatus.MALFORMED, table.status("CT13"));
    for (CodeEntry entry : table.entries().values()) {
      String code = entry.code();
      assertEquals(entry.billable() ? 7 : 3, code.length(), code);
      assertEquals(CodeStatus.HEADER, table.status(code.substring(0, 3)), code);
      String section = table.system().ancestor(code, Granularity.CHAPTER).orElseThrow();
      assertTrue(table.title(section, Granularity.CHAPTER).isPresent(), code);
      if (!entry.billable() && !section.equals("0")) {
        assertTrue(entry.longTitle().startsWith(table.title(section, Granularity.CHAPTER).orElseThrow() + ", "), entry.toString());
      }
    }
    assertEquals(Optional.of("Gastrointestinal System, Resection"), table.title("0DT", Granularity.CATEGORY));
  }

  @Test
  void everyPcsYearLoads() {
    Path root = TestData.require("icd10pcs-cms");
    assertEquals(List.of(2018, 2024, 2025, 2026), CodeTables.availableYears(root, CodeSystemId.ICD10PCS));
    for (int year : CodeTables.availableYears(root, CodeSystemId.ICD10PCS)) {
      assertTrue(CodeTables.load(root, CodeSystemId.ICD10PCS, String.valueOf(year)).billableCount() > 78_000, String.valueOf(year));
    }
  }

  @Test
  void icd9Diagnoses() {
    CodeTable table = CodeTables.load(TestData.require("icd9cm-cms"), CodeSystemId.ICD9CM, null);
    assertEquals("v32", table.version());
    assertEquals(14_567, table.billableCount());
    assertEquals(2_986, headers(table), "well-formed proper prefixes of the leaves");
    assertEquals(CodeStatus.BILLABLE, table.status(table.system().normalize("250.00")));
    assertEquals(CodeStatus.HEADER, table.status("250"));
    assertEquals(CodeStatus.HEADER, table.status("2500"));
    assertEquals(CodeStatus.BILLABLE, table.status(table.system().normalize("V45.81")));
    assertEquals(CodeStatus.HEADER, table.status("V45"));
    assertEquals(CodeStatus.BILLABLE, table.status(table.system().normalize("E880.9")));
    assertEquals(CodeStatus.HEADER, table.status("E880"));
    assertEquals(CodeStatus.NOT_IN_TABLE, table.status("0012"));
    assertEquals("Friedl\u00e4nder's bacillus infection in conditions classified elsewhere and of unspecified site",
        table.entry("0413").orElseThrow().longTitle());
    Map<Boolean, Long> chaptered = table.entries().keySet().stream()
        .collect(Collectors.partitioningBy(code -> table.system().ancestor(code, Granularity.CHAPTER).isPresent(), Collectors.counting()));
    assertEquals(0L, chaptered.get(false), "every code has a chapter");
  }

  @Test
  void icd9Procedures() {
    CodeTable table = CodeTables.load(TestData.require("icd9cm-cms"), CodeSystemId.ICD9PCS, null);
    assertEquals(3_882, table.billableCount());
    assertEquals(769, headers(table));
    assertEquals(CodeStatus.BILLABLE, table.status(table.system().normalize("36.10")));
    assertEquals(CodeStatus.HEADER, table.status("36"));
    assertEquals(CodeStatus.HEADER, table.status("361"));
    assertTrue(table.entries().keySet().stream().allMatch(code -> table.system().ancestor(code, Granularity.CHAPTER).isPresent()));
  }

  @Test
  void aYearNotInTheMirrorListsTheYearsAndThePullCommand() {
    Path root = TestData.require("icd10cm-cms");
    MedcodeException.DataMissing missing = assertThrows(MedcodeException.DataMissing.class,
        () -> CodeTables.load(root, CodeSystemId.ICD10CM, "2019"));
    assertTrue(missing.getMessage().startsWith("ICD-10-CM FY2019 order file (years found: 2018, 2024, 2025, 2026) not found at "),
        missing.getMessage());
    assertTrue(missing.getMessage().contains("fetch it with: ./medcode data pull icd10cm "), missing.getMessage());
  }
}
