package org.medcode.coder.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.medcode.Plural;

/**
 * Model answers on disk, one JSON file per key ({@code <cacheDir>/<coder kind>/<2 hex>/<sha256>.json}), so a rerun of
 * the same requests costs nothing and yields the same predictions. The key is a SHA-256 over everything that decides an
 * answer (for {@code llm}: provider, endpoint, model, every generation parameter, the template hash and the exact
 * messages sent; for {@code http}: the endpoint, the schema version and the exact request body). Only complete HTTP 200 answers are stored
 * (refusals and unparseable text included: they are what the model said); transport errors never are. Each file is
 * written to a temporary name and moved into place atomically, so concurrent writers and a kill never leave a torn
 * entry.
 */
public final class ResponseCache {
  /**
   * A stored answer: the text, whether the provider flagged it as a refusal, the tokens it cost originally, the run
   * folder whose request paid for it ({@code paidIn}, null when unknown) and that payment's own id ({@code receipt}, one
   * per answer received; null in entries stored before receipts existed): a resumed run that finds an answer its killed
   * session paid for but never logged (its log records no such receipt) counts that cost as its own.
   */
  public record Entry(String text, String refusal, String finishReason, long inputTokens, long outputTokens,
      long reasoningTokens, String servedModel, String fingerprint, String paidIn, String receipt) {
    public Entry(String text, String refusal, String finishReason, long inputTokens, long outputTokens,
        long reasoningTokens, String servedModel, String fingerprint) {
      this(text, refusal, finishReason, inputTokens, outputTokens, reasoningTokens, servedModel, fingerprint, null, null);
    }

    public Entry(String text, String refusal, String finishReason, long inputTokens, long outputTokens) {
      this(text, refusal, finishReason, inputTokens, outputTokens, 0, null, null, null, null);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path root;
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicBoolean warned = new AtomicBoolean();
  private volatile Consumer<String> warnings = message -> {};
  private volatile String problem;
  private volatile boolean stopHint = true;

  public ResponseCache(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public static String key(String... parts) {
    StringBuilder text = new StringBuilder();
    for (String part : parts) {
      text.append(part == null ? "\u0000null" : part).append('\u0001');
    }
    return sha256(text.toString());
  }

  Path file(String key) {
    return root.resolve(key.substring(0, 2)).resolve(key + ".json");
  }

  /**
   * Whether an answer is stored under the key: one that {@link #get} reads (a file cut or emptied since is none, so
   * that a batch submits its request again and a dry run counts it to send).
   */
  public boolean contains(String key) {
    return get(key).isPresent();
  }

  /**
   * The answer stored under the key; empty when there is none or its file is not one that {@link #put} wrote whole: a
   * file cut short (an empty one, as a crash can leave behind a rename that was not yet on disk), edited into other JSON
   * or not an object with the text and both token counts. Such a file is asked again and overwritten, never read as an
   * answer (an empty file was once an answer of no codes, "the model answered nothing").
   */
  public Optional<Entry> get(String key) {
    Path file = file(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject() || !(node.path("text").isTextual() || node.path("text").isNull())
          || !node.path("input_tokens").isIntegralNumber() || !node.path("output_tokens").isIntegralNumber()) {
        return Optional.empty(); // cut, emptied or edited: ask the model again and overwrite it
      }
      return Optional.of(new Entry(node.path("text").isNull() ? null : node.path("text").asText(null),
          node.path("refusal").asText(null), node.path("finish_reason").asText(null),
          node.path("input_tokens").asLong(), node.path("output_tokens").asLong(), node.path("reasoning_tokens").asLong(),
          node.path("served_model").asText(null), node.path("system_fingerprint").asText(null),
          node.path("paid_in").asText(null), node.path("receipt").asText(null)));
    } catch (IOException e) {
      return Optional.empty(); // unreadable: ask the model again and overwrite it
    }
  }

  /**
   * Where the one warning about a cache that cannot be written goes (by default nowhere), naming the {@code llm}
   * coder's {@code cacheFailure: stop}.
   */
  public void warnTo(Consumer<String> sink) {
    warnTo(sink, true);
  }

  /** As {@link #warnTo(Consumer)}; {@code cacheFailure} says whether the coder has that parameter to name. */
  public void warnTo(Consumer<String> sink, boolean cacheFailure) {
    warnings = sink;
    stopHint = cacheFailure;
  }

  /** Why nothing can be stored in the cache folder (tried by creating and deleting a file in it), or empty. */
  public Optional<String> unwritable() {
    try {
      Files.createDirectories(root);
      Path probe = Files.createTempFile(root, "probe", ".tmp");
      Files.delete(probe);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of(describe(root, e));
    }
  }

  /**
   * Warns (once, as {@link #failed} does) when the cache folder cannot be written, before any answer is stored; no
   * answer is counted as not cached by it.
   */
  public void warnIfUnwritable() {
    unwritable().ifPresent(this::warn);
  }

  /** Records that an answer could not be stored; the first time, one warning says so and what it means. */
  public void failed(String reason) {
    failures.incrementAndGet();
    problem = reason;
    warn(reason);
  }

  private void warn(String reason) {
    if (warned.compareAndSet(false, true)) {
      warnings.accept("cannot write the response cache (" + reason + "): every answer received is still kept, scored and"
          + " counted, but a rerun will ask (and pay) again; make the folder writable or point --cache-dir (or"
          + " $MEDCODE_CACHE) elsewhere" + (stopHint ? ", or set cacheFailure: stop to refuse such a run before its first"
          + " request" : ""));
    }
  }

  /** How many answers could not be stored, and why the last could not (null when every store worked). */
  public String problem() {
    return problem == null || failures.get() == 0 ? null : Plural.of(failures.get(), "answer") + " not cached: " + problem;
  }

  /** Stores an answer; false (after {@link #failed}) when the cache cannot be written: the caller keeps the answer. */
  public boolean put(String key, Entry entry) {
    Path file = file(key);
    for (int attempt = 1; ; attempt++) {
      try {
        store(file, key, entry);
        return true;
      } catch (java.nio.file.NoSuchFileException | java.nio.file.FileAlreadyExistsException e) {
        if (attempt < 3) {
          // its folder was removed meanwhile (cache clear while this run writes; making a folder that was there a moment
          // ago says it exists but is none): made again
          continue;
        }
        failed(describe(file, e));
        return false;
      } catch (IOException | RuntimeException e) {
        failed(describe(file, e));
        return false;
      }
    }
  }

  private static void store(Path file, String key, Entry entry) throws IOException {
    Files.createDirectories(file.getParent());
    ObjectNode node = JSON.createObjectNode();
    node.put("text", entry.text());
    node.put("refusal", entry.refusal());
    node.put("finish_reason", entry.finishReason());
    node.put("input_tokens", entry.inputTokens());
    node.put("output_tokens", entry.outputTokens());
    if (entry.reasoningTokens() > 0) {
      node.put("reasoning_tokens", entry.reasoningTokens());
    }
    if (entry.servedModel() != null) {
      node.put("served_model", entry.servedModel());
    }
    if (entry.fingerprint() != null) {
      node.put("system_fingerprint", entry.fingerprint());
    }
    if (entry.paidIn() != null) {
      node.put("paid_in", entry.paidIn());
    }
    if (entry.receipt() != null) {
      node.put("receipt", entry.receipt());
    }
    Path temp = Files.createTempFile(file.getParent(), key.substring(0, 8), ".tmp");
    try {
      Files.write(temp, JSON.writeValueAsBytes(node));
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Forgets an answer the coder judged a failure (a refusal, an answer without a code list, one cut off at the token
   * limit), so that {@code --retry-failed} asks again, as for any error, which is never cached. A file that cannot be
   * deleted stays: the retry then gets the same answer back.
   */
  public void remove(String key) {
    try {
      Files.deleteIfExists(file(key));
    } catch (IOException e) {
      // kept; see above
    }
  }

  private static String describe(Path path, Exception e) {
    String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String where = e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null ? fs.getFile() : path.toString();
    return where + ": " + reason;
  }

  /** The SHA-256 of a text's UTF-8 bytes, in lower-case hex. */
  public static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
