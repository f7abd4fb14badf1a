package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model is priced by its name or as a dated snapshot of a listed name, never by another prefix: a longer name is
 * another model at another price, and pricing it as the shorter one would let a budget through that does not hold.
 */
class PriceTableTest {
  @TempDir
  Path temp;

  @Test
  void aSnapshotIsPricedAsItsModelAndAnotherModelIsNot() throws Exception {
    Path file = temp.resolve("prices.yaml");
    Files.writeString(file, """
        models:
          o3:              { input: 2.00, output: 8.00, checked: never }
          gpt-4o:          { input: 2.50, output: 10.00, checked: never }
          gpt-4o-mini:     { input: 0.15, output: 0.60, checked: never }
          claude-sonnet-4: { input: 3.00, output: 15.00, checked: never }
          gemini-1.5-pro:  { input: 1.25, output: 5.00, checked: never }
        """);
    PriceTable prices = PriceTable.load(file);
    assertEquals(2.50, prices.find("gpt-4o").orElseThrow().input());
    assertEquals(2.50, prices.find("gpt-4o-2024-08-06").orElseThrow().input());
    assertEquals(0.15, prices.find("gpt-4o-mini-2024-07-18").orElseThrow().input(), "the longest model name wins");
    assertEquals(3.00, prices.find("claude-sonnet-4-20250514").orElseThrow().input());
    assertEquals(3.00, prices.find("claude-sonnet-4@20250514").orElseThrow().input(), "Vertex AI's snapshot names");
    assertEquals(3.00, prices.find("claude-sonnet-4-0").orElseThrow().input(), "Anthropic's alias");
    assertEquals(1.25, prices.find("gemini-1.5-pro-002").orElseThrow().input());
    assertEquals(2.00, prices.find("o3-latest").orElseThrow().input());

    assertTrue(prices.find("o3-pro").isEmpty(), "o3-pro costs ten times o3");
    assertTrue(prices.find("o3-pro-2025-06-10").isEmpty());
    assertTrue(prices.find("gpt-4o-realtime-preview").isEmpty());
    assertTrue(prices.find("gpt-4o-audio-preview-2024-12-17").isEmpty());
    assertTrue(prices.find("claude-sonnet-4-5").isEmpty(), "another model, whatever its price");
    assertTrue(prices.find("o3x").isEmpty());
  }

  @Test
  void aModelGivenTwiceIsRefusedNotPricedByItsLastEntry() throws Exception {
    // the second entry silently won: a dry run priced local-model at 0.01 USD where the first entry said 2.00, and the
    // budget check (maxCost) used it
    Path file = temp.resolve("prices.yaml");
    Files.writeString(file, """
        models:
          local-model: { input: 2.00, output: 8.00, checked: never }
          local-model: { input: 0.01, output: 0.01, checked: never }
        """);
    String message = org.junit.jupiter.api.Assertions.assertThrows(org.medcode.MedcodeException.class,
        () -> PriceTable.load(file)).getMessage();
    assertTrue(message.startsWith("coder llm: cannot read the price table " + file + ", line 3: Duplicate field"
        + " 'local-model'"), message);
  }

  @Test
  void aLeadingZeroPriceIsRefusedAsInAConfigNotReadAsOctal() throws Exception {
    // input: 010 was priced 8 USD per million tokens (YAML 1.1 octal), in a price file and in the price parameter
    Path file = temp.resolve("prices.yaml");
    Files.writeString(file, """
        models:
          local-model: { input: 010, output: 8, checked: never }
        """);
    String message = org.junit.jupiter.api.Assertions.assertThrows(org.medcode.MedcodeException.class,
        () -> PriceTable.load(file)).getMessage();
    assertTrue(message.startsWith(file + ":2: 'input': 010 has a leading zero, which YAML reads as an octal number (8);"
        + " write 10"), message);
    message = org.junit.jupiter.api.Assertions.assertThrows(org.medcode.MedcodeException.class,
        () -> PriceTable.fromParameter("{input: 2, output: 010}")).getMessage();
    assertTrue(message.startsWith("coder llm: parameter 'price': 'output': 010 has a leading zero"), message);
    // a price below 1 and a zero stay what they say
    Files.writeString(file, """
        models:
          local-model: { input: 0.10, output: 0, batchInput: 07, checked: never }
        """);
    PriceTable.Price price = PriceTable.load(file).find("local-model").orElseThrow();
    assertEquals(0.10, price.input());
    assertEquals(0, price.output());
    assertEquals(7, price.batchInput());
    assertEquals(8, PriceTable.fromParameter("{input: 2, output: 8}").output());
  }
}
