package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderResult;
import org.medcode.coder.CodingSession;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;

/**
 * A two-stage prompt's candidates: read from the candidates coder's logged answers; a coder that pays (asks an llm
 * coder, or its log shows a usage) is never asked for an admission it has no answer for, even before its log shows
 * any usage (an ensemble with an llm member stopped before its first admission); a coder that pays nothing is asked.
 */
class PromptsTest {
  private static final CodeTable TABLE = CodeTable.of(CodeSystems.syntax(CodeSystemId.ICD10CM), "FY2026", Map.of(
      "I10", new CodeEntry("I10", true, "Essential (primary) hypertension", "Essential (primary) hypertension")));
  private static final Admission ADMISSION = new Admission("A001", "P1", List.of(), List.of(), Map.of());

  private final AtomicInteger asked = new AtomicInteger();
  private final Coder candidates = admission -> {
    asked.incrementAndGet();
    return new CoderResult(List.of(new CodeSuggestion("I10", 0.9)), null, Map.of());
  };

  private Prompts prompts(boolean candidatesPay) {
    return new Prompts(PromptTemplate.load(Path.of("configs/prompts/two-stage.txt")), TABLE, "", "ens", candidates, 30,
        candidatesPay);
  }

  @Test
  void aCandidatesCoderThatAsksAnLlmIsNotAskedForAnAdmissionItDidNotAnswerBeforeItsLogShowsAUsage() {
    Prompts prompts = prompts(true);
    prompts.readFrom(CodingSession.Answered.NONE); // nothing logged, no usage: not metered by its log
    CoderException e = assertThrows(CoderException.class, () -> prompts.candidates(ADMISSION));
    assertEquals(Prompts.CANDIDATES_MISSING, e.kind());
    assertEquals(0, asked.get(), "asking it would pay for requests no line counts");
  }

  @Test
  void aLoggedAnswerIsReadAndACoderThatPaysNothingIsAsked() throws Exception {
    Prompts paying = prompts(true);
    paying.readFrom((coder, admission) -> Optional.of(new CoderResult(List.of(new CodeSuggestion("I10", 0.5)), null,
        Map.of())));
    assertTrue(paying.candidates(ADMISSION).contains("I10"));
    assertEquals(0, asked.get());
    Prompts free = prompts(false);
    free.readFrom(CodingSession.Answered.NONE);
    assertTrue(free.candidates(ADMISSION).contains("I10: Essential (primary) hypertension"));
    assertEquals(1, asked.get());
  }

  /** A prompt that is neither built in nor a file: the key, the reason and the choices, not the path twice. */
  @Test
  void aPromptThatIsNoFileNamesTheKeyAndTheChoices() {
    org.medcode.MedcodeException e = assertThrows(org.medcode.MedcodeException.class,
        () -> PromptTemplate.load(Path.of("/nonexistent/zero-shoot")));
    assertEquals("coder llm: parameter 'prompt': cannot read the prompt template /nonexistent/zero-shoot (no such file);"
        + " give zero-shot, few-shot, two-stage or the path of a template file", e.getMessage());
  }
}
