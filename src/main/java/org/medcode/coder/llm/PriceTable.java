package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medcode.MedcodeException;
import org.medcode.Yaml;

/**
 * Prices per model in USD per million tokens, read from a YAML file ({@code configs/llm-prices.yaml}):
 * {@code models: { gpt-4.1: { input: 2.00, output: 8.00, checked: 2026-11-27 } }}, where {@code checked} is the date
 * the entry was last compared with the provider's price page ({@code never} when it was not). Batch prices are
 * {@code batchInput}/{@code batchOutput} when an entry gives them, else the file's {@code batchDiscount} (default 0.5:
 * OpenAI, Azure OpenAI and Anthropic bill batches at half price) times the online price. A model is found by its exact
 * name, else by the longest listed name of which it is a dated snapshot or revision ({@link ModelNames#sameModel}: so
 * {@code gpt-4.1-2025-04-14} and {@code claude-sonnet-4-20250514} are priced as {@code gpt-4.1} and
 * {@code claude-sonnet-4}), never by any other prefix: {@code o3-pro} is not {@code o3},
 * {@code gpt-4o-realtime-preview} is not {@code gpt-4o} (other models at other prices, which would break a budget).
 * A bad entry is an error naming the file, the model and what to write.
 */
final class PriceTable {
  private static final Set<String> ENTRY_KEYS = Set.of("input", "output", "batchInput", "batchOutput", "checked");
  private static final Set<String> CONFIG_KEYS = Set.of("input", "output", "batchInput", "batchOutput");
  /** A model given twice is an error naming its line, never the last price silently winning. */
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  static final double DEFAULT_BATCH_DISCOUNT = 0.5;
  /** USD per million input and output tokens, online and in batch mode; where the price came from and when it was checked. */
  record Price(double input, double output, double batchInput, double batchOutput, String checked, String source) {
    double cost(long inputTokens, long outputTokens, boolean batch) {
      return batch ? (inputTokens * batchInput + outputTokens * batchOutput) / 1_000_000.0
          : (inputTokens * input + outputTokens * output) / 1_000_000.0;
    }

    /** One line for the manifest and the dry run. */
    String describe() {
      return String.format(Locale.ROOT, "%s / %s USD per million input / output tokens (batch %s / %s), from %s%s",
          plain(input), plain(output), plain(batchInput), plain(batchOutput), source,
          checked == null ? "" : "never".equals(checked) ? ", never checked against the provider's price page"
              : ", checked " + checked);
    }

    private static String plain(double value) {
      return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
  }

  private final Map<String, Price> prices;
  private final String source;

  private PriceTable(Map<String, Price> prices, String source) {
    this.prices = Map.copyOf(prices);
    this.source = source;
  }

  static PriceTable load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new MedcodeException("coder llm: price table " + file + " not found; give one with the parameter 'prices'");
    }
    JsonNode root;
    try {
      root = Yaml.readTree(YAML, file); // a leading-zero number (input: 010, octal 8 to YAML) refused as configs refuse it
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new MedcodeException("coder llm: cannot read the price table " + file + (line > 0 ? ", line " + line : "")
          + ": " + e.getOriginalMessage() + "; each model needs { input: USD, output: USD, checked: YYYY-MM-DD }, plain"
          + " numbers of USD per million tokens (e.g. { input: 2.00, output: 8.00, checked: 2026-11-27 })");
    } catch (IOException e) {
      throw new MedcodeException("coder llm: cannot read the price table " + file + ": " + e.getMessage());
    }
    if (root == null || !root.path("models").isObject()) {
      throw new MedcodeException("coder llm: price table " + file + " needs a mapping 'models:' of model names to"
          + " { input: USD, output: USD, checked: YYYY-MM-DD } (USD per million tokens)");
    }
    for (var key : root.properties()) {
      if (!List.of("currency", "batchDiscount", "models").contains(key.getKey())) {
        throw new MedcodeException("coder llm: price table " + file + ": unknown key '" + key.getKey() + "' (it may hold"
            + " currency, batchDiscount and models)");
      }
    }
    if (root.has("currency") && !root.get("currency").asText().trim().equalsIgnoreCase("USD")) {
      throw new MedcodeException("coder llm: price table " + file + ": currency " + root.get("currency")
          + ": medcode states costs and budgets in USD; give the prices in USD per million tokens");
    }
    double discount = DEFAULT_BATCH_DISCOUNT;
    if (root.has("batchDiscount")) {
      JsonNode node = root.get("batchDiscount");
      if (!node.isNumber() || !(node.asDouble() > 0) || node.asDouble() > 1) {
        throw new MedcodeException("coder llm: price table " + file + ": batchDiscount must be a number in (0, 1], the share"
            + " of the online price that batches cost (0.5 = half price), got " + node);
      }
      discount = node.asDouble();
    }
    Map<String, Price> prices = new LinkedHashMap<>();
    for (var entry : root.path("models").properties()) {
      String where = "coder llm: price table " + file + ": model " + entry.getKey();
      prices.put(entry.getKey(), entry(entry.getValue(), discount, where, ENTRY_KEYS, file.toString()));
    }
    return new PriceTable(prices, file.toString());
  }

  /**
   * The {@code price} parameter of a coder's config: {@code {input: X, output: Y}} (USD per million tokens, optionally
   * {@code batchInput}, {@code batchOutput}); null when the text is empty.
   */
  static Price fromParameter(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String where = "coder llm: parameter 'price'";
    JsonNode node;
    try {
      node = Yaml.readTree(YAML, text);
    } catch (IOException e) {
      throw new MedcodeException(where + " must be {input: X, output: Y} in USD per million tokens, got '" + text + "'");
    } catch (MedcodeException e) { // a leading-zero number, an alias
      throw new MedcodeException(where + ": " + e.getMessage(), e);
    }
    return entry(node, DEFAULT_BATCH_DISCOUNT, where, CONFIG_KEYS, "the coder's config");
  }

  private static Price entry(JsonNode node, double discount, String where, Set<String> keys, String source) {
    String expected = keys.contains("checked") ? " (e.g. { input: 2.00, output: 8.00, checked: 2026-11-27 }, USD per million"
        + " tokens; checked: the date you compared it with the provider's price page, or never)"
        : " (e.g. {input: 2.00, output: 8.00}, USD per million tokens)";
    if (node == null || !node.isObject()) {
      throw new MedcodeException(where + " must be a mapping" + expected + ", got " + node);
    }
    for (var field : node.properties()) {
      if (!keys.contains(field.getKey())) {
        throw new MedcodeException(where + ": unknown key '" + field.getKey() + "'; known keys are "
            + new java.util.TreeSet<>(keys) + expected);
      }
    }
    double input = amount(node, "input", where, expected, true);
    double output = amount(node, "output", where, expected, true);
    double batchInput = node.has("batchInput") ? amount(node, "batchInput", where, expected, true) : input * discount;
    double batchOutput = node.has("batchOutput") ? amount(node, "batchOutput", where, expected, true) : output * discount;
    String checked = null;
    if (keys.contains("checked")) {
      JsonNode value = node.get("checked");
      String text = value == null || value.isNull() ? "" : value.asText().trim();
      if (!text.equals("never") && !isDate(text)) {
        throw new MedcodeException(where + ": 'checked' must say when the price was last compared with the provider's"
            + " price page, as a date YYYY-MM-DD or never; got " + (text.isEmpty() ? "nothing" : "'" + text + "'"));
      }
      checked = text;
    }
    return new Price(input, output, batchInput, batchOutput, checked, source);
  }

  /** A real calendar date YYYY-MM-DD (2026-02-31 is not one). */
  private static boolean isDate(String text) {
    if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
      return false;
    }
    try {
      java.time.LocalDate.parse(text);
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private static double amount(JsonNode node, String key, String where, String expected, boolean required) {
    JsonNode value = node.get(key);
    if (value == null && !required) {
      return Double.NaN;
    }
    if (value == null || !value.isNumber() || !(value.asDouble() >= 0) || Double.isInfinite(value.asDouble())) {
      throw new MedcodeException(where + ": '" + key + "' must be a number >= 0" + expected + ", got "
          + (value == null ? "nothing" : value.toString()));
    }
    return value.asDouble();
  }

  Optional<Price> find(String model) {
    Price exact = prices.get(model);
    if (exact != null) {
      return Optional.of(exact);
    }
    String best = null;
    for (String name : prices.keySet()) {
      if (ModelNames.sameModel(name, model) && (best == null || name.length() > best.length())) {
        best = name;
      }
    }
    return Optional.ofNullable(best == null ? null : prices.get(best));
  }

  String source() {
    return source;
  }
}
