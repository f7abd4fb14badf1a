package org.medcode.coder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A parameter that names a folder keys the cross-fitted answers by the folder's content, not only its path. */
class RefittableIdentityTest {
  @TempDir
  Path temp;

  @Test
  void editingANamedFolderChangesTheIdentity() throws Exception {
    Path rules = Files.createDirectories(temp.resolve("rules/en"));
    Files.writeString(rules.resolve("synonyms.tsv"), "I10\thypertension\n");
    String before = Refittable.content(temp.resolve("rules").toString());
    assertEquals(before, Refittable.content(temp.resolve("rules").toString()));
    Files.writeString(rules.resolve("synonyms.tsv"), "I10\thypertension\nI10\tpatient\n");
    assertNotEquals(before, Refittable.content(temp.resolve("rules").toString()));
    assertNull(Refittable.content("20"), "not a path");
    assertNull(Refittable.content("codiesp:train:es:D"), "a dataset spec is not a path");
    assertNull(Refittable.content(temp.resolve("missing/folder").toString()));
  }
}
