package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.CoderResult;

class LoggedAnswersTest {
  @TempDir
  Path run;

  @Test
  void answersAreTheLastAnsweredLineOfEachAdmissionAndFailuresAreNone() {
    try (PredictionLog log = PredictionLog.append(run.resolve("llm/predictions.jsonl"))) {
      CoderResult.Usage paid = new CoderResult.Usage(10, 5, 0.25, 1, false);
      log.write(new PredictionLog.Entry("A1", "ok", List.of(new CodeSuggestion("I10", 0.9), new CodeSuggestion("E119",
          0.4)), null, null, 3, paid, Map.of()));
      log.write(new PredictionLog.Entry("A2", "failed", List.of(), "http-500", "server error", 3, paid, Map.of()));
      log.write(new PredictionLog.Entry("A3", "failed", List.of(), "http-500", "server error", 3, paid, Map.of()));
      log.write(new PredictionLog.Entry("A3", "ok", List.of(new CodeSuggestion("J189", 0.7)), null, null, 3, paid,
          Map.of())); // coded again with --retry-failed
    }
    try (PredictionLog log = PredictionLog.append(run.resolve("rules/predictions.jsonl"))) {
      log.write(new PredictionLog.Entry("A1", "ok", List.of(new CodeSuggestion("R52", 0.5)), null, null, 1));
    }
    LoggedAnswers answers = new LoggedAnswers(run, "ensemble");
    CoderResult a1 = answers.answer("llm", "A1").orElseThrow();
    assertEquals(List.of("I10", "E119"), a1.codes().stream().map(CodeSuggestion::code).toList());
    assertEquals(List.of(0.9, 0.4), a1.codes().stream().map(CodeSuggestion::score).toList());
    assertEquals(CoderResult.Usage.NONE, a1.usage(), "what the member paid is on its own lines, not charged again");
    assertTrue(answers.answer("llm", "A2").isEmpty(), "a failure is no answer: the member is asked");
    assertEquals("J189", answers.answer("llm", "A3").orElseThrow().codes().get(0).code());
    assertTrue(answers.answer("llm", "A4").isEmpty());
    assertNull(answers.answer("rules", "A1").orElseThrow().usage(), "an unmetered coder's answer stays unmetered");
    assertTrue(answers.answer("ensemble", "A1").isEmpty(), "never its own");
    assertTrue(answers.answer("absent", "A1").isEmpty(), "a coder without a log answered nothing");
    assertTrue(answers.answer("../llm", "A1").isEmpty(), "only coders of this run folder");
  }

  @Test
  void aCoderIsMeteredWhenALineOfItsLogHasAUsageAFailureToo() {
    try (PredictionLog log = PredictionLog.append(run.resolve("llm/predictions.jsonl"))) {
      log.write(new PredictionLog.Entry("A1", "failed", List.of(), "http_5xx", "server error", 3,
          new CoderResult.Usage(0, 0, 0, 1, false), Map.of()));
    }
    try (PredictionLog log = PredictionLog.append(run.resolve("rules/predictions.jsonl"))) {
      log.write(new PredictionLog.Entry("A1", "ok", List.of(new CodeSuggestion("R52", 0.5)), null, null, 1));
    }
    LoggedAnswers answers = new LoggedAnswers(run, "final");
    assertTrue(answers.metered("llm"), "a failure that sent a request");
    assertFalse(answers.metered("rules"));
    assertFalse(answers.metered("absent"));
    assertFalse(new LoggedAnswers(run, "llm").metered("llm"), "never its own");
  }
}
