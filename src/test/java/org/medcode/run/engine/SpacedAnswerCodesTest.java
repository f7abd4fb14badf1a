package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderResult;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Note;

/**
 * A code in a coder's answer (exec, http, a plug-in) with white space inside it, or a dot where no system writes one,
 * fails the admission as a malformed answer naming the code, as a file holding it is refused: it was normalised into
 * another code ({@code E11 9} → the valid E11.9) or two codes into one ({@code I10 J18.9} → {@code I10J189}).
 */
class SpacedAnswerCodesTest {
  private static final Admission ADMISSION = new Admission("A1", "P1", List.of(new Note("note", "text")), List.of(),
      Map.of());

  private static PredictionLog.Entry answer(String... codes) {
    Coder coder = admission -> new CoderResult(
        java.util.Arrays.stream(codes).map(c -> new CodeSuggestion(c, null)).toList(),
        new CoderResult.Usage(0, 0, 0, 1, false), Map.of());
    return BenchmarkRunner.codeOne(coder, CodeSystems.syntax(CodeSystemId.ICD10CM), ADMISSION);
  }

  @Test
  void aCodeWithWhiteSpaceInsideFailsTheAdmission() {
    PredictionLog.Entry spaced = answer("I10", "E11 9");
    assertEquals("failed", spaced.status());
    assertEquals("malformed_answer", spaced.failureKind());
    assertEquals(List.of(), spaced.codes());
    assertTrue(spaced.failureMessage().startsWith("code 2 of 2 of the answer: the code 'E11 9' holds white space"
        + " (U+0020) at position 4"), spaced.failureMessage());
    assertEquals(1, spaced.usage().calls(), "the answer came: its call counts");
    PredictionLog.Entry two = answer("I10 J18.9");
    assertEquals("malformed_answer", two.failureKind());
    assertTrue(two.failureMessage().contains("'I10 J18.9' holds white space"), two.failureMessage());
    assertEquals("malformed_answer", answer("R.50.9").failureKind());
    assertEquals("malformed_answer", answer("E11.9\nI10").failureKind());
    PredictionLog.Entry listed = answer("I10,J18.9"); // before: one invalid code I10,J189, scored as a false positive
    assertEquals("malformed_answer", listed.failureKind());
    assertTrue(listed.failureMessage().contains("'I10,J18.9' holds a list separator (',') at position 4"),
        listed.failureMessage());
  }

  @Test
  void whiteSpaceAroundACodeIsNoPartOfIt() {
    PredictionLog.Entry ok = answer(" e11.9 ", "I10\t");
    assertEquals("ok", ok.status());
    assertEquals(List.of("E119", "I10"), ok.codes().stream().map(CodeSuggestion::code).toList());
  }

  @Test
  void aScoreThatIsNotAFiniteNumberFailsTheAdmission() {
    // a plug-in's NaN or Infinity was logged as the string "NaN": evaluate and replay refused the run's own
    // predictions.jsonl (expected a number for "score"), and the run scored it as an answer
    for (double score : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      Coder coder = admission -> new CoderResult(List.of(new CodeSuggestion("I10", 0.9), new CodeSuggestion("E11.9", score)));
      PredictionLog.Entry entry = BenchmarkRunner.codeOne(coder, CodeSystems.syntax(CodeSystemId.ICD10CM), ADMISSION);
      assertEquals("failed", entry.status());
      assertEquals("malformed_answer", entry.failureKind());
      assertEquals("code 2 of 2 of the answer: the score of 'E11.9' is " + score + ", not a finite number (give a finite"
          + " score, or none)", entry.failureMessage());
    }
    Coder negative = admission -> new CoderResult(List.of(new CodeSuggestion("I10", -2.5)));
    assertEquals("ok", BenchmarkRunner.codeOne(negative, CodeSystems.syntax(CodeSystemId.ICD10CM), ADMISSION).status());
  }
}
