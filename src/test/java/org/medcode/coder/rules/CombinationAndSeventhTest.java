package org.medcode.coder.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.EvidenceSpan;

/** Combination codes of co-occurring candidates, and the 7th-character convention of table phrases. */
class CombinationAndSeventhTest {

  private static Candidates.Found found(String text) {
    Candidates.Found f = new Candidates.Found();
    f.phrases.put(new LexiconEntry(new int[] {1}, "X", 0.9, 3, LexiconEntry.Source.EVIDENCE, 0, text), 0.9);
    f.mentions = 1;
    f.spans.add(new EvidenceSpan(0, 0, text.length(), text));
    return f;
  }

  @Test
  void aMalformedRowOfTheRulesDataNamesItsFileAndLine(@TempDir Path dir) throws Exception {
    Path combinations = dir.resolve("combinations.tsv");
    Files.writeString(combinations, "# parts\tcode\nI10+I50\tI110\nI10\tI129\n");
    CodeTable table = CodeTable.formatOnly(CodeSystems.syntax(CodeSystemId.ICD10CM));
    MedcodeException single = assertThrows(MedcodeException.class, () -> Combinations.load(dir, table));
    assertEquals("coder rules: " + combinations + " line 3: 'I10' has 1 part; a combination needs at least two, joined"
        + " by +", single.getMessage());
    Files.writeString(combinations, "I10+N 18\tI129\n");
    assertTrue(assertThrows(MedcodeException.class, () -> Combinations.load(dir, table)).getMessage()
        .endsWith("line 1: 'N 18' in 'I10+N 18' is not a code (or code prefix)"));
    Path triggers = dir.resolve("triggers.tsv");
    Files.writeString(triggers, "negated\tpre\tno\nnegated\tsideways\tdenies\n");
    assertEquals("coder rules: " + triggers + " line 2: direction of 'denies' must be pre or post, got 'sideways'",
        assertThrows(MedcodeException.class, () -> RulesResources.rows(triggers, 3, RulesResources::triggerProblem))
            .getMessage());
    Files.writeString(triggers, "negated\n");
    assertEquals("coder rules: " + triggers + " line 1 has 1 field, expected 3 separated by TAB",
        assertThrows(MedcodeException.class, () -> RulesResources.rows(triggers, 3)).getMessage());
    Files.writeString(triggers, "negated\tpre\n");
    assertEquals("coder rules: " + triggers + " line 1 has 2 fields, expected 3 separated by TAB",
        assertThrows(MedcodeException.class, () -> RulesResources.rows(triggers, 3)).getMessage());
  }

  @Test
  void aCombinationCodeIsProposedWhenEveryPartHasACandidate() {
    Combinations rules = new Combinations(List.of(
        new Combinations.Rule(List.of(List.of("I10"), List.of("N18", "N19")), "I129", 0.4, 12)));
    Map<String, Candidates.Found> found = new LinkedHashMap<>();
    found.put("I10", found("hypertension"));
    rules.apply(found);
    assertFalse(found.containsKey("I129"), "one part only");
    found.put("N189", found("chronic kidney disease"));
    rules.apply(found);
    Candidates.Found combined = found.get("I129");
    assertEquals(0.4, combined.noisyOr(), 1e-12);
    assertEquals(LexiconEntry.Source.COMBINATION, combined.best().source());
    assertEquals(List.of("hypertension", "chronic kidney disease"), combined.spans.stream().map(EvidenceSpan::text).toList());
    // the parts stay candidates
    assertTrue(found.containsKey("I10") && found.containsKey("N189"));
    double[] x = Candidates.features("I129", combined, found, new Candidates.CodePriors(Map.of(), 10));
    assertEquals(1.0, x[Candidates.FEATURES - 1]);
  }

  @Test
  void aRuleIsCalibratedLikeAPhrase() {
    Combinations.Rule rule = new Combinations.Rule(List.of(List.of("E119"), List.of("N18")), "E1122", 0.5, 0);
    // 3 hits in 8 fires, prior 0.5 with weight 2: (3 + 1) / (8 + 2)
    assertEquals(0.4, rule.calibrated(8, 3).confidence(), 1e-12);
    assertEquals(8, rule.calibrated(8, 3).support());
  }

  private static final CodeTable TABLE = table("S72001", "N", "S72001A", "Y", "T1490", "N", "T1490XA", "Y", "W19", "N",
      "W19XXXA", "Y", "I10", "Y");

  private static CodeTable table(String... rows) {
    Map<String, CodeEntry> entries = new LinkedHashMap<>();
    for (int i = 0; i < rows.length; i += 2) {
      entries.put(rows[i], new CodeEntry(rows[i], rows[i + 1].equals("Y"), rows[i], rows[i]));
    }
    return CodeTable.of(CodeSystems.syntax(CodeSystemId.ICD10CM), "test", entries);
  }

  @Test
  void autoFollowsTheTrainingGold() {
    // CodiEsp writes injury and external-cause codes without their 7th character
    assertEquals(SeventhCharacter.Convention.NONE, SeventhCharacter.of("auto", Set.of("S72001", "W19XXX", "T1490", "I10")));
    assertEquals(SeventhCharacter.Convention.INITIAL, SeventhCharacter.of("auto", Set.of("S72001A", "W19XXXA", "I10")));
    assertEquals(SeventhCharacter.Convention.INITIAL, SeventhCharacter.of("auto", Set.of()));
    assertEquals(SeventhCharacter.Convention.NONE, SeventhCharacter.of("none", Set.of()));
  }

  @Test
  void withoutTheSeventhCharacterACodeTakesTheFormTheTrainingGoldUses() {
    SeventhCharacter none = new SeventhCharacter(SeventhCharacter.Convention.NONE, TABLE, Set.of("W19XXX"));
    assertEquals("S72001", none.write("S72001A"));
    assertEquals("T1490", none.write("T1490XA"), "placeholder dropped: the table has T14.90");
    assertEquals("W19XXX", none.write("W19XXXA"), "as the training gold writes it");
    assertEquals("I10", none.write("I10"));
    SeventhCharacter initial = new SeventhCharacter(SeventhCharacter.Convention.INITIAL, TABLE, Set.of());
    assertEquals("S72001A", initial.write("S72001A"));
  }
}
