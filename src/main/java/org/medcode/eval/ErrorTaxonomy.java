package org.medcode.eval;

import java.util.List;
import java.util.Map;

/**
 * The error taxonomy of one coder: how many predicted codes and how many gold codes fell in each {@link ErrorKind}
 * (every kind of its side present, zeros included), and the most frequent confusions.
 */
public record ErrorTaxonomy(Map<ErrorKind, Long> predicted, long predictedTotal, Map<ErrorKind, Long> gold, long goldTotal,
    List<Confusion> confusions) {
  public ErrorTaxonomy {
    predicted = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(predicted));
    gold = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(gold));
    confusions = List.copyOf(confusions);
  }

  /** Share of predicted codes of this kind; 0 when nothing was predicted. */
  public double predictedRate(ErrorKind kind) {
    return Counts.ratio(predicted.getOrDefault(kind, 0L), predictedTotal);
  }

  /** Share of gold codes of this kind; 0 without gold codes. */
  public double goldRate(ErrorKind kind) {
    return Counts.ratio(gold.getOrDefault(kind, 0L), goldTotal);
  }

  /**
   * A missed gold code and a wrongly predicted code of the same admission that are related ({@code relation}: the
   * prediction is UNDER_SPECIFIED, OVER_SPECIFIED or a SIBLING of the gold code), with the number of admissions where
   * the pair occurs.
   */
  public record Confusion(String gold, String predicted, ErrorKind relation, long admissions) {}
}
