package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.dataset.source.PullRecords;

/** Loading tables from small hand-made files laid out like the data mirror. */
class CodeTablesTest {
  @TempDir
  Path root;

  /** One order-file line: order 1-5, code 7-13, flag 15, short title 17-76, long title 78-. */
  private static String line(int order, String code, char flag, String shortTitle, String longTitle) {
    return String.format("%05d %-7s %c %-60s %s\r\n", order, code, flag, shortTitle, longTitle);
  }

  private void zip(Path zip, String member, String content) throws IOException {
    Files.createDirectories(zip.getParent());
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipped = new ZipOutputStream(out)) {
      zipped.putNextEntry(new ZipEntry(member.replace("order_", "order_addenda_")));
      zipped.write("not an order file\r\n".getBytes(StandardCharsets.US_ASCII));
      zipped.putNextEntry(new ZipEntry(member));
      zipped.write(content.getBytes(StandardCharsets.US_ASCII));
      zipped.closeEntry();
    }
  }

  private void hierarchy() throws IOException {
    Path folder = Files.createDirectories(root.resolve("icd10cm-hierarchy"));
    Files.writeString(folder.resolve("icd10cm-chapters-test.csv"), "chapter,description\n14,Diseases of the genitourinary system (N00-N99)\n");
    Files.writeString(folder.resolve("icd10cm-sections-test.csv"),
        "section_range,chapter,description\nN40-N53,14,Diseases of male genital organs (N40-N53)\n");
    Files.writeString(folder.resolve("icd10cm-categories-test.csv"),
        "ICD10-CM-CODE,description,section,chapter\nN44,Noninflammatory disorders of testis,N40-N53,14\n");
  }

  private Path icd10cmZip(int year) {
    return root.resolve("icd10cm-cms").resolve("icd10cm_fy" + year + "_code_descriptions_tabular_order.zip");
  }

  @Test
  void readsAnIcd10cmOrderFileWithItsHierarchy() throws IOException {
    hierarchy();
    zip(icd10cmZip(2030), "icd10cm_order_2030.txt",
        line(1, "N44", '0', "Noninflammatory disorders of testis", "Noninflammatory disorders of testis")
            + line(2, "N448", '1', "Oth noninflammatory disorders of the testis", "Other noninflammatory disorders of the testis"));
    CodeTable table = CodeTables.load(root, CodeSystemId.ICD10CM, "FY2030");
    assertEquals("FY2030", table.version());
    assertEquals(2, table.size());
    assertEquals(CodeStatus.BILLABLE, table.status("N448"));
    assertEquals(CodeStatus.HEADER, table.status("N44"));
    assertEquals(CodeStatus.NOT_IN_TABLE, table.status("N449"));
    assertEquals(CodeStatus.MALFORMED, table.status("N4"));
    assertEquals(new CodeEntry("N448", true, "Oth noninflammatory disorders of the testis", "Other noninflammatory disorders of the testis"),
        table.entry("N448").orElseThrow());
    assertEquals(Optional.of("N40-N53"), table.system().ancestor("N448", Granularity.BLOCK));
    assertEquals(Optional.of("Diseases of male genital organs (N40-N53)"), table.title("N40-N53", Granularity.BLOCK));
    assertSame(table, CodeTables.load(root, CodeSystemId.ICD10CM, "2030"), "cached per root, system and year");
    assertSame(table, CodeTables.load(root, CodeSystemId.ICD10CM, null), "no year: the newest in the folder");
  }

  @Test
  void aMissingYearListsTheYearsFoundAndThePullCommand() throws IOException {
    hierarchy();
    zip(icd10cmZip(2030), "icd10cm_order_2030.txt", line(1, "N44", '0', "x", "x"));
    zip(icd10cmZip(2031), "icd10cm_order_2031.txt", line(1, "N44", '0', "x", "x"));
    assertEquals(List.of(2030, 2031), CodeTables.availableYears(root, CodeSystemId.ICD10CM));
    MedcodeException.DataMissing missing = assertThrows(MedcodeException.DataMissing.class,
        () -> CodeTables.load(root, CodeSystemId.ICD10CM, "2026"));
    assertTrue(missing.getMessage().startsWith("ICD-10-CM FY2026 order file (years found: 2030, 2031) not found at "), missing.getMessage());
    assertTrue(missing.getMessage().contains("icd10cm_fy2026_code_descriptions_tabular_order.zip"), missing.getMessage());
    assertTrue(missing.getMessage().contains("./medcode data pull icd10cm "), missing.getMessage());
    MedcodeException notAYear = assertThrows(MedcodeException.class, () -> CodeTables.load(root, CodeSystemId.ICD10CM, "26"));
    assertTrue(notAYear.getMessage().contains("'26' is not a year"), notAYear.getMessage());
  }

  @Test
  void anEmptyFolderNamesThePullCommand() {
    MedcodeException.DataMissing pcs = assertThrows(MedcodeException.DataMissing.class,
        () -> CodeTables.load(root, CodeSystemId.ICD10PCS, "2026"));
    assertTrue(pcs.getMessage().contains("(no years found)"), pcs.getMessage());
    assertTrue(pcs.getMessage().contains("./medcode data pull icd10pcs "), pcs.getMessage());
    MedcodeException.DataMissing icd9 = assertThrows(MedcodeException.DataMissing.class,
        () -> CodeTables.load(root, CodeSystemId.ICD9CM, null));
    assertTrue(icd9.getMessage().contains("CMS32_DESC_LONG_DX.txt"), icd9.getMessage());
    assertTrue(icd9.getMessage().contains("./medcode data pull icd9cm "), icd9.getMessage());
  }

  @Test
  void aMalformedOrderLineNamesTheZipMemberAndLine() throws IOException {
    Path zip = root.resolve("icd10pcs-cms").resolve("icd10pcs_fy2030_order_file.zip");
    zip(zip, "icd10pcs_order_2030.txt", line(1, "001", '0', "Bypass", "Bypass") + line(2, "0016O70", '1', "Bad", "Bad"));
    MedcodeException.BadInput bad = assertThrows(MedcodeException.BadInput.class,
        () -> CodeTables.load(root, CodeSystemId.ICD10PCS, "2030"));
    assertTrue(bad.getMessage().contains("icd10pcs_fy2030_order_file.zip!/icd10pcs_order_2030.txt:2: expected a icd10pcs code"),
        bad.getMessage());
  }

  @Test
  void anotherYearsReleaseUnderThisYearsNameIsRefusedNotReportedAsThisYear() throws IOException {
    // a mirror's FY2018 zip copied as the (optional, checksum-less) FY2019 one was read and reported as FY2019
    hierarchy();
    zip(icd10cmZip(2031), "icd10cm_order_2030.txt", line(1, "N44", '0', "x", "x"));
    MedcodeException.BadInput cm = assertThrows(MedcodeException.BadInput.class,
        () -> CodeTables.load(root, CodeSystemId.ICD10CM, "2031"));
    assertTrue(cm.getMessage().contains("icd10cm_fy2031_code_descriptions_tabular_order.zip: holds the FY2030 order file"
        + " (icd10cm_order_2030.txt), not that of FY2031"), cm.getMessage());
    assertTrue(cm.getMessage().contains("replace it with the FY2031 release, or delete it"), cm.getMessage());
    Path pcs = root.resolve("icd10pcs-cms").resolve("icd10pcs_fy2031_order_file.zip");
    zip(pcs, "icd10pcs_order_2030.txt", line(1, "0DT", '0', "x", "x"));
    assertThrows(MedcodeException.BadInput.class, () -> CodeTables.load(root, CodeSystemId.ICD10PCS, "2031"));
    assertThrows(MedcodeException.BadInput.class, () -> CodeTables.load(root, CodeSystemId.ICD10PCS, "2031-2031"));
  }

  @Test
  void aBadFlagAndAShortLineAreReported() {
    Path where = Path.of("x.zip!", "order.txt");
    CodeSystem system = CodeSystems.syntax(CodeSystemId.ICD10CM);
    MedcodeException.BadInput flag = assertThrows(MedcodeException.BadInput.class,
        () -> OrderFile.parse(line(7, "N448", '2', "x", "x"), system, where, 7));
    assertTrue(flag.getMessage().contains("order.txt:7: expected '0' (header) or '1' (billable) in column 15, found '2'"), flag.getMessage());
    assertThrows(MedcodeException.BadInput.class, () -> OrderFile.parse("N448 1 Other", system, where, 1));
    assertEquals(new CodeEntry("N448", true, "", ""), OrderFile.parse("00001 N448    1", system, where, 1));
  }

  @Test
  void pcsHeaderRowsAreHeadersAndTitleTheirRootOperation() throws IOException {
    Path zip = root.resolve("icd10pcs-cms").resolve("icd10pcs_fy2030_order_file.zip");
    zip(zip, "icd10pcs_order_2030.txt", line(1, "0DT", '0', "Gastrointestinal System, Resection", "Gastrointestinal System, Resection")
        + line(2, "0DTJ4ZZ", '1', "Resection of Appendix, Perc Endo Approach",
            "Resection of Appendix, Percutaneous Endoscopic Approach"));
    CodeTable table = CodeTables.load(root, CodeSystemId.ICD10PCS, "2030");
    assertEquals(CodeStatus.HEADER, table.status("0DT"));
    assertEquals(CodeStatus.BILLABLE, table.status("0DTJ4ZZ"));
    assertEquals(CodeStatus.MALFORMED, table.status("CT13"));
    assertEquals(Optional.of("Gastrointestinal System, Resection"), table.title("0DT", Granularity.CATEGORY));
    assertEquals(Optional.of("Medical and Surgical"), table.title("0", Granularity.CHAPTER));
  }

  @Test
  void icd9LeavesGetDerivedHeaders() throws IOException {
    Path folder = Files.createDirectories(root.resolve("icd9cm-cms"));
    byte[] longDx = """
        25000 Diabetes mellitus without mention of complication, type II
        V4581 Aortocoronary bypass status
        042   Human immunodeficiency virus [HIV] disease
        E8809 Accidental fall on or from other stairs or steps
        0413  Friedl\u00e4nder's bacillus infection
        """.getBytes(StandardCharsets.ISO_8859_1);
    Files.write(folder.resolve("CMS32_DESC_LONG_DX.txt"), longDx);
    Files.writeString(folder.resolve("CMS32_DESC_SHORT_DX.txt"), "25000 DMII wo cmp nt st uncntr\nV4581 Aortocoronary bypass\n");
    PullRecords.record(root, "icd9cm"); // recorded as pulled: they are not the release's files
    CodeTable table = CodeTables.load(root, CodeSystemId.ICD9CM, "2015");
    assertEquals("v32", table.version());
    assertEquals(5, table.billableCount());
    // 250, 2500, V45, V458, E880, 041 (E88 is not an ICD-9 code, 042 is itself a leaf)
    assertEquals(11, table.size());
    assertEquals(CodeStatus.HEADER, table.status("250"));
    assertEquals(CodeStatus.HEADER, table.status("2500"));
    assertEquals(CodeStatus.HEADER, table.status("E880"));
    assertEquals(CodeStatus.MALFORMED, table.status("E88"));
    assertEquals(CodeStatus.BILLABLE, table.status("042"));
    assertEquals(CodeStatus.NOT_IN_TABLE, table.status("2501"));
    assertEquals("Friedl\u00e4nder's bacillus infection", table.entry("0413").orElseThrow().longTitle());
    assertEquals("DMII wo cmp nt st uncntr", table.entry("25000").orElseThrow().shortTitle());
    assertEquals(Optional.empty(), table.title("250", Granularity.CATEGORY), "derived headers have no title");
    assertSame(table, CodeTables.load(root, CodeSystemId.ICD9CM, "v32"));
    assertSame(table, CodeTables.load(root, CodeSystemId.ICD9CM, null));
    MedcodeException wrong = assertThrows(MedcodeException.class, () -> CodeTables.load(root, CodeSystemId.ICD9CM, "v31"));
    assertTrue(wrong.getMessage().contains("one table, v32"), wrong.getMessage());
    assertSame(table, CodeTables.load(root, CodeSystemId.ICD9CM, "FY2015"));
    MedcodeException later = assertThrows(MedcodeException.class, () -> CodeTables.load(root, CodeSystemId.ICD9CM, "2026"));
    assertTrue(later.getMessage().contains("there is no ICD-9-CM table of FY2026"), later.getMessage());
    assertEquals(2, later.exitCode());
  }

  @Test
  void cptAndHcpcsWithoutAUserTableCheckTheFormatOnly() {
    CodeTable cpt = CodeTables.load(root, CodeSystemId.CPT, "2026");
    assertTrue(cpt.formatOnly());
    assertEquals(CodeStatus.UNCHECKED, cpt.status("99213"));
    assertEquals(CodeStatus.MALFORMED, cpt.status("9921"));
    assertEquals(CodeStatus.UNCHECKED, CodeTables.load(root, CodeSystemId.HCPCS, null).status("J1100"));
    assertEquals(List.of(), CodeTables.availableYears(root, CodeSystemId.CPT));
  }
}
