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

  /**
   * A parameter the coder declares a path keys the answers by its content however it is written: {@code rules-dir:
   * myrules} (no slash) was keyed by its name only, so editing the folder in place reused answers the old lists gave;
   * and it is read where the coder reads it (the run's directory first, for a resumed run).
   */
  @Test
  void aPathParameterWithoutASlashIsKeyedByItsContentWhereTheCoderReadsIt() throws Exception {
    Path run = Files.createDirectories(temp.resolve("run-started-here/myrules"));
    Files.writeString(run.resolve("synonyms.tsv"), "I10\thypertension\n");
    CoderFactory factory = new CoderFactory() {
      @Override
      public String name() {
        return "lists";
      }

      @Override
      public String description() {
        return "a coder with a folder of lists";
      }

      @Override
      public java.util.List<CoderParameter> parameters() {
        return java.util.List.of(new CoderParameter("rules-dir", "lists", "rules", CoderParameter.Type.PATH),
            new CoderParameter("mode", "a word", "fast", CoderParameter.Type.TEXT));
      }

      @Override
      public Coder create(CoderContext context, java.util.Map<String, String> parameters) {
        throw new UnsupportedOperationException();
      }
    };
    CoderContext context = new CoderContext(null, java.util.List.of(), temp, temp.resolve("cache"), 1, CoderContext.NO_PEERS,
        false, RunListener.SILENT, AllowedEndpoints.loopbackOnly(), temp.resolve("run-started-here"));
    java.util.Map<String, String> parameters = java.util.Map.of("rules-dir", "myrules", "mode", "fast");
    Coder coder = admission -> new CoderResult(java.util.List.of());
    String before = Refittable.wrap(coder, factory, context, parameters).identity();
    assertEquals(before, Refittable.wrap(coder, factory, context, parameters).identity());
    Files.writeString(run.resolve("synonyms.tsv"), "I10\thypertension\nI10\tpatient\n");
    assertNotEquals(before, Refittable.wrap(coder, factory, context, parameters).identity(), "edited in place");
  }

  /**
   * The rules model key holds the Lucene version (an upgrade may stem otherwise), the ensemble's out-of-fold key did not:
   * answers a rules member gave under another Lucene were reused. The factory's libraries are now in the identity.
   */
  @Test
  void theLibrariesThatDecideAMembersAnswersAreInItsIdentity() throws Exception {
    CoderContext context = new CoderContext(null, java.util.List.of(), temp, temp.resolve("cache"), 1, CoderContext.NO_PEERS,
        false, RunListener.SILENT, AllowedEndpoints.loopbackOnly(), temp);
    Coder coder = admission -> new CoderResult(java.util.List.of());
    org.medcode.coder.rules.RulesCoderFactory rules = new org.medcode.coder.rules.RulesCoderFactory();
    String identity = Refittable.wrap(coder, rules, context, java.util.Map.of("min-score", "0.5")).identity();
    assertEquals("rules {min-score=0.5} lucene " + org.apache.lucene.util.Version.LATEST, identity);
  }
}
