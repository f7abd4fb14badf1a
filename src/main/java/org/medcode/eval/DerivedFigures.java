package org.medcode.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;

/**
 * Figures derived from an evaluation that published studies argue from, each with a percentile interval computed on
 * the engine's own resamples ({@link Resamples}: the same admissions drawn for every metric), so that a figure combining
 * two metrics gets a <em>paired</em> interval:
 * <ul>
 *   <li>{@link #recallGap}: micro recall at a coarser level minus micro recall at a finer one (e.g. category − exact),
 *       each resample's difference of the two recalls on that resample;</li>
 *   <li>{@link #invalidRate}: invalid predicted codes / predicted codes (exact level, after de-duplication), with an
 *       interval under the invalid-code policy {@code count} (under {@code drop} the counts per admission are of the
 *       codes kept, so only the point value is given);</li>
 *   <li>{@link #noAnswerRate}: the share of admissions without a predicted code;</li>
 *   <li>{@link #wrongAnswers}: the share of each {@link ErrorKind} among the predicted codes that are not exact.</li>
 * </ul>
 * A figure is a function of per-admission counts summed over the scored admissions; in a resample each admission's
 * counts are weighted by how often it was drawn. Point values use the unweighted sums, so they equal the engine's
 * (e.g. the two recalls of the gap are exactly the reported micro recalls). The bounds are
 * {@code numpy.percentile(values, [2.5, 97.5])} for 95 % ({@link Quantiles}). Without resamples every figure is a
 * point value.
 */
public final class DerivedFigures {
  private DerivedFigures() {}

  /**
   * Micro recall at {@code coarse} minus micro recall at {@code fine} with its paired interval.
   *
   * @throws IllegalArgumentException when the evaluation lacks either level
   */
  public static Estimate recallGap(EvaluationResult result, Granularity fine, Granularity coarse) {
    List<AdmissionCounts> f = level(result, fine).perAdmission();
    List<AdmissionCounts> c = level(result, coarse).perAdmission();
    long[][] columns = new long[4][f.size()];
    for (int i = 0; i < f.size(); i++) {
      columns[0][i] = f.get(i).tp();
      columns[1][i] = f.get(i).tp() + (long) f.get(i).fn();
      columns[2][i] = c.get(i).tp();
      columns[3][i] = c.get(i).tp() + (long) c.get(i).fn();
    }
    return estimate(result, columns, s -> Counts.ratio(s[2], s[3]) - Counts.ratio(s[0], s[1]));
  }

  /** Invalid predicted codes / predicted codes at the exact level (interval only under the policy {@code count}). */
  public static Estimate invalidRate(EvaluationResult result) {
    if (result.options().invalid() != InvalidPolicy.COUNT) {
      return Estimate.point(result.invalid().invalidRate());
    }
    List<AdmissionCounts> exact = level(result, Granularity.EXACT).perAdmission();
    long[][] columns = new long[2][exact.size()];
    for (int i = 0; i < exact.size(); i++) {
      columns[0][i] = exact.get(i).invalid();
      columns[1][i] = exact.get(i).predicted();
    }
    return estimate(result, columns, s -> Counts.ratio(s[0], s[1]));
  }

  /** The share of scored admissions without a predicted code (an empty answer, or a failure scored as one). */
  public static Estimate noAnswerRate(EvaluationResult result) {
    List<AdmissionCounts> exact = level(result, Granularity.EXACT).perAdmission();
    long[][] columns = new long[2][exact.size()];
    for (int i = 0; i < exact.size(); i++) {
      columns[0][i] = exact.get(i).predicted() == 0 && exact.get(i).invalid() == 0 ? 1 : 0;
      columns[1][i] = 1;
    }
    return estimate(result, columns, s -> Counts.ratio(s[0], s[1]));
  }

  /**
   * The wrong answers of one coder: {@code predicted} codes in all, {@code wrong} of them not exact, the count of each
   * predicted-side {@link ErrorKind} but EXACT, and its share of the wrong ones with an interval; no shares when no
   * predicted code is wrong (0 of 0 is no share, not a share of 0).
   */
  public record WrongAnswers(long predicted, long wrong, Map<ErrorKind, Long> counts, Map<ErrorKind, Estimate> shares) {
    public WrongAnswers {
      counts = java.util.Collections.unmodifiableMap(new EnumMap<>(counts));
      shares = java.util.Collections.unmodifiableMap(new EnumMap<>(shares));
    }
  }

  /**
   * Classifies the predicted codes of every scored admission as {@link ErrorAnalysis} does (one admission at a time,
   * so the counts per admission can be resampled) and gives each kind's share of the wrong ones.
   */
  public static WrongAnswers wrongAnswers(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table,
      EvaluationResult result) {
    Map<String, Admission> byId = new HashMap<>();
    admissions.forEach(a -> byId.put(a.id(), a));
    List<AdmissionCounts> scored = Resamples.scored(result);
    List<ErrorKind> kinds = new ArrayList<>();
    for (ErrorKind kind : ErrorKind.values()) {
      if (kind.predictedSide() && kind != ErrorKind.EXACT) {
        kinds.add(kind);
      }
    }
    long[][] columns = new long[kinds.size() + 1][scored.size()]; // the kinds, then all wrong codes
    long exact = 0;
    for (int i = 0; i < scored.size(); i++) {
      Admission admission = byId.get(scored.get(i).admissionId());
      Prediction prediction = predictions.get(admission.id());
      ErrorTaxonomy one = ErrorAnalysis.analyze(List.of(admission),
          prediction == null ? Map.of() : Map.of(admission.id(), prediction), table);
      exact += one.predicted().getOrDefault(ErrorKind.EXACT, 0L);
      for (int k = 0; k < kinds.size(); k++) {
        long count = one.predicted().getOrDefault(kinds.get(k), 0L);
        columns[k][i] = count;
        columns[kinds.size()][i] += count;
      }
    }
    Map<ErrorKind, Long> counts = new EnumMap<>(ErrorKind.class);
    Map<ErrorKind, Estimate> shares = new EnumMap<>(ErrorKind.class);
    long wrong = 0;
    for (long v : columns[kinds.size()]) {
      wrong += v;
    }
    for (int k = 0; k < kinds.size(); k++) {
      long total = 0;
      for (long v : columns[k]) {
        total += v;
      }
      counts.put(kinds.get(k), total);
      if (wrong > 0) {
        shares.put(kinds.get(k), estimate(result, new long[][] {columns[k], columns[kinds.size()]},
            s -> Counts.ratio(s[0], s[1])));
      }
    }
    return new WrongAnswers(wrong + exact, wrong, counts, shares);
  }

  private static LevelResult level(EvaluationResult result, Granularity granularity) {
    return result.level(granularity).orElseThrow(() -> new IllegalArgumentException("the evaluation has no "
        + granularity.label() + " level; add it to metrics.levels"));
  }

  /**
   * A figure of summed columns: its value on the unweighted sums, and its interval from every resample's weighted sums.
   */
  static Estimate estimate(EvaluationResult result, long[][] columns, ToDoubleFunction<long[]> figure) {
    long[] sums = new long[columns.length];
    for (int c = 0; c < columns.length; c++) {
      for (long v : columns[c]) {
        sums[c] += v;
      }
    }
    double point = figure.applyAsDouble(sums);
    Resamples resamples = Resamples.of(result);
    if (resamples.count() == 0) {
      return Estimate.point(point);
    }
    if (resamples.admissions() != columns[0].length) {
      throw new IllegalArgumentException("columns of " + columns[0].length + " admissions for " + resamples.admissions());
    }
    double[] values = new double[resamples.count()];
    long[] weighted = new long[columns.length];
    resamples.forEach((b, w) -> {
      java.util.Arrays.fill(weighted, 0);
      for (int i = 0; i < w.length; i++) {
        if (w[i] != 0) {
          for (int c = 0; c < columns.length; c++) {
            weighted[c] += (long) w[i] * columns[c][i];
          }
        }
      }
      values[b] = figure.applyAsDouble(weighted);
    });
    return Quantiles.interval(point, values, result.options().confidence());
  }
}
