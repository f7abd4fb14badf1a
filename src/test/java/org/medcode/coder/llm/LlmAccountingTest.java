package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.CoderResult;
import org.medcode.coder.CodingSession;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;

/**
 * What an answer costs and what it is, whatever the provider leaves out: an answer without usage and a refusal are paid
 * for (estimated from above, never free), an answer cut off at the token limit is a failure (never a short or empty
 * list), a key the provider echoes in a normal answer reaches no annotation or cache file, and {@code --retry-failed}
 * asks again for answers that were failures while a plain rerun gets them back from the cache.
 */
class LlmAccountingTest extends LlmFixture {

  /** A chat completion: {@code usage} null leaves the usage out. */
  private static ChatStub.Reply completion(String content, String finish, Map<String, Integer> usage, String model,
      String fingerprint) {
    ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-stub").put("object", "chat.completion").put("created", 1)
        .put("model", model);
    if (fingerprint != null) {
      root.put("system_fingerprint", fingerprint);
    }
    root.putArray("choices").addObject().put("index", 0).put("finish_reason", finish).putObject("message")
        .put("role", "assistant").put("content", content);
    if (usage != null) {
      ObjectNode u = root.putObject("usage");
      usage.forEach(u::put);
    }
    return new ChatStub.Reply(200, Map.of(), root.toString(), 0);
  }

  private Coder coder(ChatStub stub, String key) throws Exception {
    return coder(stub, key, Map.of());
  }

  private Coder coder(ChatStub stub, String key, Map<String, String> parameters) throws Exception {
    Map<String, String> p = new HashMap<>(LlmRunTest.parameters(stub.baseUrl(), prices));
    p.putAll(Map.of("timeout", "2", "maxRetries", "0"));
    p.putAll(parameters);
    if (key != null) {
      p.put("apiKeyEnv", "MEDCODE_TEST_KEY");
    }
    LlmCoderFactory factory = new LlmCoderFactory(name -> name.equals("MEDCODE_TEST_KEY") ? key : null);
    Coder coder = factory.create(new CoderContext(table, List.of(), temp, temp.resolve("cache"), 7, id -> null, false,
        listener), CoderParameters.resolve(factory, p));
    return coder;
  }

  private static Admission admission(String id) {
    return new Admission(id, id, List.of(new Note("note", "Patient case " + id + ". Hypertension, type 2 diabetes.")),
        List.of(new GoldCode("I10", CodeSystemId.ICD10CM)), Map.of());
  }

  @Test
  void anAnswerWithoutUsageIsPaidForAnEstimateFromAboveNotForNothing() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) ->
        completion("{\"codes\": [\"I10\"]}", "stop", null, "stub-model", null))) {
      Coder coder = coder(stub, null);
      CoderResult first = coder.code(admission("A001"));
      coder.code(admission("A002"));
      assertEquals(List.of("I10"), first.codes().stream().map(CodeSuggestion::code).toList());
      assertTrue(first.usage().inputTokens() > 10 && first.usage().outputTokens() > 0, first.usage().toString());
      assertTrue(first.usage().cost() > 0, "counted in cost (and so in maxCost): " + first.usage());
      assertEquals("estimated: the provider reported no token usage", first.annotations().get("usage"));
      assertTrue(coder.facts().get("usage_estimated").startsWith("2 answers came without token usage"), coder.facts().toString());
      assertEquals(1, warnings.stream().filter(w -> w.contains("without token usage")).count(), "said once: " + warnings);
    }
  }

  @Test
  void aReportedUsageIsTakenAsReported() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("{\"codes\": [\"I10\"]}"))) {
      CoderResult result = coder(stub, null).code(admission("A001"));
      assertEquals(100, result.usage().inputTokens());
      assertEquals(20, result.usage().outputTokens());
      assertFalse(result.annotations().containsKey("usage"));
    }
  }

  @Test
  void aRefusalIsPaidFor() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.refusal("I cannot help with that."))) {
      CoderException e = assertThrows(CoderException.class, () -> coder(stub, null).code(admission("A001")));
      assertEquals("refusal", e.kind());
      assertEquals(1, e.usage().calls());
      assertTrue(e.usage().inputTokens() > 10 && e.usage().cost() > 0, "a refusal is billed: " + e.usage());
    }
  }

  @Test
  void anAnswerCutOffAtTheTokenLimitIsAFailureWhateverItParsesTo() throws Exception {
    Map<String, Integer> usage = Map.of("prompt_tokens", 100, "completion_tokens", 512);
    for (String content : Stream.of("I10, E11.9, E11", "", "{\"codes\": [\"I10\"]}").toList()) {
      try (ChatStub stub = new ChatStub((admission, attempt, prompt) ->
          completion(content.isEmpty() ? null : content, "length", usage, "stub-model", null))) {
        CoderException e = assertThrows(CoderException.class, () -> coder(stub, null).code(admission("A001")), content);
        assertEquals("truncated", e.kind(), content);
        assertTrue(e.getMessage().startsWith("the answer hit maxTokens"), e.getMessage());
        assertEquals(512, e.usage().outputTokens(), "paid for");
      }
    }
  }

  @Test
  void aKeyTheProviderEchoesInANormalAnswerReachesNoAnnotationAndNoCacheFile() throws Exception {
    String key = "sk-test-ECHOED-0123456789abcdef";
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> completion("{\"codes\": [\"I10\"]} (" + key + ")",
        "stop", Map.of("prompt_tokens", 10, "completion_tokens", 5), "model-" + key, "fp-" + key))) {
      CoderResult result = coder(stub, key).code(admission("A001"));
      assertFalse(result.annotations().toString().contains("0123456789abcdef"), result.annotations().toString());
      assertEquals("model-[redacted]", result.annotations().get("served_model"));
      try (Stream<Path> files = Files.walk(temp.resolve("cache"))) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertFalse(Files.readString(file).contains("0123456789abcdef"), file.toString());
        }
      }
    }
  }

  @Test
  void retryFailedAsksAgainForAnAnswerThatWasAFailureAndAPlainRerunDoesNot() throws Exception {
    java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> sent.incrementAndGet() == 1
        ? ChatStub.answer("The patient has pneumonia.") : ChatStub.answer("{\"codes\": [\"J18.9\"]}"))) {
      Coder coder = coder(stub, null);
      Admission a = admission("A001");
      assertEquals("unparseable", assertThrows(CoderException.class, () -> coder.code(a)).kind());
      Coder rerun = coder(stub, null);
      assertEquals("unparseable", assertThrows(CoderException.class, () -> rerun.code(a)).kind());
      assertEquals(1, stub.requestCount(), "a rerun gets the same answer from the cache, at no cost");

      Coder retry = coder(stub, null);
      retry.prepare(List.of(a), new CodingSession(temp.resolve("run"), Double.POSITIVE_INFINITY, true));
      assertEquals(List.of("J189"), retry.code(a).codes().stream().map(CodeSuggestion::code).toList());
      assertEquals(2, stub.requestCount(), "--retry-failed asked again");
      Coder after = coder(stub, null);
      assertEquals(List.of("J189"), after.code(a).codes().stream().map(CodeSuggestion::code).toList());
      assertEquals(2, stub.requestCount(), "the good answer is cached");
    }
  }

  @Test
  void answersAllCutOffAtTheTokenLimitStopTheCoderAsASystematicError() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> completion("I10, E1", "length",
        Map.of("prompt_tokens", 100, "completion_tokens", 64), "stub-model", null))) {
      Coder coder = coder(stub, null);
      for (int i = 1; i <= 5; i++) {
        String id = String.format("A%03d", i);
        assertEquals("truncated", assertThrows(CoderException.class, () -> coder.code(admission(id))).kind());
      }
      org.medcode.coder.CoderStoppedException stopped = assertThrows(org.medcode.coder.CoderStoppedException.class,
          () -> coder.code(admission("A006")));
      assertTrue(stopped.getMessage().contains("every answer hit maxTokens"), stopped.getMessage());
      assertEquals(5, stub.requestCount(), "nothing more was sent");
    }
  }

  /**
   * A resumed run charges an admission what its killed session paid for the answer the cache now gives (above), so the
   * admission must reserve that much under maxCost: reserving nothing for a cached answer let a resumed run with
   * maxCost 10 spend 11.80 USD (halves of split notes answered before the kill, the other halves sent again).
   */
  @Test
  void anAnswerAKilledSessionPaidForIsReservedUnderTheBudgetAsItIsCharged() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("{\"codes\": [\"I10\"]}"))) {
      Admission a = admission("A001");
      Path run = temp.resolve("run/llm");
      Coder killed = coder(stub, null);
      killed.prepare(List.of(a), new CodingSession(run, 1.0, false));
      double sent = killed.worstCaseCost(a);
      CoderResult paid = killed.code(a); // answered and cached; the process dies before the log line is written
      assertTrue(paid.usage().cost() > 0 && paid.usage().cost() <= sent, paid.usage() + " within " + sent);

      Coder resumed = coder(stub, null);
      resumed.prepare(List.of(a), new CodingSession(run, 1.0, false));
      double reserved = resumed.worstCaseCost(a);
      CoderResult again = resumed.code(a);
      assertEquals(1, stub.requestCount(), "not sent again");
      assertEquals(again.usage().cost(), reserved, 1e-15, "reserved what it is charged");
      assertEquals(0, resumed.worstCaseCost(a), "counted once: a second admission with that prompt is free");

      Coder other = coder(stub, null);
      other.prepare(List.of(a), new CodingSession(temp.resolve("other/llm"), 1.0, false));
      assertEquals(0, other.worstCaseCost(a), "another run folder reuses the answer at no cost");
    }
  }

  /**
   * Under maxCost an admission the cache answers reserves nothing; the cache was read once for the reservation and again
   * for the answer, so an entry deleted between (cache prune, another run on the same cache) made a paid call the
   * budget had not reserved. The admission is answered from the read its reservation was made on.
   */
  @Test
  void anAdmissionIsAnsweredFromTheCacheReadItsReservationWasMadeOn() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("{\"codes\": [\"I10\"]}"))) {
      Admission a = admission("A001");
      Coder other = coder(stub, null);
      other.prepare(List.of(a), new CodingSession(temp.resolve("other/llm"), 1.0, false));
      other.code(a); // another run folder's answer, in the shared cache
      Coder coder = coder(stub, null);
      coder.prepare(List.of(a), new CodingSession(temp.resolve("run/llm"), 1.0, false));
      assertEquals(0, coder.worstCaseCost(a), "answered by the cache: nothing to reserve");
      try (var files = Files.walk(temp.resolve("cache"))) { // pruned meanwhile
        files.filter(Files::isRegularFile).forEach(file -> file.toFile().delete());
      }
      CoderResult answered = coder.code(a);
      assertEquals(1, stub.requestCount(), "nothing sent that the budget did not reserve");
      assertEquals(0, answered.usage().cost());
      assertEquals(List.of("I10"), answered.codes().stream().map(c -> c.code()).toList());
    }
  }

  /**
   * An answer that was a failure, paid for by a session killed before logging it: {@code --retry-failed} asks again, and
   * the admission is charged for both answers (the first left the cache uncounted: on the CLI, 8.423 USD recorded for
   * 8.838 billed), even after a retry session that stopped before coding it; once a line records it, only the new one.
   */
  @Test
  void aFailedAnswerAKilledSessionPaidForIsChargedWithTheAnswerRetryFailedGets() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> attempt % 2 == 1
        ? ChatStub.answer("The patient has pneumonia.") : ChatStub.answer("{\"codes\": [\"J18.9\"]}"))) {
      Admission a = admission("A001");
      Path run = temp.resolve("run/llm");
      Coder killed = coder(stub, null);
      killed.prepare(List.of(a), new CodingSession(run, Double.POSITIVE_INFINITY, false));
      CoderException failed = assertThrows(CoderException.class, () -> killed.code(a)); // the process dies before its line
      double each = failed.usage().cost();
      assertTrue(each > 0);
      coder(stub, null).prepare(List.of(a), new CodingSession(run, 1.0, true)); // a retry stopped before coding it

      Coder retry = coder(stub, null);
      retry.prepare(List.of(a), new CodingSession(run, 1.0, true));
      double reserved = retry.worstCaseCost(a);
      CoderResult answered = retry.code(a);
      assertEquals(2, stub.requestCount());
      assertEquals(List.of("J189"), answered.codes().stream().map(CodeSuggestion::code).toList());
      assertEquals(2 * each, answered.usage().cost(), 1e-15, "the failed answer and the new one");
      assertEquals(2, answered.usage().calls());
      assertEquals(2, answered.usage().receipts().size());
      assertTrue(reserved >= answered.usage().cost(), "reserved " + reserved + " for " + answered.usage());

      // logged: a retry charges the new answer only
      Path logged = temp.resolve("logged/llm");
      Admission b = admission("A002");
      Coder first = coder(stub, null);
      first.prepare(List.of(b), new CodingSession(logged, Double.POSITIVE_INFINITY, false));
      CoderException line = assertThrows(CoderException.class, () -> first.code(b));
      Coder again = coder(stub, null);
      again.prepare(List.of(b), new CodingSession(logged, 1.0, true, CodingSession.Room.UNLIMITED,
          java.util.Set.copyOf(line.usage().receipts())));
      assertTrue(again.worstCaseCost(b) > 10 * each, "asked again: its worst case is reserved");
      assertEquals(each, again.code(b).usage().cost(), 1e-15);
    }
  }

  @Test
  void anAnswerAKilledSessionPaidForButNeverLoggedIsCountedByTheResumedRunOnly() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("{\"codes\": [\"I10\"]}"))) {
      Admission a = admission("A001");
      Path run = temp.resolve("run/llm");
      Coder killed = coder(stub, null);
      killed.prepare(List.of(a), new CodingSession(run, Double.POSITIVE_INFINITY, false));
      CoderResult paid = killed.code(a); // answered and cached; the process dies before the log line is written
      assertEquals(1, paid.usage().calls());

      Coder resumed = coder(stub, null);
      resumed.prepare(List.of(a), new CodingSession(run, Double.POSITIVE_INFINITY, false));
      CoderResult again = resumed.code(a);
      assertEquals(1, stub.requestCount(), "not sent again");
      assertEquals(paid.usage().cost(), again.usage().cost(), 1e-15, "its cost is this run folder's");
      assertEquals(1, again.usage().calls());
      assertEquals(0, resumed.code(a).usage().cost(), "counted once");

      Coder other = coder(stub, null);
      other.prepare(List.of(a), new CodingSession(temp.resolve("other/llm"), Double.POSITIVE_INFINITY, false));
      CoderResult free = other.code(a);
      assertEquals(0, free.usage().cost(), "another run folder reuses the answer at no cost");
      assertEquals(0, free.usage().calls());
    }
  }

  /**
   * A session killed while a request is out (kill -9 of {@code medcode run}): the provider answers, and bills, a request
   * whose answer nobody reads. The resumed run sent it again and recorded one call, 0.28000 USD for 0.28098 billed by
   * the stub after a kill with 7 requests in flight (2,000 admissions). Each attempt is now recorded in the ledger
   * before it is sent, and the resumed run charges the lost one at its worst case; one whose answer the cache kept is
   * charged once, at what it cost (the tests above).
   */
  @Test
  void aRequestOutWhenTheSessionWasKilledIsChargedByTheResumedRun() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> {
      if (attempt == 1) { // the killed session's request: the provider holds it, and its answer is never read
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return ChatStub.answer("{\"codes\": [\"I10\"]}");
    })) {
      Admission a = admission("A001");
      Path run = temp.resolve("run/llm");
      Map<String, String> patient = Map.of("timeout", "600", "deadline", "600"); // the held request never times out
      Coder killed = coder(stub, null, patient);
      killed.prepare(List.of(a), new CodingSession(run, Double.POSITIVE_INFINITY, false));
      Thread out = new Thread(() -> {
        try {
          killed.code(a);
        } catch (Exception e) {
          // the session is gone: whatever it gets is never logged
        }
      });
      out.setDaemon(true);
      out.start();
      while (stub.requestCount() < 1) { // the request reached the provider; then the process is killed
        Thread.sleep(10);
      }

      Coder resumed = coder(stub, null, patient);
      resumed.prepare(List.of(a), new CodingSession(run, Double.POSITIVE_INFINITY, false));
      double reserved = resumed.worstCaseCost(a);
      CoderResult again = resumed.code(a);
      assertEquals(2, stub.requestCount(), "sent again: the first answer was never read");
      assertEquals(List.of("I10"), again.codes().stream().map(CodeSuggestion::code).toList());
      assertEquals(2, again.usage().calls(), "both requests the provider billed: " + again.usage());
      assertEquals(2, again.usage().receipts().size());
      double answer = 100 * 1.0 / 1e6 + 20 * 2.0 / 1e6; // the stub's 100 + 20 tokens at 1 and 2 USD per million
      assertTrue(again.usage().cost() > 2 * answer, "the lost one at its worst case, above what an answer costs: "
          + again.usage());
      assertTrue(reserved >= again.usage().cost(), "reserved " + reserved + " for " + again.usage());
      assertEquals("estimated: 1 attempt counted at the worst case, no answer read (timed out, unreadable, or out when a"
          + " run was killed)", again.annotations().get("usage"));

      Coder later = coder(stub, null, patient); // a line names both receipts: nothing is charged twice
      later.prepare(List.of(a), new CodingSession(run, Double.POSITIVE_INFINITY, false, CodingSession.Room.UNLIMITED,
          java.util.Set.copyOf(again.usage().receipts())));
      assertEquals(0, later.code(a).usage().cost(), "counted once");
    } finally {
      release.countDown();
    }
  }
}
