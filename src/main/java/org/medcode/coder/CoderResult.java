package org.medcode.coder;

import java.util.List;
import java.util.Map;

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
  }
}
