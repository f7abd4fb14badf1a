package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.TestData;
import org.medcode.dataset.source.PullRecords;

/**
 * ICD-10-CM blocks and chapters are those of the table's year where its tabular list is here: before, every table had
 * the April 2026 hierarchy, so FY2018's I10 was in block I10-I1A, a block of later years (I1A is a later category), and chapter
 * 17 ran to QA0, a category of FY2026. Every table names the release its blocks and chapters come from.
 */
class Icd10cmHierarchyYearTest {
  @TempDir
  Path temp;

  @Test
  void aFy2018TableHasTheBlocksAndChaptersOfTheFy2021TabularListAndSaysSo() {
    Path root = TestData.require("icd10cm-cms/icd10cm_fy2018_code_descriptions_tabular_order.zip",
        "icd10cm-hierarchy/icd10cm_tabular_2021.xml.gz");
    CodeTable fy2018 = CodeTables.load(root, CodeSystemId.ICD10CM, "2018");
    assertEquals("icd10cm FY2018 (94,127 codes, 71,704 billable; blocks and chapters of the FY2021 tabular list)",
        fy2018.describe());
    CodeSystem system = fy2018.system();
    assertEquals(Optional.of("I10-I16"), system.ancestor("I10", Granularity.BLOCK));
    assertEquals(Optional.of("Hypertensive diseases (I10-I16)"), fy2018.title("I10-I16", Granularity.BLOCK));
    assertEquals(Optional.of("I30-I52"), system.ancestor("I519", Granularity.BLOCK));
    assertEquals(Optional.of("J40-J47"), system.ancestor("J45909", Granularity.BLOCK));
    assertEquals(Optional.of("Congenital malformations, deformations and chromosomal abnormalities (Q00-Q99)"),
        fy2018.title("17", Granularity.CHAPTER));

    CodeTable fy2026 = CodeTables.load(root, CodeSystemId.ICD10CM, "2026");
    assertTrue(fy2026.describe().endsWith("; blocks and chapters of the April 1, 2026 hierarchy)"), fy2026.describe());
    assertEquals(Optional.of("I10-I1A"), fy2026.system().ancestor("I10", Granularity.BLOCK));

    // The FY2021 list groups FY2018's categories into blocks and chapters exactly as the April 2026 hierarchy does (only
    // the keys and titles of I10-I16, I30-I52 and J40-J47 differ), so no block or chapter score of a FY2018 run moves.
    Map<String, Set<String>> byBlock2018 = new HashMap<>();
    Map<String, Set<String>> byBlock2026 = new HashMap<>();
    Map<String, Set<String>> byChapter2018 = new HashMap<>();
    Map<String, Set<String>> byChapter2026 = new HashMap<>();
    for (String code : fy2018.entries().keySet()) {
      if (code.length() == 3) {
        byBlock2018.computeIfAbsent(system.ancestor(code, Granularity.BLOCK).orElseThrow(), k -> new HashSet<>()).add(code);
        byBlock2026.computeIfAbsent(fy2026.system().ancestor(code, Granularity.BLOCK).orElseThrow(), k -> new HashSet<>())
            .add(code);
        byChapter2018.computeIfAbsent(system.ancestor(code, Granularity.CHAPTER).orElseThrow(), k -> new HashSet<>()).add(code);
        byChapter2026.computeIfAbsent(fy2026.system().ancestor(code, Granularity.CHAPTER).orElseThrow(),
            k -> new HashSet<>()).add(code);
      }
    }
    assertEquals(1910, byBlock2018.values().stream().mapToInt(Set::size).sum());
    assertEquals(new HashSet<>(byBlock2026.values()), new HashSet<>(byBlock2018.values()));
    assertEquals(byChapter2026, byChapter2018);
  }

  /**
   * From a review: years after the last tabular list here (FY2022-FY2025) took the April 2026 hierarchy as it is, so
   * FY2024's and FY2025's chapter 17 ran to QA0, a FY2026 category, and a FY2022 table's I10 was in I10-I1A though I1A
   * came in FY2023. A range that ends at a category the table lacks now ends at the last one it has.
   */
  @Test
  void aLaterHierarchysRangesEndAtTheTablesOwnCategories() {
    Path root = TestData.require("icd10cm-cms/icd10cm_fy2024_code_descriptions_tabular_order.zip",
        "icd10cm-cms/icd10cm_fy2026_code_descriptions_tabular_order.zip", "icd10cm-hierarchy/icd10cm-sections-April-1-2026.csv");
    CodeTable fy2024 = CodeTables.load(root, CodeSystemId.ICD10CM, "2024");
    assertEquals("icd10cm FY2024 (97,296 codes, 74,044 billable; blocks and chapters of the April 1, 2026 hierarchy, its"
        + " ranges cut to the categories of FY2024)", fy2024.describe());
    assertEquals(Optional.of("Congenital malformations, deformations and chromosomal abnormalities (Q00-Q99)"),
        fy2024.title("17", Granularity.CHAPTER));
    assertEquals(Optional.of("I10-I1A"), fy2024.system().ancestor("I10", Granularity.BLOCK), "I1A is a FY2024 category");
    assertEquals(Optional.of("J40-J4A"), fy2024.system().ancestor("J45909", Granularity.BLOCK));
    CodeTable fy2026 = CodeTables.load(root, CodeSystemId.ICD10CM, "2026");
    assertEquals(Optional.of("Congenital malformations, deformations and chromosomal abnormalities (Q00-QA0)"),
        fy2026.title("17", Granularity.CHAPTER));
    assertTrue(fy2026.describe().endsWith("; blocks and chapters of the April 1, 2026 hierarchy)"), fy2026.describe());
    // every other block and chapter of FY2024 is FY2026's, and each holds the same categories
    for (String code : fy2024.entries().keySet()) {
      if (code.length() == 3) {
        assertEquals(fy2026.system().ancestor(code, Granularity.BLOCK), fy2024.system().ancestor(code, Granularity.BLOCK),
            code);
        assertEquals(fy2026.system().ancestor(code, Granularity.CHAPTER),
            fy2024.system().ancestor(code, Granularity.CHAPTER), code);
      }
    }

    // a table without I1A and J4A (as FY2022's): I10-I16 and J40-J47, keys and titles; categories stay where they were
    Icd10cmHierarchy april2026 = Icd10cmHierarchyFiles.read(root);
    Set<String> older = new HashSet<>(april2026.categories().keySet());
    older.removeAll(Set.of("I1A", "J4A", "QA0"));
    Icd10cmHierarchy fitted = april2026.fittedTo(older, "FY2022");
    assertEquals("April 1, 2026 hierarchy, its ranges cut to the categories of FY2022", fitted.edition());
    assertEquals(Optional.of("I10-I16"), fitted.block("I10"));
    assertEquals(Optional.of("Hypertensive diseases (I10-I16)"), fitted.title("I10-I16", Granularity.BLOCK));
    assertEquals(Optional.of("J40-J47"), fitted.block("J45"));
    assertEquals(Optional.of("Chronic lower respiratory diseases (J40-J47)"), fitted.title("J40-J47", Granularity.BLOCK));
    assertEquals(Optional.of("I30-I5A"), fitted.block("I5A"), "I5A is there: its block is the April 2026 one");
    assertEquals(Optional.of("Codes for special purposes (U00-U85)"), fitted.title("22", Granularity.CHAPTER),
        "U00 and U85 are no categories of any year: the range is kept as written");
    assertEquals(april2026, april2026.fittedTo(april2026.categories().keySet(), "FY2026"), "nothing to cut");
  }

  private static final String LIST = """
      <?xml version="1.0" encoding="utf-8"?>
      <ICD10CM.tabular>
        <version>2019</version>
        <chapter>
          <name>9</name>
          <desc>Diseases of the circulatory system (I00-I99)</desc>
          <sectionIndex><sectionRef first="I10" last="I16" id="I10-I16">Hypertensive diseases</sectionRef></sectionIndex>
          <section id="I10-I16">
            <desc>Hypertensive diseases (I10-I16)</desc>
            <diag>
              <name>I10</name>
              <desc>Essential (primary) hypertension</desc>
              <inclusionTerm><note>High blood pressure</note></inclusionTerm>
            </diag>
            <diag>
              <name>I11</name>
              <desc>Hypertensive heart disease</desc>
              <diag><name>I11.0</name><desc>Hypertensive heart disease with heart failure</desc></diag>
            </diag>
          </section>
        </chapter>
      </ICD10CM.tabular>
      """;

  private Path write(String name, byte[] bytes) throws IOException {
    Path folder = Files.createDirectories(temp.resolve("icd10cm-hierarchy"));
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve(name)))) {
      out.write(bytes);
    }
    return folder.resolve(name);
  }

  @Test
  void aTabularListIsReadForItsYearAndTheYearsBeforeIt() throws IOException {
    write("icd10cm_tabular_2019.xml.gz", LIST.getBytes(StandardCharsets.UTF_8));
    CodeSystem fy2019 = CodeSystems.icd10cmForYear(temp, 2019);
    assertEquals(Optional.of("blocks and chapters of the FY2019 tabular list"), fy2019.levelSource());
    assertEquals(Optional.of("I10-I16"), fy2019.ancestor("I110", Granularity.BLOCK));
    assertEquals(Optional.of("9"), fy2019.ancestor("I110", Granularity.CHAPTER));
    assertEquals(Optional.of("Hypertensive heart disease"), fy2019.levelTitle("I11", Granularity.CATEGORY));
    assertEquals(Optional.of("Diseases of the circulatory system (I00-I99)"), fy2019.levelTitle("9", Granularity.CHAPTER));
    assertEquals(fy2019.levelSource(), CodeSystems.icd10cmForYear(temp, 2016).levelSource(), "the nearest later list");
    // a later year than any list here takes the CSVs, which are missing here
    assertThrows(MedcodeException.DataMissing.class, () -> CodeSystems.icd10cmForYear(temp, 2020));
  }

  /**
   * Without its tabular list (a partial icd10cm-hierarchy: `data list` said so), a FY2018 table took the April 2026 CSVs
   * without a word, even with pulling allowed, and every output named that hierarchy instead of the FY2021 list.
   */
  @Test
  void aYearUpToThePulledListWithoutItIsMissingDataNotTheCsvs() throws IOException {
    Path folder = Files.createDirectories(temp.resolve("icd10cm-hierarchy"));
    Files.writeString(folder.resolve("icd10cm-chapters-April-1-2026.csv"), "chapter,description\n9,Diseases of the circulatory system (I00-I99)\n");
    Files.writeString(folder.resolve("icd10cm-sections-April-1-2026.csv"),
        "section_range,chapter,description\nI10-I1A,9,Hypertensive diseases (I10-I1A)\n");
    Files.writeString(folder.resolve("icd10cm-categories-April-1-2026.csv"),
        "ICD10-CM-CODE,description,section,chapter\nI10,Essential (primary) hypertension,I10-I1A,9\n");
    PullRecords.record(temp, "icd10cm-hierarchy"); // recorded as pulled: they are not the release's files
    MedcodeException.DataMissing missing = assertThrows(MedcodeException.DataMissing.class,
        () -> CodeSystems.icd10cmForYear(temp, 2018));
    assertTrue(missing.getMessage().startsWith("ICD-10-CM FY2021 tabular list (the blocks and chapters of a FY2018 table) not found at "
        + folder.resolve("icd10cm_tabular_2021.xml.gz")), missing.getMessage());
    assertEquals("icd10cm-hierarchy", missing.pullName());
    assertThrows(MedcodeException.DataMissing.class, () -> CodeSystems.icd10cmForYear(temp, 2021));
    assertEquals(Optional.of("blocks and chapters of the April 1, 2026 hierarchy"), CodeSystems.icd10cmForYear(temp, 2022).levelSource(),
        "a later year takes the CSVs, as before");
  }

  @Test
  void aCutTabularListIsRefusedNamingTheFileAndThePull() throws IOException {
    byte[] whole = LIST.getBytes(StandardCharsets.UTF_8);
    Path file = write("icd10cm_tabular_2018.xml.gz", Arrays.copyOf(whole, whole.length / 2));
    MedcodeException.BadInput cut = assertThrows(MedcodeException.BadInput.class, () -> CodeSystems.icd10cmForYear(temp, 2018));
    assertTrue(cut.getMessage().startsWith(file.toString()), cut.getMessage());
    assertTrue(cut.getMessage().contains("./medcode data pull icd10cm-hierarchy"), cut.getMessage());
    assertEquals(2, cut.exitCode());
  }
}
