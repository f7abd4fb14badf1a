package org.medcode.coder.llm;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.medcode.MedcodeException;
import org.medcode.coder.remote.AdaptiveLimiter;

/**
 * The {@code llm} coder's parameters, parsed and checked once. {@code baseUrl} is already the provider default when
 * the config gave none; {@code apiKeyEnv} is the NAME of the environment variable (the key itself is never stored);
 * {@code seed} is null when none is sent.
 */
record LlmSettings(Provider provider, String model, String baseUrl, String apiKeyEnv, double temperature, int maxTokens,
    Integer seed, Duration timeout, Duration deadline, int maxRetries, Duration backoff, int maxInFlight, String prompt,
    int examples, int exampleTokens, String candidates, int candidatesK, int contextTokens, NoteWindow.Mode longNotes,
    boolean cache, String prices, String allowedEndpoints, int rawResponseChars, Mode mode, PriceTable.Price price,
    String tokenizer, int rpm, long tpm, int batchMaxRequests, Duration batchPoll, boolean stopOnCacheFailure) {

  /** How requests are sent: one call per prompt as the run goes ({@code online}), or all at once through the provider's batch API. */
  enum Mode {
    ONLINE, BATCH;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static LlmSettings parse(Map<String, String> p, long runSeed) {
    Provider provider = Provider.parse(p.get("provider"));
    String baseUrl = p.get("baseUrl").trim();
    if (baseUrl.isEmpty()) {
      baseUrl = provider.defaultBaseUrl();
      if (baseUrl == null) {
        throw new MedcodeException("coder llm: provider " + provider.label() + " needs a baseUrl (e.g. "
            + (provider == Provider.AZURE_OPENAI ? "https://RESOURCE.openai.azure.com/openai/v1" : "http://127.0.0.1:8000/v1")
            + ")");
      }
    }
    try {
      var uri = java.net.URI.create(baseUrl);
      if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("not an http(s) URL with a host");
      }
    } catch (IllegalArgumentException e) {
      throw new MedcodeException("coder llm: parameter 'baseUrl' must be an http(s) URL, got '" + baseUrl + "' ("
          + e.getMessage() + ")");
    }
    String keyEnv = p.get("apiKeyEnv").trim();
    if (keyEnv.isEmpty()) {
      keyEnv = provider.defaultKeyEnv() == null ? "" : provider.defaultKeyEnv();
    }
    String seedText = p.get("seed").trim().toLowerCase(Locale.ROOT);
    Integer seed = switch (seedText) {
      case "run" -> (int) runSeed;
      case "none" -> null;
      default -> {
        try {
          yield Integer.parseInt(seedText);
        } catch (NumberFormatException e) {
          throw new MedcodeException("coder llm: parameter 'seed' must be run, none or a whole number, got '" + seedText + "'");
        }
      }
    };
    NoteWindow.Mode longNotes = switch (p.get("longNotes").trim().toLowerCase(Locale.ROOT)) {
      case "truncate" -> NoteWindow.Mode.TRUNCATE;
      case "split" -> NoteWindow.Mode.SPLIT;
      default -> throw new MedcodeException("coder llm: parameter 'longNotes' must be truncate or split, got '"
          + p.get("longNotes") + "'");
    };
    Mode mode = switch (p.get("mode").trim().toLowerCase(Locale.ROOT)) {
      case "online" -> Mode.ONLINE;
      case "batch" -> Mode.BATCH;
      default -> throw new MedcodeException("coder llm: parameter 'mode' must be online or batch, got '" + p.get("mode") + "'");
    };
    boolean stopOnCacheFailure = switch (p.getOrDefault("cacheFailure", "warn").trim().toLowerCase(Locale.ROOT)) {
      case "warn" -> false;
      case "stop" -> true;
      default -> throw new MedcodeException("coder llm: parameter 'cacheFailure' must be warn or stop, got '"
          + p.get("cacheFailure") + "'");
    };
    if (mode == Mode.BATCH && !provider.batches()) {
      throw new MedcodeException("coder llm: mode batch needs a provider with a batch API (openai, azure-openai, anthropic, or"
          + " an openai-compatible server with /v1/files and /v1/batches); " + provider.label() + " has none here: use mode online");
    }
    LlmSettings settings = new LlmSettings(provider, p.get("model").trim(), baseUrl, keyEnv, decimal(p, "temperature"),
        integer(p, "maxTokens", 1), seed, seconds(p, "timeout"), seconds(p, "deadline"), integer(p, "maxRetries", 0),
        seconds(p, "backoff"), integer(p, "maxInFlight", 1), p.get("prompt").trim(), integer(p, "examples", 0),
        integer(p, "exampleTokens", 1), p.get("candidates").trim(), integer(p, "candidatesK", 1),
        integer(p, "contextTokens", 1), longNotes, Boolean.parseBoolean(p.get("cache").trim()), p.get("prices").trim(),
        p.get("allowedEndpoints"), integer(p, "rawResponseChars", 0), mode, PriceTable.fromParameter(p.get("price")),
        p.get("tokenizer").trim(), integer(p, "rpm", 0), longInteger(p, "tpm"), integer(p, "batchMaxRequests", 0),
        seconds(p, "batchPoll"), stopOnCacheFailure);
    if (settings.model().isEmpty()) {
      throw new MedcodeException("coder llm: parameter 'model' must name a model (e.g. gpt-4.1)");
    }
    return settings;
  }

  private static int integer(Map<String, String> p, String name, int min) {
    int value = Integer.parseInt(p.get(name).trim());
    if (value < min) {
      throw new MedcodeException("coder llm: parameter '" + name + "' must be at least " + min + ", got " + value);
    }
    return value;
  }

  private static long longInteger(Map<String, String> p, String name) {
    long value = Long.parseLong(p.get(name).trim());
    if (value < 0) {
      throw new MedcodeException("coder llm: parameter '" + name + "' must be at least 0, got " + value);
    }
    return value;
  }

  private static double decimal(Map<String, String> p, String name) {
    return Double.parseDouble(p.get(name).trim());
  }

  private static Duration seconds(Map<String, String> p, String name) {
    double value = decimal(p, name);
    if (!(value > 0)) {
      throw new MedcodeException("coder llm: parameter '" + name + "' must be a positive number of seconds, got " + value);
    }
    return Duration.ofNanos(AdaptiveLimiter.nanos(value));
  }
}
