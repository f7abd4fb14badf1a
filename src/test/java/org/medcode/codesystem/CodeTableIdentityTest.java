package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two user tables of the same file name are told apart by their content in cache keys. */
class CodeTableIdentityTest {
  @TempDir
  Path temp;

  @Test
  void sameNameOtherTitlesOtherIdentity() throws Exception {
    Path a = Files.writeString(Files.createDirectories(temp.resolve("a")).resolve("table.csv"),
        "code,description\nI10,Essential hypertension\n");
    Path b = Files.writeString(Files.createDirectories(temp.resolve("b")).resolve("table.csv"),
        "code,description\nI10,zzqx item I10\n");
    CodeTable first = CodeTables.userTable(CodeSystemId.ICD10CM, a);
    CodeTable second = CodeTables.userTable(CodeSystemId.ICD10CM, b);
    assertEquals(first.version(), second.version(), "both are table.csv");
    assertNotEquals(first.identity(), second.identity());
    assertEquals(first.identity(), CodeTables.userTable(CodeSystemId.ICD10CM, a).identity());
    assertTrue(first.identity().startsWith("table.csv sha256 "), first.identity());
  }
}
