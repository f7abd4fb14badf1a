package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.coder.CoderStoppedException;
import org.medcode.coder.CodingSession;
import org.medcode.coder.RunListener;
import org.medcode.coder.remote.Redaction;
import org.medcode.coder.remote.ResponseCache;

/**
 * Mode batch: the requests of every pending admission go to the provider's batch API in batches within its limits; the
 * run folder keeps each batch's request file, id and state ({@code <coder>/batches/state.json}, rewritten atomically at
 * every step), so that a run killed at any point and resumed picks up what it submitted instead of paying twice. Then it
 * waits, showing submitted / in progress / completed counts, downloads each finished batch's results into the run
 * folder, and answers the coder from them: replies (stored in the response cache too, under the online key), or
 * per-request failures by kind ({@code batch_expired}, {@code batch_cancelled}, {@code batch_rejected},
 * {@code batch_missing}, or the HTTP failure kinds of online mode), which {@code --retry-failed} sends again in a
 * follow-up batch.
 *
 * <p>A request's custom id is its cache key (SHA-256 of everything that decides the answer), so identical requests are
 * sent once. Keys already answered (cache or an earlier batch of this run folder) or in a batch still running are never
 * sent again; a batch whose creation was interrupted is found at the provider by its input file (OpenAI, Azure) or by
 * its size and creation time (Anthropic) and adopted.
 */
final class BatchRun {
  static final String FOLDER = "batches";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What became of one request: a reply, or a failure ({@code reply} null) of a kind with a message; {@code receipt}
   * names it (the batch and the request) in the log of the admission charged for it.
   */
  record Outcome(ChatGateway.Reply reply, String kind, String message, String receipt) {}

  private final BatchApi api;
  private final LlmSettings settings;
  private final ResponseCache cache;
  private final RunListener listener;
  private String coderLabel;
  private final java.util.function.ToDoubleFunction<LlmCoder.Request> worstCase;
  private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
  /** The request keys of each batch's requests file, by its path ({@link #progress}). */
  private final Map<Path, List<String>> keysOfFile = new ConcurrentHashMap<>();
  private final Set<String> claimed = ConcurrentHashMap.newKeySet();
  private final Map<String, String> facts = new LinkedHashMap<>();
  private Path folder;
  private ObjectNode state;

  /** What a received answer cost at the batch price; NaN when its usage is unknown. */
  private final java.util.function.ToDoubleFunction<ChatGateway.Reply> replyCost;

  BatchRun(BatchApi api, LlmSettings settings, ResponseCache cache, RunListener listener,
      java.util.function.ToDoubleFunction<LlmCoder.Request> worstCase,
      java.util.function.ToDoubleFunction<ChatGateway.Reply> replyCost) {
    this.api = api;
    this.settings = settings;
    this.cache = cache;
    this.listener = listener;
    this.coderLabel = "llm";
    this.worstCase = worstCase;
    this.replyCost = replyCost;
  }

  Map<String, String> facts() {
    synchronized (facts) {
      return new LinkedHashMap<>(facts);
    }
  }

  /** The outcome of a request of this run folder's batches; null when no batch answered it. */
  Outcome outcome(String key) {
    return outcomes.get(key);
  }

  /**
   * The outcome's receipt the first time a reply of this run's batches is handed to an admission, or a request of a
   * completed batch without a readable result line ({@code batch_missing}: the provider may have billed it), unless the
   * run folder's log records it already: that admission carries its cost. Null when it carries none.
   */
  String claim(String key) {
    Outcome outcome = outcomes.get(key);
    return outcome != null && paid(outcome) && !recorded.contains(outcome.receipt()) && claimed.add(key)
        ? outcome.receipt() : null;
  }

  /**
   * The outcome an admission asking for the request would be charged for ({@link #claim}) when the receipts of the
   * run folder's log are {@code receipts}: null when there is none, it is charged already, or the provider did not bill it.
   */
  Outcome unclaimed(String key, Set<String> receipts) {
    Outcome outcome = outcomes.get(key);
    return outcome != null && paid(outcome) && !receipts.contains(outcome.receipt()) && !claimed.contains(key)
        ? outcome : null;
  }

  /**
   * The keys of the requests that the batches of a session folder's earlier sessions hold (collected or not), read
   * without changing anything: what preparing a session there finds paid for, or maybe paid for.
   */
  Set<String> submittedIn(Path sessionFolder) throws IOException {
    Path dir = sessionFolder.resolve(FOLDER);
    if (!Files.isRegularFile(dir.resolve("state.json"))) {
      return Set.of();
    }
    Set<String> keys = new java.util.HashSet<>();
    for (JsonNode batch : JSON.readTree(dir.resolve("state.json").toFile()).path("batches")) {
      keys.addAll(keys(dir, batch));
    }
    return keys;
  }

  /** Whether an admission of this session was charged for the request's outcome. */
  boolean claimed(String key) {
    return claimed.contains(key);
  }

  /** Whether the provider billed (or may have billed) an outcome: a reply, or a processed request without its line. */
  private static boolean paid(Outcome outcome) {
    return outcome.reply() != null || MISSING.equals(outcome.kind());
  }

  /** The receipts the run folder's log records ({@link #prepare}). */
  private Set<String> recorded = Set.of();

  /**
   * The requests {@link #prepare} sends again ({@code --retry-failed}) whose earlier outcome in this run folder's batches
   * was paid (or maybe) and is in no log line: a kill came between collecting and logging it. By key; the admission that
   * gets the new outcome is charged for it too.
   */
  private final Map<String, Outcome> replaced = new ConcurrentHashMap<>();

  Map<String, Outcome> replaced() {
    return Map.copyOf(replaced);
  }

  /** The failure of a request a completed batch processed without a readable result line: maybe billed. */
  static final String MISSING = "batch_missing";

  /**
   * Sends what the requests need, waits for every batch of this run folder to finish and collects the results; returns
   * the keys that have an outcome now. Keys answered by the cache are left out; with the session's budget, requests are
   * submitted in order while their worst case (prompt tokens counted, a full maxTokens answer, batch price) fits.
   * {@code reask}: keys whose earlier answers were failures and left the cache ({@code --retry-failed}): they go into a
   * follow-up batch as failed requests do.
   */
  Set<String> prepare(List<LlmCoder.Request> requests, CodingSession session, Set<String> reask)
      throws IOException, InterruptedException {
    folder = session.folder().resolve(FOLDER);
    recorded = session.receipts();
    coderLabel = String.valueOf(session.folder().getFileName());
    Files.createDirectories(folder);
    state = readState();
    List<ObjectNode> batches = batches();
    // what earlier sessions submitted: keys per batch, and the results of the batches already collected
    Map<String, ObjectNode> batchOfKey = new HashMap<>();
    for (ObjectNode batch : batches) {
      for (String key : keys(batch)) {
        batchOfKey.put(key, batch); // later batches (follow-ups) win
      }
      if (batch.path("collected").asBoolean()) {
        read(batch, false);
      }
    }
    Map<String, LlmCoder.Request> unique = new LinkedHashMap<>();
    for (LlmCoder.Request request : requests) {
      if (!(cache != null && cache.contains(request.key()))) {
        unique.putIfAbsent(request.key(), request);
      }
    }
    double budget = session.budget();
    // Answers this run folder's batches already brought back for admissions not logged yet (a kill came between), and
    // requests they processed without a result line: paid (or maybe), but in no log the budget counts, so they are
    // charged here before anything more is submitted.
    Set<String> charged = new java.util.HashSet<>();
    replaced.clear();
    for (LlmCoder.Request request : requests) {
      Outcome paid = outcomes.get(request.key());
      if (paid != null && paid(paid) && !claimed.contains(request.key()) && !recorded.contains(paid.receipt())
          && charged.add(request.key())) {
        double cost = paid.reply() == null ? Double.NaN : replyCost.applyAsDouble(paid.reply());
        budget -= Double.isNaN(cost) ? worstCase.applyAsDouble(request) : cost;
      }
    }
    List<LlmCoder.Request> fresh = new ArrayList<>();
    int retried = 0;
    for (LlmCoder.Request request : unique.values()) {
      ObjectNode batch = batchOfKey.get(request.key());
      Outcome outcome = outcomes.get(request.key());
      // failed before: an HTTP error, or (reask, with --retry-failed) an answer that was a failure, now out of the cache
      boolean failedBefore = outcome != null && outcome.reply() == null || reask.contains(request.key());
      if (reask.contains(request.key())) {
        outcomes.remove(request.key()); // its earlier answer is not used again
      }
      // a key whose latest batch is not collected yet is in flight (a follow-up batch a killed session submitted): it is
      // waited for, never submitted again, even when an earlier batch failed it
      boolean inFlight = batch != null && !batch.path("collected").asBoolean();
      // an outcome without a batch of this folder: the coder's own session in this run collected it before an ensemble
      // asks the coder (in the ensemble's folder), and its own log counts it
      if ((batch != null || outcome != null) && (inFlight || !(failedBefore && session.retryFailed()))) {
        budget -= outcome != null && paid(outcome) ? 0 : worstCase.applyAsDouble(request);
        continue; // submitted before: answered, failed (and not retried now), or still running
      }
      if (outcome != null && charged.contains(request.key())) {
        replaced.put(request.key(), outcome); // sent again, and charged with its new outcome
      }
      retried += failedBefore ? 1 : 0;
      fresh.add(request);
    }
    List<LlmCoder.Request> send = new ArrayList<>();
    for (LlmCoder.Request request : fresh) {
      double worst = worstCase.applyAsDouble(request);
      if (budget - worst < 0) {
        break; // held back by the budget, in order: a resumed run with a larger budget sends the rest
      }
      budget -= worst;
      send.add(request);
    }
    if (send.size() < fresh.size()) {
      listener.warning(coderLabel + ": the cost budget holds back " + (fresh.size() - send.size()) + " of " + fresh.size()
          + " batch requests (worst case: every prompt token at the batch price and a full maxTokens answer)");
    }
    if (retried > 0) {
      listener.note(coderLabel + ": " + retried + " failed batch requests go into a follow-up batch (--retry-failed)");
    }
    for (LlmCoder.Request request : fresh) {
      // a retried failure waits for its new answer; one held back by the budget is not coded again from its old one
      // (which would charge again what it may have cost): it stays failed for a resume with a larger budget
      outcomes.remove(request.key());
    }
    try {
      finishInterruptedSubmissions();
      submit(send);
      await();
    } catch (IOException | UncheckedIOException e) { // the provider's API, or this folder's state file
      if (batches().stream().anyMatch(batch -> batch.hasNonNull("create_sent_at"))) {
        // batches created (paid), or maybe created: only this folder's state.json finds them, so never a new run
        throw new CoderStoppedException(e.getMessage(), CoderStoppedException.NextStep.RESUME);
      }
      throw e;
    }
    Set<String> answerable = new LinkedHashSet<>(outcomes.keySet());
    synchronized (facts) {
      facts.put("batches", batches().size() + " (ids and states in " + coderLabel + "/" + FOLDER + "/state.json)");
    }
    return answerable;
  }

  // ---- submission ----

  private void submit(List<LlmCoder.Request> send) throws IOException, InterruptedException {
    int maxRequests = settings.batchMaxRequests() > 0 ? Math.min(settings.batchMaxRequests(), api.maxRequests())
        : api.maxRequests();
    List<String> lines = new ArrayList<>();
    long bytes = 0;
    for (LlmCoder.Request request : send) {
      String line = api.requestLine(request.key(), request.system(), request.user());
      long size = line.getBytes(StandardCharsets.UTF_8).length + 1L;
      if (!lines.isEmpty() && (lines.size() >= maxRequests || bytes + size > api.maxBytes())) {
        submitOne(lines);
        lines = new ArrayList<>();
        bytes = 0;
      }
      lines.add(line);
      bytes += size;
    }
    if (!lines.isEmpty()) {
      submitOne(lines);
    }
  }

  /** Writes a request file, records it, then uploads and creates the batch, recording each step before the next. */
  private void submitOne(List<String> lines) throws IOException, InterruptedException {
    String name = String.format(Locale.ROOT, "batch-%04d", batches().size() + 1);
    Path requests = folder.resolve(name + "-requests.jsonl");
    Path temp = folder.resolve(name + "-requests.jsonl.tmp");
    try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      for (String line : lines) {
        out.write(line);
        out.write('\n');
      }
    }
    Files.move(temp, requests, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    ObjectNode batch = ((ArrayNode) state.get("batches")).addObject();
    batch.put("name", name).put("requests_file", requests.getFileName().toString()).put("requests", lines.size())
        .put("state", "preparing");
    writeState();
    createBatch(batch);
  }

  /** Batches a kill left between writing their request file and recording their id: completed now, never duplicated. */
  private void finishInterruptedSubmissions() throws IOException, InterruptedException {
    for (ObjectNode batch : batches()) {
      if (!batch.hasNonNull("batch_id") && !batch.path("collected").asBoolean()) {
        createBatch(batch);
      }
    }
  }

  private void createBatch(ObjectNode batch) throws IOException, InterruptedException {
    try {
      createOrAdopt(batch);
    } catch (BatchHttp.Rejected e) { // the provider said no to this file: its requests fail by kind, nothing is lost
      batch.put("state", "failed").put("problem", Redaction.redact(e.getMessage())).put("collected", true)
          .putArray("result_files");
      if (!batch.hasNonNull("batch_id")) {
        batch.put("batch_id", "none (rejected)");
      }
      writeState();
      read(batch, true);
      listener.warning(coderLabel + ": the provider rejected " + batch.get("name").asText() + ": " + e.getMessage()
          + "; its " + batch.get("requests").asInt() + " requests are recorded as failed (batch_rejected)");
    }
  }

  /**
   * What --resume does with a batch whose create request may have created it unseen (a new run would create another;
   * the run says to resume: {@link CoderStoppedException.NextStep#RESUME}).
   */
  private static final String RESUME = "--resume looks for it first, and creates it only when it is not found";

  private void createOrAdopt(ObjectNode batch) throws IOException, InterruptedException {
    Path requests = folder.resolve(batch.get("requests_file").asText());
    if (!batch.hasNonNull("file_id") && !batch.path("inline").asBoolean()) {
      String fileId = api.upload(requests);
      if (fileId == null) {
        batch.put("inline", true);
      } else {
        batch.put("file_id", fileId);
      }
      writeState();
    }
    String fileId = batch.path("file_id").asText(null);
    if (batch.hasNonNull("create_sent_at")) { // a create request may have reached the provider before the kill
      var found = api.findCreated(fileId, batch.get("requests").asInt(), Instant.parse(batch.get("create_sent_at").asText()),
          recordedIds());
      if (found.isPresent()) {
        record(batch, found.get());
        batch.put("adopted", true);
        writeState();
        listener.note(coderLabel + ": found " + batch.get("name").asText() + " (" + found.get().id()
            + ") submitted before the interruption; not sent again");
        return;
      }
    }
    batch.put("create_sent_at", Instant.now().minusSeconds(5).toString());
    writeState();
    BatchApi.Remote remote = null;
    for (int attempt = 0; remote == null; attempt++) {
      try {
        remote = api.create(fileId, requests);
      } catch (BatchHttp.MaybeSent uncertain) {
        // the provider may have created it: look before sending it again, so that it is never created (and paid) twice
        Thread.sleep(settings.backoff().multipliedBy(1L << Math.min(attempt, 10)).toMillis());
        Optional<BatchApi.Remote> found;
        try {
          found = api.findCreated(fileId, batch.get("requests").asInt(),
              Instant.parse(batch.get("create_sent_at").asText()), recordedIds());
        } catch (IOException e) {
          throw new IOException(uncertain.getMessage() + "; the batch may have been created all the same, and looking for"
              + " it failed (" + e.getMessage() + "); " + RESUME, e);
        }
        if (found.isPresent()) {
          record(batch, found.get());
          batch.put("adopted", true);
          writeState();
          listener.note(coderLabel + ": found " + batch.get("name").asText() + " (" + found.get().id() + ") created"
              + " although its request failed (" + uncertain.getMessage() + "); not sent again");
          return;
        }
        if (attempt >= settings.maxRetries()) {
          throw new IOException(uncertain.getMessage() + "; the batch may have been created all the same, though it is"
              + " not (yet) among the provider's batches; " + RESUME, uncertain);
        }
      }
    }
    record(batch, remote);
    batch.put("submitted_at", Instant.now().toString());
    writeState();
    listener.note(coderLabel + ": submitted " + batch.get("name").asText() + " (" + remote.id() + ", "
        + batch.get("requests").asInt() + " requests)");
  }

  /** The provider's ids of the batches this run folder recorded: never taken for another of its batches. */
  private Set<String> recordedIds() {
    Set<String> ids = new java.util.HashSet<>();
    for (ObjectNode batch : batches()) {
      if (batch.hasNonNull("batch_id")) {
        ids.add(batch.get("batch_id").asText());
      }
    }
    return ids;
  }

  private static void record(ObjectNode batch, BatchApi.Remote remote) {
    batch.put("batch_id", remote.id()).put("state", remote.state().label()).put("total", remote.total())
        .put("completed", remote.completed()).put("failed", remote.failed());
    if (remote.outputFileId() != null) {
      batch.put("output_file_id", remote.outputFileId());
    }
    if (remote.errorFileId() != null) {
      batch.put("error_file_id", remote.errorFileId());
    }
    if (remote.resultsUrl() != null) {
      batch.put("results_url", remote.resultsUrl());
    }
    if (remote.problem() != null) {
      batch.put("problem", Redaction.redact(remote.problem()));
    }
  }

  // ---- waiting and collecting ----

  private void await() throws IOException, InterruptedException {
    String shown = "";
    while (true) {
      boolean waiting = false;
      for (ObjectNode batch : batches()) {
        if (batch.path("collected").asBoolean()) {
          continue;
        }
        BatchApi.State current = BatchApi.State.valueOf(batch.get("state").asText().toUpperCase(Locale.ROOT));
        if (!current.terminal()) {
          BatchApi.Remote remote = api.status(batch.get("batch_id").asText());
          record(batch, remote);
          writeState();
          current = remote.state();
        }
        if (current.terminal()) {
          collect(batch);
        } else {
          waiting = true;
        }
      }
      String progress = progress();
      if (!progress.equals(shown)) {
        listener.note(coderLabel + ": " + progress);
        shown = progress;
      }
      if (!waiting) {
        return;
      }
      long nanos = settings.batchPoll().toNanos();
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
  }

  /**
   * "batches: 10 submitted, 3 in progress, 7 completed; requests: 7,000 of 10,000 done, 12 failed". Each request counts
   * once, in the latest batch that holds it (a follow-up batch of {@code --retry-failed} sends again what an earlier one
   * failed); a collected batch's requests count as this run reads their results (failed: no reply), a running one's as
   * the provider counts them.
   */
  private String progress() throws IOException {
    Map<String, Integer> byState = new TreeMap<>();
    Map<String, ObjectNode> latest = new HashMap<>();
    for (ObjectNode batch : batches()) {
      for (String key : requestKeys(batch)) {
        latest.put(key, batch);
      }
    }
    long done = 0;
    long failed = 0;
    for (ObjectNode batch : batches()) {
      byState.merge(batch.get("state").asText().replace('_', ' '), 1, Integer::sum);
      if (batch.path("collected").asBoolean()) {
        for (String key : requestKeys(batch)) {
          if (latest.get(key) == batch) {
            Outcome outcome = outcomes.get(key);
            done++;
            failed += outcome == null || outcome.reply() == null ? 1 : 0;
          }
        }
      } else {
        done += batch.path("completed").asLong() + batch.path("failed").asLong();
        failed += batch.path("failed").asLong();
      }
    }
    StringBuilder text = new StringBuilder("batches: ").append(batches().size()).append(" submitted");
    byState.forEach((name, n) -> text.append(", ").append(n).append(' ').append(name));
    return text.append(String.format(Locale.ROOT, "; requests: %,d of %,d done, %,d failed", done, latest.size(), failed))
        .toString();
  }

  /** The keys of a batch's requests file, read once (the file never changes once the batch is recorded). */
  private List<String> requestKeys(ObjectNode batch) throws IOException {
    Path file = folder.resolve(batch.get("requests_file").asText());
    List<String> keys = keysOfFile.get(file);
    if (keys == null) {
      keys = keys(batch);
      keysOfFile.put(file, keys);
    }
    return keys;
  }

  /** Downloads a finished batch's results into the run folder (once), then reads them. */
  private void collect(ObjectNode batch) throws IOException, InterruptedException {
    String name = batch.get("name").asText();
    Path output = folder.resolve(name + "-output.jsonl");
    Path errors = folder.resolve(name + "-errors.jsonl");
    BatchApi.Remote remote = new BatchApi.Remote(batch.get("batch_id").asText(),
        BatchApi.State.valueOf(batch.get("state").asText().toUpperCase(Locale.ROOT)), batch.path("total").asInt(),
        batch.path("completed").asInt(), batch.path("failed").asInt(), batch.path("output_file_id").asText(null),
        batch.path("error_file_id").asText(null), batch.path("results_url").asText(null), batch.path("problem").asText(null));
    List<Path> files = api.download(remote, output, errors);
    ArrayNode names = batch.putArray("result_files");
    files.forEach(file -> names.add(file.getFileName().toString()));
    read(batch, true);
    batch.put("collected", true);
    writeState();
  }

  /**
   * Reads a collected batch's result files into outcomes: replies (also cached), per-request failures by kind, and for
   * every request of the batch without a result line a failure saying why (expired, cancelled, rejected, missing).
   * Malformed lines are skipped with a warning naming file and line; their requests count as missing.
   */
  private void read(ObjectNode batch, boolean fresh) throws IOException {
    Set<String> keys = new LinkedHashSet<>(keys(batch));
    Set<String> answered = new java.util.HashSet<>();
    int malformed = 0;
    String firstBad = null;
    int repeated = 0;
    String firstRepeated = null;
    for (JsonNode file : batch.path("result_files")) {
      Path path = folder.resolve(file.asText());
      if (!Files.exists(path)) {
        throw new MedcodeException(coderLabel + ": the batch result file " + path + " is gone; restore it from the"
            + " provider (batch " + batch.path("batch_id").asText() + ") or delete " + folder.resolve("state.json")
            + "'s entry " + batch.get("name").asText() + " to send its requests again (they will be paid again)");
      }
      try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        String text;
        long line = 0;
        while ((text = in.readLine()) != null) {
          line++;
          if (text.isBlank()) {
            continue;
          }
          BatchApi.Result result;
          try {
            result = api.result(JSON.readTree(text));
          } catch (IOException | RuntimeException e) {
            result = null;
          }
          if (result == null || result.customId() == null || !keys.contains(result.customId())) {
            malformed++;
            firstBad = firstBad == null ? path.getFileName() + ":" + line : firstBad;
            continue;
          }
          if (!answered.add(result.customId())) {
            repeated++;
            firstRepeated = firstRepeated == null ? path.getFileName() + ":" + line : firstRepeated;
            Outcome earlier = outcomes.get(result.customId());
            if (earlier != null && earlier.reply() != null) {
              continue; // an answer was paid for and received: a later line of the same request does not undo it
            }
          }
          if (result.reply() != null) {
            outcomes.put(result.customId(), new Outcome(result.reply(), null, null, receipt(batch, result.customId())));
            if (fresh && cache != null) {
              ChatGateway.Reply reply = result.reply();
              cache.put(result.customId(), new ResponseCache.Entry(Redaction.redact(reply.text()),
                  Redaction.redact(reply.refusal()), reply.finishReason(), reply.inputTokens(), reply.outputTokens(),
                  reply.reasoningTokens(), Redaction.redact(reply.servedModel()), Redaction.redact(reply.fingerprint())));
            }
          } else {
            outcomes.put(result.customId(), new Outcome(null, result.kind(), result.message() + " (batch "
                + batch.path("batch_id").asText() + ")", receipt(batch, result.customId())));
          }
        }
      }
    }
    if (repeated > 0 && fresh) {
      listener.warning(coderLabel + ": " + Plural.of(repeated, "result line") + " of " + batch.get("name").asText() + " "
          + Plural.verb(repeated, "repeat") + " a"
          + " request already answered (first at " + firstRepeated + " under " + folder + "); the first answer is kept");
    }
    if (malformed > 0 && fresh) {
      listener.warning(coderLabel + ": " + Plural.of(malformed, "malformed line") + " in the results of "
          + batch.get("name").asText()
          + " (first at " + firstBad + " under " + folder + "); their requests count as failed (batch_missing)");
    }
    String state = batch.get("state").asText();
    String problem = batch.path("problem").asText("");
    for (String key : keys) {
      if (answered.contains(key)) {
        continue;
      }
      String kind = switch (state) {
        case "expired" -> "batch_expired";
        case "cancelled" -> "batch_cancelled";
        case "failed" -> "batch_rejected";
        default -> "batch_missing";
      };
      String message = switch (kind) {
        case "batch_expired" -> "the batch expired before this request was processed";
        case "batch_cancelled" -> "the batch was cancelled before this request was processed";
        case "batch_rejected" -> "the provider rejected the batch" + (problem.isEmpty() ? "" : ": " + problem);
        default -> "the batch's results have no (readable) line for this request";
      };
      outcomes.put(key, new Outcome(null, kind, message + " (batch " + batch.path("batch_id").asText() + ", "
          + batch.get("name").asText() + "); send it again with " + Launcher.WRITTEN + " run --resume RUN_DIR --retry-failed",
          receipt(batch, key)));
    }
  }

  /** The receipt of a request's outcome in a batch: a follow-up batch's outcome of the same request is another one. */
  private static String receipt(ObjectNode batch, String key) {
    return batch.get("name").asText() + ":" + key;
  }

  /** The custom ids (cache keys) of a batch's request file. */
  private List<String> keys(ObjectNode batch) throws IOException {
    return keys(folder, batch);
  }

  private List<String> keys(Path folder, JsonNode batch) throws IOException {
    List<String> keys = new ArrayList<>();
    Path file = folder.resolve(batch.get("requests_file").asText());
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          keys.add(api.customId(JSON.readTree(line)));
        }
      }
    }
    return keys;
  }

  /** Cancels every batch of the run folder that is still running (for tests and a user's cancel). */
  void cancelRunning() throws IOException, InterruptedException {
    for (ObjectNode batch : batches()) {
      if (batch.hasNonNull("batch_id") && !BatchApi.State.valueOf(batch.get("state").asText().toUpperCase(Locale.ROOT))
          .terminal()) {
        record(batch, api.cancel(batch.get("batch_id").asText()));
        writeState();
      }
    }
  }

  // ---- state ----

  private List<ObjectNode> batches() {
    List<ObjectNode> list = new ArrayList<>();
    state.withArray("batches").forEach(node -> list.add((ObjectNode) node));
    return list;
  }

  private ObjectNode readState() {
    Path file = folder.resolve("state.json");
    if (!Files.exists(file)) {
      ObjectNode fresh = JSON.createObjectNode();
      fresh.put("provider", settings.provider().label()).put("model", settings.model()).putArray("batches");
      return fresh;
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (!(node instanceof ObjectNode object) || !object.path("batches").isArray()) {
        throw new IOException("no \"batches\" list");
      }
      if (!settings.provider().label().equals(object.path("provider").asText())) {
        throw new MedcodeException(coderLabel + ": " + file + " holds batches of provider " + object.path("provider").asText()
            + ", this coder uses " + settings.provider().label() + "; give this coder another id (a new folder)");
      }
      return object;
    } catch (IOException e) {
      throw new MedcodeException.BadInput(file, 0, "cannot read the batch state (" + e.getMessage() + "); it records the"
          + " batches this run submitted: restore it rather than delete it, or the requests are sent (and paid) again");
    }
  }

  private void writeState() {
    Path file = folder.resolve("state.json");
    Path temp = folder.resolve("state.json.tmp");
    try {
      PRETTY.writeValue(temp.toFile(), state);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + " (" + (e instanceof java.nio.file.FileSystemException system
          && system.getReason() != null ? system.getReason() : e.toString()) + ")", e);
    }
  }

  /** Ends the provider API's client once the run is over. */
  void close() {
    api.close();
  }

}
