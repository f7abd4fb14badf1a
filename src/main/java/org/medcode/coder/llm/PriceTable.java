package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.medcode.MedcodeException;

/**
 * Prices per model in USD per million tokens, read from a YAML file ({@code configs/llm-prices.yaml}):
 * {@code models: { gpt-4.1: { input: 2.00, output: 8.00 } }}. A model is found by its exact name, else by the longest
 * listed name that prefixes it (so {@code gpt-4.1-2025-04-14} is priced as {@code gpt-4.1}).
 */
final class PriceTable {
  /** USD per million input and output tokens. */
  record Price(double input, double output) {
    double cost(long inputTokens, long outputTokens) {
      return (inputTokens * input + outputTokens * output) / 1_000_000.0;
    }
  }

  static final PriceTable NONE = new PriceTable(Map.of(), "none");

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
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      Map<String, Price> prices = new LinkedHashMap<>();
      for (var entry : root.path("models").properties()) {
        JsonNode input = entry.getValue().get("input");
        JsonNode output = entry.getValue().get("output");
        if (input == null || !input.isNumber() || output == null || !output.isNumber()) {
          throw new MedcodeException("coder llm: price table " + file + ": model " + entry.getKey()
              + " needs numeric input and output prices (USD per million tokens)");
        }
        prices.put(entry.getKey(), new Price(input.asDouble(), output.asDouble()));
      }
      return new PriceTable(prices, file.toString());
    } catch (IOException e) {
      throw new MedcodeException("coder llm: cannot read the price table " + file + ": " + e.getMessage());
    }
  }

  Optional<Price> find(String model) {
    Price exact = prices.get(model);
    if (exact != null) {
      return Optional.of(exact);
    }
    String best = null;
    for (String name : prices.keySet()) {
      if (model.startsWith(name) && (best == null || name.length() > best.length())) {
        best = name;
      }
    }
    return Optional.ofNullable(best == null ? null : prices.get(best));
  }

  String source() {
    return source;
  }
}
