package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.CoderResult;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;

/** The llm coder on its own against the stub: cache, Retry-After, long notes, prompts, the egress guard, availability. */
class LlmCoderTest {
  @TempDir
  Path temp;

  private CodeTable table;
  private Path prices;

  @BeforeEach
  void setUp() throws Exception {
    table = CodeTables.userTable(CodeSystemId.ICD10CM, Synthetic.table(temp));
    prices = Synthetic.prices(temp);
  }

  private Map<String, String> parameters(ChatStub stub, String... more) {
    Map<String, String> p = new HashMap<>(LlmRunTest.parameters(stub, prices));
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    return p;
  }

  private CoderContext context(List<Admission> training, boolean credentialed, Function<String, Coder> peers) {
    return new CoderContext(table, training, temp, temp.resolve("cache"), 7, peers, credentialed);
  }

  private Coder create(Map<String, String> given, CoderContext context, Function<String, String> env) throws Exception {
    LlmCoderFactory factory = new LlmCoderFactory(env);
    return factory.create(context, CoderParameters.resolve(factory, given));
  }

  private Coder create(Map<String, String> given) throws Exception {
    return create(given, context(List.of(), false, id -> null), name -> null);
  }

  private static Admission admission(String id, String text) {
    return new Admission(id, id, List.of(new Note("note", text)), List.of(new GoldCode("I10", CodeSystemId.ICD10CM)), Map.of());
  }

  private static List<String> codes(CoderResult result) {
    return result.codes().stream().map(CodeSuggestion::code).toList();
  }

  @Test
  void closingTheCoderEndsItsHttpClientAndRefusesLaterCalls() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("{\"codes\": [\"I10\"]}"))) {
      java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
      Coder coder = create(parameters(stub, "cache", "false"));
      assertEquals(List.of("I10"), codes(coder.code(admission("A001", "Patient case A001, hypertension."))));
      List<Thread> selectors = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t) && t.getName().endsWith("-SelectorManager")).toList();
      assertEquals(1, selectors.size(), "the coder's client");

      coder.close(); // what the run does once every admission is coded

      selectors.get(0).join(5000);
      assertFalse(selectors.get(0).isAlive(), "a live selector thread holds the JVM's exit for 300 ms");
      Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
          () -> coder.code(admission("A002", "Patient case A002, hypertension.")));
      assertTrue(String.valueOf(refused.getMessage()).contains("closed"), String.valueOf(refused.getMessage()));
      assertEquals(1, stub.requests(), "a closed coder sends nothing");
    }
  }

  /** A usage without its receipts (random ids of the answers paid for). */
  static CoderResult.Usage paid(CoderResult.Usage usage) {
    return new CoderResult.Usage(usage.inputTokens(), usage.outputTokens(), usage.cost(), usage.calls(), usage.cached(),
        usage.reasoningTokens());
  }

  @Test
  void aRepeatedRequestIsAnsweredFromTheCacheAtNoCost() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("{\"codes\": [\"i10\", \"E11.9\"]}"))) {
      Admission a = admission("A001", "Patient case A001, hypertension.");
      CoderResult first = create(parameters(stub)).code(a);
      assertEquals(List.of("I10", "E119"), codes(first));
      assertEquals(new CoderResult.Usage(100, 20, 140 / 1e6, 1, false), paid(first.usage()));
      assertEquals(1, first.usage().receipts().size(), "the answer it paid for, named for a resumed run");
      CoderResult again = create(parameters(stub)).code(a); // a new coder: only the disk cache is shared
      assertEquals(1, stub.requests());
      assertEquals(codes(first), codes(again));
      assertEquals(new CoderResult.Usage(100, 20, 0, 0, true), again.usage());
      assertEquals(first.annotations(), again.annotations());

      create(parameters(stub, "cache", "false")).code(a);
      assertEquals(2, stub.requests());
      create(parameters(stub, "temperature", "0.7")).code(a); // another generation setting is another key
      assertEquals(3, stub.requests());
    }
  }

  @Test
  void anIdenticalPromptAlreadyOnItsWayIsWaitedForNotPaidTwice() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) ->
        ChatStub.answer("{\"codes\": [\"I10\"]}").delayed(400))) {
      Coder coder = create(parameters(stub, "maxInFlight", "4"));
      // two admissions with the same note: the same prompt, sent while the other is still out
      List<CoderResult> results = together(coder, admission("A001", "Patient case A001, hypertension."),
          admission("A002", "Patient case A001, hypertension."));
      assertEquals(1, stub.requests(), "one request for the two admissions");
      assertEquals(List.of("I10"), codes(results.get(0)));
      assertEquals(List.of("I10"), codes(results.get(1)));
      List<CoderResult.Usage> usages = results.stream().map(CoderResult::usage).map(LlmCoderTest::paid).toList();
      assertTrue(usages.contains(new CoderResult.Usage(100, 20, 140 / 1e6, 1, false)), usages.toString());
      assertTrue(usages.contains(new CoderResult.Usage(100, 20, 0, 0, true)), "the other one is free: " + usages);

      Coder uncached = create(parameters(stub, "maxInFlight", "4", "cache", "false"));
      together(uncached, admission("A003", "Patient case A003, hypertension."),
          admission("A004", "Patient case A003, hypertension."));
      assertEquals(3, stub.requests(), "without the cache every request is sent");
    }
  }

  @Test
  void whenTheRequestWaitedForFailsTheWaitingAdmissionSendsItsOwn() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> attempt == 1
        ? ChatStub.status(400, Map.of()).delayed(400) : ChatStub.answer("{\"codes\": [\"I10\"]}"))) {
      Coder coder = create(parameters(stub, "maxInFlight", "4", "failFast", "0"));
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        List<java.util.concurrent.Future<CoderResult>> running = List.of(
            pool.submit(() -> coder.code(admission("A001", "Patient case A001, hypertension."))),
            pool.submit(() -> coder.code(admission("A002", "Patient case A001, hypertension."))));
        List<String> outcomes = new ArrayList<>();
        for (var future : running) {
          try {
            outcomes.add(codes(future.get()).toString());
          } catch (java.util.concurrent.ExecutionException e) {
            outcomes.add(e.getCause() instanceof CoderException failure ? failure.kind() : String.valueOf(e.getCause()));
          }
        }
        // whichever sent first got the scripted 400; the other, waiting for it, then sent its own and was answered
        assertEquals(2, stub.requests(), outcomes.toString());
        assertTrue(outcomes.contains("[I10]") && outcomes.contains("http_4xx"), outcomes.toString());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Codes the admissions at the same time, one thread each; their results in the same order. */
  private static List<CoderResult> together(Coder coder, Admission... admissions) throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(admissions.length);
    try {
      List<java.util.concurrent.Future<CoderResult>> running = new ArrayList<>();
      for (Admission admission : admissions) {
        running.add(pool.submit(() -> coder.code(admission)));
      }
      List<CoderResult> results = new ArrayList<>();
      for (var future : running) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRateLimitWaitsForRetryAfterAndHalvesTheLimit() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> attempt == 1
        ? ChatStub.status(429, Map.of("retry-after-ms", "300")) : ChatStub.answer("[\"I10\"]"))) {
      LlmCoder coder = (LlmCoder) create(parameters(stub, "maxInFlight", "8", "backoff", "0.001"));
      long start = System.nanoTime();
      CoderResult result = coder.code(admission("A002", "Patient case A002."));
      long waited = (System.nanoTime() - start) / 1_000_000;
      assertEquals(List.of("I10"), codes(result));
      assertEquals(2, result.usage().calls());
      assertTrue(waited >= 300, "retried after " + waited + " ms, before the server's Retry-After");
      assertEquals(4, coder.limiter().limit());
      assertEquals(8, coder.concurrency());
    }
  }

  @Test
  void failuresThatRetriesCannotFixAreNotRetried() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.status(401, Map.of()))) {
      CoderException e = assertThrows(CoderException.class, () -> create(parameters(stub)).code(admission("A003", "case A003")));
      assertEquals("auth", e.kind());
      assertEquals(1, stub.requests());
      assertEquals(1, e.usage().calls());
    }
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> new ChatStub.Reply(429, Map.of(),
        "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\"}}", 0))) {
      CoderException e = assertThrows(CoderException.class, () -> create(parameters(stub)).code(admission("A004", "case A004")));
      assertEquals("quota", e.kind());
      assertEquals(1, stub.requests());
    }
  }

  @Test
  void theDeadlineBoundsAnAdmission() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.status(503, Map.of("Retry-After", "30")))) {
      CoderException e = assertThrows(CoderException.class,
          () -> create(parameters(stub, "deadline", "1", "maxRetries", "10")).code(admission("A005", "case A005")));
      assertEquals("server_error", e.kind());
      assertTrue(e.getMessage().contains("deadline"), e.getMessage());
      assertEquals(1, stub.requests()); // a 30 s Retry-After cannot fit into a 1 s deadline: give up at once
    }
  }

  @Test
  void longNotesAreSplitAndMergedOrTruncated() throws Exception {
    String note = "Patient case A006 alpha findings here.\n\n" + "filler words ".repeat(10) + "\n\nbeta findings there."
        + "\n\n" + "more filler ".repeat(10) + "\n\nalpha again.";
    ChatStub.Script script = (admission, attempt, prompt) -> {
      String chunk = prompt.substring(prompt.indexOf("Clinical note:"));
      List<String> codes = new ArrayList<>();
      if (chunk.contains("alpha")) {
        codes.add("\"I10\"");
      }
      if (chunk.contains("beta")) {
        codes.add("\"E11.9\"");
      }
      return ChatStub.answer("{\"codes\": [" + String.join(",", codes) + "]}");
    };
    try (ChatStub stub = new ChatStub(script)) {
      CoderResult split = create(parameters(stub, "contextTokens", "20", "longNotes", "split")).code(admission("A006", note));
      assertEquals(List.of("I10", "E119"), codes(split));
      int chunks = stub.requests();
      assertTrue(chunks >= 3, "chunks: " + chunks);
      assertEquals("split: " + chunks + " chunks of at most ~20 tokens", split.annotations().get("context"));
      assertEquals(chunks, split.usage().calls());
      assertEquals(chunks * 100L, split.usage().inputTokens());

      CoderResult truncated = create(parameters(stub, "contextTokens", "20", "cache", "false"))
          .code(admission("A006", note));
      assertEquals(List.of("I10"), codes(truncated));
      assertTrue(truncated.annotations().get("context").startsWith("truncated: kept "), truncated.annotations().toString());
      assertEquals(chunks + 1, stub.requests());
    }
  }

  @Test
  void fewShotExamplesAreSeededAndTwoStageShowsThePeersCandidates() throws Exception {
    List<Admission> training = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      training.add(new Admission("T" + i, "T" + i, List.of(new Note("note", "training note " + i)),
          List.of(new GoldCode(Synthetic.CODES.get(i % 5).replace(".", ""), CodeSystemId.ICD10CM)), Map.of()));
    }
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("[]"))) {
      CoderContext context = context(training, false, id -> null);
      CoderResult result = create(parameters(stub, "prompt", "few-shot", "examples", "2", "cache", "false"), context,
          name -> null).code(admission("A007", "Patient case A007."));
      assertTrue(result.codes().isEmpty());
      assertEquals("the model listed no code", result.annotations().get("empty_answer"));
      create(parameters(stub, "prompt", "few-shot", "examples", "2", "cache", "false"), context, name -> null)
          .code(admission("A007", "Patient case A007."));
      String prompt = stub.prompts().get(0);
      assertEquals(prompt, stub.prompts().get(1)); // the same seed draws the same examples
      assertTrue(prompt.contains("Example 2\nNote:\ntraining note "), prompt);
      assertFalse(prompt.contains("Example 3"), prompt);
      assertTrue(prompt.contains("ICD-10-CM"), prompt);

      Coder rules = admission -> new CoderResult(List.of(new CodeSuggestion("I10", 0.9), new CodeSuggestion("J189", 0.5),
          new CodeSuggestion("N39.0", 0.1)));
      CoderContext withPeer = context(List.of(), false, id -> {
        assertEquals("rules", id);
        return rules;
      });
      create(parameters(stub, "prompt", "two-stage", "candidates", "rules", "candidatesK", "2"), withPeer, name -> null)
          .code(admission("A008", "Patient case A008."));
      String twoStage = stub.prompts().get(2);
      assertTrue(twoStage.contains("- I10: Essential (primary) hypertension\n- J18.9: Pneumonia, unspecified organism\n"),
          twoStage);
      assertFalse(twoStage.contains("N39.0"), twoStage);

      MedcodeException missing = assertThrows(MedcodeException.class,
          () -> create(parameters(stub, "prompt", "two-stage"), withPeer, name -> null));
      assertTrue(missing.getMessage().contains("'candidates'"), missing.getMessage());
    }
  }

  @Test
  void credentialedDataGoesOnlyToAllowedEndpoints() throws Exception {
    Map<String, String> key = Map.of("OPENAI_API_KEY", "sk-test-not-a-real-key");
    Map<String, String> remote = new HashMap<>(Map.of("provider", "openai", "prices", prices.toString()));
    CoderContext mimic = context(List.of(), true, id -> null);
    MedcodeException refused = assertThrows(MedcodeException.class, () -> create(remote, mimic, key::get));
    assertTrue(refused.getMessage().contains("https://api.openai.com/v1 (host api.openai.com, port 443) is not on the allowed"
        + " endpoints (loopback)"),
        refused.getMessage());
    assertFalse(refused.getMessage().contains("sk-test"), refused.getMessage());
    create(remote, context(List.of(), false, id -> null), key::get); // public data may go there
    remote.put("allowedEndpoints", "loopback, api.openai.com");
    create(remote, mimic, key::get);
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("[\"I10\"]"))) {
      assertEquals(List.of("I10"), codes(create(parameters(stub), mimic, name -> null).code(admission("A009", "case A009"))));
    }
  }

  @Test
  void unavailableWithoutTheKeyItsProviderNeeds() {
    LlmCoderFactory noKeys = new LlmCoderFactory(name -> null);
    assertEquals(Optional.of("no API key in OPENAI_API_KEY (the default provider is openai; a local OpenAI-compatible"
        + " server needs none: provider openai-compatible, baseUrl http://127.0.0.1:8000/v1)"), noKeys.unavailableReason());
    assertEquals(Optional.of("no API key in ANTHROPIC_API_KEY"), noKeys.unavailableReason(Map.of("provider", "anthropic")));
    assertEquals(Optional.of("no API key in MY_KEY"), noKeys.unavailableReason(Map.of("apiKeyEnv", "MY_KEY")));
    assertEquals(Optional.empty(), noKeys.unavailableReason(Map.of("provider", "openai-compatible",
        "baseUrl", "http://gpu-box:8000/v1")));
    assertEquals(Optional.empty(), noKeys.unavailableReason(Map.of("baseUrl", "http://127.0.0.1:8000/v1")));
    assertEquals(Optional.empty(), noKeys.unavailableReason(Map.of("provider", "ollama")));
    assertEquals(Optional.empty(), new LlmCoderFactory(Map.of("MY_KEY", "x")::get).unavailableReason(Map.of("apiKeyEnv", "MY_KEY")));
    MedcodeException e = assertThrows(MedcodeException.class, () -> noKeys.create(context(List.of(), false, id -> null),
        CoderParameters.resolve(noKeys, Map.of("provider", "gemini"))));
    assertEquals("coder llm: no API key in GEMINI_API_KEY", e.getMessage());
  }

  @Test
  void keysGoOnlyWhereTheProviderExpectsThem() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("[\"I10\"]"))) {
      Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-openai-test", "AZURE_OPENAI_API_KEY", "azure-test");
      CoderContext context = context(List.of(), false, id -> null);
      create(parameters(stub, "provider", "openai", "cache", "false"), context, env::get).code(admission("A011", "case A011"));
      assertEquals(List.of("Bearer sk-openai-test"), stub.headers().get(0).get("Authorization"));
      create(parameters(stub, "provider", "azure-openai", "cache", "false"), context, env::get).code(admission("A011", "case A011"));
      assertEquals(List.of("azure-test"), stub.headers().get(1).get("Api-key"));
      assertEquals(null, stub.headers().get(1).get("Authorization"));
      create(parameters(stub, "cache", "false"), context, env::get).code(admission("A011", "case A011"));
      assertEquals(null, stub.headers().get(2).get("Authorization")); // openai-compatible names no key variable
    }
  }

  @Test
  void anthropicAndGeminiSpeakTheirOwnWireFormats() throws Exception {
    Map<String, String> keys = Map.of("ANTHROPIC_API_KEY", "anthropic-test", "GEMINI_API_KEY", "gemini-test");
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("[]"))) {
      for (String provider : List.of("anthropic", "gemini")) {
        Coder coder = create(Map.of("provider", provider, "model", "m", "baseUrl", stub.baseUrl(provider), "cache", "false",
            "prices", prices.toString()), context(List.of(), false, id -> null), keys::get);
        CoderResult result = coder.code(admission("A012", "case A012"));
        assertEquals(List.of("I10"), codes(result), provider);
        assertEquals(100, result.usage().inputTokens(), provider);
        assertEquals(20, result.usage().outputTokens(), provider);
      }
      assertEquals(List.of("anthropic-test"), stub.headers().get(0).get("X-api-key"));
      assertEquals(List.of("gemini-test"), stub.headers().get(1).get("X-goog-api-key"));
    }
  }

  @Test
  void aModelMissingFromThePriceTableRunsUnpriced() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("I10"))) {
      CoderResult result = create(parameters(stub, "model", "other-model")).code(admission("A010", "case A010"));
      assertEquals(0.0, result.usage().cost());
      assertEquals(100, result.usage().inputTokens());
      assertEquals("unpriced: other-model is not in the price table", result.annotations().get("cost"));
      assertNotEquals(null, result.annotations().get("raw_response_sha256"));
      assertEquals("I10", result.annotations().get("raw_response"));
    }
  }

  /**
   * A candidates coder asked for an admission (no answer of it logged, its log showing no usage, and no llm coder among
   * what it asks: e.g. a plug-in or http coder that reports what it paid) that paid and failed: the two-stage coder's
   * candidates_failed dropped what that failure paid, so it was counted on no line. The failure now carries its usage.
   * (An llm coder, or one asking an llm, is not asked at all: {@link PromptsTest}.)
   */
  @Test
  void aPaidCandidatesCodersFailureIsCountedOnTheTwoStageCodersFailedLine() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("[\"I10\"]"))) {
      CoderResult.Usage paid = new CoderResult.Usage(100, 20, 140e-6, 1, false);
      Coder candidates = admission -> {
        throw new CoderException("malformed_answer", "the service answered prose", null, paid);
      };
      CoderContext withPeer = context(List.of(), false, id -> candidates);
      Coder coder = create(parameters(stub, "cache", "false", "prompt", "two-stage", "candidates", "cand"), withPeer,
          name -> null);
      Admission a = admission("A014", "Patient case A014.");
      CoderException e = assertThrows(CoderException.class, () -> coder.code(a));
      assertEquals("candidates_failed", e.kind());
      assertEquals(0, stub.requests(), "the two-stage coder sends nothing without candidates");
      assertNotEquals(null, e.usage(), "what the candidates coder paid is on the failed line");
      assertEquals(1, e.usage().calls());
      assertEquals(140e-6, e.usage().cost(), 1e-12);
    }
  }

  @Test
  void aFailingCandidateCoderFailsItsAdmissionNotTheStartUp() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("[\"I10\"]"))) {
      Coder failing = admission -> {
        throw new CoderException("timeout", "the rules coder took too long");
      };
      CoderContext withPeer = context(List.of(), false, id -> failing);
      Coder coder = create(parameters(stub, "prompt", "two-stage", "candidates", "rules"), withPeer, name -> null);
      Admission a = admission("A013", "Patient case A013.");
      coder.open(List.of(a));
      CoderException e = assertThrows(CoderException.class, () -> coder.code(a));
      assertEquals("candidates_failed", e.kind());
      assertEquals(0, stub.requests());
    }
  }

  /**
   * A two-stage coder reads its candidates from what the candidates coder logged in the run folder (its canonical codes
   * in rank order) instead of asking it again: the prompt, so the cache key of every existing run, is the same as when
   * it asked (same codes, order and top K), and the candidates coder is asked only for an admission it has no answer for.
   */
  @Test
  void twoStageCandidatesFromTheLogShowTheSamePromptAsAskingAndAskNothing() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("[\"I10\"]"))) {
      List<CodeSuggestion> answer = List.of(new CodeSuggestion("J189", 0.9), new CodeSuggestion("I10", 0.5),
          new CodeSuggestion("N39.0", 0.4));
      java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
      Coder rules = admission -> {
        asked.incrementAndGet();
        return new CoderResult(answer);
      };
      CoderContext withPeer = context(List.of(), false, id -> rules);
      Map<String, String> twoStage = parameters(stub, "prompt", "two-stage", "candidates", "rules", "candidatesK", "2",
          "cache", "false");
      Admission a = admission("A021", "Patient case A021.");
      Admission b = admission("A022", "Patient case A022.");
      Coder asking = create(twoStage, withPeer, name -> null);
      asking.open(List.of(a));
      asking.code(a);
      assertEquals(1, asked.get());

      Coder reading = create(twoStage, withPeer, name -> null);
      CoderResult logged = new CoderResult(CodeSuggestion.canonical(answer, table.system()), null, Map.of());
      org.medcode.coder.CodingSession.Answered answered = (coder, admission) ->
          coder.equals("rules") && admission.equals("A021") ? Optional.of(logged) : Optional.empty();
      reading.open(List.of(a, b));
      reading.prepare(List.of(a, b), new org.medcode.coder.CodingSession(temp.resolve("run/final"),
          Double.POSITIVE_INFINITY, false, org.medcode.coder.CodingSession.Room.UNLIMITED, java.util.Set.of(), answered));
      reading.code(a);
      assertEquals(1, asked.get(), "the logged answer is read, not asked for again");
      assertEquals(stub.prompts().get(0), stub.prompts().get(1));
      assertTrue(stub.prompts().get(1).contains("- J18.9: Pneumonia, unspecified organism\n- I10: Essential (primary)"
          + " hypertension\n"), stub.prompts().get(1));
      reading.code(b);
      assertEquals(2, asked.get(), "an admission it has no logged answer for is asked");
      assertEquals(3, stub.requests());
    }
  }

  /**
   * Before: an ensemble under a budget asks a batch-mode member what preparing each admission commits before it prepares
   * it; a two-stage member then asked its candidates coder again for every admission (an llm or ensemble as candidates:
   * paid again, on no coder's lines), though the run folder logged that coder's answers.
   */
  @Test
  void aBatchTwoStageCoderCountsWhatItCommitsFromTheLoggedCandidates() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("[\"I10\"]"))) {
      List<CodeSuggestion> answer = List.of(new CodeSuggestion("J189", 0.9), new CodeSuggestion("I10", 0.5));
      java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
      Coder rules = admission -> {
        asked.incrementAndGet();
        return new CoderResult(answer);
      };
      Coder coder = create(parameters(stub, "provider", "openai", "mode", "batch", "prompt", "two-stage", "candidates",
          "rules", "candidatesK", "2"), context(List.of(), false, id -> rules), name -> null);
      CoderResult logged = new CoderResult(CodeSuggestion.canonical(answer, table.system()), null, Map.of());
      org.medcode.coder.CodingSession.Answered answered = (id, admission) ->
          id.equals("rules") ? Optional.of(logged) : Optional.empty();
      double[] committed = coder.commitments(List.of(admission("A031", "Patient case A031.")),
          new org.medcode.coder.CodingSession(temp.resolve("run/ensemble"), 1.0, false,
              org.medcode.coder.CodingSession.Room.UNLIMITED, java.util.Set.of(), answered));
      assertEquals(0, asked.get(), "the logged candidates are read, not asked for again");
      assertTrue(committed[0] > 0, "its request, not yet submitted, commits its worst case");
      assertEquals(0, stub.requests(), "nothing is sent to count it");
    }
  }
}
