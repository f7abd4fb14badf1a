package org.medcode.coder.llm;

import dev.langchain4j.exception.UnresolvedModelServerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.medcode.Launcher;
import org.medcode.Plural;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderResult;
import org.medcode.coder.CoderStoppedException;
import org.medcode.coder.CodingSession;
import org.medcode.coder.remote.AdaptiveLimiter;
import org.medcode.coder.remote.CallFailure;
import org.medcode.coder.remote.Redaction;
import org.medcode.coder.remote.ResponseCache;
import org.medcode.coder.remote.Retrying;
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
  private final Retrying retrying;
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
    this.retrying = new Retrying(new AdaptiveLimiter(settings.maxInFlight()), settings.maxRetries(), settings.backoff(),
        settings.deadline());
    this.cacheIdentity = cacheIdentity(settings);
  }

  /** Everything besides the messages that decides an answer: the same in online and batch mode, so either fills the other's cache. */
  static String cacheIdentity(LlmSettings settings) {
    String identity = String.join("|", settings.provider().label(), settings.baseUrl(), settings.model(),
        "temperature=" + settings.temperature(), "maxTokens=" + settings.maxTokens(), "seed=" + settings.seed());
    LlmSettings.Generation generation = settings.generation();
    if (generation.family() == LlmSettings.Family.CHAT && generation.thinkingBudget() == null
        && generation.responseFormat() == LlmSettings.ResponseFormat.NONE) {
      return identity; // requests as before families and formats existed: their cached answers still apply
    }
    return String.join("|", identity, "family=" + generation.family().label(), "effort=" + generation.reasoningEffort(),
        "thinking=" + generation.thinkingBudget(), "format=" + generation.responseFormat().label());
  }

  @Override
  public int concurrency() {
    return batch != null ? 1 : settings.maxInFlight();
  }

  AdaptiveLimiter limiter() {
    return retrying.limiter();
  }

  @Override
  public Map<String, String> facts() {
    Map<String, String> all = new LinkedHashMap<>(facts);
    long noUsage = earlier.noUsage() + estimatedUsage.get();
    if (noUsage > 0) {
      all.put("usage_estimated", CoderResult.Estimated.usageEstimatedFact(noUsage));
    }
    if (reasoningTokens.get() > 0) {
      all.put("reasoning_tokens", reasoningTokens.get() + " of the output tokens of this session's calls were reasoning or"
          + " thinking (billed as output)");
    }
    long worstCases = earlier.worstCases() + worstCaseCounted.sum();
    if (worstCases > 0) {
      all.put("cost_worst_case", CoderResult.Estimated.costWorstCaseFact(worstCases,
          earlier.worstCaseCost() + worstCaseCost.sum()));
    }
    String unsupported = this.unsupported.get();
    if (unsupported != null) {
      all.put("unsupported_parameter", unsupported);
    }
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
    if (price == null) {
      return 0; // unpriced: refused under a budget before the run
    }
    if (batch != null) { // what the batches brought back for it and no admission was charged for yet
      double due = 0;
      for (Request request : requests(admission).list()) {
        due += before(request) + due(batch.unclaimed(request.key(), recorded), request);
      }
      return due;
    }
    double worst = 0;
    Map<String, ResponseCache.Entry> hits = new java.util.HashMap<>();
    for (Request request : requests(admission).list()) {
      worst += charge(request, hits);
    }
    reserved.put(admission.id(), hits);
    return worst;
  }

  @Override
  public void release(Admission admission) {
    reserved.remove(admission.id());
  }

  /** How many admissions hold cached answers that {@link #worstCaseCost} read for them (for tests). */
  int reservations() {
    return reserved.size();
  }

  /**
   * The cached answers {@link #worstCaseCost} read for an admission (by admission id, then cache key): {@link #code}
   * answers from them rather than reading the shared cache again, where an entry pruned (or replaced) meanwhile would
   * send a paid request the admission did not reserve. A request it found no answer for reserved its worst case, so
   * the cache is read again for it.
   */
  private final Map<String, Map<String, ResponseCache.Entry>> reserved = new ConcurrentHashMap<>();

  /**
   * The most answering one request may charge its admission: its worst case when it is sent; nothing when the cache
   * answers, unless the answer is one this run folder paid for and neither its log nor this session has counted yet
   * (its killed session's), which {@link #answer} charges to the admission: then what it cost. Plus what a failed
   * answer of that killed session cost when {@code --retry-failed} sends its request again ({@link #replaced}), and the
   * worst case of each of its attempts whose outcome is unknown ({@link #unlogged}).
   */
  private double charge(Request request, Map<String, ResponseCache.Entry> hits) {
    double before = before(request);
    var hit = cache == null || reasking.contains(request.key()) ? java.util.Optional.<ResponseCache.Entry>empty()
        : cache.get(request.key());
    if (hit.isEmpty()) { // sent: also a failed answer --retry-failed asks again
      return before + worstCase(request);
    }
    ResponseCache.Entry entry = hit.get();
    hits.put(request.key(), entry);
    if (!uncounted(entry, request) || paidBefore.contains(receipt(entry, request))) {
      return before;
    }
    return before + cost(reply(entry), request);
  }

  /** What an answer cost online: its tokens at the price, or the request's worst case when it came without usage. */
  /**
   * What answering a request charges its admission for earlier payments no log line counts: the failed answer of a
   * killed session that {@code --retry-failed} sends again ({@link #replaced}), and each attempt of one whose outcome is
   * unknown ({@link #unlogged}).
   */
  private double before(Request request) {
    Replaced earlier = replaced.get(request.key());
    double before = earlier == null ? 0 : earlier.reply() == null ? worstCase(request) : cost(earlier.reply(), request);
    return before + unlogged.getOrDefault(request.key(), List.of()).size() * worstCase(request);
  }

  /** What a batch outcome charges the admission that claims it: its cost at the batch price, else its worst case. */
  private double due(BatchRun.Outcome outcome, Request request) {
    return outcome == null ? 0 : outcome.reply() == null ? worstCase(request) : cost(outcome.reply(), request, true);
  }

  /**
   * Batch mode: what preparing each admission in {@code session} commits, the requests it submits at their worst case
   * (and answers brought back for it that no admission was charged for, which coding it charges): a request this
   * coder's batches answered and charged already costs nothing, as does one the cache answers; one in a batch of the
   * session folder that this coder has not read yet (a killed session's) counts at its worst case. Asked before {@link
   * #prepare} (by an ensemble), a two-stage prompt's candidates come from then on from the session's logged answers too.
   */
  @Override
  public double[] commitments(List<Admission> pending, CodingSession session) throws Exception {
    prompts.readFrom(session.answered());
    double[] costs = new double[pending.size()];
    if (batch == null || price == null) {
      return costs;
    }
    Set<String> submitted = session.folder() == null ? Set.of() : batch.submittedIn(session.folder());
    for (int i = 0; i < costs.length; i++) {
      Requests requests;
      try {
        requests = requests(pending.get(i));
      } catch (CoderException e) {
        continue; // e.g. its candidates are missing: preparing it submits nothing, coding it fails
      }
      for (Request request : requests.list()) {
        costs[i] += commitment(request, submitted, session);
      }
    }
    return costs;
  }

  private double commitment(Request request, Set<String> submitted, CodingSession session) {
    if (batch.outcome(request.key()) != null) {
      BatchRun.Outcome due = batch.unclaimed(request.key(), session.receipts());
      return due != null ? due(due, request) : session.retryFailed() ? worstCase(request) : 0;
    }
    if (submitted.contains(request.key())) {
      return worstCase(request);
    }
    var hit = cache == null ? java.util.Optional.<ResponseCache.Entry>empty() : cache.get(request.key());
    return hit.isPresent() && !(session.retryFailed() && failure(hit.get())) ? 0 : worstCase(request);
  }

  private double cost(ChatGateway.Reply reply, Request request) {
    return cost(reply, request, false);
  }

  /** What a reply cost at the online or batch price; its request's worst case when its usage is unknown. */
  private double cost(ChatGateway.Reply reply, Request request, boolean inBatch) {
    return reply.inputTokens() >= 0 && reply.outputTokens() >= 0
        ? price.cost(reply.inputTokens(), reply.outputTokens(), inBatch) : worstCase(request);
  }

  /** A cached answer as the reply it was. */
  private static ChatGateway.Reply reply(ResponseCache.Entry entry) {
    return new ChatGateway.Reply(entry.text(), entry.refusal(), entry.finishReason(), entry.inputTokens(),
        entry.outputTokens(), entry.reasoningTokens(), entry.servedModel(), entry.fingerprint());
  }

  /**
   * Whether a cached answer was paid for by a request of this run folder (its killed session, or this one) and the
   * folder's log records no line that paid it ({@link CodingSession#receipts}): e.g. the first chunk of a split note
   * whose failed line counted it is free for {@code --retry-failed}.
   */
  private boolean uncounted(ResponseCache.Entry entry, Request request) {
    return runFolder != null && runFolder.equals(entry.paidIn()) && !recorded.contains(receipt(entry, request));
  }

  /** The receipt of a cached answer's payment: its own, or its key for an answer cached before receipts existed. */
  private static String receipt(ResponseCache.Entry entry, Request request) {
    return entry.receipt() != null ? entry.receipt() : request.key();
  }

  /**
   * Online: when the first admissions need a request, LangChain4j is warmed up once on this thread and the HTTP client
   * built, before the requests start together (a rerun the cache answers skips both). A two-stage prompt's candidates
   * are read from the run folder's log, known once the session is ({@link #prepare}): it looks there.
   */
  @Override
  public void open(List<Admission> pending) throws Exception {
    if (batch != null) {
      return;
    }
    if (prompts.showsCandidates()) {
      opening = pending;
      return;
    }
    warmUp(pending);
  }

  /** A two-stage coder's admissions, when opened, until {@link #prepare} looks whether they need a request. */
  private volatile List<Admission> opening;

  private void warmUp(List<Admission> pending) throws Exception {
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

  /**
   * Batch mode: every pending request is submitted, waited for and collected, within the session's budget. A two-stage
   * prompt's candidates come from then on from what the candidates coder logged in the session's run folder.
   */
  @Override
  public List<Admission> prepare(List<Admission> pending, CodingSession session) throws Exception {
    prompts.readFrom(session.answered());
    earlier = session.logged().estimated();
    List<Admission> opened = opening;
    opening = null;
    if (opened != null) {
      warmUp(opened);
    }
    runFolder = session.folder() == null ? null : session.folder().toAbsolutePath().normalize().toString();
    room = session.room();
    recorded = session.receipts();
    claims = session.claims();
    if (ledger != null) {
      ledger.close(); // an earlier session's (the coder's own, before an ensemble asks it)
    }
    ledger = session.folder() == null ? null : WorstCaseLedger.in(session.folder());
    reserved.clear();
    unlogged.clear();
    if (ledger != null) {
      unlogged.putAll(ledger.unlogged(recorded));
      if (cache != null) { // answered and cached under its receipt: the cache charges what it cost (answer)
        unlogged.replaceAll((key, receipts) -> {
          String answered = cache.get(key).map(ResponseCache.Entry::receipt).orElse(null);
          return receipts.stream().filter(r -> !r.equals(answered)).toList();
        });
        unlogged.values().removeIf(List::isEmpty);
      }
    }
    if (batch == null && !session.retryFailed()) {
      return pending;
    }
    Map<Admission, Requests> all = new LinkedHashMap<>(); // an admission without requests is not in it
    for (Admission admission : pending) {
      try {
        all.put(admission, requests(admission));
      } catch (CoderException e) {
        // e.g. its candidates are missing: nothing to send, code() records the failure
      }
    }
    Set<String> reask = session.retryFailed() ? forgetFailedAnswers(all.values()) : Set.of();
    if (batch == null) {
      return pending;
    }
    Set<String> answerable = batch.prepare(all.values().stream().flatMap(r -> r.list().stream()).toList(), session,
        reask);
    batch.replaced().forEach((key, outcome) -> replaced.put(key, new Replaced(outcome.receipt(), outcome.reply())));
    List<Admission> ready = new ArrayList<>();
    for (Admission admission : pending) {
      Requests requests = all.get(admission);
      if (requests == null || requests.list().stream().allMatch(r -> answerable.contains(r.key()) || cached(r.key()))) {
        ready.add(admission);
      }
    }
    return ready;
  }

  /**
   * With {@code --retry-failed}: the cached answers of the pending admissions that were failures (a refusal, no code
   * list, cut off at the token limit) leave the cache, so that those requests are sent again; a rerun without it gets
   * the same answers back at no cost. Good answers stay (e.g. those received before a run was killed). One that this run
   * folder's killed session paid for and never logged is charged with the new answer ({@link #replaced}); online, it
   * stays in the cache, unused, until the new answer replaces it, as it is the only record of that payment should this
   * session stop before. Returns their keys.
   */
  private Set<String> forgetFailedAnswers(java.util.Collection<Requests> pending) {
    Set<String> forgotten = new java.util.HashSet<>();
    if (cache == null) {
      return forgotten;
    }
    for (Requests requests : pending) {
      for (Request request : requests.list()) {
        var hit = cache.get(request.key());
        if (hit.isPresent() && failure(hit.get()) && !answeredInThisSession(hit.get(), request)) {
          ResponseCache.Entry entry = hit.get();
          if (uncounted(entry, request)) {
            replaced.put(request.key(), new Replaced(receipt(entry, request), reply(entry)));
          }
          if (batch == null) {
            reasking.add(request.key());
          } else {
            cache.remove(request.key()); // the batch's result files keep what it paid for
          }
          forgotten.add(request.key());
        }
      }
    }
    return forgotten;
  }

  /**
   * Whether this session received the answer already (it is not asked again in the session: an ensemble retrying its
   * failures asks its member after the member's own retry).
   */
  private boolean answeredInThisSession(ResponseCache.Entry entry, Request request) {
    return batch != null ? batch.claimed(request.key()) : entry.receipt() != null && paidBefore.contains(entry.receipt());
  }

  /** Whether a cached answer makes the admission fail (see {@link #failureKind}). */
  private boolean failure(ResponseCache.Entry answer) {
    String text = answer.text() == null ? "" : answer.text();
    return failureKind(answer.refusal(), answer.finishReason(), parser.parse(text)) != null;
  }

  /**
   * The failure an answer is, or null when it gives codes (or none): {@code refusal} (flagged by the provider, or an
   * apology), {@code truncated} (cut off at the token limit: its list, if any, is incomplete and its last code may be
   * cut short, whatever it parses to), {@code unparseable} (no code list).
   */
  private static String failureKind(String refusal, String finishReason, AnswerParser.Answer answer) {
    if (refusal != null || answer.kind() == AnswerParser.Kind.REFUSAL) {
      return "refusal";
    }
    if ("length".equals(finishReason)) {
      return "truncated";
    }
    return answer.kind() == AnswerParser.Kind.UNPARSEABLE ? "unparseable" : null;
  }

  /**
   * Codes one admission; whatever fails, the message recorded for it carries no key ({@link Redaction}). Once
   * {@code failFast} answers in a row were the same systematic error and none succeeded, nothing more is sent: the
   * coder stops ({@link CoderStoppedException}) with that error and its fix.
   */
  @Override
  public CoderResult code(Admission admission) throws Exception {
    String stop = stopped;
    if (stop != null) {
      throw new CoderStoppedException(stop);
    }
    try {
      CoderResult result = codeOne(admission);
      streak.answered();
      return result;
    } catch (CoderException e) {
      String message = Redaction.redact(e.getMessage());
      stopIfSystematic(e.kind(), message);
      if (java.util.Objects.equals(message, e.getMessage())) {
        throw e;
      }
      throw new CoderException(e.kind(), message, null, e.usage());
    }
  }

  /** The kinds of failure that every other request of the run would meet too: wrong settings, key or endpoint. */
  static final Set<String> SYSTEMATIC = Set.of("auth", "quota", "unsupported_parameter", "model_not_found", "bad_request",
      "http_4xx", "connection", "tls", "truncated");

  private volatile String stopped;
  private final Streak streak = new Streak();
  private final java.util.concurrent.atomic.AtomicLong reasoningTokens = new java.util.concurrent.atomic.AtomicLong();
  /** Requests of this session counted at their worst case because no answer of them was read ({@link Metered#atWorstCase}). */
  private final java.util.concurrent.atomic.LongAdder worstCaseCounted = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.DoubleAdder worstCaseCost = new java.util.concurrent.atomic.DoubleAdder();
  /** Answers that came without token usage and were paid for an estimate. */
  private final java.util.concurrent.atomic.AtomicLong estimatedUsage = new java.util.concurrent.atomic.AtomicLong();
  /**
   * The estimates that the lines of the run folder's log counted before this session ({@link #prepare}): with this
   * session's, what {@link #facts} says of the run's cost.
   */
  private volatile CoderResult.Estimated earlier = CoderResult.Estimated.NONE;
  /** The run's budget for another attempt after one whose outcome is unknown ({@link #prepare}). */
  private volatile org.medcode.coder.CodingSession.Room room = org.medcode.coder.CodingSession.Room.UNLIMITED;
  /** The coder's folder in the run ({@link #prepare}), which the answers it pays for name in the cache. */
  private volatile String runFolder;
  /** The receipts of the answers this session charged to an admission (or paid for itself). */
  private final Set<String> paidBefore = ConcurrentHashMap.newKeySet();
  /** The receipts the run folder's log records ({@link #prepare}): what they paid for is counted. */
  private volatile Set<String> recorded = Set.of();
  /**
   * The receipts charged in the session ({@link #prepare}), shared with the other coders prepared with it (an
   * ensemble's members): a payment is charged to an admission only by the coder that claims it first.
   */
  private volatile CodingSession.Claims claims = new CodingSession.Claims();

  /**
   * A payment of this run folder that no log line counts (its session was killed before) for a request that
   * {@code --retry-failed} sends again: the answer that was a failure ({@code reply}), or a batch request without a
   * result line (null: its worst case). The admission that sends the request again is charged for it too.
   */
  private record Replaced(String receipt, ChatGateway.Reply reply) {}

  /** Such payments by cache key ({@link #forgetFailedAnswers}, {@link BatchRun#replaced}); each charged once. */
  private final Map<String, Replaced> replaced = new ConcurrentHashMap<>();
  /** Where each attempt is recorded before it is sent ({@link Metered#sending}, {@link #prepare}); null: none. */
  private volatile WorstCaseLedger ledger;
  /**
   * The receipts of attempts that a session of this run folder counted at their worst case and no log line names (the
   * session was killed before it logged their admission), by cache key: the admission that sends the request again is
   * charged for them, once.
   */
  private final Map<String, List<String>> unlogged = new ConcurrentHashMap<>();
  /** Online: the keys whose cached answers were failures that {@code --retry-failed} sends again, until answered. */
  private final Set<String> reasking = ConcurrentHashMap.newKeySet();
  /** Requests being sent now, by cache key: an admission with the same prompt waits for that answer. */
  private final Map<String, CompletableFuture<ChatGateway.Reply>> sending = new ConcurrentHashMap<>();

  private final java.util.concurrent.atomic.AtomicReference<String> unsupported = new java.util.concurrent.atomic.AtomicReference<>();

  /** The same failure, counted while no request of this session has been answered. */
  private static final class Streak {
    private boolean answered;
    private String signature;
    private int count;

    synchronized void answered() {
      answered = true;
    }

    /** Counts a failure; true when it makes {@code threshold} identical ones in a row with no answer yet. */
    synchronized boolean failed(String kind, String message, int threshold) {
      if (answered || threshold <= 0) {
        return false;
      }
      if (!SYSTEMATIC.contains(kind)) {
        signature = null;
        count = 0;
        return false;
      }
      // truncated answers differ in their text, not in their cause (maxTokens)
      String next = kind.equals("truncated") ? kind : kind + "|" + message.replaceAll(" \\(\\d+ attempts?\\)$", "");
      count = next.equals(signature) ? count + 1 : 1;
      signature = next;
      return count >= threshold;
    }
  }

  private void stopIfSystematic(String kind, String message) {
    int threshold = settings.generation().failFast();
    if (batch != null) {
      return; // a batch sent every request together: stopping would save nothing and leave answers unread
    }
    if (streak.failed(kind, message, threshold)) {
      stopped = "the first " + threshold + " requests all failed the same way (" + kind + ") and none was answered, so"
          + " no more were sent: " + (kind.equals("truncated") ? "every answer hit maxTokens " + settings.maxTokens()
              + " before it ended; raise maxTokens (a reasoning model spends part of it thinking)"
              : message.replaceAll(" \\(\\d+ attempts?\\)$", ""))
          + (kind.equals("unsupported_parameter") || kind.equals("model_not_found") || kind.equals("bad_request") ? ""
              : kind.equals("auth") ? " (set the key in " + settings.apiKeyEnv() + ")"
              : kind.equals("connection") || kind.equals("tls") ? " (check baseUrl " + settings.baseUrl() + ")" : "")
          + ". (failFast: " + threshold + "; 0 never stops)";
    }
  }

  private CoderResult codeOne(Admission admission) throws Exception {
    long deadline = System.nanoTime() + settings.deadline().toNanos();
    Requests requests = requests(admission);
    Map<String, ResponseCache.Entry> hits = java.util.Objects.requireNonNullElse(reserved.remove(admission.id()),
        Map.of());
    Set<String> codes = new LinkedHashSet<>();
    Metered metered = new Metered();
    List<String> raw = new ArrayList<>();
    String emptyReason = null;
    Set<String> served = new LinkedHashSet<>();
    Set<String> fingerprints = new LinkedHashSet<>();
    for (Request request : requests.list()) {
      ChatGateway.Reply reply = answer(request, deadline, metered, hits);
      if (reply.servedModel() != null && !reply.servedModel().isBlank()) {
        served.add(reply.servedModel());
      }
      if (reply.fingerprint() != null && !reply.fingerprint().isBlank()) {
        fingerprints.add(reply.fingerprint());
      }
      String text = reply.text() == null ? "" : reply.text();
      raw.add(text);
      AnswerParser.Answer answer = parser.parse(text);
      String failed = failureKind(reply.refusal(), reply.finishReason(), answer);
      if (failed != null) {
        String sha = "raw response sha256 " + ResponseCache.sha256(text);
        String excerpt = HttpTransport.excerpt(text);
        throw new CoderException(failed, switch (failed) {
          case "refusal" -> reply.refusal() != null ? "the model refused: " + HttpTransport.excerpt(reply.refusal())
              : "the model refused (" + sha + "): " + excerpt;
          case "truncated" -> "the answer hit maxTokens " + settings.maxTokens() + " before it ended (finish_reason"
              + " length); raise maxTokens in the config and start a new run (a resumed run keeps the settings it"
              + " started with); " + sha + ": " + excerpt;
          default -> answer.reason() + "; " + sha + ": " + excerpt;
        }, null, metered.usage());
      }
      if (answer.kind() == AnswerParser.Kind.EMPTY) {
        emptyReason = emptyReason == null ? answer.reason() : emptyReason;
      } else {
        codes.addAll(answer.codes());
      }
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (!served.isEmpty()) {
      annotations.put("served_model", CoderResult.listAnnotation(served.stream().map(Redaction::redact).toList()));
    }
    if (!fingerprints.isEmpty()) {
      annotations.put("system_fingerprint",
          CoderResult.listAnnotation(fingerprints.stream().map(Redaction::redact).toList()));
    }
    List<String> estimates = new ArrayList<>();
    if (metered.estimated) {
      estimates.add("the provider reported no token usage");
    }
    if (metered.worstCases > 0) {
      estimates.add(Plural.of(metered.worstCases, "attempt") + " counted at the worst"
          + " case, no answer read (timed out, unreadable, or out when a run was killed)");
    }
    if (!estimates.isEmpty()) {
      annotations.put("usage", "estimated: " + String.join("; ", estimates));
    }
    annotations.put("response_format", settings.generation().responseFormat().label());
    annotations.put("prompt", prompts.template().name());
    annotations.put("prompt_sha256", prompts.template().sha256());
    annotations.put("context", requests.context());
    String answered = String.join("\n---\n", raw);
    annotations.put("raw_response_sha256", ResponseCache.sha256(answered));
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
  private final class Metered implements Retrying.Meter {
    long input;
    long output;
    long reasoning;
    double cost;
    int calls;
    boolean batched;
    boolean cachedOnly = true;
    /** Replies this admission got (from the model, the cache or a batch): none for a failure never answered. */
    int replies;
    /** Some reply of this admission had no usage from the provider: its tokens are estimates. */
    boolean estimated;
    /** Attempts of this admission counted at their worst case ({@link #atWorstCase}): no answer of theirs was read. */
    int worstCases;
    /** What those attempts cost, at their worst case. */
    double worstCaseSpent;
    /** Replies of this admission that had no usage from the provider ({@link #withUsage}). */
    int noUsage;
    /** The receipts of the answers this admission paid for ({@link CoderResult.Usage#receipts}). */
    final List<String> receipts = new ArrayList<>();

    void add(ChatGateway.Reply reply, boolean paid, boolean inBatch) {
      long inputTokens = reply.inputTokens();
      long outputTokens = reply.outputTokens();
      input += inputTokens;
      output += outputTokens;
      reasoning += reply.reasoningTokens();
      if (paid) {
        reasoningTokens.addAndGet(reply.reasoningTokens());
      }
      if (paid && price != null) {
        cost += price.cost(inputTokens, outputTokens, inBatch);
      }
      cachedOnly &= !paid;
      replies++;
    }

    /**
     * An answer received and billed but not read ({@link #paidUnread}): its tokens are unknown, so it counts at the
     * request's worst case (the prompt's tokens bounded from above and a full maxTokens answer), which is what the
     * admission reserved against maxCost for it.
     */
    void unread(Request request) {
      atWorstCase(request, false);
    }

    /**
     * A request the provider may have billed though no answer of it was read (an answer that cannot be read, a batch
     * result line that is missing or malformed, an attempt whose outcome is unknown): counted at its worst case, the
     * prompt's tokens bounded from above and a full maxTokens answer, at the online or batch price, and said so
     * ({@link #facts()} {@code cost_worst_case}).
     */
    void atWorstCase(Request request, boolean inBatch) {
      long inputTokens = tokens.upperBound(request.system(), request.user());
      input += inputTokens;
      output += settings.maxTokens();
      double worst = price == null ? 0 : price.cost(inputTokens, settings.maxTokens(), inBatch);
      cost += worst;
      cachedOnly = false;
      worstCases++;
      worstCaseSpent += worst;
      worstCaseCounted.increment();
      worstCaseCost.add(worst);
      if (worstCaseCounted.sum() == 1 && warnings != null) {
        warnings.accept("llm: a request the provider may have billed left no answer that was read (an answer that"
            + " cannot be read, a batch result line missing or malformed, or an attempt whose outcome is unknown: it timed"
            + " out or its connection broke after it was sent, or it was in flight when an earlier session was killed):"
            + " it counts in cost and maxCost at its worst case (the prompt's tokens bounded from above and a full"
            + " maxTokens answer), an estimate; facts.cost_worst_case says how much of the cost is such estimates");
      }
    }

    /** How long this admission's calls waited for the rate limits (its deadline is that much later). */
    long paced;

    /**
     * The worst case of the request whose last attempt's outcome is unknown (it was counted at it, spending what the
     * admission reserved for the request): another attempt needs that much room in the budget; 0 when none does.
     */
    double retryNeeds;

    /** Why the last attempt counted at its worst case could not be recorded in the ledger; null when it was. */
    String unrecorded;

    /** The receipt under which the attempt being sent was recorded before it left ({@link #sending}); null: none. */
    String sent;

    /**
     * Records the attempt about to be sent in the run folder's ledger under a receipt this admission's line names,
     * whatever its outcome: a session killed while it is out (the provider answers, and bills, a request whose answer
     * nobody reads) leaves it to the resumed one, which charges it once at its worst case, or at what its answer cost
     * when the cache kept that answer under the same receipt. A ledger that cannot be written leaves it unrecorded,
     * and {@link #record} records it after an attempt whose outcome is unknown.
     */
    void sending(Request request) {
      sent = null;
      WorstCaseLedger ledger = LlmCoder.this.ledger;
      if (ledger == null) {
        return;
      }
      try {
        sent = recordIn(ledger, request);
      } catch (java.io.UncheckedIOException e) {
        // recorded after the attempt if its outcome is unknown, or said so then (record)
      }
    }

    /** Writes the attempt's line under a new receipt, which this admission's line will name. */
    private String recordIn(WorstCaseLedger ledger, Request request) {
      String receipt = java.util.UUID.randomUUID().toString();
      ledger.record(request.key(), receipt);
      receipts.add(receipt);
      return receipt;
    }

    /**
     * Records the attempt just counted at its worst case in the run folder ({@link WorstCaseLedger}) under a receipt
     * this admission's line names, before another attempt is sent: a session killed before that line is written leaves
     * it to the resumed one, which charges it once.
     */
    void record(Request request) {
      WorstCaseLedger ledger = LlmCoder.this.ledger;
      if (ledger == null || sent != null) {
        return;
      }
      try {
        recordIn(ledger, request);
      } catch (java.io.UncheckedIOException e) {
        unrecorded = e.getMessage() + " (" + e.getCause().getMessage() + ")";
      }
    }

    @Override
    public CallFailure beforeRetry(CallFailure failure) throws InterruptedException {
      double needs = retryNeeds;
      retryNeeds = 0;
      String unrecorded = this.unrecorded;
      this.unrecorded = null;
      if (unrecorded != null) { // a kill during another attempt would lose what this one may have cost
        return new CallFailure(failure.kind(), false, null, failure.message() + "; another attempt was not sent, as"
            + " the worst case of this one could not be recorded: " + unrecorded);
      }
      if (needs <= 0 || room.reserve(needs)) {
        return null;
      }
      return new CallFailure(CoderException.BUDGET, false, null, failure.message() + "; another attempt (worst case "
          + String.format(java.util.Locale.ROOT, "%.6f", needs) + " USD) does not fit the cost budget (maxCost) beside"
          + " what was spent and what the admissions in flight may spend, so it was not sent; raise the budget and code"
          + " it again with " + Launcher.WRITTEN + " run --resume RUN_DIR --retry-failed --max-cost N");
    }

    @Override
    public void attempted() {
      calls++;
    }

    @Override
    public void paced(long nanos) {
      paced += nanos;
    }

    @Override
    public CoderResult.Usage usage() {
      return new CoderResult.Usage(input, output, cost, calls, cachedOnly && calls == 0 && replies > 0, reasoning,
          receipts, new CoderResult.Estimated(noUsage, worstCases, worstCaseSpent));
    }
  }

  /**
   * The reply for one prompt: from the cache (the answer its reservation read, {@code hits}, if any), else from the
   * batch results, else from the model (then cached).
   */
  private ChatGateway.Reply answer(Request request, long deadline, Metered metered,
      Map<String, ResponseCache.Entry> hits) throws Exception {
    for (String receipt : java.util.Objects.requireNonNullElse(unlogged.remove(request.key()), List.<String>of())) {
      if (!claims.claim(receipt)) {
        continue; // charged by another coder of the session (an identical ensemble member sending the same request)
      }
      metered.calls++; // an attempt of a killed session whose outcome is unknown: its worst case is this admission's
      metered.receipts.add(receipt);
      metered.atWorstCase(request, false);
    }
    Replaced earlier = replaced.remove(request.key());
    if (earlier != null && claims.claim(earlier.receipt())) { // paid for by a killed session, never logged, and asked again: its cost is this admission's too
      metered.calls++;
      metered.batched = batch != null;
      metered.receipts.add(earlier.receipt());
      if (earlier.reply() == null) {
        metered.atWorstCase(request, true);
      } else {
        metered.add(withUsage(earlier.reply(), request, metered), true, batch != null);
      }
    }
    if (cache != null && !reasking.contains(request.key())) {
      var hit = hits.containsKey(request.key()) ? java.util.Optional.of(hits.get(request.key()))
          : cache.get(request.key());
      if (hit.isPresent()) {
        ResponseCache.Entry entry = hit.get();
        // answered by this run's batch, or paid by this run folder's killed session and never logged: its cost is ours
        String receipt = batch != null ? batch.claim(request.key())
            : uncounted(entry, request) && paidBefore.add(receipt(entry, request)) ? receipt(entry, request) : null;
        boolean paidHere = receipt != null && claims.claim(receipt);
        if (paidHere) {
          metered.calls++;
          metered.batched = batch != null;
          metered.receipts.add(receipt);
        }
        ChatGateway.Reply reply = withUsage(reply(entry), request, metered);
        metered.add(reply, paidHere, batch != null);
        return reply;
      }
    }
    if (batch != null) {
      BatchRun.Outcome outcome = batch.outcome(request.key());
      if (outcome == null) {
        throw new CoderException("batch_missing", "no batch answered this request (key " + request.key().substring(0, 12)
            + "…); code it again with " + Launcher.WRITTEN + " run --resume RUN_DIR --retry-failed", null, metered.usage());
      }
      String receipt = batch.claim(request.key());
      boolean paidHere = receipt != null && claims.claim(receipt);
      if (paidHere) {
        metered.receipts.add(receipt);
      }
      if (outcome.reply() == null) {
        String message = outcome.message();
        if (paidHere) { // processed in a completed batch but no readable result: the provider may have billed it
          metered.calls++;
          metered.batched = true;
          metered.atWorstCase(request, true);
          message += "; the provider may have billed it: counted in cost and maxCost at its worst case (an estimate:"
              + " the prompt's tokens bounded from above and a full maxTokens answer at the batch price)";
        }
        throw new CoderException(outcome.kind(), message, null, metered.usage());
      }
      ChatGateway.Reply reply = withUsage(outcome.reply(), request, metered);
      if (paidHere) {
        metered.calls++;
        metered.batched = true;
      }
      metered.add(reply, paidHere, true);
      return reply;
    }
    // The same prompt already on its way for another admission (identical notes, or identical windows of long ones):
    // wait for that answer instead of paying for it twice, as the cache would answer it a moment later.
    CompletableFuture<ChatGateway.Reply> mine = null;
    if (cache != null) {
      CompletableFuture<ChatGateway.Reply> candidate = new CompletableFuture<>();
      CompletableFuture<ChatGateway.Reply> other = sending.putIfAbsent(request.key(), candidate);
      if (other == null) {
        mine = candidate;
      } else {
        ChatGateway.Reply shared = awaitShared(other, deadline);
        if (shared != null) {
          metered.add(shared, false, false);
          return shared;
        }
        // that request failed, or is still out at this admission's deadline: this one is sent on its own
      }
    }
    try {
      ChatGateway.Reply reply = withUsage(call(request, deadline, metered), request, metered);
      metered.add(reply, true, false);
      if (cache != null) { // what the provider sent, with any secret it echoed redacted, as everything medcode stores
        String receipt = metered.sent; // the receipt the attempt was recorded under before it was sent
        if (receipt == null) {
          receipt = java.util.UUID.randomUUID().toString();
          metered.receipts.add(receipt);
        }
        paidBefore.add(receipt); // counted here: another admission with the same prompt gets it free
        claims.claim(receipt); // and another coder of the session (an identical ensemble member) too
        cache.put(request.key(), new ResponseCache.Entry(Redaction.redact(reply.text()), Redaction.redact(reply.refusal()),
            reply.finishReason(), reply.inputTokens(), reply.outputTokens(), reply.reasoningTokens(),
            Redaction.redact(reply.servedModel()), Redaction.redact(reply.fingerprint()), runFolder, receipt));
        reasking.remove(request.key()); // answered again: the cache has the new answer
      }
      if (mine != null) {
        mine.complete(reply);
      }
      return reply;
    } finally {
      if (mine != null) {
        mine.complete(null); // a failure: the admissions waiting for it send their own
        sending.remove(request.key(), mine);
      }
    }
  }

  /** The answer another admission's identical request got, or null when it failed or is not back by {@code deadline}. */
  private static ChatGateway.Reply awaitShared(CompletableFuture<ChatGateway.Reply> other, long deadline)
      throws InterruptedException {
    try {
      return other.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  /**
   * The reply with the token counts the provider did not report (no usage in its answer; a refusal LangChain4j turns
   * into an exception) estimated from above, from the prompt and the answer, so that they are paid for and held against
   * {@code maxCost} like any other; counted in {@code facts.usage_estimated} and said once on the console.
   */
  private ChatGateway.Reply withUsage(ChatGateway.Reply reply, Request request, Metered metered) {
    if (reply.inputTokens() >= 0 && reply.outputTokens() >= 0) {
      return reply;
    }
    metered.estimated = true;
    metered.noUsage++;
    if (estimatedUsage.getAndIncrement() == 0 && warnings != null) {
      warnings.accept("llm: the provider sent an answer without token usage: its tokens are estimated from above (prompt"
          + " and answer, " + tokens.label() + ") and counted in cost and maxCost; facts.usage_estimated counts such answers");
    }
    long input = reply.inputTokens() >= 0 ? reply.inputTokens() : tokens.upperBound(request.system(), request.user());
    long output = reply.outputTokens() >= 0 ? reply.outputTokens()
        : tokens.upperBound(reply.text() != null ? reply.text() : reply.refusal());
    return new ChatGateway.Reply(reply.text(), reply.refusal(), reply.finishReason(), input, output, reply.reasoningTokens(),
        reply.servedModel(), reply.fingerprint());
  }


  private ChatGateway.Reply call(Request request, long deadline, Metered metered) throws Exception {
    long needed = pacer.counts() ? tokens.upperBound(request.system(), request.user()) + settings.maxTokens() : 1;
    return retrying.call(() -> {
      metered.retryNeeds = 0;
      metered.sending(request);
      try {
        return gateway.chat(request.system(), request.user());
      } catch (RuntimeException e) {
        if (paidUnread(e)) {
          metered.unread(request);
        } else if (outcomeUnknown(e)) { // it may have been completed and billed: counted so, a retry needs more room
          metered.atWorstCase(request, false);
          metered.retryNeeds = worstCase(request);
          metered.record(request);
        }
        throw e;
      }
    }, until -> pacer.acquire(needed), this::classify, deadline + metered.paced, metered);
  }

  /**
   * Whether a failed call got the model server's own answer (2xx) and could not read it: larger than
   * {@link org.medcode.coder.remote.AnswerBody#LARGEST}, not decompressing, cut short, or JSON that does not parse. The
   * provider bills such an answer as any other, so it counts as paid ({@link Metered#unread}).
   */
  static boolean paidUnread(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.medcode.coder.remote.AnswerBody.TooLargeException
          || t instanceof org.medcode.coder.remote.AnswerBody.UndecodableException
          || t instanceof HttpTransport.BadResponseException bad && bad.paid()
          || t instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        return true;
      }
      if (t instanceof HttpTransport.BadResponseException || t instanceof HttpTransport.StatusException) {
        return false; // not an answer of the model server's (a proxy's page, an empty body) or an error status
      }
    }
    return false;
  }

  /**
   * Whether a failed call may have been completed, and billed, by the model server with its answer lost on the way: it
   * timed out after the request was sent, or the connection broke after it reached the server (a connect timeout or a
   * refused connection sent nothing; an error status is the server's known answer).
   */
  static boolean outcomeUnknown(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.net.ConnectException) {
        return false;
      }
    }
    CallFailure failure = CallFailure.of(error, LlmCoder::special);
    return failure.kind().equals(CallFailure.TIMEOUT) || failure.kind().equals("connection") && failure.retriable();
  }

  /**
   * Why a call failed, as the run counts it ({@link #special} failures of this client, else as any call), with a
   * rejected parameter explained in the config's terms, and said once on the console.
   */
  private CallFailure classify(Throwable error) {
    CallFailure failure = CallFailure.of(error, t -> {
      CallFailure rejected = t instanceof HttpTransport.StatusException status
          ? Rejection.of(settings, status.statusCode(), status.body()) : null;
      return rejected != null ? rejected : special(t);
    });
    if (paidUnread(error)) {
      failure = new CallFailure(failure.kind(), failure.retriable(), failure.retryAfter(), failure.message()
          + " (the provider bills it all the same: counted in cost and maxCost at its worst case, the prompt's tokens"
          + " and a full maxTokens answer)");
    }
    if (outcomeUnknown(error)) {
      failure = new CallFailure(failure.kind(), failure.retriable(), failure.retryAfter(), failure.message()
          + " (the server may have answered and billed it: counted in cost and maxCost at its worst case, the prompt's"
          + " tokens and a full maxTokens answer, an estimate)");
    }
    if (!Rejection.KINDS.contains(failure.kind())) {
      return failure;
    }
    if (unsupported.compareAndSet(null, failure.message()) && warnings != null) {
      warnings.accept("llm: " + Launcher.runnable(failure.message())); // the failure's log line keeps Launcher.WRITTEN
    }
    return failure;
  }

  private volatile java.util.function.Consumer<String> warnings;

  /** Where the one console message about a rejected parameter goes. */
  void warnTo(java.util.function.Consumer<String> sink) {
    warnings = sink;
  }

  /**
   * The failures of this coder's own client (null for any other error): bodies that are not an answer, LangChain4j's
   * own timeouts and unresolved servers.
   */
  private static CallFailure special(Throwable t) {
    if (t instanceof HttpTransport.BadResponseException bad) {
      return new CallFailure("bad_response", false, null, bad.getMessage());
    }
    if (t instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
      return new CallFailure("bad_response", false, null, "the model server's answer is not the JSON expected (truncated"
          + " or malformed): " + Redaction.redact(json.getOriginalMessage()));
    }
    if (t instanceof dev.langchain4j.exception.TimeoutException) {
      return new CallFailure(CallFailure.TIMEOUT, true, null, "timed out: " + t.getMessage());
    }
    if (t instanceof UnresolvedModelServerException) {
      return new CallFailure("connection", false, null, "cannot reach the model server: " + Redaction.redact(t.toString()));
    }
    return null;
  }

  /** Ends the HTTP client (the run's calls are over). */
  @Override
  public void close() {
    reserved.clear();
    if (ledger != null) {
      ledger.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (batch != null) {
      batch.close();
    }
  }
}
