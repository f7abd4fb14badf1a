package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
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
 * A plug-in coder that builds its answer with a null in it fails that admission saying what was null and where, not
 * as a bare NullPointerException whose message is "null".
 */
class NullAnswersTest {
  private static final Admission ADMISSION = new Admission("A1", "P1", List.of(new Note("note", "text")), List.of(),
      Map.of());

  private static PredictionLog.Entry answer(List<CodeSuggestion> codes) {
    Coder coder = admission -> new CoderResult(codes);
    return BenchmarkRunner.codeOne(coder, CodeSystems.syntax(CodeSystemId.ICD10CM), ADMISSION);
  }

  @Test
  void eachNullIsNamedWithItsPlace() {
    PredictionLog.Entry noList = answer(null);
    assertEquals("failed", noList.status());
    assertEquals("the coder's result has no list of codes (null): give an empty list for none",
        noList.failureMessage());
    List<CodeSuggestion> withNull = new ArrayList<>(Arrays.asList(new CodeSuggestion("I10", 1.0), null));
    assertEquals("the coder's result holds a null suggestion at position 2 of 2", answer(withNull).failureMessage());
    PredictionLog.Entry noCode = answer(List.of(new CodeSuggestion("I10", 1.0), new CodeSuggestion(null, 0.5)));
    assertEquals("NullPointerException", noCode.failureKind());
    assertEquals("the coder's result holds a suggestion without a code (null) at position 2 of 2",
        noCode.failureMessage());
    assertEquals("ok", answer(List.of(new CodeSuggestion("i10", 1.0))).status());
  }
}
