package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ancestors, level names and level titles of the syntax-only systems. */
class AncestorsTest {

  /** An ancestor key, or "-" for none. */
  private static String ancestor(CodeSystemId id, String code, Granularity granularity) {
    return CodeSystems.syntax(id).ancestor(code, granularity).orElse("-");
  }

  @ParameterizedTest(name = "{0}: category {1}, chapter {2}")
  @CsvSource(delimiter = '|', value = {
      "N448    | N44 | 14", "S72001A | S72 | 19", "T360X1A | T36 | 19", "C4A1 | C4A | 2", "D3A010 | D3A | 2",
      "O9A211  | O9A | 15", "QA00 | QA0 | 17", "U071 | U07 | 22", "V0001XA | V00 | 20", "Z3A10 | Z3A | 21",
      "N54     | N54 | 14", "F00 | F00 | -", "N4 | - | -", "4N4 | - | -"})
  void icd10cmCategoryAndChapterNeedNoFiles(String code, String category, String chapter) {
    assertEquals(category, ancestor(CodeSystemId.ICD10CM, code, Granularity.CATEGORY));
    assertEquals(chapter, ancestor(CodeSystemId.ICD10CM, code, Granularity.CHAPTER));
    assertEquals("-", ancestor(CodeSystemId.ICD10CM, code, Granularity.BLOCK));
  }

  @Test
  void icd10cmWithoutFilesHasNoBlockLevel() {
    CodeSystem system = CodeSystems.syntax(CodeSystemId.ICD10CM);
    assertEquals(Set.of(Granularity.EXACT, Granularity.CATEGORY, Granularity.CHAPTER), system.granularities());
    assertEquals(Optional.of("Diseases of the genitourinary system (N00-N99)"), system.levelTitle("14", Granularity.CHAPTER));
    assertEquals("chapter", system.levelName(Granularity.CHAPTER));
    assertThrows(IllegalArgumentException.class, () -> system.levelName(Granularity.BLOCK));
  }

  @Test
  void exactIsAlwaysTheCodeItself() {
    for (CodeSystemId id : CodeSystemId.values()) {
      assertEquals("CT13", ancestor(id, "CT13", Granularity.EXACT));
      assertEquals("code", CodeSystems.syntax(id).levelName(Granularity.EXACT));
      assertEquals(true, CodeSystems.syntax(id).granularities().contains(Granularity.EXACT));
    }
  }

  @ParameterizedTest(name = "{0}: category {1}, chapter {2}")
  @CsvSource(delimiter = '|', value = {
      "25000 | 250  | 240-279", "0010 | 001 | 001-139", "042 | 042 | 001-139", "1390 | 139 | 001-139", "1400 | 140 | 140-239",
      "3860 | 386 | 320-389", "7999 | 799 | 780-799", "800 | 800 | 800-999", "99999 | 999 | 800-999",
      "V4581 | V45 | V01-V91", "V01 | V01 | V01-V91", "V9100 | V91 | V01-V91", "V00 | V00 | -",
      "E8809 | E880 | E000-E999", "E0000 | E000 | E000-E999", "E999 | E999 | E000-E999",
      "000 | 000 | -", "E88 | - | -", "25 | - | -", "X250 | - | -"})
  void icd9DiagnosisCategoryAndChapter(String code, String category, String chapter) {
    assertEquals(category, ancestor(CodeSystemId.ICD9CM, code, Granularity.CATEGORY));
    assertEquals(chapter, ancestor(CodeSystemId.ICD9CM, code, Granularity.CHAPTER));
  }

  @Test
  void icd9DiagnosisHas19TitledChaptersAndNoBlock() {
    CodeSystem system = CodeSystems.syntax(CodeSystemId.ICD9CM);
    assertEquals(19, Icd9cm.CHAPTERS.size());
    assertEquals(Set.of(Granularity.EXACT, Granularity.CATEGORY, Granularity.CHAPTER), system.granularities());
    assertEquals(Optional.of("Endocrine, nutritional and metabolic diseases, and immunity disorders"),
        system.levelTitle("240-279", Granularity.CHAPTER));
    assertEquals(Optional.of("Supplementary classification of external causes of injury and poisoning"),
        system.levelTitle("E000-E999", Granularity.CHAPTER));
    assertEquals(Optional.empty(), system.ancestor("25000", Granularity.BLOCK));
  }

  @Test
  void icd9DiagnosisChaptersCoverEveryNumericCategoryOnce() {
    for (int number = 1; number <= 999; number++) {
      String category = String.format("%03d", number);
      long containing = Icd9cm.CHAPTERS.stream().filter(range -> range.contains(category)).count();
      assertEquals(1, containing, category);
    }
  }

  @ParameterizedTest(name = "{0}: category {1}, chapter {2}")
  @CsvSource(delimiter = '|', value = {
      "3610 | 36 | 35-39", "0001 | 00 | 00", "0159 | 01 | 01-05", "17 | 17 | 17", "1769 | 17 | 17", "8659 | 86 | 85-86",
      "9999 | 99 | 87-99", "7 | - | -"})
  void icd9ProcedureCategoryAndChapter(String code, String category, String chapter) {
    assertEquals(category, ancestor(CodeSystemId.ICD9PCS, code, Granularity.CATEGORY));
    assertEquals(chapter, ancestor(CodeSystemId.ICD9PCS, code, Granularity.CHAPTER));
  }

  @Test
  void icd9ProcedureChaptersCoverEveryCategoryOnce() {
    assertEquals(18, Icd9Procedures.CHAPTERS.size());
    for (int number = 0; number <= 99; number++) {
      String category = String.format("%02d", number);
      assertEquals(1, Icd9Procedures.CHAPTERS.stream().filter(range -> range.contains(category)).count(), category);
    }
    assertEquals(Optional.of("Operations on the cardiovascular system"),
        CodeSystems.syntax(CodeSystemId.ICD9PCS).levelTitle("35-39", Granularity.CHAPTER));
  }

  @ParameterizedTest(name = "{0}: section {1}, body system {2}, root operation {3}")
  @CsvSource(delimiter = '|', value = {
      "0DTJ4ZZ | 0 | 0D | 0DT", "CT13 | C | CT | CT1", "B83 | B | B8 | B83", "X | X | - | -", "0I | 0 | - | -",
      "IDT | - | - | -", "'' | - | - | -"})
  void pcsSectionBodySystemAndRootOperation(String code, String section, String bodySystem, String rootOperation) {
    assertEquals(section, ancestor(CodeSystemId.ICD10PCS, code, Granularity.CHAPTER));
    assertEquals(bodySystem, ancestor(CodeSystemId.ICD10PCS, code, Granularity.BLOCK));
    assertEquals(rootOperation, ancestor(CodeSystemId.ICD10PCS, code, Granularity.CATEGORY));
  }

  @Test
  void pcsLevelNamesAndSectionTitles() {
    CodeSystem system = CodeSystems.syntax(CodeSystemId.ICD10PCS);
    assertEquals(List.of("code", "root operation", "body system", "section"),
        system.granularities().stream().map(system::levelName).toList());
    assertEquals(Optional.of("Medical and Surgical"), system.levelTitle("0", Granularity.CHAPTER));
    assertEquals(Optional.of("Nuclear Medicine"), system.levelTitle("C", Granularity.CHAPTER));
    assertEquals(Optional.of("New Technology"), system.levelTitle("X", Granularity.CHAPTER));
    assertEquals(Optional.empty(), system.levelTitle("E", Granularity.CHAPTER));
    assertEquals(17, Icd10pcs.SECTIONS.size());
  }

  /**
   * Sections as CPT's ranges; Evaluation and Management from 99201, which CPT had until 2021 (MIMIC's d_hcpcs lists it):
   * before, a correct 99201 scored 1 at the exact level and 0 at the section level, having no section.
   */
  @ParameterizedTest(name = "{0}: section {1}")
  @CsvSource(delimiter = '|', value = {
      "00100 | 00100-01999", "01999 | 00100-01999", "10004 | 10004-69990", "27447 | 10004-69990", "69990 | 10004-69990",
      "70010 | 70010-79999", "71046 | 70010-79999", "80047 | 80047-89398", "85025 | 80047-89398", "90281 | 90281-99199",
      "93000 | 90281-99199", "99199 | 90281-99199", "99201 | 99201-99499", "99202 | 99201-99499", "99213 | 99201-99499",
      "99499 | 99201-99499",
      "99500 | 99500-99607", "99607 | 99500-99607", "0001F | 0001F-9999F", "3074F | 0001F-9999F", "0042T | 0001T-9999T",
      "0001U | 0001U-9999U", "0004M | 0001M-9999M", "0001A | 0001A-9999A", "0173A | 0001A-9999A", "00099 | -", "02000 | -", "99608 | -", "9921 | -", "0000F | -"})
  void cptSections(String code, String section) {
    assertEquals(section, ancestor(CodeSystemId.CPT, code, Granularity.CATEGORY));
  }

  @Test
  void cptSectionTitlesAndLevels() {
    CodeSystem system = CodeSystems.syntax(CodeSystemId.CPT);
    assertEquals(Set.of(Granularity.EXACT, Granularity.CATEGORY), system.granularities());
    assertEquals("section", system.levelName(Granularity.CATEGORY));
    assertEquals(Optional.of("Evaluation and Management"), system.levelTitle("99201-99499", Granularity.CATEGORY));
    assertEquals(Optional.of("Medicine"), system.levelTitle("99500-99607", Granularity.CATEGORY));
    assertEquals(Optional.of("Medicine: vaccine-specific immunization administration"),
        system.levelTitle("0001A-9999A", Granularity.CATEGORY));
    assertEquals(Optional.empty(), system.ancestor("99213", Granularity.CHAPTER));
  }

  @Test
  void hcpcsSectionIsTheLetter() {
    CodeSystem system = CodeSystems.syntax(CodeSystemId.HCPCS);
    assertEquals(Optional.of("J"), system.ancestor("J1100", Granularity.CATEGORY));
    assertEquals(Optional.of("Durable medical equipment"), system.levelTitle("E", Granularity.CATEGORY));
    assertEquals(Optional.empty(), system.levelTitle("F", Granularity.CATEGORY));
    assertEquals(Optional.empty(), system.ancestor("W1100", Granularity.CATEGORY));
    assertEquals("section", system.levelName(Granularity.CATEGORY));
  }
}
