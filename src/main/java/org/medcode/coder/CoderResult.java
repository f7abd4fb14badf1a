package org.medcode.coder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medcode.Plural;

/**
 * A coder's answer for one admission: suggestions in rank order (best first), the resources it used ({@code usage},
 * null when not metered), and {@code annotations}: small facts worth keeping per admission (e.g. {@code context:
 * truncated}, {@code raw_response_sha256}); they are stored in the prediction log, never logged.
 */
public record CoderResult(List<CodeSuggestion> codes, Usage usage, Map<String, String> annotations) {
  public CoderResult {
    if (codes == null) {
      throw new NullPointerException("the coder's result has no list of codes (null): give an empty list for none");
    }
    int position = 0;
    for (CodeSuggestion suggestion : codes) {
      position++;
      if (suggestion == null || suggestion.code() == null) {
        throw new NullPointerException("the coder's result holds " + (suggestion == null ? "a null suggestion"
            : "a suggestion without a code (null)") + " at position " + position + " of " + codes.size());
      }
    }
    codes = List.copyOf(codes);
    annotations = Map.copyOf(annotations);
  }

  public CoderResult(List<CodeSuggestion> codes) {
    this(codes, null, Map.of());
  }

  public static CoderResult empty() {
    return new CoderResult(List.of());
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * An annotation that holds several values (the models that answered an admission's chunks, e.g. {@code served_model}):
   * one value as it is; several, or one that a reader would not take as itself (with a comma, or starting with
   * {@code [}), as a JSON array of them. {@link #annotationValues} reads it back.
   */
  public static String listAnnotation(java.util.Collection<String> values) {
    List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(values));
    if (distinct.size() == 1 && !distinct.get(0).contains(",") && !distinct.get(0).startsWith("[")) {
      return distinct.get(0);
    }
    try {
      return JSON.writeValueAsString(distinct);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The distinct values of an annotation {@link #listAnnotation} wrote; also of one written before it existed, whose
   * values were joined by commas.
   */
  public static List<String> annotationValues(String annotation) {
    if (annotation == null || annotation.isBlank()) {
      return List.of();
    }
    if (annotation.startsWith("[")) {
      try {
        List<String> values = new java.util.ArrayList<>();
        for (var value : JSON.readTree(annotation)) {
          if (!value.isTextual()) {
            throw new IllegalArgumentException("not a list of strings");
          }
          values.add(value.asText());
        }
        return List.copyOf(new java.util.LinkedHashSet<>(values));
      } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
        // written before: values joined by commas
      }
    }
    return List.copyOf(new java.util.LinkedHashSet<>(List.of(annotation.split(",\\s*"))));
  }

  /**
   * Tokens and money one admission cost (cost in USD; 0 when unpriced);
   * {@code reasoningTokens} is the share of the output tokens a model spent reasoning or thinking, where the provider
   * reports it (0 otherwise): billed as output, so already in {@code outputTokens} and the cost. {@code receipts} name
   * the payments the cost covers that a later session could meet again (an answer this run folder paid for, which the
   * coder keeps): the run folder's log records them, and a resumed session's coder is told which it already counts
   * ({@link CodingSession#receipts}), so that none is charged twice; empty for coders that need none. {@code estimated}:
   * the part of it that is an estimate ({@link Estimated#NONE} when none is).
   */
  public record Usage(long inputTokens, long outputTokens, double cost, int calls, boolean cached, long reasoningTokens,
      List<String> receipts, Estimated estimated) {
    public static final Usage NONE = new Usage(0, 0, 0, 0, false);

    public Usage {
      receipts = List.copyOf(receipts);
      estimated = estimated == null ? Estimated.NONE : estimated;
    }

    public Usage(long inputTokens, long outputTokens, double cost, int calls, boolean cached, long reasoningTokens,
        List<String> receipts) {
      this(inputTokens, outputTokens, cost, calls, cached, reasoningTokens, receipts, Estimated.NONE);
    }

    public Usage(long inputTokens, long outputTokens, double cost, int calls, boolean cached, long reasoningTokens) {
      this(inputTokens, outputTokens, cost, calls, cached, reasoningTokens, List.of());
    }

    public Usage(long inputTokens, long outputTokens, double cost, int calls, boolean cached) {
      this(inputTokens, outputTokens, cost, calls, cached, 0);
    }

    /** Both usages: the receipts of both too. */
    public Usage plus(Usage other) {
      List<String> both = new java.util.ArrayList<>(receipts);
      both.addAll(other.receipts);
      return add(other, both);
    }

    /** The tokens, cost and calls of both without their receipts: a total over many admissions. */
    public Usage total(Usage other) {
      return add(other, List.of());
    }

    private Usage add(Usage other, List<String> receipts) {
      return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens, cost + other.cost,
          calls + other.calls, cached && other.cached, reasoningTokens + other.reasoningTokens, receipts,
          estimated.plus(other.estimated));
    }
  }

  /**
   * What of a usage is an estimate: answers that came without token usage from the provider ({@code noUsage}, their
   * tokens estimated from above), and attempts the provider may have billed that left no answer that was read, counted
   * at their worst case ({@code worstCases}, costing {@code worstCaseCost} of the usage's cost). Kept on each line of a
   * run folder's log, so that what the run's cost holds of them is known after any number of sessions.
   */
  public record Estimated(int noUsage, int worstCases, double worstCaseCost) {
    public static final Estimated NONE = new Estimated(0, 0, 0);

    public Estimated plus(Estimated other) {
      return new Estimated(noUsage + other.noUsage, worstCases + other.worstCases, worstCaseCost + other.worstCaseCost);
    }

    public boolean none() {
      return noUsage == 0 && worstCases == 0 && worstCaseCost == 0;
    }

    /**
     * The manifest fact {@code usage_estimated} for {@code answers} answers that came without token usage (of a run's
     * cost, every session's), or null for none.
     */
    public static String usageEstimatedFact(long answers) {
      return answers <= 0 ? null : Plural.of(answers, "answer") + " came without token usage from the"
          + " provider: " + (answers == 1 ? "its tokens are" : "their tokens are") + " estimated from above (prompt and"
          + " answer) and counted in cost and maxCost";
    }

    /**
     * The manifest fact {@code cost_worst_case} for {@code requests} requests counted at their worst case, {@code cost}
     * USD together (of a run's cost, every session's), or null for none.
     */
    public static String costWorstCaseFact(long requests, double cost) {
      return requests <= 0 ? null : String.format(Locale.ROOT, "%s the provider may have billed left no"
          + " answer that was read (unreadable, a batch result line missing or malformed, or an attempt whose outcome is"
          + " unknown: timed out, its connection broken after it was sent, or in flight when an earlier session was"
          + " killed): %.6f USD of the run's cost is their worst case, an estimate; the rest is what answers"
          + " reported", Plural.of(requests, "request"), cost);
    }

    /** The facts {@code usage_estimated} and {@code cost_worst_case} of a run's cost whose estimates are these. */
    public Map<String, String> facts() {
      Map<String, String> facts = new LinkedHashMap<>();
      String usage = usageEstimatedFact(noUsage);
      if (usage != null) {
        facts.put("usage_estimated", usage);
      }
      String worst = costWorstCaseFact(worstCases, worstCaseCost);
      if (worst != null) {
        facts.put("cost_worst_case", worst);
      }
      return facts;
    }
  }
}
