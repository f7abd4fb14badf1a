package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.run.engine.DryRun;
import org.medcode.coder.RunListener;
import org.medcode.run.Medcode;
import org.medcode.run.RunRequest;
import org.medcode.run.engine.RunOutcome;
import org.medcode.run.workspace.Workspace;

/**
 * A budget that always holds: a model without a price is refused before the first request when the run has a budget,
 * and warned about (console and manifest) when it has none; admissions in flight together never spend past it; rpm/tpm
 * and rate-limit headers pace requests; OpenAI models get exact token counts.
 */
class LlmBudgetTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  private final List<String> warnings = new CopyOnWriteArrayList<>();

  private Medcode medcode() {
    return new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(),
        org.medcode.coder.Warnings.into(warnings)));
  }

  private Path config(ChatStub stub, int admissions, String... more) throws Exception {
    Map<String, String> p = new LinkedHashMap<>(LlmRunTest.parameters(stub, Synthetic.prices(temp)));
    p.put("cache", "false");
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    Path config = temp.resolve("budget-" + warnings.size() + "-" + more.length + ".yaml");
    Files.writeString(config, "name: llm-budget\n"
        + "dataset: { spec: \"jsonl:" + Synthetic.dataset(temp, admissions) + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
        + "coders: [ " + Synthetic.yaml(p) + " ]\n"
        + "metrics: { bootstrap: 0 }\n");
    return config;
  }

  /**
   * Adds to a config of the llm coder {@code cand} an ensemble {@code ens} of it and a two-stage llm coder {@code final}
   * taking its candidates from {@code ens}, with {@code cache: false} unless {@code cached}.
   */
  private void withATwoStageCoderOverAnEnsemble(Path config, ChatStub stub, boolean cached) throws Exception {
    Map<String, String> second = new LinkedHashMap<>(LlmRunTest.parameters(stub, Synthetic.prices(temp)));
    second.put("id", "final");
    if (!cached) {
      second.put("cache", "false");
    }
    second.put("prompt", "two-stage");
    second.put("candidates", "ens");
    Files.writeString(config, Files.readString(config).replace(" ]\nmetrics:", ", { name: ensemble, id: ens,"
        + " members: cand, mode: union }, " + Synthetic.yaml(second) + " ]\nmetrics:"));
  }

  @Test
  void aBudgetWithAModelWithoutPriceIsRefusedBeforeTheFirstRequest() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(stub, 20, "model", "my-gpt41-deployment");
      MedcodeException refused = assertThrows(MedcodeException.class,
          () -> medcode().run(new RunRequest(config, List.of("maxCost=0.01"), null, List.of(), temp.resolve("refused"))));
      assertEquals(2, refused.exitCode());
      String message = refused.getMessage();
      assertTrue(message.startsWith("coder llm refused to start: coder llm: model my-gpt41-deployment has no price (not in "
          + Synthetic.prices(temp) + " or the coder's 'price'), so the cost budget (maxCost 0.01) cannot be held. Give its"
          + " price in USD per million tokens, in the coder's config: price: {input: X, output: Y}, or as an entry of the"
          + " price file (" + Synthetic.prices(temp) + "): my-gpt41-deployment: { input: X, output: Y, checked: YYYY-MM-DD }"),
          message);
      assertTrue(message.endsWith("(nothing was sent, spent or written)"), message);
      assertEquals(0, stub.requests());
      assertFalse(Files.exists(temp.resolve("refused")));

      // a price in the coder's config is enough
      Path priced = config(stub, 20, "model", "my-gpt41-deployment", "price", "{input: 1, output: 2}");
      RunOutcome outcome = medcode().run(new RunRequest(priced, List.of("maxCost=1"), null, List.of(), temp.resolve("priced")));
      assertTrue(outcome.complete());
      JsonNode coder = JSON.readTree(temp.resolve("priced/manifest.json").toFile()).get("coders").get("llm");
      assertEquals(20 * 140 / 1e6, coder.get("usage").get("cost").asDouble(), 1e-12);
      assertTrue(coder.get("facts").get("price").asText().startsWith("1 / 2 USD per million input / output tokens (batch"
          + " 0.5 / 1), from the coder's config"), coder.toString());
    }
  }

  @Test
  void withoutABudgetAnUnpricedModelRunsWithAWarningAndAManifestField() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      medcode().run(new RunRequest(config(stub, 10, "model", "my-deployment"), List.of(), null, List.of(), temp.resolve("r")));
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).startsWith("coder llm: model my-deployment has no price"), warnings.get(0));
      assertTrue(warnings.get(0).contains("its cost is recorded as 0 and no cost budget can stop it"), warnings.get(0));
      JsonNode coder = JSON.readTree(temp.resolve("r/manifest.json").toFile()).get("coders").get("llm");
      assertTrue(coder.get("facts").get("price").asText().startsWith("unknown: coder llm: model my-deployment has no price"));
      assertEquals("online", coder.get("facts").get("mode").asText());
      assertEquals("estimate (4 characters per token)", coder.get("facts").get("prompt_tokens").asText());
    }
  }

  /**
   * {@code --retry-failed} on notes split into two chunks whose second answer is a failure: the first chunk's answer,
   * paid for and counted on the failed line, came back from the cache on the retry and was charged again (on the CLI:
   * 42.03 USD recorded for 39.63 billed). Every request the stub answered costs 140e-6 USD.
   */
  @Test
  void retryFailedChargesNoChunkWhoseFailedLineCountedItAlready() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> prompt.contains("Later part")
        ? ChatStub.answer("The patient has pneumonia.") : ChatStub.answer(Synthetic.goldJson(admission)))) {
      StringBuilder admissions = new StringBuilder();
      for (int n = 1; n <= 6; n++) {
        admissions.append(String.format(java.util.Locale.ROOT, "{\"id\":\"A%03d\",\"notes\":[{\"type\":\"note\","
            + "\"text\":\"Patient case A%03d was admitted.\\n\\nLater part %d: hypertension.\"}],\"codes\":[]}%n", n, n, n));
      }
      Path dataset = Files.writeString(temp.resolve("split.jsonl"), admissions);
      Map<String, String> p = new LinkedHashMap<>(LlmRunTest.parameters(stub, Synthetic.prices(temp)));
      p.put("contextTokens", "10"); // 40 characters: each note is sent in two chunks
      p.put("longNotes", "split");
      p.put("maxInFlight", "2");
      Path config = Files.writeString(temp.resolve("split.yaml"), "name: llm-split\n"
          + "dataset: { spec: \"jsonl:" + dataset + "\" }\n"
          + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
          + "coders: [ " + Synthetic.yaml(p) + " ]\n"
          + "metrics: { bootstrap: 0 }\n");
      Path run = temp.resolve("split");
      medcode().run(new RunRequest(config, List.of(), null, List.of(), run));
      assertEquals(12, stub.requests());
      medcode().resume(run, List.of(), true); // the second chunks are asked again (unparseable again), the first are cached
      assertEquals(18, stub.requests());
      JsonNode coder = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("llm");
      assertEquals(6, coder.get("failed").asInt());
      assertEquals(18 * 140e-6, coder.get("usage").get("cost").asDouble(), 1e-12, "what the stub billed, once");
      assertEquals(18, coder.get("usage").get("calls").asInt());
    }
  }

  /**
   * An ensemble asks its llm member for what the member's own run did not answer (here a server error), and pays for it
   * on its own lines; its members were never prepared with its session, so a paid answer named the member's folder (or
   * none) in the cache, and after a kill before the ensemble logged it, the resumed ensemble got it free: on the CLI,
   * 6.121 USD recorded for 7.127 billed.
   */
  @Test
  void anAnswerAnEnsemblePaidForItsMemberBeforeAKillIsChargedToTheResumedEnsemble() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> admission.equals("A001") && attempt == 1
        ? ChatStub.status(500, Map.of()) : ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(stub, 5, "cache", "true", "maxRetries", "0");
      Files.writeString(config, Files.readString(config).replace("coders: [ ",
          "coders: [ { name: ensemble, members: llm, mode: union }, "));
      Path run = temp.resolve("ensemble");
      medcode().run(new RunRequest(config, List.of("maxCost=1"), null, List.of(), run));
      assertEquals(6, stub.requests(), "the llm coder's five, and A001 again for the ensemble");
      Files.writeString(run.resolve("ensemble/predictions.jsonl"), ""); // as if killed before the ensemble logged any
      medcode().resume(run, List.of(), false);
      assertEquals(6, stub.requests());
      JsonNode coders = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders");
      assertEquals(4 * 140e-6, coders.get("llm").get("usage").get("cost").asDouble(), 1e-12);
      assertEquals(140e-6, coders.get("ensemble").get("usage").get("cost").asDouble(), 1e-12, "what it paid, once");
    }
  }

  /**
   * Two identical online members without a cache, asked by their ensemble for A001 (which both failed in their own runs):
   * after a kill before the ensemble logged A001, the resumed ensemble's members both charged the two attempts of the
   * killed session (one receipt each, both under A001's one request key) besides their own fresh answer, and the
   * ensemble added the two usages, as neither carried only receipts the other had: 6 calls and 4 worst cases recorded
   * for 4 requests. The members of a session now share what they charged, so each payment is charged once.
   */
  @Test
  void twoIdenticalMembersOfAnEnsembleChargeAKilledSessionsAttemptsOnce() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> admission.equals("A001") && attempt <= 2
        ? ChatStub.status(500, Map.of()) : ChatStub.answer(Synthetic.goldJson(admission)))) {
      Map<String, String> a = new LinkedHashMap<>(LlmRunTest.parameters(stub, Synthetic.prices(temp)));
      a.put("cache", "false");
      a.put("maxRetries", "0");
      a.put("id", "a");
      Map<String, String> b = new LinkedHashMap<>(a);
      b.put("id", "b");
      Path config = Files.writeString(temp.resolve("identical.yaml"), "name: llm-identical\n"
          + "dataset: { spec: \"jsonl:" + Synthetic.dataset(temp, 3) + "\" }\n"
          + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
          + "coders: [ " + Synthetic.yaml(a) + ", " + Synthetic.yaml(b) + ", { name: ensemble, members: \"a,b\","
          + " mode: union } ]\n"
          + "metrics: { bootstrap: 0 }\n");
      Path run = temp.resolve("identical");
      medcode().run(new RunRequest(config, List.of("maxCost=1"), null, List.of(), run));
      assertEquals(2 + 4 + 2, stub.requests(), "A001 an error for a and b, their four answers, A001 for the ensemble");
      Files.writeString(run.resolve("ensemble/predictions.jsonl"), ""); // as if killed before the ensemble logged any
      assertTrue(medcode().resume(run, List.of(), false).complete());
      assertEquals(8 + 2, stub.requests(), "A001 again for a and b");
      JsonNode ensemble = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("ensemble");
      assertEquals(4, ensemble.get("usage").get("calls").asInt(), "the ensemble's four requests, each once: " + ensemble);
      String worstCase = ensemble.path("facts").path("cost_worst_case").asText();
      assertTrue(worstCase.startsWith("2 requests the provider may have billed"), ensemble.toString());
      double worst = Double.parseDouble(worstCase.replaceAll(".*: ([0-9.]+) USD of the run's cost.*", "$1"));
      assertEquals(worst + 2 * 140e-6, ensemble.get("usage").get("cost").asDouble(), 1e-6, ensemble.toString());
    }
  }

  /**
   * Without a cache, an ensemble asked its online llm member again for every admission the member's own run had
   * answered: each request was sent and paid twice (4,000 requests for 2,000 admissions on the CLI), the second time on
   * the ensemble's lines. It now combines what its members answered in the run folder, and asks a member only for what
   * that member's run did not answer (here A001, a server error).
   */
  @Test
  void anEnsembleCombinesItsOnlineMembersLoggedAnswersInsteadOfPayingForThemAgain() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> admission.equals("A001") && attempt == 1
        ? ChatStub.status(500, Map.of()) : ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(stub, 5, "maxRetries", "0");
      Files.writeString(config, Files.readString(config).replace("coders: [ ",
          "coders: [ { name: ensemble, members: llm, mode: union }, "));
      Path run = temp.resolve("ensemble-uncached");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of("maxCost=1"), null, List.of(), run));
      assertEquals(6, stub.requests(), "the llm coder's five, and A001 again for the ensemble");
      JsonNode coders = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders");
      assertEquals(4 * 140e-6, coders.get("llm").get("usage").get("cost").asDouble(), 1e-12);
      assertEquals(140e-6, coders.get("ensemble").get("usage").get("cost").asDouble(), 1e-12, "A001 only");
      assertEquals(5, coders.get("ensemble").get("answered").asInt(), coders.toString());
      assertTrue(outcome.problems().stream().noneMatch(p -> p.startsWith("coder ensemble")), outcome.problems().toString());
      Map<String, List<String>> ensembleCodes = codesByAdmission(run.resolve("ensemble/predictions.jsonl"));
      Map<String, List<String>> memberCodes = codesByAdmission(run.resolve("llm/predictions.jsonl"));
      for (String id : List.of("A002", "A003", "A004", "A005")) {
        assertEquals(memberCodes.get(id), ensembleCodes.get(id), id);
      }
      assertFalse(ensembleCodes.get("A001").isEmpty(), ensembleCodes.toString());
    }
  }

  /**
   * A two-stage llm coder asked its candidates coder again for every admission (when opened, for each admission's
   * reservation under a budget and when coding it) instead of reading what that coder answered in the run folder. With
   * an ensemble of an uncached llm member as candidates, the ensemble asked its member again for A001, which the member
   * had failed in its own run: each ask was a request paid and counted in no coder's cost (13 requests, 11 counted). It
   * now reads the candidates coder's logged answers, and asks that coder only for admissions it has no answer for.
   */
  @Test
  void aTwoStageCoderTakesItsCandidatesFromTheRunsLoggedAnswersInsteadOfPayingForThemAgain() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> admission.equals("A001") && attempt == 1
        ? ChatStub.status(500, Map.of()) : ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(stub, 5, "id", "cand", "maxRetries", "0");
      withATwoStageCoderOverAnEnsemble(config, stub, false);
      Path run = temp.resolve("two-stage-uncached");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of("maxCost=1"), null, List.of(), run));
      assertTrue(outcome.complete(), outcome.problems().toString());
      assertEquals(11, stub.requests(), "cand's five, A001 again for the ensemble, and the two-stage coder's five");
      JsonNode coders = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders");
      double counted = 0;
      for (String id : List.of("cand", "ens", "final")) {
        counted += coders.get(id).get("usage").get("cost").asDouble();
      }
      assertEquals((stub.requests() - 1) * 140e-6, counted, 1e-12, "every answer (not the server error) is counted: "
          + coders);
      List<String> shown = stub.prompts().stream().filter(p -> p.contains("Candidates:")).toList();
      assertEquals(5, shown.size(), shown.toString());
      Map<String, List<String>> ensemble = codesByAdmission(run.resolve("ens/predictions.jsonl"));
      for (String prompt : shown) {
        String admission = prompt.replaceAll("(?s).*case (A\\d+).*", "$1");
        String listed = prompt.substring(prompt.indexOf("Candidates:"), prompt.indexOf("Answer with"));
        assertEquals(ensemble.get(admission).size(), listed.split("\n- ", -1).length - 1, admission + ": " + listed);
      }
    }
  }

  /**
   * A two-stage llm coder asked its candidates coder again for an admission that coder has no answer for in the run
   * folder (it failed there): with an ensemble of a paid llm member as candidates, the ensemble asked its member again
   * (for the reservation under the budget and again when coding), and the requests that answered were paid and counted
   * in no coder's cost. Such an admission is now the two-stage coder's failure (candidates_missing), nothing sent, and
   * --retry-failed codes it once the candidates coder has an answer (its retry counted on its own line).
   */
  @Test
  void aTwoStageCoderPaysNothingUncountedForAnAdmissionItsCandidatesCoderDidNotAnswer() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> admission.equals("A001") && attempt <= 2
        ? ChatStub.status(500, Map.of()) : ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(stub, 3, "id", "cand", "maxRetries", "0", "failFast", "0");
      withATwoStageCoderOverAnEnsemble(config, stub, false);
      Path run = temp.resolve("two-stage-unanswered");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of("maxCost=1"), null, List.of(), run));
      assertEquals((stub.requests() - 2) * 140e-6, counted(run), 1e-12, "every answer (not the two errors) is counted");
      assertEquals(3 + 1 + 2, stub.requests(), "cand's three (A001 an error), A001 again for the ensemble (an error),"
          + " and the two-stage coder's two");
      assertTrue(outcome.problems().stream().anyMatch(p -> p.contains("candidates_missing")), outcome.problems().toString());
      JsonNode entry = lastLine(run.resolve("final/predictions.jsonl"), "A001");
      assertEquals("candidates_missing", entry.path("failure").path("kind").asText(), entry.toString());
      assertTrue(entry.path("failure").path("message").asText().contains("--retry-failed"), entry.toString());
      medcode().resume(run, List.of(), true);
      assertEquals(6 + 2, stub.requests(), "A001 again for cand, then for the two-stage coder");
      assertEquals(6 * 140e-6, counted(run), 1e-12, "every answer is counted");
      assertEquals("ok", lastLine(run.resolve("final/predictions.jsonl"), "A001").path("status").asText());
    }
  }

  private static JsonNode lastLine(Path log, String admission) throws Exception {
    JsonNode last = null;
    for (String line : Files.readAllLines(log)) {
      JsonNode entry = JSON.readTree(line);
      last = entry.path("admission_id").asText().equals(admission) ? entry : last;
    }
    return java.util.Objects.requireNonNull(last, admission);
  }

  private static double counted(Path run) throws Exception {
    JsonNode coders = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders");
    double counted = 0;
    for (JsonNode coder : coders) {
      counted += coder.path("usage").path("cost").asDouble();
    }
    return counted;
  }

  /**
   * An ensemble pays on its own lines for what it asks its llm member (here A001, which timed out: counted at its worst
   * case, and A002, answered without token usage: estimated), but said nothing of it: the manifest's cost held those
   * estimates while the ensemble had no facts cost_worst_case and usage_estimated, in its first session nor after a
   * resume. It now states them as the llm coder does, every session's.
   */
  @Test
  void anEnsembleStatesTheEstimatesItsOwnCostHoldsInEverySession() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean(true);
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> {
      ChatStub.Reply reply = ChatStub.answer(Synthetic.goldJson(admission));
      if (admission.equals("A001") && failing.get()) { // the member's own run: an error; the ensemble's: a timeout
        return attempt == 1 ? ChatStub.status(500, Map.of()) : reply.delayed(1500);
      }
      if (admission.equals("A002") && attempt == 1) {
        return ChatStub.status(500, Map.of());
      }
      return admission.equals("A002") ? new ChatStub.Reply(reply.status(), reply.headers(),
          reply.body().replaceAll(",\"usage\":\\{[^}]*}", ""), 0) : reply;
    })) {
      Path config = config(stub, 3, "maxRetries", "0", "failFast", "0");
      Files.writeString(config, Files.readString(config).replace("coders: [ ",
          "coders: [ { name: ensemble, members: llm, mode: union }, "));
      Path run = temp.resolve("ensemble-facts");
      medcode().run(new RunRequest(config, List.of("maxCost=1"), null, List.of(), run));
      JsonNode first = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("ensemble");
      assertEquals(1, first.get("failed").asInt(), first.toString());
      String worstCase = first.path("facts").path("cost_worst_case").asText();
      assertTrue(worstCase.startsWith("1 request the provider may have billed"), first.toString());
      String estimated = first.path("facts").path("usage_estimated").asText();
      assertTrue(estimated.startsWith("1 answer came without token usage"), first.toString());
      failing.set(false);
      assertTrue(medcode().resume(run, List.of(), true).complete());
      JsonNode second = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("ensemble");
      assertEquals(0, second.get("failed").asInt(), second.toString());
      assertEquals(worstCase, second.path("facts").path("cost_worst_case").asText(), second.toString());
      assertEquals(estimated, second.path("facts").path("usage_estimated").asText(), second.toString());
    }
  }

  private static Map<String, List<String>> codesByAdmission(Path log) throws Exception {
    Map<String, List<String>> codes = new LinkedHashMap<>();
    for (String line : Files.readAllLines(log)) {
      JsonNode entry = JSON.readTree(line);
      List<String> listed = new java.util.ArrayList<>();
      entry.get("codes").forEach(code -> listed.add(code.get("code").asText()));
      codes.put(entry.get("admission_id").asText(), listed);
    }
    return codes;
  }

  @Test
  void requestsInFlightTogetherNeverSpendPastTheBudget() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) ->
        ChatStub.answer(Synthetic.goldJson(admission)).delayed(20))) {
      // each admission costs 140e-6 USD; its worst case (a full 1,024-token answer at 2 USD/M) about 2.1e-3
      Path config = config(stub, 200, "maxInFlight", "16");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of("maxCost=0.006"), null, List.of(), temp.resolve("b")));
      assertFalse(outcome.complete());
      JsonNode coder = JSON.readTree(temp.resolve("b/manifest.json").toFile()).get("coders").get("llm");
      assertTrue(coder.get("budget_reached").asBoolean());
      double cost = coder.get("usage").get("cost").asDouble();
      assertTrue(cost <= 0.006, "spent " + cost);
      assertTrue(cost >= 0.006 - 0.0025, "stopped early: " + cost); // within one worst case of the budget
    }
  }

  @Test
  void attemptsThatTimedOutCountAtTheirWorstCaseAndARetryIsSentOnlyWhenTheBudgetCoversIt() throws Exception {
    // the stub completes every request (and would bill it) with answers near their worst case, 1,000 of the 1,024
    // answer tokens: about 2.1e-3 USD each; the first two attempts of each admission come after the 1 s timeout
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> {
      ChatStub.Reply reply = ChatStub.answer(Synthetic.goldJson(admission));
      reply = new ChatStub.Reply(reply.status(), reply.headers(), reply.body().replace(
          "\"completion_tokens\":20", "\"completion_tokens\":1000"), 0);
      return attempt <= 2 ? reply.delayed(1500) : reply;
    })) {
      double billedEach = (100 * 1.0 + 1000 * 2.0) / 1e6;
      Path config = config(stub, 2, "maxInFlight", "1", "maxRetries", "5");
      Path run = temp.resolve("timeouts");
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of("maxCost=0.005"), null, List.of(), run));
      assertTrue(stub.requests() * billedEach <= 0.005, "the stub completed " + stub.requests() + " requests: "
          + stub.requests() * billedEach + " USD over maxCost 0.005");
      assertFalse(outcome.complete());
      JsonNode coder = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("llm");
      assertTrue(coder.get("budget_reached").asBoolean());
      assertEquals(1, coder.get("failures_by_kind").get("budget_reached").asInt(), coder.toString());
      double cost = coder.get("usage").get("cost").asDouble();
      assertTrue(cost >= stub.requests() * billedEach && cost <= 0.005, "recorded " + cost + " for " + stub.requests());
      assertTrue(coder.get("facts").get("cost_worst_case").asText().startsWith("2 requests the provider may have billed"),
          coder.toString());
      assertTrue(outcome.problems().stream().anyMatch(p -> p.contains("1 failed as budget_reached")
          && p.contains("--retry-failed --max-cost N")), outcome.problems().toString());
      RunOutcome retried = medcode().resume(run, List.of("maxCost=1"), true);
      assertTrue(retried.complete(), retried.problems().toString());
    }
  }

  /**
   * The facts cost_worst_case and usage_estimated described only the latest session: after a resume that coded the
   * failed admission again, the manifest's cost still held the worst case of the attempt that timed out in the first
   * session (and the estimated tokens of the answer without usage), but no fact said so any more. They now count every
   * session's estimates that the run's cost holds.
   */
  @Test
  void worstCasesAndEstimatedUsageOfEarlierSessionsStayInTheFactsAfterAResume() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean garbage = new java.util.concurrent.atomic.AtomicBoolean(true);
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> {
      ChatStub.Reply reply = ChatStub.answer(admission.equals("A002") && garbage.get() ? "I cannot tell."
          : Synthetic.goldJson(admission));
      if (admission.equals("A000")) {
        reply = new ChatStub.Reply(reply.status(), reply.headers(), reply.body().replaceAll(",\"usage\":\\{[^}]*}", ""),
            0);
      }
      return admission.equals("A001") && attempt == 1 ? reply.delayed(1500) : reply;
    })) {
      Path run = temp.resolve("facts-resumed");
      medcode().run(new RunRequest(config(stub, 3, "maxInFlight", "1", "failFast", "0"), List.of("maxCost=1"), null,
          List.of(), run));
      JsonNode first = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("llm");
      assertEquals(1, first.get("failed").asInt(), first.toString());
      String worstCase = first.get("facts").get("cost_worst_case").asText();
      assertTrue(worstCase.startsWith("1 request the provider may have billed"), worstCase);
      assertTrue(first.get("facts").path("usage_estimated").asText().startsWith("1 answer came without token usage"),
          first.toString());
      garbage.set(false);
      assertTrue(medcode().resume(run, List.of(), true).complete());
      JsonNode second = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("llm");
      assertEquals(0, second.get("failed").asInt(), second.toString());
      assertTrue(second.get("usage").get("cost").asDouble() > first.get("usage").get("cost").asDouble(), second.toString());
      assertEquals(worstCase, second.get("facts").path("cost_worst_case").asText(), "the first session's worst case is"
          + " still in the cost: " + second);
      assertTrue(second.get("facts").path("usage_estimated").asText().startsWith("1 answer came without token usage"),
          second.toString());
    }
  }

  /**
   * An attempt that timed out counts at its worst case (the provider may have billed it); a kill after it and before
   * the admission's line was written lost that from the run folder, so the resumed run recorded (and held against
   * maxCost) only the answer the cache kept: the worst case is kept durably before the retry and charged once.
   */
  @Test
  void anAttemptThatTimedOutBeforeAKillIsChargedOnceToTheResumedRun() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> {
      ChatStub.Reply reply = ChatStub.answer(Synthetic.goldJson(admission));
      return admission.equals("A001") && attempt == 1 ? reply.delayed(1500) : reply;
    })) {
      Path config = config(stub, 2, "cache", "true", "maxInFlight", "1");
      Path run = temp.resolve("killed");
      medcode().run(new RunRequest(config, List.of("maxCost=1"), null, List.of(), run));
      int sent = stub.requests();
      double billed = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("llm").get("usage")
          .get("cost").asDouble();
      assertTrue(billed > 2 * 140e-6 + 2e-3, "two answers and the worst case of the attempt that timed out: " + billed);
      // the console said that it 'came back without an answer that can be read': nothing came back, it timed out
      List<String> said = warnings.stream().filter(w -> w.startsWith("llm: a request the provider may have billed")).toList();
      assertEquals(1, said.size(), warnings.toString());
      assertFalse(said.get(0).contains("came back"), said.get(0));
      assertTrue(said.get(0).contains("an attempt whose outcome is unknown: it timed out or its connection broke after it"
          + " was sent, or it was in flight when an earlier session was killed"), said.get(0));
      // as if killed after A001's attempts and before its line was written
      Path log = run.resolve("llm/predictions.jsonl");
      Files.write(log, Files.readAllLines(log).stream().filter(line -> !line.contains("\"A001\"")).toList());
      medcode().resume(run, List.of(), false);
      assertEquals(sent, stub.requests(), "A001's answer comes from the cache");
      JsonNode coder = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("llm");
      assertEquals(billed, coder.get("usage").get("cost").asDouble(), 1e-12, "what the killed session spent, once");
      assertFalse(coder.get("facts").get("cost_worst_case").asText().contains("came back"), coder.toString());
      medcode().resume(run, List.of(), true); // nothing failed: nothing is coded or charged again
      assertEquals(billed, JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("llm").get("usage")
          .get("cost").asDouble(), 1e-12);
    }
  }

  @Test
  void anEnsembleWithAnLlmMemberHoldsTheBudgetAndRefusesToStackOnPaidAnswers() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) ->
        ChatStub.answer(Synthetic.goldJson(admission)).delayed(20))) {
      Path config = config(stub, 200, "maxInFlight", "16");
      Files.writeString(config, Files.readString(config).replace("\nmetrics:",
          "\n  - { name: ensemble, members: llm, mode: vote }\nmetrics:").replace("coders: [ ", "coders:\n  - ")
          .replace(" ]\n  - { name: ensemble", "\n  - { name: ensemble"));
      // after its member's own coding stops at the budget, the ensemble's does too: each admission reserves what its
      // member may cost
      RunOutcome outcome = medcode().run(new RunRequest(config, List.of("maxCost=0.006"), null, List.of(),
          temp.resolve("ensemble")));
      assertFalse(outcome.complete());
      JsonNode coder = JSON.readTree(temp.resolve("ensemble/manifest.json").toFile()).get("coders").get("ensemble");
      assertTrue(coder.get("budget_reached").asBoolean());
      double cost = coder.get("usage").get("cost").asDouble();
      assertTrue(cost > 0 && cost <= 0.006, "spent " + cost); // without the members' worst case: about 16 x more
      Path stacked = temp.resolve("stacked.yaml");
      Files.writeString(stacked, Files.readString(config).replace("mode: vote", "mode: stacked, folds: 2")
          + "training: { spec: \"jsonl:" + Synthetic.dataset(Files.createDirectories(temp.resolve("train")), 20) + "\","
          + " allowOverlap: true }\n");
      MedcodeException refused = assertThrows(MedcodeException.class, () -> medcode().run(new RunRequest(stacked,
          List.of(), null, List.of(), temp.resolve("stacked"))));
      assertTrue(refused.getMessage().startsWith("coder ensemble: mode stacked would send member llm the 20 training"
          + " admissions while the ensemble is created"), refused.getMessage());
    }
  }

  @Test
  void anUnpricedLlmMemberCrossFittedInSampleSaysWhatItSentOutsideTheRecords() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(stub, 10, "model", "my-deployment");
      Files.writeString(config, Files.readString(config).replace(" ]\nmetrics:",
          ", { name: ensemble, members: llm, mode: stacked, folds: 2 } ]\nmetrics:")
          + "training: { spec: \"jsonl:" + Synthetic.dataset(Files.createDirectories(temp.resolve("train")), 12) + "\","
          + " allowOverlap: true }\n");
      medcode().run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("unpriced-stacked")));
      assertTrue(warnings.stream().anyMatch(w -> w.startsWith("ensemble: member llm sent 12 requests")
          && w.endsWith("they are in no coder's recorded usage or cost, and no budget held them")), warnings.toString());
    }
  }

  @Test
  void candidatesFromAnotherLlmCoderAreRefusedAndTheDryRunSendsNothing() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(stub, 10, "id", "cand");
      Map<String, String> second = new LinkedHashMap<>(LlmRunTest.parameters(stub, Synthetic.prices(temp)));
      second.put("id", "final");
      second.put("prompt", "two-stage");
      second.put("candidates", "cand");
      Files.writeString(config, Files.readString(config).replace(" ]\nmetrics:", ", " + Synthetic.yaml(second)
          + " ]\nmetrics:"));
      DryRun dry = medcode().dryRun(new RunRequest(config, List.of(), null, List.of(), null));
      assertTrue(dry.refused());
      assertTrue(dry.coders().get(1).refusal().startsWith("coder llm: its candidates would come from the llm coder"
          + " 'cand'"), dry.coders().get(1).refusal());
      assertEquals(0, stub.requests(), "a dry run sends nothing");
      assertThrows(MedcodeException.class, () -> medcode().run(new RunRequest(config, List.of(), null, List.of(),
          temp.resolve("two-llms"))));
      assertEquals(0, stub.requests(), "refused before the first request");
    }
  }

  /**
   * A dry run of a two-stage llm coder whose candidates come from an ensemble of an llm member rendered its prompts
   * with the ensemble's candidates, which asked the member: the dry run sent (and the provider billed) a request per
   * admission. It now sends nothing.
   */
  @Test
  void theDryRunOfATwoStageCoderWithAnEnsembleOfAnLlmAsCandidatesSendsNothing() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(stub, 4, "id", "cand");
      withATwoStageCoderOverAnEnsemble(config, stub, true);
      DryRun dry = medcode().dryRun(new RunRequest(config, List.of(), null, List.of(), null));
      assertEquals(0, stub.requests(), "a dry run sends nothing");
      assertEquals(List.of("prompts counted without the candidates of the coder 'ens', which asks an llm coder (a dry"
          + " run does not send its requests)"), dry.coders().get(2).estimate().notes());
    }
  }

  /** A --retry-failed that the budget stops before it codes the failed admissions again is not reported as done. */
  @Test
  void aRetryOfFailedAdmissionsStoppedByTheBudgetSaysSoAndHowToContinue() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean garbage = new java.util.concurrent.atomic.AtomicBoolean(true);
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(
        garbage.get() && admission.endsWith("2") ? "I cannot tell." : Synthetic.goldJson(admission)))) {
      Path run = temp.resolve("retry");
      RunOutcome first = medcode().run(new RunRequest(config(stub, 20, "failFast", "0"), List.of(), null, List.of(), run));
      JsonNode coder = JSON.readTree(run.resolve("manifest.json").toFile()).get("coders").get("llm");
      int failed = coder.get("failed").asInt();
      assertTrue(failed > 0, coder.toString());
      double spent = coder.get("usage").get("cost").asDouble();
      garbage.set(false);
      RunOutcome retried = medcode().resume(run, List.of("maxCost=" + spent), true);
      assertFalse(retried.complete(), "none of the failed admissions was coded again");
      assertTrue(retried.problems().stream().anyMatch(p -> p.contains("reached the cost budget (maxCost " + spent
          + ") with " + failed + " failed admissions not coded again") && p.endsWith("./medcode run --resume " + run
          + " --retry-failed --max-cost N")), retried.problems().toString());
      assertTrue(first.complete());
    }
  }

  /**
   * A limit lower than the in-flight admissions can keep to within their deadline (here 30 admissions at once, 600 rpm
   * with a second of burst, a 1 s deadline: the last request may start only after about 2 s) slows the run down; it
   * used to fail every admission that waited past its deadline as a timeout, within seconds.
   */
  @Test
  void waitingForTheRateLimitDoesNotCountAgainstTheDeadline() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      long start = System.nanoTime();
      var outcome = medcode().run(new RunRequest(config(stub, 30, "rpm", "600", "deadline", "1", "maxInFlight", "30"),
          List.of(), null, List.of(), temp.resolve("paced")));
      assertTrue(outcome.complete(), outcome.problems().toString());
      JsonNode coder = JSON.readTree(temp.resolve("paced/manifest.json").toFile()).get("coders").get("llm");
      assertEquals(30, coder.get("answered").asInt(), coder.toString());
      assertEquals(0, coder.get("failed").asInt(), coder.toString());
      assertEquals(30, stub.requests());
      assertTrue(System.nanoTime() - start >= 1_500_000_000L, "paced: 30 requests at 10 a second after a burst of 10");

      MedcodeException tooLow = assertThrows(MedcodeException.class, () -> medcode().run(new RunRequest(
          config(stub, 3, "tpm", "1000", "maxTokens", "1024"), List.of(), null, List.of(), temp.resolve("tpm"))));
      assertTrue(tooLow.getMessage().contains("parameter 'tpm' (1000 tokens per minute) leaves no room for one request"),
          tooLow.getMessage());
      assertEquals(30, stub.requests(), "refused before sending");
    }
  }

  @Test
  void requestsArePacedToRpmAndToTheRateLimitHeaders() throws Exception {
    Pacer pacer = new Pacer(600, 0); // 10 a second, with a second of burst
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertTrue(pacer.acquire(1) >= 0);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds >= 0.85 && seconds < 5, "20 requests at 600 rpm took " + seconds + " s");

    Pacer headers = new Pacer(0, 0);
    headers.observe(HttpHeaders.of(Map.of("x-ratelimit-remaining-requests", List.of("0"), "x-ratelimit-reset-requests",
        List.of("300ms")), (a, b) -> true));
    long paused = System.nanoTime();
    long waited = headers.acquire(1);
    assertTrue(System.nanoTime() - paused >= 250_000_000L, "did not wait for the reset");
    assertTrue(waited >= 200_000_000L && waited <= System.nanoTime() - paused, "says how long it waited: " + waited);
    Pacer anthropic = new Pacer(0, 0);
    anthropic.observe(HttpHeaders.of(Map.of("anthropic-ratelimit-tokens-remaining", List.of("0"),
        "anthropic-ratelimit-tokens-reset", List.of(OffsetDateTime.now().plusSeconds(1).toString())), (a, b) -> true));
    long before = System.nanoTime();
    anthropic.acquire(1);
    assertTrue(System.nanoTime() - before >= 500_000_000L, "waits for Anthropic's reset time too");

    assertEquals(Duration.ofSeconds(360), Pacer.resetIn("6m0s"));
    assertEquals(Duration.ofMillis(1500), Pacer.resetIn("1.5s"));
    assertEquals(Duration.ofMillis(20), Pacer.resetIn("20ms"));
  }

  /**
   * A used-up limit pauses requests until its reset however far it is (at most 24 hours, as a Retry-After): a reset of
   * 90 s was cut to one minute, so the requests sent then met 429s and an admission failed as rate_limited (a local
   * server stating x-ratelimit-reset-requests: 90s and answering 429 until then). A reset no clock can hold (year 9999,
   * a Go duration of 10^17 hours) is cut to 24 hours, not an overflow.
   */
  @Test
  void aRateLimitPausesUntilItsResetNotAMinute() {
    java.util.function.BiFunction<String, String, Duration> pausedBy = (header, reset) -> {
      Pacer pacer = new Pacer(0, 0);
      pacer.observe(HttpHeaders.of(Map.of(header + "-remaining" + (header.startsWith("x-") ? "-requests" : ""),
          List.of("0"), header.startsWith("x-") ? "x-ratelimit-reset-requests" : header + "-reset", List.of(reset)),
          (a, b) -> true));
      return pacer.paused();
    };
    Duration sixMinutes = pausedBy.apply("x-ratelimit", "6m0s");
    assertTrue(sixMinutes.compareTo(Duration.ofSeconds(355)) > 0 && sixMinutes.compareTo(Duration.ofSeconds(360)) <= 0,
        sixMinutes.toString());
    Duration anthropic = pausedBy.apply("anthropic-ratelimit-requests", OffsetDateTime.now().plusMinutes(10).toString());
    assertTrue(anthropic.compareTo(Duration.ofMinutes(9)) > 0, anthropic.toString());
    for (String far : List.of("9999-12-31T00:00:00Z", "100000000000000000h")) {
      Duration paused = pausedBy.apply(far.endsWith("h") ? "x-ratelimit" : "anthropic-ratelimit-requests", far);
      assertTrue(paused.compareTo(Duration.ofHours(23)) > 0 && paused.compareTo(Duration.ofHours(24)) <= 0,
          paused.toString());
    }
  }

  /**
   * A long pause is said when it starts, once: a run that waits for a reset (up to 24 hours) said nothing and looked
   * hung. A short one (a few seconds, the usual per-minute limits) is not.
   */
  @Test
  void aLongRateLimitPauseIsSaidOnceWhenItStarts() {
    List<String> notices = new ArrayList<>();
    Pacer pacer = new Pacer(0, 0, notices::add);
    HttpHeaders sixMinutes = HttpHeaders.of(Map.of("x-ratelimit-remaining-requests", List.of("0"),
        "x-ratelimit-reset-requests", List.of("6m0s")), (a, b) -> true);
    pacer.observe(HttpHeaders.of(Map.of("x-ratelimit-remaining-requests", List.of("0"), "x-ratelimit-reset-requests",
        List.of("5s")), (a, b) -> true));
    assertEquals(List.of(), notices);
    pacer.observe(sixMinutes);
    pacer.observe(sixMinutes); // the answers in flight say the same: no second notice
    assertEquals(1, notices.size(), notices.toString());
    assertTrue(notices.get(0).contains("x-ratelimit-remaining-requests: 0, x-ratelimit-reset-requests: 6m0s"),
        notices.get(0));
    assertTrue(notices.get(0).contains("no request starts for 0 h 5 min 59 s") || notices.get(0).contains("0 h 6 min 0 s"),
        notices.get(0));
  }

  @Test
  void openAiModelsGetExactTokenCountsAndOthersALabelledEstimate() {
    TokenCounter gpt41 = TokenCounter.of(Provider.OPENAI, "gpt-4.1-2025-04-14", "auto");
    assertEquals("exact (o200k_base)", gpt41.label());
    // "Hello world" is 2 tokens; a user message adds 3 + 1 ("user"), the reply priming 3
    assertEquals(9, gpt41.count("", "Hello world"));
    assertEquals(9 + 3 + 1 + 2, gpt41.count("Hello world", "Hello world"));
    assertEquals(gpt41.count("", "Hello world"), gpt41.upperBound("", "Hello world"));
    assertEquals("exact (cl100k_base)", TokenCounter.of(Provider.OPENAI, "gpt-4-turbo", "auto").label());
    TokenCounter deployment = TokenCounter.of(Provider.AZURE_OPENAI, "my-deployment", "auto");
    assertEquals("estimate (4 characters per token)", deployment.label());
    assertEquals(3, deployment.count("", "Hello world"));
    assertTrue(deployment.upperBound("", "Hello world") >= 6);
    // Latin text (Spanish accents included) as before: one token per 2 characters; other scripts one per UTF-8 byte,
    // which byte-level tokenizers may spend (300 characters of Chinese were bounded at 166 tokens, a third of that)
    assertEquals((11 + 1) / 2 + 16, deployment.upperBound("", "Hello world"));
    assertEquals((13 + 1) / 2 + 16, deployment.upperBound("", "diabetes tipo"));
    assertEquals((6 + 1) / 2 + 16, deployment.upperBound("", "añadió"));
    String chinese = "糖尿病".repeat(100);
    assertEquals(900 + 16, deployment.upperBound("", chinese));
    assertTrue(deployment.upperBound(chinese) >= 900);
    assertEquals(4 + 16, deployment.upperBound("", "😀")); // a surrogate pair: 4 bytes
    assertEquals("exact (o200k_base)", TokenCounter.of(Provider.AZURE_OPENAI, "my-deployment", "o200k_base").label());
    assertThrows(MedcodeException.class, () -> TokenCounter.of(Provider.OPENAI, "gpt-4.1", "bpe"));
  }
}
