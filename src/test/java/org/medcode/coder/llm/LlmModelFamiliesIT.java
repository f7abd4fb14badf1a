package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TestData;

/**
 * Today's models as their APIs behave, end to end through the command line on CodiEsp dev (250 admissions) against
 * {@link ApiRulesStub}: GPT-5 and o4-mini (reasoning models that refuse max_tokens and temperature), GPT-4.1 with
 * json_schema (its manifest names the snapshot gpt-4.1-2025-04-14), Claude with extended thinking and Gemini with a
 * thinking budget all code every admission without a parameter error; the old request shape sent to GPT-5 stops after
 * the first few identical errors with exit 3 and the fix, and the run it leaves is resumable.
 */
class LlmModelFamiliesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ApiRulesStub stub;
  private static Path data;

  @TempDir
  static Path temp;

  @BeforeAll
  static void start() throws IOException {
    data = TestData.require("codiesp/final_dataset_v4_to_publish/dev", "icd10cm-cms");
    stub = new ApiRulesStub(0);
  }

  @AfterAll
  static void stop() {
    if (stub != null) {
      stub.close();
    }
  }

  private static Path config(String name, String coder) throws IOException {
    Path config = temp.resolve(name + ".yaml");
    Files.writeString(config, "name: " + name + "\n"
        + "dataset: { spec: \"codiesp:dev:en:D\" }\n"
        + "codeSystem: { system: icd10cm, year: 2018 }\n"
        + "coders:\n  - { name: llm, maxInFlight: 4, price: { input: 1, output: 4 }, " + coder + " }\n"
        + "metrics: { levels: [exact, category], bootstrap: 0 }\n");
    return config;
  }

  private record Result(int exit, String output, Path folder) {
    JsonNode coder() throws IOException {
      return JSON.readTree(folder.resolve("manifest.json").toFile()).get("coders").get("llm");
    }
  }

  private static Result run(String name, String coder) throws Exception {
    Path out = temp.resolve("runs").resolve(name);
    Process process = medcode("run", config(name, coder).toString(), "--out", out.toString());
    String output = new String(process.getInputStream().readAllBytes());
    return new Result(process.waitFor(), output, out);
  }

  private static Process medcode(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "org.medcode.cli.Main"));
    command.addAll(List.of(args));
    command.addAll(List.of("--data-dir", data.toString(), "--no-pull"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("OPENAI_API_KEY");
    builder.environment().remove("ANTHROPIC_API_KEY");
    builder.environment().remove("MEDCODE_HOME");
    builder.environment().put("MEDCODE_CACHE", temp.resolve("cache").toString());
    return builder.start();
  }

  private static String openAi(String model) {
    return "provider: openai-compatible, baseUrl: \"" + stub.baseUrl() + "\", model: " + model;
  }

  /** Every admission answered or failed for a reason other than a refused parameter. */
  private static void codedWithoutParameterErrors(Result result) throws IOException {
    assertEquals(0, result.exit(), result.output());
    JsonNode coder = result.coder();
    assertEquals("complete", coder.get("status").asText());
    assertEquals(250, coder.get("answered").asInt() + coder.get("failed").asInt());
    assertFalse(coder.get("failures_by_kind").has("unsupported_parameter"), coder.toString());
    assertFalse(coder.get("failures_by_kind").has("http_4xx"), coder.toString());
    assertTrue(coder.get("answered").asInt() >= 200, coder.toString());
  }

  @Test
  void gpt5AndO4MiniAreSentAsReasoningModelsAndTheirReasoningTokensAreRecorded() throws Exception {
    Result gpt5 = run("gpt5", openAi("gpt-5") + ", reasoningEffort: minimal");
    codedWithoutParameterErrors(gpt5);
    JsonNode coder = gpt5.coder();
    assertEquals(250, coder.get("served_models").get("gpt-5-2025-08-07").asInt()
        + coder.get("failures_by_kind").path("unparseable").asInt());
    assertTrue(coder.get("facts").get("family").asText().startsWith("reasoning (inferred from the model name gpt-5)"));

    Result o4 = run("o4-mini", openAi("o4-mini") + ", reasoningEffort: high");
    codedWithoutParameterErrors(o4);
    JsonNode usage = o4.coder().get("usage");
    assertEquals(250 * 1024, usage.get("reasoning_tokens").asLong(), usage.toString());
    assertTrue(usage.get("output_tokens").asLong() > usage.get("reasoning_tokens").asLong());
    // reasoning tokens are billed as output: 4 USD per million
    assertEquals((usage.get("input_tokens").asLong() * 1.0 + usage.get("output_tokens").asLong() * 4.0) / 1e6,
        usage.get("cost").asDouble(), 1e-9);
    String line = Files.readAllLines(o4.folder().resolve("llm/predictions.jsonl")).get(0);
    assertTrue(line.contains("\"reasoning_tokens\":1024"), line);
  }

  @Test
  void gpt41WithJsonSchemaParsesEveryAnswerAndTheManifestNamesTheSnapshot() throws Exception {
    Result schema = run("gpt41-schema", openAi("gpt-4.1") + ", responseFormat: json_schema");
    codedWithoutParameterErrors(schema);
    JsonNode coder = schema.coder();
    assertEquals(250, coder.get("answered").asInt());
    assertEquals(250, coder.get("served_models").get("gpt-4.1-2025-04-14").asInt(), coder.toString());
    assertEquals(250, coder.get("system_fingerprints").get("fp_b42ba8c1b0").asInt());
    assertTrue(coder.get("facts").get("response_format").asText().startsWith("json_schema"));
    JsonNode first = JSON.readTree(Files.readAllLines(schema.folder().resolve("llm/predictions.jsonl")).get(0));
    assertEquals("gpt-4.1-2025-04-14", first.get("annotations").get("served_model").asText());
    assertEquals("json_schema", first.get("annotations").get("response_format").asText());

    Result none = run("gpt41-none", openAi("gpt-4.1") + ", responseFormat: none");
    codedWithoutParameterErrors(none);
    assertTrue(none.coder().get("failures_by_kind").get("unparseable").asInt() > 0, "without a schema some answers are prose");
  }

  @Test
  void claudeWithExtendedThinkingAndGeminiWithAThinkingBudgetCodeEveryAdmission() throws Exception {
    String anthropic = "provider: anthropic, baseUrl: \"" + stub.baseUrl("anthropic") + "\", model: claude-sonnet-4-0,"
        + " maxTokens: 4096";
    Result thinking = run("claude-thinking", anthropic + ", thinkingBudget: 2048");
    codedWithoutParameterErrors(thinking);
    assertTrue(thinking.coder().get("facts").get("response_format").asText().startsWith("none"),
        "responseFormat auto falls back to the prompt alone: Anthropic allows no forced tool call with thinking");
    assertTrue(thinking.coder().get("facts").get("family").asText().contains("thinking budget 2048"));
    assertTrue(thinking.coder().get("served_models").has("claude-sonnet-4-20250514"));

    Result tool = run("claude-tool", anthropic);
    codedWithoutParameterErrors(tool);
    assertEquals(250, tool.coder().get("answered").asInt(), "the forced tool call always carries the JSON answer");

    Result gemini = run("gemini", "provider: gemini, baseUrl: \"" + stub.baseUrl("gemini") + "\", model: gemini-2.5-flash,"
        + " thinkingBudget: 512");
    codedWithoutParameterErrors(gemini);
    assertEquals(250 * 300, gemini.coder().get("usage").get("reasoning_tokens").asLong());
  }

  @Test
  void aRequestTheModelRefusesStopsAfterTheFirstIdenticalErrorsWithExit3AndTheFix() throws Exception {
    int before = stub.requests();
    Result refused = run("gpt5-as-chat", openAi("gpt-5") + ", family: chat, failFast: 3");
    int sent = stub.requests() - before;
    assertEquals(3, refused.exit(), refused.output());
    assertTrue(refused.output().contains("refused the parameter 'max_tokens'"), refused.output());
    assertTrue(refused.output().contains("fix: set family: reasoning"), refused.output());
    assertTrue(refused.output().contains("--resume"), refused.output());
    assertTrue(sent >= 3 && sent < 3 + 8, "requests sent: " + sent);
    JsonNode coder = refused.coder();
    assertEquals("incomplete", coder.get("status").asText());
    assertTrue(coder.get("facts").get("stopped").asText().contains("unsupported_parameter"));
    assertEquals(sent, Files.readAllLines(refused.folder().resolve("llm/predictions.jsonl")).size(),
        "every request sent is recorded, nothing else");

    // resumable: the stopped run continues (here failing fast again, the config being unchanged) without losing a line
    Process resumed = medcode("run", "--resume", refused.folder().toString());
    String output = new String(resumed.getInputStream().readAllBytes());
    assertEquals(3, resumed.waitFor(), output);
    assertTrue(Files.readAllLines(refused.folder().resolve("llm/predictions.jsonl")).size() > sent);
  }
}
