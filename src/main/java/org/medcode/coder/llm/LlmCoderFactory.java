package org.medcode.coder.llm;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.medcode.MedcodeException;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter.Type;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.Egress;
import org.medcode.coder.Estimate;
import org.medcode.dataset.Admission;
import org.medcode.coder.remote.CallParameters;
import org.medcode.coder.remote.EndpointGuard;
import org.medcode.coder.remote.Redaction;
import org.medcode.coder.remote.ResponseCache;
import org.medcode.coder.remote.TimedHttp;
import org.medcode.codesystem.CodeSystemId;

/**
 * {@code llm}: a chat model lists the codes of each admission. Provider, model, endpoint and generation settings come
 * from parameters; the API key only from the environment variable named by {@code apiKeyEnv} (never stored, logged or
 * written to a manifest). Built-in prompts ({@code zero-shot}, {@code few-shot}, {@code two-stage}) are the files
 * {@code configs/prompts/NAME.txt} of {@code $MEDCODE_HOME} (for a table of procedures
 * {@code configs/prompts/procedures/NAME.txt}); other relative paths (a prompt or price file) are read
 * from the working directory, then from {@code $MEDCODE_HOME}, as the rules coder reads its folder.
 */
public final class LlmCoderFactory implements CoderFactory {
  static final Set<String> BUILT_IN_PROMPTS = Set.of("zero-shot", "few-shot", "two-stage");
  private final Function<String, String> env;

  public LlmCoderFactory() {
    this(System::getenv);
  }

  /** A factory reading environment variables through {@code env} (tests). */
  LlmCoderFactory(Function<String, String> env) {
    this.env = env;
  }

  @Override
  public String name() {
    return "llm";
  }

  @Override
  public String description() {
    return "a chat model (OpenAI, Azure OpenAI, Anthropic, Gemini, Ollama or any OpenAI-compatible server) lists the codes";
  }

  @Override
  public List<CoderParameter> parameters() {
    List<CoderParameter> parameters = new ArrayList<>(List.of(
        new CoderParameter("provider", Provider.labels(), "openai", Type.CHOICE),
        new CoderParameter("model", "the model name as the provider knows it", "gpt-4.1", Type.TEXT),
        new CoderParameter("baseUrl", "the API endpoint; empty = the provider's (openai-compatible and azure-openai need one)",
            "", Type.TEXT),
        new CoderParameter("apiKeyEnv", "NAME of the environment variable holding the key; empty = the provider's usual one"
            + " (OPENAI_API_KEY, AZURE_OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY)", "", Type.TEXT),
        new CoderParameter("temperature", "sampling temperature", "0", Type.DECIMAL),
        new CoderParameter("maxTokens", "most tokens the model may answer", "1024", Type.INTEGER),
        new CoderParameter("seed", "sampling seed sent to providers that take one: run (the run's seed), none, or a number",
            "run", Type.TEXT),
        new CoderParameter("family", "the model's request shape: auto (from the model name: o1, o3, o4-mini and GPT-5 are"
            + " reasoning models; Anthropic and Gemini with a thinkingBudget think), chat (max_tokens, temperature, seed) or"
            + " reasoning (max_completion_tokens, no temperature or seed; for an Azure deployment name)", "auto", Type.CHOICE),
        new CoderParameter("reasoningEffort", "OpenAI reasoning models: minimal (GPT-5 only), low, medium or high; empty ="
            + " the model's default", "", Type.TEXT),
        new CoderParameter("thinkingBudget", "Anthropic extended thinking (>= 1024 and below maxTokens; 0 = off) or Gemini's"
            + " thinking budget (0 = off, -1 = dynamic) in tokens; empty = the provider's default", "", Type.TEXT),
        new CoderParameter("responseFormat", "structured output: auto (json_schema for openai, azure-openai, gemini and"
            + " anthropic without thinking; none for local servers), json_schema ({\"codes\": [string]}; Anthropic as a"
            + " forced tool call, Gemini as a response schema), json_object (JSON mode) or none (the prompt alone)", "auto",
            Type.CHOICE),
        new CoderParameter("failFast", "stop the coder when this many answers in a row are the same non-retryable error"
            + " (auth, unsupported parameter, model not found, bad request) and none has succeeded; 0 = never", "5",
            Type.INTEGER)));
    parameters.addAll(CallParameters.calls("120", "8"));
    parameters.addAll(List.of(
        new CoderParameter("prompt", "zero-shot, few-shot, two-stage (configs/prompts/NAME.txt; for procedures"
            + " configs/prompts/procedures/NAME.txt) or a template file", "zero-shot", Type.TEXT),
        new CoderParameter("examples", "few-shot examples drawn from the training split with the run's seed", "3", Type.INTEGER),
        new CoderParameter("exampleTokens", "approximate tokens kept of each example note", "1000", Type.INTEGER),
        new CoderParameter("candidates", "two-stage: the id of another coder of the run that proposes candidates (e.g. rules)",
            "", Type.TEXT),
        new CoderParameter("candidatesK", "two-stage: how many candidates to show", "30", Type.INTEGER),
        new CoderParameter("contextTokens", "approximate tokens of note text per request (4 characters per token)", "100000",
            Type.INTEGER),
        new CoderParameter("longNotes", "when a note exceeds contextTokens: truncate (keep the start) or split (code each"
            + " chunk, merge the codes)", "truncate", Type.CHOICE),
        new CoderParameter("cache", "reuse answers stored under the cache folder (cacheDir/llm) for identical requests", "true",
            Type.BOOLEAN),
        new CoderParameter("cacheFailure", "when the cache folder cannot be written: warn (one warning; every answer received"
            + " is still kept, scored and counted, and a rerun asks again) or stop (refuse the run before the first request)",
            "warn", Type.CHOICE),
        new CoderParameter("prices", "price table (USD per million tokens per model)", DEFAULT_PRICES, Type.PATH),
        new CoderParameter("price", "this model's price, instead of the price table's: {input: X, output: Y} in USD per"
            + " million tokens (optionally batchInput, batchOutput; default half)", "", Type.TEXT),
        new CoderParameter("mode", "online (one request per prompt) or batch (the provider's batch API: openai, azure-openai,"
            + " anthropic, or an openai-compatible server that has /v1/batches; half price, answers within 24 h)", "online",
            Type.CHOICE),
        new CoderParameter("tokenizer", "how prompt tokens are counted for the dry run and the budget: auto (OpenAI's"
            + " tokenizer for OpenAI models, else an estimate), o200k_base, cl100k_base or estimate", "auto", Type.TEXT),
        new CoderParameter("rpm", "requests per minute the provider allows (paced before sending); 0 = no limit", "0",
            Type.INTEGER),
        new CoderParameter("tpm", "tokens per minute the provider allows (prompt + maxTokens, paced before sending);"
            + " 0 = no limit", "0", Type.INTEGER),
        new CoderParameter("batchMaxRequests", "batch mode: most requests per batch; 0 = the provider's limit (50,000"
            + " OpenAI/Azure, 100,000 Anthropic)", "0", Type.INTEGER),
        new CoderParameter("batchPoll", "batch mode: seconds between status checks", "30", Type.DECIMAL),
        CallParameters.allowedEndpoints(),
        new CoderParameter("rawResponseChars", "characters of the raw answer kept in the annotation raw_response", "2000",
            Type.INTEGER)));
    return List.copyOf(parameters);
  }

  /** Unavailable with the default parameters (what {@code medcode coders} shows). */
  @Override
  public Optional<String> unavailableReason() {
    return unavailableReason(Map.of());
  }

  /** Two-stage: the coder that proposes the candidates. */
  @Override
  public List<String> peers(Map<String, String> parameters) {
    String candidates = parameters.getOrDefault("candidates", "").trim();
    return candidates.isEmpty() ? List.of() : List.of(candidates);
  }

  /** Unavailable for these parameters: a provider that needs a key, a non-loopback endpoint, and no key in its variable. */
  @Override
  public Optional<String> unavailableReason(Map<String, String> parameters) {
    Map<String, String> resolved;
    LlmSettings settings;
    try {
      resolved = CoderParameters.resolve(this, parameters);
      settings = LlmSettings.parse(resolved, 0);
    } catch (MedcodeException e) {
      return Optional.empty(); // a configuration error: create() reports it with its full message
    }
    if (!needsKey(settings) || key(settings) != null) {
      return Optional.empty();
    }
    if (settings.apiKeyEnv().isEmpty()) {
      return Optional.of("provider " + settings.provider().label() + " at " + settings.baseUrl()
          + " needs an API key: name its environment variable with apiKeyEnv");
    }
    return Optional.of("no API key in " + settings.apiKeyEnv() + (parameters.isEmpty()
        ? " (the default provider is openai; a local OpenAI-compatible server needs none: provider openai-compatible, baseUrl"
            + " http://127.0.0.1:8000/v1)" : ""));
  }

  private static boolean needsKey(LlmSettings settings) {
    return settings.provider().needsKey() && !EndpointGuard.isLoopback(host(settings.baseUrl()));
  }

  private String key(LlmSettings settings) {
    if (settings.apiKeyEnv().isEmpty()) {
      return null;
    }
    String value = env.apply(settings.apiKeyEnv());
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String host(String url) {
    String host = URI.create(url).getHost();
    return host == null ? "" : host;
  }

  /** The chat endpoint every request goes to ({@code baseUrl}, or the provider's default). */
  @Override
  public Egress egress(Map<String, String> parameters) {
    return Egress.to(LlmSettings.parse(parameters, 0).baseUrl());
  }

  /** What every use of the coder needs: its settings, the prompts, its price (null when unknown) and the cache. */
  record Setup(LlmSettings settings, Prompts prompts, PriceTable.Price price, String priceSources, ResponseCache cache,
      TokenCounter tokens) {}

  /**
   * Builds the coder's parts without any check of key or egress; {@code withPeers} creates the candidate coder of a
   * two-stage prompt (prompts are rendered), else the prompts have no candidates (none are rendered).
   */
  Setup setup(CoderContext context, Map<String, String> parameters, boolean withPeers) {
    LlmSettings settings = LlmSettings.parse(parameters, context.seed());
    PromptTemplate template = PromptTemplate.load(promptFile(context, settings.prompt()));
    if (template.uses("examples") && settings.examples() > 0 && context.training().isEmpty()) {
      throw new MedcodeException("coder llm: the prompt " + template.name() + " shows few-shot examples from the training"
          + " split, but the config has none: add training: { spec: \"...\" }");
    }
    if (template.uses("candidates") && settings.candidates().isEmpty()) {
      throw new MedcodeException("coder llm: the prompt " + template.name() + " shows candidates; name the coder that"
          + " proposes them with the parameter 'candidates' (e.g. candidates: rules, with that coder in the run)");
    }
    if (!settings.candidates().isEmpty() && !template.uses("candidates")) {
      throw new MedcodeException("coder llm: parameter 'candidates' is set but the prompt " + template.name()
          + " has no {{candidates}}; use prompt: two-stage");
    }
    Coder candidateCoder = settings.candidates().isEmpty() || !withPeers ? null
        : context.peers().apply(settings.candidates());
    String examples = template.uses("examples")
        ? Prompts.examples(context.training(), context.table(), settings.examples(), settings.exampleTokens(), context.seed())
        : "";
    Prompts prompts = new Prompts(template, context.table(), examples, settings.candidates(), candidateCoder,
        settings.candidatesK(), candidateCoder != null && asksAnLlm(candidateCoder));
    PriceTable.Price price = settings.price();
    String sources = "the coder's 'price'";
    if (price == null) {
      PriceTable prices = PriceTable.load(file(context, settings.prices()));
      price = prices.find(settings.model()).orElse(null);
      sources = prices.source() + " or the coder's 'price'";
    }
    ResponseCache cache = settings.cache() ? new ResponseCache(context.cacheDir().resolve("llm")) : null;
    return new Setup(settings, prompts, price, sources, cache,
        TokenCounter.of(settings));
  }

  /**
   * Credentialed data bound for an endpoint not on the allow-list, or a cost budget with a model that has no price:
   * either refuses the run before anything is sent.
   */
  @Override
  public Optional<String> refusal(CoderContext context, Map<String, String> parameters, double maxCost) {
    LlmSettings settings = LlmSettings.parse(parameters, context.seed());
    try {
      EndpointGuard.check("llm", context, settings.baseUrl(), settings.allowedEndpoints());
    } catch (MedcodeException e) {
      return Optional.of(e.getMessage());
    }
    if (settings.price() == null || !DEFAULT_PRICES.equals(settings.prices())) {
      PriceTable.load(file(context, settings.prices())); // a price file that is used or named is checked before anything starts
    }
    if (settings.cache() && settings.stopOnCacheFailure()) {
      Optional<String> unwritable = new ResponseCache(context.cacheDir().resolve("llm")).unwritable();
      if (unwritable.isPresent()) {
        return Optional.of("coder llm: the response cache cannot be written (" + unwritable.get() + ") and cacheFailure"
            + " is stop; make the folder writable (or point --cache-dir or $MEDCODE_CACHE elsewhere), or set cacheFailure:"
            + " warn (answers are then"
            + " kept and scored but not cached) or cache: false");
      }
    }
    if (candidatesFromLlm(settings, context)) {
      return Optional.of("coder llm: its candidates would come from the llm coder '" + settings.candidates() + "', whose"
          + " requests for them are neither counted in this run's cost nor held to its budget (nor sent only once a dry"
          + " run is over); take candidates from a coder that sends nothing (rules, ml-knn, embed-retrieval), or replay"
          + " that coder's predictions of an earlier run (replay)");
    }
    if (maxCost > 0) {
      Setup setup = setup(context, parameters, false);
      if (setup.price() == null) {
        return Optional.of(unpriced(settings, setup.priceSources()) + ", so the cost budget (maxCost "
            + java.math.BigDecimal.valueOf(maxCost).stripTrailingZeros().toPlainString() + ") cannot be held. " + howToPrice(
                settings));
      }
    }
    return Optional.empty();
  }

  /** Whether a coder is an llm coder or asks one (an ensemble with an llm member, at any depth). */
  private static boolean asksAnLlm(Coder coder) {
    return coder instanceof LlmCoder || coder.members().stream().anyMatch(LlmCoderFactory::asksAnLlm);
  }

  /** Whether the coder takes its candidates from another llm coder (whose requests for them would be paid apart). */
  private static boolean candidatesFromLlm(LlmSettings settings, CoderContext context) {
    return !settings.candidates().isEmpty() && context.peers().apply(settings.candidates()) instanceof LlmCoder;
  }

  static String unpriced(LlmSettings settings, String sources) {
    return "coder llm: model " + settings.model() + " has no price (not in " + sources + ")";
  }

  static String howToPrice(LlmSettings settings) {
    return "Give its price in USD per million tokens, in the coder's config: price: {input: X, output: Y}, or as an entry"
        + " of the price file (" + settings.prices() + "): " + settings.model() + ": { input: X, output: Y, checked: YYYY-MM-DD }";
  }

  static final String DEFAULT_PRICES = "configs/llm-prices.yaml";

  /** Answer tokens assumed per request when no cached answer of this configuration says better. */
  static final int ASSUMED_ANSWER_TOKENS = 200;

  /**
   * Builds every prompt, counts its tokens (exactly for OpenAI models, else an estimate), looks each request up in the
   * cache, estimates the answers from cached ones (else {@value #ASSUMED_ANSWER_TOKENS} tokens each) and prices it all
   * online and in batch mode; says where the data would go. Sends nothing and needs no key.
   */
  @Override
  public Optional<Estimate> estimate(CoderContext context, Map<String, String> parameters, List<Admission> admissions)
      throws Exception {
    LlmSettings parsed = LlmSettings.parse(parameters, context.seed());
    // candidates another llm coder would have to be sent for (itself, or as a member of the candidates coder, e.g. an
    // ensemble) are never asked for in a dry run
    boolean paidCandidates = !parsed.candidates().isEmpty() && asksAnLlm(context.peers().apply(parsed.candidates()));
    Setup setup = setup(context, parameters, !paidCandidates);
    LlmSettings settings = setup.settings();
    LlmCoder coder = new LlmCoder(settings, null, setup.prompts(), new AnswerParser(context.table().system()),
        setup.cache(), setup.price(), new Pacer(0, 0), setup.tokens(), null, Map.of());
    long requests = 0;
    long cached = 0;
    long input = 0;
    long worstInput = 0;
    long cachedOutput = 0;
    long cachedAnswers = 0; // distinct answers read from the cache, which the output estimate learns from
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Admission admission : admissions) {
      for (LlmCoder.Request request : coder.requests(admission).list()) {
        requests++;
        // the same request twice: sent once, answered from the cache the second time (a batch sends it once even with
        // cache: false, its custom ids being the keys; online, cache: false sends every request)
        if (!seen.add(request.key()) && (setup.cache() != null || settings.mode() == LlmSettings.Mode.BATCH)) {
          cached++;
          continue;
        }
        var hit = setup.cache() == null ? Optional.<ResponseCache.Entry>empty() : setup.cache().get(request.key());
        if (hit.isPresent()) {
          cached++;
          cachedAnswers++;
          cachedOutput += hit.get().outputTokens();
          continue;
        }
        input += setup.tokens().count(request.system(), request.user());
        worstInput += setup.tokens().upperBound(request.system(), request.user());
      }
    }
    long toSend = requests - cached;
    // the mean of the answers the cache holds: a request repeated in the run is answered by one of them, not another
    boolean learned = cachedAnswers > 0 && cachedOutput > 0;
    long reasoning = learned ? 0 : reasoningEstimate(settings);
    // an answer never runs past maxTokens, reasoning included
    long assumed = Math.min(ASSUMED_ANSWER_TOKENS, settings.maxTokens());
    long perAnswer = learned ? Math.round((double) cachedOutput / cachedAnswers)
        : Math.min(assumed + reasoning, settings.maxTokens());
    String basis = (learned ? "the mean of " + cachedAnswers + " cached answers of this configuration: "
        + perAnswer + " per request" : "assumed " + assumed + " per request (" + (setup.cache() == null
            ? "cache: false, so no cached answers are read to learn from" : "no cached answers to learn from")
        + (assumed < ASSUMED_ANSWER_TOKENS ? "; " + ASSUMED_ANSWER_TOKENS + " capped at maxTokens" : "") + ")"
        + (reasoning > 0 ? " plus " + reasoning + " reasoning/thinking tokens (" + (settings.generation().thinkingBudget()
            != null && settings.generation().thinkingBudget() > 0 ? "the thinking budget" : "the rest of maxTokens, which"
            + " a reasoning model may spend thinking") + "), billed as output" : ""))
        + "; at most maxTokens " + settings.maxTokens() + " each";
    long output = toSend * perAnswer;
    PriceTable.Price price = setup.price();
    List<String> notes = new java.util.ArrayList<>();
    if (paidCandidates) {
      notes.add("prompts counted without the candidates of the " + (candidatesFromLlm(parsed, context) ? "llm coder '"
          + settings.candidates() + "'" : "coder '" + settings.candidates() + "', which asks an llm coder")
          + " (a dry run does not send its requests)");
    }
    String key = key(settings);
    if (key == null && needsKey(settings)) {
      notes.add("unavailable now: " + unavailableReason(parameters).orElse("no API key") + " (a run would skip this coder)");
    }
    String egress;
    try {
      EndpointGuard.check("llm", context, settings.baseUrl(), settings.allowedEndpoints());
      egress = "allowed: " + settings.baseUrl() + (context.credentialedData()
          ? " is on allowedEndpoints (" + EndpointGuard.allowed(context, settings.allowedEndpoints()).describe()
              + ") for this credentialed data"
          : " (public data; allowedEndpoints guards credentialed data only)");
    } catch (MedcodeException e) {
      egress = "refused: " + e.getMessage();
    }
    return Optional.of(new Estimate(admissions.size(), requests, cached, input, setup.tokens().label(), output, basis,
        price == null ? null : price.cost(input, output, false), price == null ? null : price.cost(input, output, true),
        price == null ? null : price.cost(worstInput, toSend * settings.maxTokens(), false),
        price == null ? null : price.cost(worstInput, toSend * settings.maxTokens(), true),
        price == null ? "unknown: " + unpriced(settings, setup.priceSources()) + ". " + howToPrice(settings)
            : price.describe(), egress, notes));
  }

  /** Reasoning or thinking tokens assumed per request: the thinking budget, else what maxTokens leaves a reasoning model. */
  static long reasoningEstimate(LlmSettings settings) {
    Integer budget = settings.generation().thinkingBudget();
    if (budget != null && budget > 0) {
      return budget;
    }
    if (settings.generation().family() == LlmSettings.Family.REASONING && settings.provider().openAiWire()) {
      return Math.max(0, settings.maxTokens() - ASSUMED_ANSWER_TOKENS);
    }
    return 0;
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    LlmSettings settings = LlmSettings.parse(parameters, context.seed());
    String key = key(settings);
    if (key == null && needsKey(settings)) {
      throw new MedcodeException("coder llm: " + unavailableReason(parameters).orElse("no API key"));
    }
    Redaction.register(key);
    EndpointGuard.check("llm", context, settings.baseUrl(), settings.allowedEndpoints());
    Setup setup = setup(context, parameters, true);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("mode", settings.mode().label());
    facts.put("family", settings.generation().describe(settings));
    facts.put("response_format", settings.generation().responseFormat().label() + (settings.generation().responseFormat()
        == LlmSettings.ResponseFormat.JSON_SCHEMA ? " ({\"codes\": [string]}" + (settings.provider() == Provider.ANTHROPIC
            ? " as a forced tool call)" : settings.provider() == Provider.GEMINI ? " as the response schema)" : ", strict)")
        : settings.generation().responseFormat() == LlmSettings.ResponseFormat.JSON_OBJECT ? " (JSON mode)"
        : " (the prompt alone; answers read by the lenient parser)")
        + (settings.generation().responseFormat() != LlmSettings.ResponseFormat.JSON_SCHEMA
            && (settings.provider() == Provider.OPENAI || settings.provider() == Provider.AZURE_OPENAI)
            && LlmSettings.ResponseFormat.ofOpenAiModel(settings.model()) == settings.generation().responseFormat()
            ? "; " + settings.model() + " takes no JSON schema" : ""));
    if (setup.price() == null) {
      String warning = unpriced(settings, setup.priceSources()) + ": its cost is recorded as 0 and no cost budget can stop"
          + " it. " + howToPrice(settings);
      context.listener().warning(warning);
      facts.put("price", "unknown: " + warning);
    } else {
      facts.put("price", setup.price().describe());
    }
    facts.put("prompt_tokens", setup.tokens().label());
    if (settings.rpm() > 0 || settings.tpm() > 0) {
      facts.put("pacing", "rpm " + settings.rpm() + ", tpm " + settings.tpm() + " (0 = none)");
    }
    if (setup.cache() != null) {
      setup.cache().warnTo(message -> context.listener().warning("llm: " + message));
      setup.cache().warnIfUnwritable();
    }
    Pacer pacer = new Pacer(settings.rpm(), settings.tpm(), message -> context.listener().warning("llm: " + message));
    Duration connect = CallParameters.connectTimeout(settings.timeout());
    ChatGateway gateway = null;
    BatchRun batch = null;
    if (settings.mode() == LlmSettings.Mode.BATCH) {
      java.net.http.HttpClient client = TimedHttp.newJdkClient(connect);
      BatchApi api = settings.provider() == Provider.ANTHROPIC ? new AnthropicBatchApi(settings, key, client)
          : new OpenAiBatchApi(settings, key, client);
      PriceTable.Price price = setup.price();
      TokenCounter tokens = setup.tokens();
      batch = new BatchRun(api, settings, setup.cache(), context.listener(), request -> price == null ? 0
          : price.cost(tokens.upperBound(request.system(), request.user()), settings.maxTokens(), true),
          reply -> price == null ? 0 : reply.inputTokens() < 0 || reply.outputTokens() < 0 ? Double.NaN
              : price.cost(reply.inputTokens(), reply.outputTokens(), true));
    } else {
      gateway = LangChainGateway.create(settings, key, () -> TimedHttp.newJdkClient(connect), pacer::observe);
    }
    LlmCoder coder = new LlmCoder(settings, gateway, setup.prompts(), new AnswerParser(context.table().system()),
        setup.cache(), setup.price(), pacer, setup.tokens(), batch, facts);
    coder.warnTo(context.listener()::warning);
    return coder;
  }

  /** A built-in prompt (zero-shot, the default; few-shot; two-stage): the file it is read from. */
  @Override
  public Map<String, Path> namedFiles(CoderContext context, Map<String, String> parameters) {
    String prompt = parameters.getOrDefault("prompt", "zero-shot").trim();
    return BUILT_IN_PROMPTS.contains(prompt) ? Map.of("prompt", promptFile(context, prompt)) : Map.of();
  }

  private Path promptFile(CoderContext context, String prompt) {
    return BUILT_IN_PROMPTS.contains(prompt) ? file(context, builtInPrompt(context, prompt), true)
        : file(context, prompt, false);
  }

  /** Code systems of procedures and services, whose built-in prompts ask for what was done, not for diagnoses. */
  static final Set<CodeSystemId> PROCEDURE_SYSTEMS = Set.of(CodeSystemId.ICD10PCS, CodeSystemId.ICD9PCS,
      CodeSystemId.CPT, CodeSystemId.HCPCS);

  /**
   * The file of a built-in prompt: {@code configs/prompts/NAME.txt}, which asks for the diagnoses, or for a table of
   * procedures ({@link #PROCEDURE_SYSTEMS}) {@code configs/prompts/procedures/NAME.txt}, which asks for the procedures.
   */
  static String builtInPrompt(CoderContext context, String prompt) {
    boolean procedures = context.table() != null && PROCEDURE_SYSTEMS.contains(context.table().system().id());
    return "configs/prompts/" + (procedures ? "procedures/" : "") + prompt + ".txt";
  }

  private Path file(CoderContext context, String name) {
    return file(context, name, false);
  }

  /**
   * Where a file a parameter names is read from. A built-in prompt is medcode's own file: under $MEDCODE_HOME when it
   * is there. Any other relative path is the user's, read as the rules coder reads its folder: where the run's relative
   * paths are read from ({@link CoderContext#path}: the directory a resumed run started in when the file is there,
   * else the working directory), then under $MEDCODE_HOME (the checkout's {@code configs/llm-prices.yaml} from another
   * folder). Otherwise the working directory's path, which the loader then reports as missing.
   */
  Path file(CoderContext context, String name, boolean builtIn) {
    Path path = Path.of(name);
    if (path.isAbsolute()) {
      return path;
    }
    String home = env.apply("MEDCODE_HOME");
    Path inHome = home == null || home.isBlank() ? null : Path.of(home).resolve(path);
    Path here = context.path(name).toAbsolutePath();
    if (builtIn && inHome != null && Files.exists(inHome)) {
      return inHome;
    }
    if (Files.exists(here) || inHome == null || !Files.exists(inHome)) {
      return here;
    }
    return inHome;
  }
}
