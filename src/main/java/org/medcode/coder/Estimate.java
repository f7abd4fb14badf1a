package org.medcode.coder;

import java.util.List;

/**
 * What a run of a coder that sends its admissions somewhere would send and cost, worked out without sending anything
 * ({@code run --dry-run}): requests in all and how many the cache answers, prompt tokens to send (counted exactly or
 * estimated, as {@code tokenCounting} says), an estimate of the answer tokens and its basis, estimated cost online and
 * in batch mode and the worst case online (null without a price), the price used, where the data would go
 * ({@code egress}), and notes (e.g. no API key yet).
 */
public record Estimate(int admissions, long requests, long cachedRequests, long inputTokens, String tokenCounting,
    long outputTokens, String outputBasis, Double costOnline, Double costBatch, Double worstCaseOnline, String price,
    String egress, List<String> notes) {
  public Estimate {
    notes = List.copyOf(notes);
  }

  public long requestsToSend() {
    return requests - cachedRequests;
  }
}
