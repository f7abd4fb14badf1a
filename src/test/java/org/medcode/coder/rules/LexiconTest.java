package org.medcode.coder.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.medcode.coder.rules.RulesFixture.coder;
import static org.medcode.coder.rules.RulesFixture.codes;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medcode.coder.CodeSuggestion;

/** Lexicon normalisation (abbreviations, spelling, word order), title cores and the most-specific-code rule. */
class LexiconTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "Known HTN on treatment.|I10",
      "Essential hypertension.|I10",
      "Previous MI treated with stent placement.|I219",
      "Acute myocardial infarction.|I219",
      "Longstanding T2DM.|E119",
      "Type II diabetes mellitus.|E119",
      "Type two diabetes mellitus.|E119",
      "diabetes mellitus type 2|E119",
      "Severe anaemia.|D649",
      "Pain in the chest since yesterday.|R079",
      "Pneumonias of both lungs.|J189",
      "Lobar pneumonia.|J181",
      "He reported headaches.|R51"})
  void phrasesAreNormalised(String text, String code) throws Exception {
    List<String> codes = codes(coder("language", "en", "history", "keep"), text);
    assertEquals(List.of(code), codes);
  }

  @Test
  void wordsTooFarApartDoNotMatch() throws Exception {
    List<String> codes = codes(coder("language", "en", "slack", "1"),
        "Pain in the right hand after a fall, then a bruise over the chest.");
    assertFalse(codes.contains("R079"), codes::toString);
  }

  @Test
  void titleCoresDropFillersWithoutClausesAndParentheses() {
    Set<String> fillers = Set.of("unspecified", "other");
    assertEquals("Pneumonia", TitlePhrases.core("Pneumonia, unspecified organism", fillers));
    assertEquals("Type 2 diabetes mellitus", TitlePhrases.core("Type 2 diabetes mellitus without complications", fillers));
    assertEquals("Essential hypertension", TitlePhrases.core("Essential (primary) hypertension", fillers));
    assertEquals("Lobar pneumonia", TitlePhrases.core("Lobar pneumonia, unspecified organism", fillers));
    assertTrue(TitlePhrases.laterEncounter("Fracture of nasal bones, subsequent encounter for fracture with routine healing"));
  }

  @Test
  void aLongerPhraseWinsOverThePhraseInsideIt() throws Exception {
    List<String> codes = codes(coder("language", "en"), "Type 2 diabetes mellitus with diabetic nephropathy.");
    assertEquals(List.of("E1121"), codes);
  }

  @Test
  void anAncestorIsNeverReportedWithItsDescendant(@TempDir Path folder) throws Exception {
    Path rules = RulesFixture.rulesWithSynonyms(folder, "E11\tsugar disease");
    var coder = RulesFixture.coder(RulesFixture.TABLE, List.of(), "rules-dir", rules.toString(), "language", "en");
    assertEquals(List.of("E11"), codes(coder, "Sugar disease."));
    assertEquals(List.of("E1121"), codes(coder, "Sugar disease. Type 2 diabetes mellitus with diabetic nephropathy."));
  }

  @Test
  void evidenceSpansPointAtTheMatchedText() throws Exception {
    String first = "Admitted for cough.";
    String second = "On day two she had a fever of 39 C and pain in the chest.";
    List<CodeSuggestion> suggestions = RulesFixture.code(coder("language", "en"), first, second);
    CodeSuggestion fever = suggestions.stream().filter(s -> s.code().equals("R509")).findFirst().orElseThrow();
    assertEquals(1, fever.evidence().get(0).note());
    assertEquals("fever", second.substring(fever.evidence().get(0).start(), fever.evidence().get(0).end()));
    assertEquals("fever", fever.evidence().get(0).text());
    CodeSuggestion chest = suggestions.stream().filter(s -> s.code().equals("R079")).findFirst().orElseThrow();
    assertEquals("pain in the chest", chest.evidence().get(0).text());
  }

  @Test
  void suggestionsAreRankedByAScoreBetweenZeroAndOne() throws Exception {
    List<CodeSuggestion> suggestions = RulesFixture.code(coder("language", "en", "min-score", "0"),
        "Fever and lobar pneumonia with chest pain; known hypertension and anemia.");
    assertTrue(suggestions.size() >= 4, suggestions::toString);
    for (int i = 0; i < suggestions.size(); i++) {
      assertTrue(suggestions.get(i).score() > 0 && suggestions.get(i).score() <= 1);
      assertFalse(suggestions.get(i).rationale().isBlank());
      if (i > 0) {
        assertTrue(suggestions.get(i - 1).score() >= suggestions.get(i).score());
      }
    }
    assertEquals(2, RulesFixture.code(coder("language", "en", "min-score", "0", "max-codes", "2"),
        "Fever and lobar pneumonia with chest pain; known hypertension and anemia.").size());
  }
}
