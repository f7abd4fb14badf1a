package org.medcode.coder.llm;

import dev.langchain4j.exception.UnresolvedModelServerException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderResult;
import org.medcode.coder.CodingSession;
import org.medcode.dataset.Admission;

/**
 * The configured {@code llm} coder. Per admission: fit the note into the context budget (truncate or split), render
 * the prompt, answer each chunk from the cache, from the provider's batch results (mode batch, collected in
 * {@link #prepare}) or from the model (online: paced to rpm/tpm, through the adaptive limiter, with retries for 429,
 * 5xx and timeouts only, exponential backoff with jitter, {@code Retry-After} honoured, within one deadline per
 * admission), parse the answers, merge the codes of all chunks in order, and report tokens, cost and annotations.
 */
final class LlmCoder implements Coder {
  private final LlmSettings settings;
  private final ChatGateway gateway;
  private final Prompts prompts;
  private final AnswerParser parser;
  private final ResponseCache cache;
  private final PriceTable.Price price;
  private final AdaptiveLimiter limiter;
  private final Pacer pacer;
  private final TokenCounter tokens;
  private final BatchRun batch;
  private final String cacheIdentity;
  private final Map<String, String> facts;

  LlmCoder(LlmSettings settings, ChatGateway gateway, Prompts prompts, AnswerParser parser, ResponseCache cache,
      PriceTable.Price price, Pacer pacer, TokenCounter tokens, BatchRun batch, Map<String, String> facts) {
    this.settings = settings;
    this.gateway = gateway;
    this.prompts = prompts;
    this.parser = parser;
    this.cache = cache;
    this.price = price;
    this.pacer = pacer;
    this.tokens = tokens;
    this.batch = batch;
    this.facts = Map.copyOf(facts);
    this.limiter = new AdaptiveLimiter(settings.maxInFlight());
    this.cacheIdentity = cacheIdentity(settings);
  }

  /** Everything besides the messages that decides an answer: the same in online and batch mode, so either fills the other's cache. */
  static String cacheIdentity(LlmSettings settings) {
    return String.join("|", settings.provider().label(), settings.baseUrl(), settings.model(),
        "temperature=" + settings.temperature(), "maxTokens=" + settings.maxTokens(), "seed=" + settings.seed());
  }

  @Override
  public int concurrency() {
    return batch != null ? 1 : settings.maxInFlight();
  }

  AdaptiveLimiter limiter() {
    return limiter;
  }

  @Override
  public Map<String, String> facts() {
    Map<String, String> all = new LinkedHashMap<>(facts);
    if (batch != null) {
      all.putAll(batch.facts());
    }
    if (cache != null && cache.problem() != null) {
      all.put("cache", cache.problem());
    }
    return all;
  }

  /** One request of an admission: its messages and cache key. */
  record Request(String system, String user, String key) {}

  /** The requests an admission needs, one per chunk of its note, and how its note was fitted. */
  record Requests(List<Request> list, String context) {}

  Requests requests(Admission admission) throws Exception {
    NoteWindow.Fitted fitted = NoteWindow.fit(admission.text(), settings.contextTokens(), settings.longNotes());
    String candidates = prompts.candidates(admission);
    List<Request> list = new ArrayList<>();
    for (String chunk : fitted.chunks()) {
      String system = prompts.system(chunk, candidates);
      String user = prompts.user(chunk, candidates);
      list.add(new Request(system, user, ResponseCache.key(cacheIdentity, prompts.template().sha256(), system, user)));
    }
    return new Requests(list, fitted.annotation());
  }

  boolean cached(String key) {
    return cache != null && cache.contains(key);
  }

  /** The most one request may cost: every prompt token counted (or bounded) and a full maxTokens answer. */
  double worstCase(Request request) {
    return price == null ? 0 : price.cost(tokens.upperBound(request.system(), request.user()), settings.maxTokens(),
        batch != null);
  }

  @Override
  public double worstCaseCost(Admission admission) throws Exception {
    if (price == null || batch != null) {
      return 0; // unpriced: refused under a budget before the run; batch mode: the budget was held when submitting
    }
    double worst = 0;
    for (Request request : requests(admission).list()) {
      worst += cached(request.key()) ? 0 : worstCase(request);
    }
    return worst;
  }

  /**
   * Online: when the first admissions need a request, LangChain4j is warmed up once on this thread and the HTTP client
   * built, before the requests start together (a rerun the cache answers skips both).
   */
  @Override
  public void open(List<Admission> pending) throws Exception {
    if (batch != null) {
      return;
    }
    for (Admission admission : pending.subList(0, Math.min(pending.size(), 2 * settings.maxInFlight()))) {
      boolean needsRequest;
      try {
        needsRequest = requests(admission).list().stream().anyMatch(request -> !cached(request.key()));
      } catch (Exception e) {
        continue; // e.g. the candidate coder failed on it: code() records that as the admission's failure
      }
      if (needsRequest) {
        LangChainGateway.warmUp(settings);
        gateway.open();
        return;
      }
    }
  }

  /** Batch mode: every pending request is submitted, waited for and collected, within the session's budget. */
  @Override
  public List<Admission> prepare(List<Admission> pending, CodingSession session) throws Exception {
    if (batch == null) {
      return pending;
    }
    Map<Admission, Requests> all = new LinkedHashMap<>();
    for (Admission admission : pending) {
      all.put(admission, requests(admission));
    }
    Set<String> answerable = batch.prepare(all.values().stream().flatMap(r -> r.list().stream()).toList(), session);
    List<Admission> ready = new ArrayList<>();
    all.forEach((admission, requests) -> {
      if (requests.list().stream().allMatch(r -> answerable.contains(r.key()) || cached(r.key()))) {
        ready.add(admission);
      }
    });
    return ready;
  }

  /** Codes one admission; whatever fails, the message recorded for it carries no key ({@link Redaction}). */
  @Override
  public CoderResult code(Admission admission) throws Exception {
    try {
      return codeOne(admission);
    } catch (CoderException e) {
      String message = Redaction.redact(e.getMessage());
      if (java.util.Objects.equals(message, e.getMessage())) {
        throw e;
      }
      throw new CoderException(e.kind(), message, null, e.usage());
    }
  }

  private CoderResult codeOne(Admission admission) throws Exception {
    long deadline = System.nanoTime() + settings.deadline().toNanos();
    Requests requests = requests(admission);
    Set<String> codes = new LinkedHashSet<>();
    Metered metered = new Metered();
    List<String> raw = new ArrayList<>();
    String emptyReason = null;
    for (Request request : requests.list()) {
      ChatGateway.Reply reply = answer(request, deadline, metered);
      String text = reply.text() == null ? "" : reply.text();
      raw.add(text);
      if (reply.refusal() != null) {
        throw new CoderException("refusal", "the model refused: " + HttpTransport.excerpt(reply.refusal()), null,
            metered.usage());
      }
      AnswerParser.Answer answer = parser.parse(text);
      switch (answer.kind()) {
        case REFUSAL -> throw new CoderException("refusal", "the model refused (raw response sha256 "
            + PromptTemplate.sha256(text) + "): " + HttpTransport.excerpt(text), null, metered.usage());
        case UNPARSEABLE -> throw new CoderException("unparseable", answer.reason()
            + ("length".equals(reply.finishReason()) ? " (the answer hit maxTokens " + settings.maxTokens() + ")" : "")
            + "; raw response sha256 " + PromptTemplate.sha256(text) + ": " + HttpTransport.excerpt(text), null,
            metered.usage());
        case EMPTY -> emptyReason = emptyReason == null ? answer.reason() : emptyReason;
        case CODES -> codes.addAll(answer.codes());
      }
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("prompt", prompts.template().name());
    annotations.put("prompt_sha256", prompts.template().sha256());
    annotations.put("context", requests.context());
    String answered = String.join("\n---\n", raw);
    annotations.put("raw_response_sha256", PromptTemplate.sha256(answered));
    String joined = Redaction.redact(answered);
    annotations.put("raw_response", joined.length() <= settings.rawResponseChars() ? joined
        : joined.substring(0, settings.rawResponseChars()) + "…[" + joined.length() + " chars]");
    if (codes.isEmpty()) {
      annotations.put("empty_answer", emptyReason == null ? "no code" : emptyReason);
    }
    if (price == null && (metered.calls > 0 || metered.batched)) {
      annotations.put("cost", "unpriced: " + settings.model() + " is not in the price table");
    }
    if (metered.batched) {
      annotations.put("mode", "batch");
    }
    List<CodeSuggestion> suggestions = codes.stream().map(code -> new CodeSuggestion(code, null)).toList();
    return new CoderResult(suggestions, metered.usage(), annotations);
  }

  /** Tokens and calls spent on one admission so far. */
  private final class Metered {
    long input;
    long output;
    double cost;
    int calls;
    boolean batched;
    boolean cachedOnly = true;

    void add(long inputTokens, long outputTokens, boolean paid, boolean inBatch) {
      input += inputTokens;
      output += outputTokens;
      if (paid && price != null) {
        cost += price.cost(inputTokens, outputTokens, inBatch);
      }
      cachedOnly &= !paid;
    }

    CoderResult.Usage usage() {
      return new CoderResult.Usage(input, output, cost, calls, cachedOnly && calls == 0);
    }
  }

  /** The reply for one prompt: from the cache, else from the batch results, else from the model (then cached). */
  private ChatGateway.Reply answer(Request request, long deadline, Metered metered) throws Exception {
    if (cache != null) {
      var hit = cache.get(request.key());
      if (hit.isPresent()) {
        ResponseCache.Entry entry = hit.get();
        boolean paidHere = batch != null && batch.claim(request.key()); // answered by this run's batch: its cost is ours
        if (paidHere) {
          metered.calls++;
          metered.batched = true;
        }
        metered.add(entry.inputTokens(), entry.outputTokens(), paidHere, true);
        return new ChatGateway.Reply(entry.text(), entry.refusal(), entry.finishReason(), entry.inputTokens(),
            entry.outputTokens());
      }
    }
    if (batch != null) {
      BatchRun.Outcome outcome = batch.outcome(request.key());
      if (outcome == null) {
        throw new CoderException("batch_missing", "no batch answered this request (key " + request.key().substring(0, 12)
            + "…); code it again with ./medcode run --resume RUN_DIR --retry-failed", null, metered.usage());
      }
      boolean paidHere = batch.claim(request.key());
      if (outcome.reply() == null) {
        throw new CoderException(outcome.kind(), outcome.message(), null, metered.usage());
      }
      ChatGateway.Reply reply = outcome.reply();
      if (paidHere) {
        metered.calls++;
        metered.batched = true;
      }
      metered.add(reply.inputTokens(), reply.outputTokens(), paidHere, true);
      return reply;
    }
    ChatGateway.Reply reply = call(request, deadline, metered);
    metered.add(reply.inputTokens(), reply.outputTokens(), true, false);
    if (cache != null) {
      cache.put(request.key(), new ResponseCache.Entry(reply.text(), reply.refusal(), reply.finishReason(),
          reply.inputTokens(), reply.outputTokens()));
    }
    return reply;
  }

  private ChatGateway.Reply call(Request request, long deadline, Metered metered) throws Exception {
    Failure last = null;
    long needed = pacer.counts() ? tokens.upperBound(request.system(), request.user()) + settings.maxTokens() : 1;
    for (int attempt = 0; ; attempt++) {
      if (!pacer.acquire(needed, deadline)) {
        throw overDeadline(last, attempt, metered, " (waiting for the rpm/tpm limit)");
      }
      AdaptiveLimiter.Permit permit = limiter.acquire(deadline);
      if (permit == null) {
        throw overDeadline(last, attempt, metered, " (waiting for a free request slot)");
      }
      metered.calls++;
      try {
        ChatGateway.Reply reply = gateway.chat(request.system(), request.user());
        limiter.release(permit, false, true, null);
        return reply;
      } catch (RuntimeException e) {
        Failure failure = Failure.of(e);
        limiter.release(permit, failure.kind().equals(Failure.RATE_LIMITED), false, failure.retryAfter());
        last = failure;
        if (!failure.retriable() || attempt >= settings.maxRetries()) {
          throw new CoderException(failure.kind(), failure.message() + attempts(attempt + 1), e, metered.usage());
        }
        long wait = failure.retryAfter() != null ? failure.retryAfter().toNanos() : backoff(attempt);
        if (System.nanoTime() + wait - deadline >= 0) {
          throw overDeadline(failure, attempt + 1, metered, "");
        }
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
  }

  /** Exponential backoff with "equal jitter": between half and all of base·2^attempt. */
  private long backoff(int attempt) {
    long full = settings.backoff().toNanos() << Math.min(attempt, 20);
    return full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1);
  }

  private CoderException overDeadline(Failure last, int attempts, Metered metered, String waiting) {
    String kind = last == null ? Failure.TIMEOUT : last.kind();
    return new CoderException(kind, "no answer within the deadline of " + settings.deadline().toMillis() + " ms per admission"
        + (last == null ? waiting : "; last failure: " + last.message()) + attempts(attempts), null, metered.usage());
  }

  private static String attempts(int n) {
    return " (" + n + (n == 1 ? " attempt)" : " attempts)");
  }

  /** Why a call failed, as the run counts it, and whether another attempt may help. */
  record Failure(String kind, boolean retriable, Duration retryAfter, String message) {
    static final String RATE_LIMITED = "rate_limited";
    static final String TIMEOUT = "timeout";

    static Failure of(Throwable error) {
      for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof HttpTransport.StatusException status) {
          return ofStatus(status.statusCode(), status.getMessage(), status.retryAfter());
        }
        if (t instanceof HttpTransport.BadResponseException bad) {
          return new Failure("bad_response", false, null, bad.getMessage());
        }
        if (t instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
          return new Failure("bad_response", false, null, "the model server's answer is not the JSON expected (truncated"
              + " or malformed): " + Redaction.redact(json.getOriginalMessage()));
        }
        if (t instanceof HttpTransport.CallTimeoutException || t instanceof java.net.http.HttpTimeoutException
            || t instanceof java.util.concurrent.TimeoutException || t instanceof dev.langchain4j.exception.TimeoutException) {
          return new Failure(TIMEOUT, true, null, "timed out: " + t.getMessage());
        }
        if (t instanceof ConnectException || t instanceof UnresolvedModelServerException
            || t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.io.IOException) {
          return new Failure("connection", false, null, "cannot reach the model server: " + Redaction.redact(t.toString()));
        }
      }
      return new Failure("bad_response", false, null, "the model call failed: " + Redaction.redact(error.toString()));
    }

    /** A failure by HTTP status, online or in a batch's per-request result. */
    static Failure ofStatus(int code, String message, Duration retryAfter) {
      if (code == 429) {
        boolean quota = message.contains("insufficient_quota");
        return new Failure(quota ? "quota" : RATE_LIMITED, !quota, retryAfter,
            quota ? "the account's quota is exhausted (HTTP 429 insufficient_quota)" : "rate limited (HTTP 429)");
      }
      if (code >= 500) {
        return new Failure("server_error", true, retryAfter, Redaction.redact(message));
      }
      if (code == 408) {
        return new Failure(TIMEOUT, true, null, "the server timed out the request (HTTP 408)");
      }
      if (code == 401 || code == 403) {
        return new Failure("auth", false, null, Redaction.redact(message) + " (check the API key and its permissions)");
      }
      return new Failure("http_4xx", false, null, Redaction.redact(message));
    }
  }
}
