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

  /** Invalid predictions / all predictions (0 when nothing was predicted). */
  public double invalidRate() {
    return Counts.ratio(invalid(), predicted);
  }
}
