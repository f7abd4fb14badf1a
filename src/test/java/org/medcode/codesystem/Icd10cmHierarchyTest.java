package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;

/** The block hierarchy on a small hand-written copy of the three CSVs. */
class Icd10cmHierarchyTest {
  @TempDir
  Path root;

  private static final String CHAPTERS = """
      chapter,description
      2,Neoplasms (C00-D49)
      14,Diseases of the genitourinary system (N00-N99)
      """;
  private static final String SECTIONS = """
      section_range,chapter,description
      C00-C96,2,Malignant neoplasms (C00-C96)
      C43-C44,2,Melanoma and other malignant neoplasms of skin (C43-C44)
      C45-C49,2,Malignant neoplasms of mesothelial and soft tissue (C45-C49)
      D3A,2,Benign neuroendocrine tumors (D3A)
      N40-N53,14,Diseases of male genital organs (N40-N53)
      """;
  private static final String CATEGORIES = """
      ICD10-CM-CODE,description,section,chapter
      C43,Malignant melanoma of skin,C43-C44,2
      C4A,Merkel cell carcinoma,C43-C44,2
      C44,Other and unspecified malignant neoplasm of skin,C43-C44,2
      D3A,Benign neuroendocrine tumors,D3A,2
      N44,Noninflammatory disorders of testis,N40-N53,14
      """;

  private CodeSystem write(String chapters, String sections, String categories) throws IOException {
    Path folder = Files.createDirectories(root.resolve("icd10cm-hierarchy"));
    Files.writeString(folder.resolve("icd10cm-chapters-test.csv"), chapters);
    Files.writeString(folder.resolve("icd10cm-sections-test.csv"), sections);
    Files.writeString(folder.resolve("icd10cm-categories-test.csv"), categories);
    return new Icd10cm(Icd10cmHierarchyFiles.read(root));
  }

  @Test
  void categoriesTakeTheirBlockAndChapterFromTheCategoriesFile() throws IOException {
    CodeSystem system = write(CHAPTERS, SECTIONS, CATEGORIES);
    assertEquals(Set.of(Granularity.values()), system.granularities());
    assertEquals("block", system.levelName(Granularity.BLOCK));
    // C4A sorts after C44 as text, so only the categories file puts it in C43-C44
    assertEquals(Optional.of("C43-C44"), system.ancestor("C4A1", Granularity.BLOCK));
    assertEquals(Optional.of("2"), system.ancestor("C4A1", Granularity.CHAPTER));
    assertEquals(Optional.of("D3A"), system.ancestor("D3A010", Granularity.BLOCK));
    assertEquals(Optional.of("N40-N53"), system.ancestor("N448", Granularity.BLOCK));
    assertEquals(Optional.of("14"), system.ancestor("N448", Granularity.CHAPTER));
    assertEquals(Optional.of("Diseases of male genital organs (N40-N53)"), system.levelTitle("N40-N53", Granularity.BLOCK));
    assertEquals(Optional.of("Malignant neoplasms (C00-C96)"), system.levelTitle("C00-C96", Granularity.BLOCK));
    assertEquals(Optional.of("Neoplasms (C00-D49)"), system.levelTitle("2", Granularity.CHAPTER));
    assertEquals(Optional.of("Merkel cell carcinoma"), system.levelTitle("C4A", Granularity.CATEGORY));
  }

  @Test
  void otherCategoriesFallBackToTheOneInnermostRangeContainingThem() throws IOException {
    CodeSystem system = write(CHAPTERS, SECTIONS, CATEGORIES);
    // N45 is not in the categories file: N40-N53 holds it; C46 lies in C45-C49, not in its super-block C00-C96
    assertEquals(Optional.of("N40-N53"), system.ancestor("N45", Granularity.BLOCK));
    assertEquals(Optional.of("14"), system.ancestor("N45", Granularity.CHAPTER));
    assertEquals(Optional.of("C45-C49"), system.ancestor("C46", Granularity.BLOCK));
    // C4B would need the categories file (text order puts it after C49): no block, chapter from the chapter ranges
    assertEquals(Optional.empty(), system.ancestor("C4B", Granularity.BLOCK));
    assertEquals(Optional.of("2"), system.ancestor("C4B", Granularity.CHAPTER));
    assertEquals(Optional.empty(), system.ancestor("N60", Granularity.BLOCK));
    assertEquals(Optional.empty(), system.ancestor("N4", Granularity.BLOCK));
  }

  @Test
  void aMissingFileNamesThePullCommand() {
    MedcodeException.DataMissing missing = assertThrows(MedcodeException.DataMissing.class, () -> Icd10cmHierarchyFiles.read(root));
    assertTrue(missing.getMessage().contains("icd10cm-chapters-*.csv"), missing.getMessage());
    assertTrue(missing.getMessage().contains("./medcode data pull icd10cm-hierarchy"), missing.getMessage());
    assertEquals(3, missing.exitCode());
  }

  @Test
  void aCategoryInAnUnknownSectionIsReportedWithItsLine() {
    MedcodeException.BadInput bad = assertThrows(MedcodeException.BadInput.class,
        () -> write(CHAPTERS, SECTIONS, CATEGORIES + "N60,Benign mammary dysplasia,N60-N65,14\n"));
    assertTrue(bad.getMessage().contains("icd10cm-categories-test.csv:7: section N60-N65 is not in"), bad.getMessage());
  }

  @Test
  void aMalformedSectionRangeIsReportedWithItsLine() {
    MedcodeException.BadInput bad = assertThrows(MedcodeException.BadInput.class,
        () -> write(CHAPTERS, SECTIONS.replace("N40-N53,14", "N40-53,14"), CATEGORIES));
    assertTrue(bad.getMessage().contains("icd10cm-sections-test.csv:6: expected a section range"), bad.getMessage());
  }

  @Test
  void missingColumnsAreNamed() {
    MedcodeException.BadInput bad = assertThrows(MedcodeException.BadInput.class,
        () -> write(CHAPTERS.replace("chapter,description", "number,description"), SECTIONS, CATEGORIES));
    assertTrue(bad.getMessage().contains("missing [chapter]"), bad.getMessage());
  }
}
