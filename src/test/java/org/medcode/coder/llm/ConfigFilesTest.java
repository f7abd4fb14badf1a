package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medcode.MedcodeException;
import org.medcode.coder.remote.EndpointGuard;
import org.medcode.coder.CoderContext;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;

/** The shipped price table and prompt templates load and mean what they say; template mistakes are caught early. */
class ConfigFilesTest {
  @Test
  void priceTableFindsModelsByNameOrPrefix() {
    PriceTable prices = PriceTable.load(Path.of("configs/llm-prices.yaml"));
    String source = Path.of("configs/llm-prices.yaml").toString();
    assertEquals(Optional.of(new PriceTable.Price(2.00, 8.00, 1.00, 4.00, "never", source)), prices.find("gpt-4.1"));
    assertEquals(prices.find("gpt-4.1"), prices.find("gpt-4.1-2025-04-14"));
    assertEquals(0.40, prices.find("gpt-4.1-mini-2025-04-14").get().input());
    assertEquals(Optional.empty(), prices.find("my-local-model"));
    // 1,000 admissions of 6,000 prompt and 200 answer tokens on gpt-4.1: 6M x 2 + 0.2M x 8 = 13.6 USD; in batch 6.8 USD
    assertEquals(13.6, 1000 * prices.find("gpt-4.1").get().cost(6000, 200, false), 1e-9);
    assertEquals(6.8, 1000 * prices.find("gpt-4.1").get().cost(6000, 200, true), 1e-9);
    assertEquals("2 / 8 USD per million input / output tokens (batch 1 / 4), from " + source
        + ", never checked against the provider's price page", prices.find("gpt-4.1").get().describe());
  }

  /**
   * A user's prompt or price file is read from where the run is started, then from the checkout; a built-in prompt is
   * the checkout's (an edited copy of the checkout's price file in the user's folder used to be ignored silently).
   */
  @Test
  void aUsersFileIsReadFromTheRunsFolderBeforeTheCheckout(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
    Path home = java.nio.file.Files.createDirectories(temp.resolve("home/configs/prompts"));
    Path work = java.nio.file.Files.createDirectories(temp.resolve("work/configs/prompts"));
    for (Path dir : List.of(home, work)) {
      java.nio.file.Files.writeString(dir.resolve("zero-shot.txt"), "built in");
      java.nio.file.Files.writeString(dir.resolve("../llm-prices.yaml"), "models: {}\n");
    }
    java.nio.file.Files.writeString(temp.resolve("home/configs/only-home.yaml"), "models: {}\n");
    LlmCoderFactory factory = new LlmCoderFactory(name -> name.equals("MEDCODE_HOME") ? temp.resolve("home").toString()
        : null);
    CoderContext context = new CoderContext(null, List.of(), temp, temp, 0, CoderContext.NO_PEERS, false,
        org.medcode.coder.RunListener.SILENT, org.medcode.coder.AllowedEndpoints.loopbackOnly(), temp.resolve("work"));
    Path homeDir = temp.resolve("home");
    Path workDir = temp.resolve("work");
    assertEquals(workDir.resolve("configs/llm-prices.yaml"), factory.file(context, "configs/llm-prices.yaml", false));
    assertEquals(workDir.resolve("configs/prompts/zero-shot.txt"),
        factory.file(context, "configs/prompts/zero-shot.txt", false));
    assertEquals(homeDir.resolve("configs/prompts/zero-shot.txt"),
        factory.file(context, "configs/prompts/zero-shot.txt", true));
    assertEquals(homeDir.resolve("configs/only-home.yaml"), factory.file(context, "configs/only-home.yaml", false));
    assertEquals(Path.of("missing.yaml").toAbsolutePath(), factory.file(context, "missing.yaml", false));
    Path absolute = temp.resolve("home/configs/llm-prices.yaml");
    assertEquals(absolute, factory.file(context, absolute.toString(), false));
  }

  @Test
  void aBadPriceEntryIsNamedWithWhatToWrite(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
    Path file = temp.resolve("prices.yaml");
    java.nio.file.Files.writeString(file, "models:\n  ok: { input: 1, output: 2, checked: 2026-01-02 }\n"
        + "  bad: { input: 1, ouput: 2, checked: 2026-01-02 }\n");
    MedcodeException typo = assertThrows(MedcodeException.class, () -> PriceTable.load(file));
    assertTrue(typo.getMessage().startsWith("coder llm: price table " + file + ": model bad: unknown key 'ouput'"),
        typo.getMessage());
    java.nio.file.Files.writeString(file, "models:\n  m: { input: 1, output: 2 }\n");
    MedcodeException unchecked = assertThrows(MedcodeException.class, () -> PriceTable.load(file));
    assertTrue(unchecked.getMessage().contains("model m: 'checked' must say when the price was last compared with the"
        + " provider's price page, as a date YYYY-MM-DD or never; got nothing"), unchecked.getMessage());
    java.nio.file.Files.writeString(file, "models:\n  m: { input: 1, output: 2, checked: 2026-02-31 }\n");
    assertTrue(assertThrows(MedcodeException.class, () -> PriceTable.load(file)).getMessage()
        .contains("model m: 'checked' must say when the price was last compared"), "no 31 February");
    java.nio.file.Files.writeString(file, "models:\n  ok: { input: 1, output: 2, checked: never }\n"
        + "  m: { input: .nan, output: 2, checked: never }\n");
    String nan = assertThrows(MedcodeException.class, () -> PriceTable.load(file)).getMessage();
    assertTrue(nan.startsWith("coder llm: cannot read the price table " + file + ", line 3: ") && nan.contains(
        "each model needs { input: USD, output: USD, checked: YYYY-MM-DD }"), nan);
    java.nio.file.Files.writeString(file, "models:\n  m: { input: -1, output: 2, checked: never }\n");
    assertTrue(assertThrows(MedcodeException.class, () -> PriceTable.load(file)).getMessage()
        .contains("model m: 'input' must be a number >= 0"));
    java.nio.file.Files.writeString(file, "currency: EUR\nmodels:\n  m: { input: 1, output: 2, checked: never }\n");
    assertTrue(assertThrows(MedcodeException.class, () -> PriceTable.load(file)).getMessage()
        .contains(": currency \"EUR\": medcode states costs and budgets in USD"));
    java.nio.file.Files.writeString(file, "curency: USD\nmodels:\n  m: { input: 1, output: 2, checked: never }\n");
    assertTrue(assertThrows(MedcodeException.class, () -> PriceTable.load(file)).getMessage()
        .contains(": unknown key 'curency' (it may hold currency, batchDiscount and models)"));
    java.nio.file.Files.writeString(file, "models:\n  m: { input: 1, output: 2, batchOutput: 0.5, checked: never }\n");
    PriceTable.Price price = PriceTable.load(file).find("m").get();
    assertEquals(0.5, price.batchInput());
    assertEquals(0.5, price.batchOutput());
    assertEquals(new PriceTable.Price(3, 4, 1.5, 2, null, "the coder's config"),
        PriceTable.fromParameter("{\"input\":3,\"output\":4}"));
    assertEquals(PriceTable.fromParameter("{input: 3, output: 4}"), PriceTable.fromParameter("{\"input\":3,\"output\":4}"));
    assertTrue(assertThrows(MedcodeException.class, () -> PriceTable.fromParameter("{input: 3}")).getMessage()
        .startsWith("coder llm: parameter 'price': 'output' must be a number >= 0"));
  }

  @Test
  void builtInTemplatesLoadAndUseTheirPlaceholders() {
    for (String name : LlmCoderFactory.BUILT_IN_PROMPTS) {
      PromptTemplate template = PromptTemplate.load(Path.of("configs/prompts/" + name + ".txt"));
      assertTrue(template.system().contains("{{code_system}}"), name);
      assertEquals(name.equals("few-shot"), template.uses("examples"), name);
      assertEquals(name.equals("two-stage"), template.uses("candidates"), name);
    }
  }

  /**
   * The built-in prompts asked for "the principal diagnosis first, then all secondary diagnoses", "with dots as usually
   * written (for example "J96.01")", whatever the table: an llm run on ICD-10-PCS (CodiEsp-P) asked for ICD-10-PCS codes
   * of diagnoses, written with dots, which PCS never has. A table of procedures reads configs/prompts/procedures/.
   */
  @Test
  void aTableOfProceduresGetsBuiltInPromptsThatAskForProcedures() {
    LlmCoderFactory factory = new LlmCoderFactory(name -> null);
    for (CodeSystemId system : CodeSystemId.values()) {
      CoderContext context = new CoderContext(CodeTable.of(CodeSystems.syntax(system), "test", java.util.Map.of()),
          List.of(), Path.of("."), Path.of("."), 0);
      boolean procedures = LlmCoderFactory.PROCEDURE_SYSTEMS.contains(system);
      for (String name : LlmCoderFactory.BUILT_IN_PROMPTS) {
        String file = (procedures ? "configs/prompts/procedures/" : "configs/prompts/") + name + ".txt";
        assertEquals(file, LlmCoderFactory.builtInPrompt(context, name), system + " " + name);
        PromptTemplate template = PromptTemplate.load(Path.of(file));
        assertTrue(template.system().contains("{{code_system}}"), file);
        assertEquals(name.equals("few-shot"), template.uses("examples"), file);
        assertEquals(name.equals("two-stage"), template.uses("candidates"), file);
        assertEquals(!procedures, template.user().contains("diagnos"), file);
        assertEquals(procedures, template.user().contains("principal procedure"), file);
      }
      assertTrue(factory.namedFiles(context, java.util.Map.of()).get("prompt").endsWith(
          Path.of(LlmCoderFactory.builtInPrompt(context, "zero-shot"))), system.toString());
    }
    assertEquals(java.util.Set.of(CodeSystemId.ICD10PCS, CodeSystemId.ICD9PCS, CodeSystemId.CPT, CodeSystemId.HCPCS),
        LlmCoderFactory.PROCEDURE_SYSTEMS);
  }

  @Test
  void templateMistakesAreNamed() {
    MedcodeException unknown = assertThrows(MedcodeException.class,
        () -> PromptTemplate.parse("t", "### user\n{{note}} {{notes}}", "t.txt"));
    assertEquals("coder llm: prompt template t.txt uses {{notes}}; known placeholders are [candidates, code_system,"
        + " examples, note]", unknown.getMessage());
    assertThrows(MedcodeException.class, () -> PromptTemplate.parse("t", "### user\nno note here", "t.txt"));
    PromptTemplate plain = PromptTemplate.parse("t", "Code this: {{ note }}", "t.txt");
    assertEquals("", plain.system());
    assertEquals("Code this: A", plain.renderUser(java.util.Map.of("note", "A")));
  }

  @Test
  void loopbackIsRecognisedByName() {
    for (String host : new String[] {"localhost", "127.0.0.1", "127.1.2.3", "[::1]", "::1"}) {
      assertTrue(EndpointGuard.isLoopback(host), host);
    }
    for (String host : new String[] {"127.example.com", "10.0.0.1", "localhost.evil.com", "api.openai.com"}) {
      assertTrue(!EndpointGuard.isLoopback(host), host);
    }
    CoderContext credentialed = new CoderContext(null, List.of(), Path.of("."), Path.of("."), 0, CoderContext.NO_PEERS, true);
    EndpointGuard.check("llm", credentialed, "http://[::1]:8000/v1", "loopback");
    EndpointGuard.check("llm", credentialed, "http://[::1]:8000/v1", "run"); // the run's list: loopback by default
    EndpointGuard.check("llm", credentialed, "http://gpu-box:8000/v1", "gpu-box:8000");
    assertThrows(MedcodeException.class, () -> EndpointGuard.check("llm", credentialed, "http://gpu-box:9000/v1", "gpu-box:8000"));
    assertThrows(MedcodeException.class, () -> EndpointGuard.check("llm", credentialed, "http://localhost.evil.com/v1", "loopback"));
    assertThrows(MedcodeException.class, () -> EndpointGuard.check("llm", credentialed, "http://gpu-box:8000/v1", "run"));
  }
}
