package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;

/** User-supplied CPT/HCPCS tables. */
class UserTableTest {
  @TempDir
  Path folder;

  private Path csv(String content) throws IOException {
    return Files.writeString(folder.resolve("my-cpt.csv"), content);
  }

  /** A CPT table of a licence since 2020 holds 0001A (SARS-CoV-2 vaccine administration): it was refused as no CPT code. */
  @Test
  void readsVaccineAdministrationCodesOfCpt() throws IOException {
    CodeTable table = CodeTables.userTable(CodeSystemId.CPT, csv("code,description\n99213,Visit\n"
        + "0001A,\"Immunization administration by intramuscular injection, first dose\"\n"));
    assertEquals(CodeStatus.BILLABLE, table.status("0001A"));
    assertEquals(Optional.of("0001A-9999A"), table.system().ancestor("0001A", Granularity.CATEGORY));
  }

  @Test
  void readsCodesDescriptionsAndTheOptionalBillableColumn() throws IOException {
    CodeTable table = CodeTables.userTable(CodeSystemId.CPT, csv("""
        code,description,billable
        99213,"Office visit, established patient",true
        0001F,A performance measure,no
        ' 0042t ',An emerging technology,
        """.replace('\'', ' ')));
    assertEquals("my-cpt.csv", table.version());
    assertEquals(3, table.size());
    assertEquals(CodeStatus.BILLABLE, table.status("99213"));
    assertEquals(CodeStatus.HEADER, table.status("0001F"));
    assertEquals(CodeStatus.BILLABLE, table.status("0042T"));
    assertEquals(CodeStatus.NOT_IN_TABLE, table.status("99214"));
    assertEquals(Optional.of("Office visit, established patient"), table.title("99213", Granularity.EXACT));
    assertEquals(Optional.of("99201-99499"), table.system().ancestor("99213", Granularity.CATEGORY));
  }

  @Test
  void entriesAreIteratedInCodeOrderInEveryProcess() throws IOException {
    // Map.copyOf would iterate in an order salted per JVM: the rules coder built a different model each run
    CodeTable table = CodeTables.userTable(CodeSystemId.CPT, csv("code,description\n99215,e\n0001F,a\n99213,c\n10021,b\n"));
    assertEquals(java.util.List.of("0001F", "10021", "99213", "99215"), java.util.List.copyOf(table.entries().keySet()));
  }

  @Test
  void withoutBillableColumnEveryCodeIsBillable() throws IOException {
    CodeTable table = CodeTables.userTable(CodeSystemId.HCPCS, csv("code,description\nJ1100,A drug\n"));
    assertEquals(1, table.billableCount());
  }

  @Test
  void aMalformedCodeIsReportedWithItsLine() throws IOException {
    Path file = csv("code,description\n99213,x\n9921,y\n");
    MedcodeException.BadInput bad = assertThrows(MedcodeException.BadInput.class, () -> CodeTables.userTable(CodeSystemId.CPT, file));
    assertEquals(file + ":3: expected a cpt code such as 99213, found '9921'", bad.getMessage());
  }

  @Test
  void aBadRowOverSeveralLinesIsReportedWithTheLineItStartsOn() throws IOException {
    Path file = csv("code,description\n99213,x\n9921,\"two\nlines\"\n");
    MedcodeException.BadInput bad = assertThrows(MedcodeException.BadInput.class, () -> CodeTables.userTable(CodeSystemId.CPT, file));
    assertEquals(file + ":3: expected a cpt code such as 99213, found '9921'", bad.getMessage()); // it said :4
  }

  @Test
  void anUnterminatedQuoteIsReportedWithFileAndLineNotAsAParserException() throws IOException {
    Path file = csv("code,description\n99213,x\n99214,\"Office visit\n");
    String message = assertThrows(MedcodeException.BadInput.class, () -> CodeTables.userTable(CodeSystemId.CPT, file))
        .getMessage();
    assertTrue(message.startsWith(file + ":3: expected CSV (RFC 4180): a quoted field is never closed"), message);
    assertTrue(!message.contains("Exception"), message);
  }

  /**
   * A misspelt billable column ({@code billabel}) was ignored without a word: every code read as billable, the flags the
   * file gave (false) lost. An unknown column is refused as the dataset and predictions CSVs refuse one.
   */
  @Test
  void anUnknownColumnIsRefusedNotIgnored() throws IOException {
    Path misspelt = csv("code,description,billabel\n99213,a,false\n");
    String message = assertThrows(MedcodeException.BadInput.class, () -> CodeTables.userTable(CodeSystemId.CPT,
        misspelt)).getMessage();
    assertTrue(message.contains(":1: unknown column 'billabel' in the header [code, description, billabel]; a code table"
        + " has the columns code,description and optionally billable"), message);
  }

  @Test
  void aByteOrderMarkIsSkippedARepeatedColumnAndBytesNotUtf8AreNamed() throws IOException {
    CodeTable withMark = CodeTables.userTable(CodeSystemId.CPT, csv("\uFEFFcode,description\n99213,Office visit\n"));
    assertTrue(withMark.entry("99213").isPresent(), "Excel's CSV UTF-8 starts with a byte order mark");
    Path repeated = csv("code,description,code\n99213,x,99213\n");
    assertTrue(assertThrows(MedcodeException.BadInput.class, () -> CodeTables.userTable(CodeSystemId.CPT, repeated))
        .getMessage().contains(":1: a column name appears twice in the header [code, description, code]"));
    Path latin = folder.resolve("latin.csv");
    Files.write(latin, new byte[] {'c', 'o', 'd', 'e', ',', 'd', 'e', 's', 'c', 'r', 'i', 'p', 't', 'i', 'o', 'n', '\n',
        '9', '9', '2', '1', '3', ',', 'v', (byte) 0xE9, '\n'});
    String notUtf8 = assertThrows(MedcodeException.BadInput.class, () -> CodeTables.userTable(CodeSystemId.CPT, latin))
        .getMessage();
    assertTrue(notUtf8.contains(":2: not UTF-8: byte 0xE9"), notUtf8);
  }

  @Test
  void aWrongHeaderADuplicateAndABadFlagAreReported() throws IOException {
    Path header = csv("cpt,text\n99213,x\n");
    assertTrue(assertThrows(MedcodeException.BadInput.class, () -> CodeTables.userTable(CodeSystemId.CPT, header))
        .getMessage().contains("expected the header code,description"));
    Path semicolons = csv("code;description\r\n99213;x\r\n");
    assertTrue(assertThrows(MedcodeException.BadInput.class, () -> CodeTables.userTable(CodeSystemId.CPT, semicolons))
        .getMessage().contains("found [code;description]: its fields are separated by ';'"));
    Path twice = csv("code,description\n99213,x\n99213,y\n");
    assertTrue(assertThrows(MedcodeException.BadInput.class, () -> CodeTables.userTable(CodeSystemId.CPT, twice))
        .getMessage().contains(":3: code 99213 appears twice"));
    Path flag = csv("code,description,billable\n99213,x,maybe\n");
    assertTrue(assertThrows(MedcodeException.BadInput.class, () -> CodeTables.userTable(CodeSystemId.CPT, flag))
        .getMessage().contains(":2: expected billable to be true or false"));
  }

  @Test
  void aMissingFileSaysWhatToGive() {
    MedcodeException missing = assertThrows(MedcodeException.class,
        () -> CodeTables.userTable(CodeSystemId.CPT, folder.resolve("absent.csv")));
    assertTrue(missing.getMessage().contains("header code,description"), missing.getMessage());
  }
}
