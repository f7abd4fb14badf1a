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
import org.medcode.dataset.Admission;

/**
 * The configured {@code llm} coder. Per admission: fit the note into the context budget (truncate or split), render
 * the prompt, answer each chunk from the cache or the model (through the adaptive limiter, with retries for 429, 5xx
 * and timeouts only, exponential backoff with jitter, {@code Retry-After} honoured, within one deadline per admission),
 * parse the answers, merge the codes of all chunks in order, and report tokens, cost and annotations.
 */
final class LlmCoder implements Coder {
  private final LlmSettings settings;
  private final ChatGateway gateway;
  private final Prompts prompts;
  private final AnswerParser parser;
  private final ResponseCache cache;
  private final PriceTable.Price price;
  private final AdaptiveLimiter limiter;
  private final String cacheIdentity;

  LlmCoder(LlmSettings settings, ChatGateway gateway, Prompts prompts, AnswerParser parser, ResponseCache cache,
      PriceTable.Price price) {
    this.settings = settings;
    this.gateway = gateway;
    this.prompts = prompts;
    this.parser = parser;
    this.cache = cache;
    this.price = price;
    this.limiter = new AdaptiveLimiter(settings.maxInFlight());
    this.cacheIdentity = String.join("|", settings.provider().label(), settings.baseUrl(), settings.model(),
        "temperature=" + settings.temperature(), "maxTokens=" + settings.maxTokens(), "seed=" + settings.seed());
  }

  @Override
  public int concurrency() {
    return settings.maxInFlight();
  }

  AdaptiveLimiter limiter() {
    return limiter;
  }

  @Override
  public CoderResult code(Admission admission) throws Exception {
    long deadline = System.nanoTime() + settings.deadline().toNanos();
    NoteWindow.Fitted fitted = NoteWindow.fit(admission.text(), settings.contextTokens(), settings.longNotes());
    String candidates = prompts.candidates(admission);
    Set<String> codes = new LinkedHashSet<>();
    Metered metered = new Metered();
    List<String> raw = new ArrayList<>();
    String emptyReason = null;
    for (String chunk : fitted.chunks()) {
      String system = prompts.system(chunk, candidates);
      String user = prompts.user(chunk, candidates);
      ChatGateway.Reply reply = answer(system, user, deadline, metered);
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
    annotations.put("context", fitted.annotation());
    String joined = String.join("\n---\n", raw);
    annotations.put("raw_response_sha256", PromptTemplate.sha256(joined));
    annotations.put("raw_response", joined.length() <= settings.rawResponseChars() ? joined
        : joined.substring(0, settings.rawResponseChars()) + "…[" + joined.length() + " chars]");
    if (codes.isEmpty()) {
      annotations.put("empty_answer", emptyReason == null ? "no code" : emptyReason);
    }
    if (price == null && metered.calls > 0) {
      annotations.put("cost", "unpriced: " + settings.model() + " is not in the price table");
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
    boolean cachedOnly = true;

    void add(long inputTokens, long outputTokens, boolean fromCache) {
      input += inputTokens;
      output += outputTokens;
      if (!fromCache && price != null) {
        cost += price.cost(inputTokens, outputTokens);
      }
      cachedOnly &= fromCache;
    }

    CoderResult.Usage usage() {
      return new CoderResult.Usage(input, output, cost, calls, cachedOnly && calls == 0);
    }
  }

  /** The reply for one prompt: from the cache, else from the model (then cached). */
  private ChatGateway.Reply answer(String system, String user, long deadline, Metered metered) throws Exception {
    String key = ResponseCache.key(cacheIdentity, prompts.template().sha256(), system, user);
    if (cache != null) {
      var hit = cache.get(key);
      if (hit.isPresent()) {
        ResponseCache.Entry entry = hit.get();
        metered.add(entry.inputTokens(), entry.outputTokens(), true);
        return new ChatGateway.Reply(entry.text(), entry.refusal(), entry.finishReason(), entry.inputTokens(),
            entry.outputTokens());
      }
    }
    ChatGateway.Reply reply = call(system, user, deadline, metered);
    metered.add(reply.inputTokens(), reply.outputTokens(), false);
    if (cache != null) {
      cache.put(key, new ResponseCache.Entry(reply.text(), reply.refusal(), reply.finishReason(), reply.inputTokens(),
          reply.outputTokens()));
    }
    return reply;
  }

  private ChatGateway.Reply call(String system, String user, long deadline, Metered metered) throws Exception {
    Failure last = null;
    for (int attempt = 0; ; attempt++) {
      AdaptiveLimiter.Permit permit = limiter.acquire(deadline);
      if (permit == null) {
        throw overDeadline(last, attempt, metered);
      }
      metered.calls++;
      try {
        ChatGateway.Reply reply = gateway.chat(system, user);
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
          throw overDeadline(failure, attempt + 1, metered);
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

  private CoderException overDeadline(Failure last, int attempts, Metered metered) {
    String kind = last == null ? Failure.TIMEOUT : last.kind();
    return new CoderException(kind, "no answer within the deadline of " + settings.deadline().toMillis() + " ms per admission"
        + (last == null ? " (waiting for a free request slot)" : "; last failure: " + last.message()) + attempts(attempts),
        null, metered.usage());
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
          int code = status.statusCode();
          if (code == 429) {
            boolean quota = status.getMessage().contains("insufficient_quota");
            return new Failure(quota ? "quota" : RATE_LIMITED, !quota, status.retryAfter(),
                quota ? "the account's quota is exhausted (HTTP 429 insufficient_quota)" : "rate limited (HTTP 429)");
          }
          if (code >= 500) {
            return new Failure("server_error", true, status.retryAfter(), status.getMessage());
          }
          if (code == 408) {
            return new Failure(TIMEOUT, true, null, "the server timed out the request (HTTP 408)");
          }
          if (code == 401 || code == 403) {
            return new Failure("auth", false, null, status.getMessage() + " (check the API key and its permissions)");
          }
          return new Failure("http_4xx", false, null, status.getMessage());
        }
        if (t instanceof HttpTransport.CallTimeoutException || t instanceof java.net.http.HttpTimeoutException
            || t instanceof java.util.concurrent.TimeoutException || t instanceof dev.langchain4j.exception.TimeoutException) {
          return new Failure(TIMEOUT, true, null, "timed out: " + t.getMessage());
        }
        if (t instanceof ConnectException || t instanceof UnresolvedModelServerException
            || t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.io.IOException) {
          return new Failure("connection", false, null, "cannot reach the model server: " + t);
        }
      }
      return new Failure("bad_response", false, null, "the model call failed: " + error);
    }
  }
}
