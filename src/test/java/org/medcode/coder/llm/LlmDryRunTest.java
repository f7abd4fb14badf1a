package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.cli.MedcodeCommand;
import org.medcode.coder.Estimate;
import org.medcode.coder.RunListener;
import org.medcode.run.Medcode;
import org.medcode.run.RunRequest;
import org.medcode.run.engine.DryRun;
import org.medcode.run.workspace.Workspace;
import picocli.CommandLine;

/**
 * {@code run --dry-run}: every prompt built and counted, cached requests told apart from those to send, answers
 * estimated from the cache, cost online and in batch mode, the egress decision; nothing sent or written; exit 2 when
 * the run would be refused.
 */
class LlmDryRunTest {
  @TempDir
  Path temp;

  private Path config(Path folder, ChatStub stub, int admissions, String... more) throws Exception {
    Files.createDirectories(folder);
    Map<String, String> p = new LinkedHashMap<>(LlmRunTest.parameters(stub, Synthetic.prices(temp)));
    p.put("tokenizer", "o200k_base");
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    Path config = folder.resolve("dry.yaml");
    Files.writeString(config, "name: llm-dry\n"
        + "dataset: { spec: \"jsonl:" + Synthetic.dataset(folder, admissions) + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
        + "coders: [ " + Synthetic.yaml(p) + ", { name: frequency, k: 3 } ]\n"
        // the synthetic training cases are the first ten evaluated ones: accepted explicitly (issue 16 refuses it otherwise)
        + "training: { spec: \"jsonl:" + Synthetic.dataset(temp.resolve("train"), 10) + "\", allowOverlap: true }\n"
        + "metrics: { bootstrap: 0 }\n");
    return config;
  }

  @Test
  void aDryRunCountsEveryPromptSendsNothingAndPricesOnlineAndBatch() throws Exception {
    Files.createDirectories(temp.resolve("train"));
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
          Clock.systemUTC(), RunListener.SILENT));
      medcode.run(new RunRequest(config(temp.resolve("eight"), stub, 8), List.of(), null, List.of(), temp.resolve("filled")));
      int sent = stub.requests();
      assertEquals(8, sent);

      Path config = config(temp.resolve("twenty"), stub, 20);
      DryRun plan = medcode.dryRun(new RunRequest(config, List.of(), null, List.of(), null));
      assertEquals(sent, stub.requests(), "a dry run sends nothing");
      assertFalse(plan.refused());
      Estimate e = plan.coders().get(0).estimate();
      assertEquals(20, e.admissions());
      assertEquals(20, e.requests());
      assertEquals(8, e.cachedRequests());
      assertEquals("exact (o200k_base)", e.tokenCounting());
      assertTrue(e.inputTokens() > 12 * 50 && e.inputTokens() < 12 * 2000, "input tokens " + e.inputTokens());
      assertEquals(12 * 20, e.outputTokens()); // the mean of the 8 cached answers: 20 tokens each
      assertTrue(e.outputBasis().startsWith("the mean of 8 cached answers of this configuration: 20 per request"));
      assertEquals((e.inputTokens() * 1.0 + 240 * 2.0) / 1e6, e.costOnline(), 1e-12);
      assertEquals(e.costOnline() / 2, e.costBatch(), 1e-12);
      assertTrue(e.egress().startsWith("allowed: " + stub.baseUrl()), e.egress());
      assertEquals(null, plan.coders().get(1).estimate()); // frequency sends nothing

      StringWriter out = new StringWriter();
      CommandLine cli = MedcodeCommand.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(new StringWriter()));
      int exit = cli.execute("run", config.toString(), "--dry-run", "--data-dir", temp.resolve("data").toString(), "--no-pull",
          "--results-dir", temp.resolve("results").toString(), "--cache-dir", temp.resolve("data/.cache").toString());
      assertEquals(0, exit, out.toString());
      String text = out.toString();
      assertTrue(text.contains("  requests       20: 8 answered from the cache, 12 to send\n"), text);
      assertTrue(text.contains("coder frequency (frequency): no cost to estimate\n  egress         local (admissions stay in this process)"), text);
      assertTrue(text.contains("verdict      the run may start"), text);
      assertFalse(Files.exists(temp.resolve("results")), "a dry run writes no run folder");

      // a budget below the estimate: the dry run says where the run would stop
      StringWriter over = new StringWriter();
      cli = MedcodeCommand.commandLine();
      cli.setOut(new PrintWriter(over));
      cli.setErr(new PrintWriter(new StringWriter()));
      exit = cli.execute("run", config.toString(), "--dry-run", "--max-cost", String.valueOf(e.costOnline() / 3.9),
          "--data-dir", temp.resolve("data").toString(), "--no-pull", "--cache-dir", temp.resolve("data/.cache").toString());
      assertEquals(0, exit, over.toString());
      assertTrue(over.toString().contains("  budget         OVER: maxCost " + java.math.BigDecimal.valueOf(e.costOnline() / 3.9)
          .stripTrailingZeros().toPlainString() + " is below the estimated ~"), over.toString());
      assertTrue(over.toString().contains("the run would stop after about 11 of 20 admissions (incomplete, exit 3)"),
          over.toString());
      assertTrue(over.toString().contains("verdict      the run may start, but would stop at its budget before coding"
          + " every admission (exit 3)"), over.toString());

      // with a budget and a model without a price, the run would be refused: exit 2, and why
      StringWriter refused = new StringWriter();
      cli = MedcodeCommand.commandLine();
      cli.setOut(new PrintWriter(refused));
      exit = cli.execute("run", config(temp.resolve("unpriced"), stub, 5, "model", "my-deployment").toString(), "--dry-run",
          "--max-cost", "5", "--data-dir", temp.resolve("data").toString(), "--no-pull");
      assertEquals(2, exit, refused.toString());
      assertTrue(refused.toString().contains("  REFUSED        coder llm: model my-deployment has no price"), refused.toString());
      assertTrue(refused.toString().contains("  cost           unknown: no price"), refused.toString());
      assertEquals(sent, stub.requests());

      // without its API key the coder would not be measured: the verdict says so (it said "the run may start")
      StringWriter keyless = new StringWriter();
      cli = MedcodeCommand.commandLine();
      cli.setOut(new PrintWriter(keyless));
      exit = cli.execute("run", config(temp.resolve("keyless"), stub, 5, "provider", "openai", "baseUrl",
          "https://192.0.2.1/v1", "apiKeyEnv", "MEDCODE_TEST_NO_SUCH_KEY").toString(),
          "--dry-run", "--data-dir", temp.resolve("data").toString(), "--no-pull");
      assertEquals(0, exit, keyless.toString());
      assertTrue(keyless.toString().contains("verdict      the run may start, but would not measure llm (no API key in"
          + " MEDCODE_TEST_NO_SUCH_KEY"), keyless.toString());
      assertTrue(keyless.toString().contains("(exit 3, not measured)"), keyless.toString());
      assertEquals(sent, stub.requests());
    }
  }

  /**
   * Batch mode submits requests only while their worst case at the batch price fits the budget, so a budget between the
   * batch estimate and that worst case stops the run for certain: the dry run said it fits and that the run may start
   * (a batch run with maxCost 20, estimated at 12.73 USD with a worst case of 24.08, coded 33 of 40 admissions, exit 3).
   */
  @Test
  void aBatchRunWhoseWorstCaseExceedsTheBudgetIsSaidToStopThere() throws Exception {
    Files.createDirectories(temp.resolve("train"));
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(temp.resolve("batch"), stub, 20, "mode", "batch");
      Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
          Clock.systemUTC(), RunListener.SILENT));
      Estimate e = medcode.dryRun(new RunRequest(config, List.of(), null, List.of(), null)).coders().get(0).estimate();
      double worst = e.worstCaseOnline() / 2; // the price file's batch price is half the online one
      double budget = (e.costBatch() + worst) / 2;
      assertTrue(e.costBatch() < budget && budget < worst, e.toString());

      StringWriter out = new StringWriter();
      CommandLine cli = MedcodeCommand.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(new StringWriter()));
      int exit = cli.execute("run", config.toString(), "--dry-run", "--max-cost", String.valueOf(budget), "--data-dir",
          temp.resolve("data").toString(), "--no-pull", "--cache-dir", temp.resolve("data/.cache").toString());
      assertEquals(0, exit, out.toString());
      String text = out.toString();
      assertTrue(text.contains("  budget         OVER: the estimate fits maxCost "
          + java.math.BigDecimal.valueOf(budget).stripTrailingZeros().toPlainString() + ", but batch mode submits"
          + " requests only while their worst case fits"), text);
      long reach = (long) Math.floor(20 * budget / worst);
      assertTrue(reach < 20 && text.contains("stop after about " + reach + " of 20 admissions (incomplete, exit 3)"), text);
      assertTrue(text.contains("verdict      the run may start, but would stop at its budget before coding every"
          + " admission (exit 3)"), text);
      assertEquals(0, stub.requests(), "a dry run sends nothing");
    }
  }

  /**
   * A batch run whose estimate is over the budget stops where its worst case does, as when only its worst case is: the
   * dry run said "stop after about 18 of 20 admissions" (the estimate's reach) where the run, which submits requests
   * only while their worst case at the batch price fits, coded 4.
   */
  @Test
  void aBatchRunWhoseEstimateExceedsTheBudgetIsSaidToStopWhereItsWorstCaseDoes() throws Exception {
    Files.createDirectories(temp.resolve("train"));
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)));
        BatchStub batchStub = new BatchStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Path config = config(temp.resolve("batch"), stub, 20, "mode", "batch", "batchPoll", "0.01", "cache", "false");
      Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
          Clock.systemUTC(), RunListener.SILENT));
      Estimate e = medcode.dryRun(new RunRequest(config, List.of(), null, List.of(), null)).coders().get(0).estimate();
      double budget = e.costBatch() * 0.9;
      long reach = e.admissionsWithin(budget, e.worstCaseBatch());
      assertTrue(reach < e.admissionsWithin(budget, e.costBatch()) - 1, e.toString());

      StringWriter out = new StringWriter();
      CommandLine cli = MedcodeCommand.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(new StringWriter()));
      int exit = cli.execute("run", config.toString(), "--dry-run", "--max-cost", String.valueOf(budget), "--data-dir",
          temp.resolve("data").toString(), "--no-pull", "--cache-dir", temp.resolve("data/.cache").toString());
      assertEquals(0, exit, out.toString());
      String text = out.toString();
      assertTrue(text.contains("stop after about " + reach + " of 20 admissions (incomplete, exit 3)"), text);
      assertTrue(text.contains("batch mode submits requests only while their worst case fits"), text);

      Files.writeString(config, Files.readString(config).replace(stub.baseUrl(), batchStub.baseUrl()));
      Path run = temp.resolve("run");
      medcode.run(new RunRequest(config, List.of("maxCost=" + budget), null, List.of(), run));
      int answered = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("manifest.json").toFile())
          .get("coders").get("llm").get("answered").asInt();
      assertTrue(Math.abs(answered - reach) <= 1, "the run coded " + answered + ", the dry run said about " + reach);
    }
  }

  /**
   * A two-stage llm whose candidates are its own answers, directly or through an ensemble it is a member of, is a
   * config error (exit 2) naming the cycle, in a dry run and a run, nothing written: creating it asked for itself
   * without end, and both ended in "error: java.lang.StackOverflowError" (exit 3).
   */
  @Test
  void aTwoStageLlmAskingItselfForCandidatesIsRefusedNotAStackOverflow() throws Exception {
    Files.createDirectories(temp.resolve("train"));
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
          Clock.systemUTC(), RunListener.SILENT));
      Path direct = config(temp.resolve("self"), stub, 3, "prompt", "two-stage", "candidates", "llm");
      Path through = config(temp.resolve("through"), stub, 3, "prompt", "two-stage", "candidates", "ens");
      Files.writeString(through, Files.readString(through).replace("{ name: frequency, k: 3 }",
          "{ name: ensemble, id: ens, members: \"llm,frequency\", mode: union }, { name: frequency, k: 3 }"));
      for (Path config : List.of(direct, through)) {
        for (boolean dry : List.of(true, false)) {
          Path out = temp.resolve("run-" + config.getParent().getFileName() + "-" + dry);
          org.medcode.MedcodeException e = org.junit.jupiter.api.Assertions.assertThrows(
              org.medcode.MedcodeException.class, () -> {
                if (dry) {
                  medcode.dryRun(new RunRequest(config, List.of(), null, List.of(), null));
                } else {
                  medcode.run(new RunRequest(config, List.of(), null, List.of(), out));
                }
              });
          assertEquals(2, e.exitCode(), e.getMessage());
          assertTrue(e.getMessage().contains("asks for its own answers (" + (config == direct ? "llm -> llm"
              : "llm -> ens -> llm") + ":") || e.getMessage().contains("(ens -> llm -> ens:"), e.getMessage());
          assertFalse(Files.exists(out), "nothing written");
        }
      }
      assertEquals(0, stub.requests());
    }
  }

  /**
   * The answers estimated from the cache are the mean of the answers the cache holds, not of those answers and the
   * requests the run repeats: with 5 notes cached and the same 5 again under other ids, the dry run said "the mean of 10
   * cached answers: 60 per request" of answers 120 tokens long, and estimated half the output tokens to pay for.
   */
  @Test
  void repeatedRequestsDoNotThinTheMeanOfTheCachedAnswers() throws Exception {
    Files.createDirectories(temp.resolve("train"));
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer(Synthetic.goldJson(admission)))) {
      Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
          Clock.systemUTC(), RunListener.SILENT));
      medcode.run(new RunRequest(config(temp.resolve("eight"), stub, 8), List.of(), null, List.of(), temp.resolve("filled")));
      assertEquals(8, stub.requests()); // 8 answers of 20 output tokens each in the cache

      Path folder = temp.resolve("repeated");
      Path config = config(folder, stub, 12);
      List<String> lines = Files.readAllLines(folder.resolve("admissions.jsonl"));
      List<String> repeated = new java.util.ArrayList<>(lines);
      for (String line : lines.subList(0, 8)) { // the same notes as the cached ones, under other ids
        repeated.add(line.replaceFirst("\\{\"id\":\"", "{\"id\":\"again-"));
      }
      Files.write(folder.resolve("admissions.jsonl"), repeated);
      Estimate e = medcode.dryRun(new RunRequest(config, List.of(), null, List.of(), null)).coders().get(0).estimate();
      assertEquals(20, e.admissions());
      assertEquals(20, e.requests());
      assertEquals(16, e.cachedRequests()); // 8 in the cache, and the same 8 again
      assertEquals(4, e.requestsToSend());
      assertTrue(e.outputBasis().startsWith("the mean of 8 cached answers of this configuration: 20 per request"),
          e.outputBasis());
      assertEquals(4 * 20, e.outputTokens());
      assertEquals(8, stub.requests(), "a dry run sends nothing");

      // with the cache off online, every request is sent, repeated ones too, and the cached answers are neither used
      // nor learnt from: the dry run said 12 to send and "no cached answers to learn from", though the cache held 8
      Estimate off = medcode.dryRun(new RunRequest(config, List.of("coders.0.cache=false"), null, List.of(), null))
          .coders().get(0).estimate();
      assertEquals(20, off.requestsToSend());
      assertTrue(off.outputBasis().contains("cache: false, so no cached answers are read to learn from"),
          off.outputBasis());
      assertEquals(8, stub.requests(), "a dry run sends nothing");
      // and 20 is what the run sends (it said 12: a repeated note counted as answered once, as with the cache on)
      medcode.run(new RunRequest(config, List.of("coders.0.cache=false"), null, List.of(), temp.resolve("off")));
      assertEquals(8 + 20, stub.requests());
    }
  }
}
