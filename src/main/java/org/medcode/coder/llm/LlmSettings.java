package org.medcode.coder.llm;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.remote.CallParameters;
import org.medcode.coder.remote.UrlSecrets;

/**
 * The {@code llm} coder's parameters, parsed and checked once. {@code baseUrl} is already the provider default when
 * the config gave none; {@code apiKeyEnv} is the NAME of the environment variable (the key itself is never stored);
 * {@code seed} is null when none is sent.
 */
record LlmSettings(Provider provider, String model, String baseUrl, String apiKeyEnv, double temperature, int maxTokens,
    Integer seed, Duration timeout, Duration deadline, int maxRetries, Duration backoff, int maxInFlight, String prompt,
    int examples, int exampleTokens, String candidates, int candidatesK, int contextTokens, NoteWindow.Mode longNotes,
    boolean cache, String prices, String allowedEndpoints, int rawResponseChars, Mode mode, PriceTable.Price price,
    String tokenizer, int rpm, long tpm, int batchMaxRequests, Duration batchPoll, boolean stopOnCacheFailure,
    Generation generation) {

  /**
   * How requests for this model must be shaped: the model {@code family} (chat models take {@code max_tokens},
   * temperature and seed; OpenAI's reasoning models take {@code max_completion_tokens} and an optional
   * {@code reasoning_effort}, and neither temperature nor seed), whether it was inferred from the model name, the
   * thinking budget (Anthropic extended thinking, Gemini's thinking budget; null = the provider's default, 0 = off),
   * the structured-output mode, and after how many identical failures with no success the coder stops (0 = never).
   */
  record Generation(Family family, boolean familyInferred, String reasoningEffort, Integer thinkingBudget,
      ResponseFormat responseFormat, int failFast) {
    /** Whether temperature and seed are sent (reasoning models and Anthropic with thinking refuse them). */
    boolean sampling() {
      return family == Family.CHAT;
    }

    /** One line for the manifest: what the requests carry. */
    String describe(LlmSettings settings) {
      StringBuilder text = new StringBuilder(family.label()).append(!familyInferred ? " (configured)"
          : settings.provider().openAiWire() ? " (inferred from the model name " + settings.model() + ")"
          : " (inferred from thinkingBudget)");
      text.append(family == Family.REASONING && settings.provider().openAiWire()
          ? ": max_completion_tokens " + settings.maxTokens() + ", no temperature or seed"
              + (reasoningEffort == null ? "" : ", reasoning_effort " + reasoningEffort)
          : ": max_tokens " + settings.maxTokens() + (sampling() ? ", temperature " + settings.temperature() : ""));
      if (thinkingBudget != null) {
        text.append(", thinking budget ").append(thinkingBudget == 0 ? "0 (off)" : thinkingBudget == -1 ? "dynamic"
            : thinkingBudget + " tokens");
      }
      return text.toString();
    }
  }

  /** The request shape of a model: a chat model, or a reasoning/thinking model (see {@link Generation}). */
  enum Family {
    CHAT, REASONING;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The family OpenAI's model names say: o1, o3, o4-mini and the GPT-5 family reason (gpt-5-chat-latest does not);
     * a provider prefix ({@code openai/}) and a deployment-style suffix are ignored. Other names are chat models.
     */
    static Family ofModel(String model) {
      String name = model.toLowerCase(Locale.ROOT);
      name = name.substring(name.lastIndexOf('/') + 1);
      if (name.matches("o\\d(-.*)?") || name.matches("gpt-5(\\.\\d+)?(-.*)?") && !name.contains("-chat")) {
        return REASONING;
      }
      return CHAT;
    }
  }

  /**
   * How the answer's shape is asked for: a JSON schema {@code {"codes": [string]}} (OpenAI/Azure {@code json_schema},
   * Anthropic a forced tool call, Gemini a response schema), JSON mode, or nothing (the prompt alone; the lenient
   * parser reads whatever comes back).
   */
  enum ResponseFormat {
    JSON_SCHEMA, JSON_OBJECT, NONE;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The strictest shape an OpenAI model takes, by its name ({@code auto} for openai and azure-openai): the models
     * before structured outputs take no JSON schema (400 "'response_format' of type 'json_schema' is not supported with
     * this model"): gpt-4-turbo, the gpt-4 and gpt-3.5-turbo previews from 1106 on and the first gpt-4o (2024-05-13)
     * take JSON mode; gpt-4, gpt-4-32k, gpt-3.5-turbo's 0301 and 0613 snapshots, o1-mini and o1-preview neither.
     */
    static ResponseFormat ofOpenAiModel(String model) {
      String name = model.toLowerCase(Locale.ROOT);
      name = name.substring(name.lastIndexOf('/') + 1);
      if (name.matches("gpt-4(-0314|-0613)?|gpt-4-32k.*|gpt-3\\.5-turbo(-16k)?-(0301|0613)|o1-(mini|preview).*")) {
        return NONE;
      }
      if (name.matches("gpt-4-turbo.*|gpt-4-(1106|0125)-preview|gpt-3\\.5-turbo.*|gpt-4o-2024-05-13")) {
        return JSON_OBJECT;
      }
      return JSON_SCHEMA;
    }
  }

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
    java.net.URI uri;
    try {
      uri = java.net.URI.create(baseUrl);
      if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("not an http(s) URL with a host");
      }
    } catch (IllegalArgumentException e) {
      throw UrlSecrets.malformed("llm", "baseUrl", baseUrl, e);
    }
    UrlSecrets.refuse("llm", "baseUrl", uri, "apiKeyEnv: NAME (the environment variable holding it; the provider's own"
        + " header carries it)");
    String keyEnv = p.get("apiKeyEnv").trim();
    if (!keyEnv.isEmpty() && !keyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      // a key pasted where its variable's name belongs: never repeated, here or in any file
      throw new MedcodeException("coder llm: parameter 'apiKeyEnv' is the NAME of the environment variable that holds"
          + " the key (letters, digits and _, e.g. OPENAI_API_KEY), and what was given is not one (not shown, in case it is"
          + " the key itself: remove it from the config)");
    }
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
    String llm = "llm";
    LlmSettings settings = new LlmSettings(provider, p.get("model").trim(), baseUrl, keyEnv, decimal(p, "temperature"),
        CoderParameters.atLeast(llm, p, "maxTokens", 1), seed, CallParameters.seconds(llm, p, "timeout"),
        CallParameters.seconds(llm, p, "deadline"), CoderParameters.atLeast(llm, p, "maxRetries", 0),
        CallParameters.seconds(llm, p, "backoff"), CoderParameters.atLeast(llm, p, "maxInFlight", 1),
        p.get("prompt").trim(), CoderParameters.atLeast(llm, p, "examples", 0),
        CoderParameters.atLeast(llm, p, "exampleTokens", 1), p.get("candidates").trim(),
        CoderParameters.atLeast(llm, p, "candidatesK", 1), CoderParameters.atLeast(llm, p, "contextTokens", 1), longNotes,
        Boolean.parseBoolean(p.get("cache").trim()), p.get("prices").trim(), p.get("allowedEndpoints"),
        CoderParameters.atLeast(llm, p, "rawResponseChars", 0), mode, PriceTable.fromParameter(p.get("price")),
        p.get("tokenizer").trim(), CoderParameters.atLeast(llm, p, "rpm", 0), longInteger(p, "tpm"),
        CoderParameters.atLeast(llm, p, "batchMaxRequests", 0), CallParameters.seconds(llm, p, "batchPoll"),
        stopOnCacheFailure, null);
    if (settings.model().isEmpty()) {
      throw new MedcodeException("coder llm: parameter 'model' must name a model (e.g. gpt-4.1)");
    }
    if (settings.tpm() > 0 && settings.tpm() <= settings.maxTokens()) {
      // a request counts its prompt and maxTokens against the limit: none would fit in a minute's tokens
      throw new MedcodeException("coder llm: parameter 'tpm' (" + settings.tpm() + " tokens per minute) leaves no room"
          + " for one request: each counts its prompt and maxTokens (" + settings.maxTokens() + ") against it; give the"
          + " limit your provider states (0 = none)");
    }
    return settings.with(generation(p, provider, settings.model(), settings.maxTokens()));
  }

  /**
   * {@code baseUrl} without its query string, to which request paths are appended: a query ({@code ?api-version=…}, as
   * Azure's documentation writes the v1 endpoint) is carried by every request instead ({@link #withBaseQuery}), never
   * left inside a path.
   */
  String basePath() {
    int query = baseUrl.indexOf('?');
    return query < 0 ? baseUrl : baseUrl.substring(0, query);
  }

  /** {@code url} (a request to the base URL) with the base URL's query string added, if it has one. */
  String withBaseQuery(String url) {
    int query = baseUrl.indexOf('?');
    if (query < 0 || query == baseUrl.length() - 1 || !url.startsWith(basePath())) {
      return url;
    }
    return url + (url.indexOf('?') < 0 ? "?" : "&") + baseUrl.substring(query + 1);
  }

  private LlmSettings with(Generation next) {
    return new LlmSettings(provider, model, baseUrl, apiKeyEnv, temperature, maxTokens, seed, timeout, deadline, maxRetries,
        backoff, maxInFlight, prompt, examples, exampleTokens, candidates, candidatesK, contextTokens, longNotes, cache,
        prices, allowedEndpoints, rawResponseChars, mode, price, tokenizer, rpm, tpm, batchMaxRequests, batchPoll,
        stopOnCacheFailure, next);
  }

  /** Family, reasoning effort, thinking budget and response format, checked against the provider's rules. */
  private static Generation generation(Map<String, String> p, Provider provider, String model, int maxTokens) {
    String familyText = p.getOrDefault("family", "auto").trim().toLowerCase(Locale.ROOT);
    String effort = p.getOrDefault("reasoningEffort", "").trim().toLowerCase(Locale.ROOT);
    String budgetText = p.getOrDefault("thinkingBudget", "").trim().toLowerCase(Locale.ROOT);
    Integer budget;
    if (budgetText.isEmpty() || budgetText.equals("default")) {
      budget = null;
    } else {
      try {
        budget = Integer.parseInt(budgetText);
      } catch (NumberFormatException e) {
        throw new MedcodeException("coder llm: parameter 'thinkingBudget' must be a number of tokens (0 = off; Gemini:"
            + " -1 = dynamic) or empty for the provider's default, got '" + budgetText + "'");
      }
    }
    Family family = switch (familyText) {
      case "auto" -> null;
      case "chat" -> Family.CHAT;
      case "reasoning" -> Family.REASONING;
      default -> throw new MedcodeException("coder llm: parameter 'family' must be auto, chat or reasoning, got '"
          + p.get("family") + "'");
    };
    boolean inferred = family == null;
    if (family == null) {
      family = switch (provider) {
        case ANTHROPIC, GEMINI -> budget != null && budget != 0 ? Family.REASONING : Family.CHAT;
        default -> Family.ofModel(model);
      };
    }
    if (!effort.isEmpty() && !java.util.List.of("minimal", "low", "medium", "high").contains(effort)) {
      throw new MedcodeException("coder llm: parameter 'reasoningEffort' must be minimal, low, medium or high (or empty"
          + " for the model's default), got '" + p.get("reasoningEffort") + "'");
    }
    if (!effort.isEmpty() && (family != Family.REASONING || !provider.openAiWire())) {
      throw new MedcodeException("coder llm: parameter 'reasoningEffort' is for OpenAI reasoning models (o1, o3, o4-mini,"
          + " GPT-5); model " + model + " is family " + family.label() + " on " + provider.label() + ": set family: reasoning"
          + " if it is one (an Azure deployment name says nothing about its model), or leave reasoningEffort empty"
          + (provider.openAiWire() ? "" : " (Anthropic and Gemini: thinkingBudget)"));
    }
    if (budget != null) {
      switch (provider) {
        case ANTHROPIC -> {
          if (budget != 0 && (budget < 1024 || budget >= maxTokens)) {
            throw new MedcodeException("coder llm: parameter 'thinkingBudget' (Anthropic extended thinking) must be at least"
                + " 1024 tokens and below maxTokens (" + maxTokens + "), which counts thinking and answer together; got "
                + budget + ". Raise maxTokens or lower thinkingBudget (0 = no thinking)");
          }
        }
        case GEMINI -> {
          if (budget < -1) {
            throw new MedcodeException("coder llm: parameter 'thinkingBudget' (Gemini) must be -1 (dynamic), 0 (off) or a"
                + " number of tokens, got " + budget);
          }
        }
        default -> throw new MedcodeException("coder llm: parameter 'thinkingBudget' is for Anthropic (extended thinking)"
            + " and Gemini; OpenAI reasoning models take reasoningEffort instead");
      }
    }
    boolean thinking = budget != null && budget != 0;
    String formatText = p.getOrDefault("responseFormat", "auto").trim().toLowerCase(Locale.ROOT);
    ResponseFormat format = switch (formatText) {
      case "auto" -> switch (provider) {
        case OPENAI, AZURE_OPENAI -> ResponseFormat.ofOpenAiModel(model);
        case GEMINI -> ResponseFormat.JSON_SCHEMA;
        // Anthropic forces the answer through a tool call, which extended thinking does not allow
        case ANTHROPIC -> thinking ? ResponseFormat.NONE : ResponseFormat.JSON_SCHEMA;
        // local servers differ in what they support: the prompt and the lenient parser
        case OLLAMA, OPENAI_COMPATIBLE -> ResponseFormat.NONE;
      };
      case "json_schema" -> ResponseFormat.JSON_SCHEMA;
      case "json_object" -> ResponseFormat.JSON_OBJECT;
      case "none" -> ResponseFormat.NONE;
      default -> throw new MedcodeException("coder llm: parameter 'responseFormat' must be auto, json_schema, json_object"
          + " or none, got '" + p.get("responseFormat") + "'");
    };
    if (provider == Provider.ANTHROPIC && format == ResponseFormat.JSON_OBJECT) {
      throw new MedcodeException("coder llm: Anthropic has no JSON mode: responseFormat json_schema (the answer as a forced"
          + " tool call) or none");
    }
    if (provider == Provider.ANTHROPIC && thinking && format == ResponseFormat.JSON_SCHEMA) {
      throw new MedcodeException("coder llm: Anthropic refuses a forced tool call (responseFormat json_schema) with extended"
          + " thinking: set responseFormat: none (the prompt asks for JSON) or thinkingBudget: 0");
    }
    String failText = p.getOrDefault("failFast", "5").trim();
    int failFast;
    try {
      failFast = Integer.parseInt(failText);
    } catch (NumberFormatException e) {
      throw new MedcodeException("coder llm: parameter 'failFast' must be a whole number (0 = never stop), got '"
          + failText + "'");
    }
    if (failFast < 0) {
      throw new MedcodeException("coder llm: parameter 'failFast' must be at least 0, got " + failFast);
    }
    return new Generation(family, inferred, effort.isEmpty() ? null : effort, budget, format, failFast);
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
}
