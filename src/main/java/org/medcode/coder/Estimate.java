package org.medcode.coder;

import java.util.List;

/**
 * What a run of a coder that sends its admissions somewhere would send and cost, worked out without sending anything
 * ({@code run --dry-run}): requests in all and how many the cache answers, prompt tokens to send (counted exactly or
 * estimated, as {@code tokenCounting} says), an estimate of the answer tokens and its basis, estimated cost and worst case
 * (every answer maxTokens long) online and in batch mode (null without a price), the price used, where the data would go
 * ({@code egress}), and notes (e.g. no API key yet).
 */
public record Estimate(int admissions, long requests, long cachedRequests, long inputTokens, String tokenCounting,
    long outputTokens, String outputBasis, Double costOnline, Double costBatch, Double worstCaseOnline, Double worstCaseBatch,
    String price, String egress, List<String> notes) {
  public Estimate {
    notes = List.copyOf(notes);
  }

  /** The estimated cost in the given mode; null when the model has no price. */
  public Double cost(boolean batch) {
    return batch ? costBatch : costOnline;
  }

  /** The most the requests to send could cost in the given mode (every answer maxTokens long); null without a price. */
  public Double worstCase(boolean batch) {
    return batch ? worstCaseBatch : worstCaseOnline;
  }

  /**
   * About how many admissions a run codes before it spends {@code budget}: those the cache answers cost nothing, the
   * others share the estimated {@code cost}.
   */
  public long admissionsWithin(double budget, double cost) {
    double paying = requests == 0 ? admissions : (double) admissions * requestsToSend() / requests;
    // a share that is whole in exact arithmetic (3 x 0.002 / 0.006) may come out a hair below it in floating point
    return Math.round(admissions - paying) + (long) Math.floor(paying * budget / cost * (1 + 1e-9));
  }

  public long requestsToSend() {
    return requests - cachedRequests;
  }
}
