package org.medcode.coder.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.medcode.coder.rules.RulesFixture.coder;
import static org.medcode.coder.rules.RulesFixture.codes;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Negated, hypothetical, historical and family mentions under each policy, on written example sentences. */
class ContextHandlingTest {

  @ParameterizedTest
  @ValueSource(strings = {"No evidence of pneumonia.", "The patient denies chest pain.", "Pneumonia was ruled out.",
      "Chest X-ray without pneumonia.", "Negative for pneumonia and chest pain.", "No fever, chest pain or pneumonia."})
  void negatedMentionsAreDroppedWhenAsked(String sentence) throws Exception {
    List<String> codes = codes(coder("language", "en", "negated", "drop"), sentence);
    assertFalse(codes.contains("J189"), codes::toString);
    assertFalse(codes.contains("R079"), codes::toString);
  }

  @Test
  void negatedMentionsAreKeptWhenAsked() throws Exception {
    assertEquals(List.of("J189"), codes(coder("language", "en", "negated", "keep"), "No evidence of pneumonia."));
  }

  @Test
  void negationScopeEndsAtButAndAtTheSentenceEnd() throws Exception {
    var coder = coder("language", "en", "negated", "drop");
    assertEquals(List.of("J189"), codes(coder, "No fever but pneumonia was found."));
    assertEquals(List.of("J189"), codes(coder, "No fever. Pneumonia of the left lung."));
    assertEquals(List.of("J189"), codes(coder, "He had no fever; pneumonia on imaging."));
  }

  @Test
  void pseudoTriggersDoNotNegate() throws Exception {
    assertEquals(List.of("J189"), codes(coder("language", "en", "negated", "drop"), "No increase in the pneumonia."));
  }

  @Test
  void hypotheticalMentionsFollowTheirPolicy() throws Exception {
    assertEquals(List.of(), codes(coder("language", "en", "hypothetical", "drop"), "Admitted to rule out pneumonia."));
    assertEquals(List.of("J189"), codes(coder("language", "en", "hypothetical", "keep"), "Admitted to rule out pneumonia."));
    assertEquals(List.of(), codes(coder("language", "en", "hypothetical", "drop"), "Possible pneumonia."));
  }

  @Test
  void personalHistoryBecomesItsZCode() throws Exception {
    String text = "History of prostate cancer treated with surgery.";
    assertEquals(List.of("Z8546"), codes(coder("language", "en", "history", "z-code"), text));
    assertEquals(List.of("C61"), codes(coder("language", "en", "history", "keep"), text));
    assertEquals(List.of(), codes(coder("language", "en", "history", "drop"), text));
  }

  @Test
  void familyMentionsBecomeFamilyHistoryZCodes() throws Exception {
    String text = "Her mother had breast cancer.";
    assertEquals(List.of("Z803"), codes(coder("language", "en", "family", "z-code"), text));
    assertEquals(List.of(), codes(coder("language", "en", "family", "drop"), text));
    assertEquals(List.of("C50"), codes(coder("language", "en", "family", "keep"), text));
  }

  @Test
  void familyCancerWithoutItsOwnZCodeGetsTheFallbackOtherConditionsNothing() throws Exception {
    var coder = coder("language", "en", "family", "z-code", "min-score", "0.2");
    assertEquals(List.of(), codes(coder, "His father had anemia."));
    assertEquals(List.of("Z809"), codes(coder, "Family history of prostate cancer."));
  }

  @Test
  void familyScopeDoesNotLeakIntoTheNextSentence() throws Exception {
    List<String> codes = codes(coder("language", "en", "family", "z-code"), "Her mother had breast cancer. She has anemia.");
    assertEquals(List.of("D649", "Z803"), codes.stream().sorted().toList());
  }

  @Test
  void spanishTriggersNegate() throws Exception {
    var coder = coder("language", "es", "negated", "drop");
    assertEquals(List.of("R509"), codes(coder, "Paciente con fiebre, sin edemas ni disnea."));
    assertEquals(List.of(), codes(coder, "Niega fiebre."));
  }

  @Test
  void languageIsGuessedPerAdmission() throws Exception {
    var coder = coder("language", "auto", "negated", "drop");
    assertEquals(List.of("R509"), codes(coder, "El paciente presenta fiebre de 39 grados y no tiene cefalea."));
    assertEquals(List.of("R509"), codes(coder, "The patient has a fever of 39 degrees and no headache."));
  }
}
