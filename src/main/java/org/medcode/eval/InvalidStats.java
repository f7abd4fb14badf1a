package org.medcode.eval;

/**
 * What the code table says about predicted and gold codes (exact level, after de-duplication).
 * {@code predicted} = all predicted codes; {@code malformed} + {@code notInTable} = invalid ones;
 * {@code header} = valid but non-billable predictions. {@code goldNotInTable}/{@code goldMalformed} are gold codes
 * the table does not know — kept and scored, only reported.
 */
public record InvalidStats(long predicted, long malformed, long notInTable, long header, long gold, long goldMalformed,
    long goldNotInTable, long goldHeader) {

  public long invalid() {
    return malformed + notInTable;
  }

  /** Gold codes the table does not know: malformed or not in it. */
  public long goldInvalid() {
    return goldMalformed + goldNotInTable;
  }

  /** Invalid gold codes / all gold codes (0 when there is none). */
  public double goldInvalidRate() {
    return Counts.ratio(goldInvalid(), gold);
  }

  /** Invalid predictions / all predictions (0 when nothing was predicted). */
  public double invalidRate() {
    return Counts.ratio(invalid(), predicted);
  }

  /** Counts codes by the table's verdict as they are met, gold and predicted apart. */
  static final class Tally {
    private long predicted;
    private long malformed;
    private long notInTable;
    private long header;
    private long gold;
    private long goldMalformed;
    private long goldNotInTable;
    private long goldHeader;

    void predicted(org.medcode.codesystem.CodeStatus status) {
      predicted++;
      switch (status) {
        case MALFORMED -> malformed++;
        case NOT_IN_TABLE -> notInTable++;
        case HEADER -> header++;
        default -> { }
      }
    }

    void gold(org.medcode.codesystem.CodeStatus status) {
      gold++;
      switch (status) {
        case MALFORMED -> goldMalformed++;
        case NOT_IN_TABLE -> goldNotInTable++;
        case HEADER -> goldHeader++;
        default -> { }
      }
    }

    long predicted() {
      return predicted;
    }

    InvalidStats stats() {
      return new InvalidStats(predicted, malformed, notInTable, header, gold, goldMalformed, goldNotInTable, goldHeader);
    }
  }
}
