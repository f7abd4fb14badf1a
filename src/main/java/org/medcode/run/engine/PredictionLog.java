package org.medcode.run.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medcode.DiskSpace;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.CoderResult;
import org.medcode.dataset.EvidenceSpan;

/**
 * A coder's append-only {@code predictions.jsonl}: one line per admission, written whole to the operating system (one
 * unbuffered write) before the admission counts as done — it survives a killed process, not a power cut. After a crash, {@link #recover} keeps every complete line and cuts a torn last
 * line, so a resumed run neither loses nor repeats an admission.
 */
final class PredictionLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a read keeps of each code: everything, or what scoring and counting use (no evidence spans, no rationale). */
  enum Kept {
    EVERYTHING,
    SCORES
  }

  /**
   * One line: the admission's codes, or its failure. {@code status} is "ok" or "failed"; {@code usage} is null when
   * the coder is not metered; {@code annotations} are the coder's per-admission facts.
   */
  record Entry(String admissionId, String status, List<CodeSuggestion> codes, String failureKind, String failureMessage,
      long millis, CoderResult.Usage usage, Map<String, String> annotations) {
    Entry {
      annotations = Map.copyOf(annotations);
    }

    Entry(String admissionId, String status, List<CodeSuggestion> codes, String failureKind, String failureMessage,
        long millis) {
      this(admissionId, status, codes, failureKind, failureMessage, millis, null, Map.of());
    }

    boolean failed() {
      return "failed".equals(status);
    }

    double cost() {
      return usage == null ? 0 : usage.cost();
    }

    /**
     * This entry, which replaces {@code earlier} (an admission coded again, e.g. with {@code --retry-failed}), with the
     * usage of both: what the earlier attempts cost stays counted against the budget and in the manifest.
     */
    Entry after(Entry earlier) {
      if (earlier.usage() == null) {
        return this;
      }
      CoderResult.Usage both = usage == null ? earlier.usage() : earlier.usage().plus(usage);
      return new Entry(admissionId, status, codes, failureKind, failureMessage, millis, both, annotations);
    }
  }

  private final Path file;
  private final OutputStream out;

  private PredictionLog(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

  /** Opens the log for appending (creating it), after {@link #recover} has made its end clean. */
  static PredictionLog append(Path file) {
    try {
      Files.createDirectories(file.getParent());
      return new PredictionLog(file, Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  /** Appends one entry in one write; safe to call from several threads (only the write itself is serialised). */
  void write(Entry entry) {
    byte[] line;
    try {
      line = (JSON.writeValueAsString(toJson(entry)) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + file, e);
    }
    synchronized (this) {
      KillPoints.hold();
      try {
        out.write(line);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException((DiskSpace.exhausted(e) ? "no space left on device: " : "") + "cannot write to "
            + file + "; what was written before is kept: free space (or fix the cause), then continue with " + Launcher.command() + " run"
            + " --resume on the run folder", e);
      }
    }
  }

  /** Fault injection ({@link KillPoints}): writes the first half of an entry's line, then kills the process. */
  synchronized void writeHalfAndDie(Entry entry) {
    try {
      byte[] line = (JSON.writeValueAsString(toJson(entry)) + "\n").getBytes(StandardCharsets.UTF_8);
      out.write(line, 0, line.length / 2);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + file, e);
    }
    KillPoints.die();
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }

  /**
   * Reads the complete entries of a log (later entries for the same admission replace earlier ones) and truncates a
   * torn last line left by a kill. A damaged line in the middle is an error: the file was edited, not interrupted.
   */
  static Map<String, Entry> recover(Path file) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return entries;
    }
    try {
      long torn = complete(file, entries, "damaged prediction line (not written by an interrupted run): ",
          Kept.EVERYTHING);
      if (torn >= 0) {
        truncate(file, torn);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return entries;
  }

  /**
   * Reads the complete entries of a log without touching the file (a stored run is read, never repaired): a torn last
   * line is ignored, a damaged line elsewhere is an error naming file and line. {@code kept}: {@link Kept#SCORES} for
   * scoring and counting, which never look at evidence spans or rationales (a rules coder's log of a whole split holds
   * millions of spans).
   */
  static Map<String, Entry> read(Path file, Kept kept) {
    Map<String, Entry> entries = new HashMap<>();
    if (!Files.exists(file)) {
      return entries;
    }
    try {
      complete(file, entries, "damaged prediction line: ", kept);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return entries;
  }

  /**
   * Puts the entry of every complete line of the log into {@code entries}, reading and decoding one line at a time (a
   * log of a whole split is never held whole, neither as bytes nor twice); a line that does not parse is an error
   * starting with {@code damaged}. Returns where a torn last line (no line break: the write was cut short) starts, or
   * -1 when there is none.
   */
  private static long complete(Path file, Map<String, Entry> entries, String damaged, Kept kept) throws IOException {
    Shared shared = new Shared();
    return org.medcode.AppendedLines.read(file, (text, line) -> {
      Entry entry;
      try {
        entry = fromJson(JSON.readTree(text), shared, kept);
      } catch (IOException | RuntimeException e) {
        throw new MedcodeException.BadInput(file, line, damaged + e.getMessage() + "; restore the file from a copy, or"
            + " delete that line and code its admission again with " + Launcher.command() + " run --resume on the run folder");
      }
      Entry earlier = entries.get(entry.admissionId());
      if (earlier != null && "ok".equals(earlier.status())) {
        // a run logs an admission again only after a failure (--retry-failed): a second line after an answer was
        // pasted or repeated, and which of the two counts cannot be told
        throw new MedcodeException.BadInput(file, line, "admission " + org.medcode.Ids.show(entry.admissionId())
            + " already has an answer on an earlier line; a log holds at most one answer per admission (a line"
            + " repeated or pasted in): restore the file from a copy, or delete the line that does not belong");
      }
      entries.put(entry.admissionId(), earlier == null ? entry : entry.after(earlier));
    });
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }

  static ObjectNode toJson(Entry entry) {
    ObjectNode node = JSON.createObjectNode();
    node.put("admission_id", entry.admissionId());
    node.put("status", entry.status());
    ArrayNode codes = node.putArray("codes");
    for (CodeSuggestion suggestion : entry.codes()) {
      ObjectNode code = codes.addObject().put("code", suggestion.code());
      if (suggestion.score() != null) {
        code.put("score", suggestion.score());
      }
      if (!suggestion.evidence().isEmpty()) {
        ArrayNode spans = code.putArray("evidence");
        for (EvidenceSpan span : suggestion.evidence()) {
          ObjectNode s = spans.addObject().put("note", span.note()).put("start", span.start()).put("end", span.end());
          if (span.text() != null) {
            s.put("text", span.text());
          }
        }
      }
      if (suggestion.rationale() != null) {
        code.put("rationale", suggestion.rationale());
      }
    }
    if (entry.failed()) {
      node.putObject("failure").put("kind", entry.failureKind()).put("message", entry.failureMessage());
    }
    if (entry.usage() != null) {
      CoderResult.Usage usage = entry.usage();
      node.putObject("usage").put("input_tokens", usage.inputTokens()).put("output_tokens", usage.outputTokens())
          .put("cost", usage.cost()).put("calls", usage.calls()).put("cached", usage.cached());
      if (usage.reasoningTokens() > 0) {
        ((ObjectNode) node.get("usage")).put("reasoning_tokens", usage.reasoningTokens());
      }
      if (!usage.receipts().isEmpty()) {
        usage.receipts().forEach(((ObjectNode) node.get("usage")).putArray("receipts")::add);
      }
      if (!usage.estimated().none()) {
        ((ObjectNode) node.get("usage")).putObject("estimated").put("no_usage", usage.estimated().noUsage())
            .put("worst_cases", usage.estimated().worstCases()).put("worst_case_cost", usage.estimated().worstCaseCost());
      }
    }
    if (!entry.annotations().isEmpty()) {
      ObjectNode annotations = node.putObject("annotations");
      new java.util.TreeMap<>(entry.annotations()).forEach(annotations::put);
    }
    node.put("millis", entry.millis());
    return node;
  }

  /**
   * What the entries of one log share: equal codes are one string and equal scores one {@code Double}, so a log of a
   * whole split (millions of codes, a few thousand distinct) is held once per distinct value, not once per line.
   */
  static final class Shared {
    private static final int SCORES = 1 << 16;
    private final Map<String, String> codes = new HashMap<>();
    private final Map<Double, Double> scores = new HashMap<>();

    String code(String code) {
      String kept = codes.putIfAbsent(code, code);
      return kept == null ? code : kept;
    }

    Double score(double value) {
      Double kept = scores.get(value);
      if (kept != null) {
        return kept;
      }
      Double score = value;
      if (scores.size() < SCORES) {
        scores.put(score, score);
      }
      return score;
    }
  }

  /** The part of a line's usage that is an estimate; {@link CoderResult.Estimated#NONE} when the line has none. */
  private static CoderResult.Estimated estimated(JsonNode estimated) {
    return estimated.isObject() ? new CoderResult.Estimated(estimated.path("no_usage").asInt(),
        estimated.path("worst_cases").asInt(), estimated.path("worst_case_cost").asDouble())
        : CoderResult.Estimated.NONE;
  }

  private static List<String> receipts(JsonNode usage) {
    List<String> receipts = new ArrayList<>();
    usage.path("receipts").forEach(receipt -> receipts.add(receipt.asText()));
    return receipts;
  }

  static Entry fromJson(JsonNode node, Shared shared, Kept kept) {
    String id = node.get("admission_id").asText();
    JsonNode codes = node.get("codes");
    return entry(node, id, kept == Kept.EVERYTHING ? whole(codes, shared) : scored(codes, shared));
  }

  /** Every code with its score, evidence spans and rationale. */
  private static List<CodeSuggestion> whole(JsonNode codes, Shared shared) {
    List<CodeSuggestion> whole = new ArrayList<>();
    for (JsonNode code : codes) {
      List<EvidenceSpan> evidence = code.path("evidence").isEmpty() ? List.of() : new ArrayList<>();
      for (JsonNode span : code.path("evidence")) {
        evidence.add(new EvidenceSpan(span.get("note").asInt(), span.get("start").asInt(), span.get("end").asInt(),
            span.hasNonNull("text") ? span.get("text").asText() : null));
      }
      whole.add(new CodeSuggestion(shared.code(code.get("code").asText()),
          code.hasNonNull("score") ? shared.score(code.get("score").asDouble()) : null, evidence,
          code.hasNonNull("rationale") ? code.get("rationale").asText() : null));
    }
    return whole;
  }

  /**
   * The codes and scores only, as two arrays ({@link LoggedCodes}): what scoring and counting read, and all that a
   * stored run of a whole split keeps of its millions of codes.
   */
  private static LoggedCodes scored(JsonNode codes, Shared shared) {
    String[] names = new String[codes.size()];
    double[] scores = new double[names.length];
    boolean[] unscored = null;
    int i = 0;
    for (JsonNode code : codes) {
      names[i] = shared.code(code.get("code").asText());
      if (code.hasNonNull("score")) {
        scores[i] = code.get("score").asDouble();
      } else {
        if (unscored == null) {
          unscored = new boolean[names.length];
        }
        unscored[i] = true;
      }
      i++;
    }
    return new LoggedCodes(names, scores, unscored);
  }

  /** The entry of a line whose codes are read. */
  private static Entry entry(JsonNode node, String id, List<CodeSuggestion> codes) {
    JsonNode failure = node.path("failure");
    JsonNode usage = node.path("usage");
    CoderResult.Usage metered = usage.isObject() ? new CoderResult.Usage(usage.path("input_tokens").asLong(),
        usage.path("output_tokens").asLong(), usage.path("cost").asDouble(), usage.path("calls").asInt(),
        usage.path("cached").asBoolean(), usage.path("reasoning_tokens").asLong(), receipts(usage),
        estimated(usage.path("estimated"))) : null;
    Map<String, String> annotations = new LinkedHashMap<>();
    node.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
    return new Entry(id, node.get("status").asText(), codes, failure.path("kind").asText(null),
        failure.path("message").asText(null), node.path("millis").asLong(), metered, annotations);
  }
}
