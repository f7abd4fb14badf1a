package org.medcode.eval;

import java.util.List;
import java.util.Objects;
import org.medcode.codesystem.Granularity;

/**
 * How to evaluate. {@code bootstrap} resamples (0 = no intervals) at {@code confidence} (e.g. 0.95), seeded;
 * {@code groupByPatient} resamples patients instead of admissions; {@code ks} are the cut-offs for P@k/R@k (each
 * &gt;= 1); {@code macroIntervals} also bootstraps macro averages (costly on large data, so off by default);
 * {@code population} says which admissions are scored; {@code intervals} which averages get intervals. Invalid values
 * throw {@link IllegalArgumentException} with a message naming the option.
 */
public record EvalOptions(List<Granularity> levels, InvalidPolicy invalid, int bootstrap, double confidence, long seed,
    boolean groupByPatient, List<Integer> ks, boolean macroIntervals, Population population, Intervals intervals) {
  public static final long DEFAULT_SEED = 20261127L;

  public EvalOptions {
    levels = List.copyOf(levels);
    ks = List.copyOf(ks);
    if (bootstrap < 0) {
      throw new IllegalArgumentException("bootstrap resamples must be >= 0, got " + bootstrap);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    for (int k : ks) {
      if (k < 1) {
        throw new IllegalArgumentException("cut-offs k must be >= 1, got " + k);
      }
    }
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("at least one level is needed (exact, category, block, chapter)");
    }
    Objects.requireNonNull(invalid, "invalid policy");
    Objects.requireNonNull(population, "population");
    Objects.requireNonNull(intervals, "intervals");
    if (macroIntervals && intervals == Intervals.MICRO) {
      throw new IllegalArgumentException("macro intervals need intervals standard: intervals micro gives intervals to "
          + "micro averages only");
    }
  }

  /**
   * A confidence level written as a percent, exactly as the decimal it was given: 0.95 is {@code 95}, 0.975 is
   * {@code 97.5}, and 0.57 is {@code 57} (not the {@code 56.99999999999999} that {@code 100 * 0.57} is in binary).
   */
  public static String percent(double confidence) {
    return java.math.BigDecimal.valueOf(confidence).movePointRight(2).stripTrailingZeros().toPlainString();
  }

  /** These options at other levels. */
  public EvalOptions withLevels(List<Granularity> levels) {
    return new EvalOptions(levels, invalid, bootstrap, confidence, seed, groupByPatient, ks, macroIntervals, population,
        intervals);
  }

  /** These options with intervals at another confidence level. */
  public EvalOptions withConfidence(double confidence) {
    return new EvalOptions(levels, invalid, bootstrap, confidence, seed, groupByPatient, ks, macroIntervals, population,
        intervals);
  }

  /** These options for point values only: no resampling, so no interval settings. */
  public EvalOptions pointOnly() {
    return new EvalOptions(levels, invalid, 0, confidence, seed, false, ks, false, population, Intervals.STANDARD);
  }

  /** Intervals for micro, per-admission and ranked averages. */
  public EvalOptions(List<Granularity> levels, InvalidPolicy invalid, int bootstrap, double confidence, long seed,
      boolean groupByPatient, List<Integer> ks, boolean macroIntervals, Population population) {
    this(levels, invalid, bootstrap, confidence, seed, groupByPatient, ks, macroIntervals, population,
        Intervals.STANDARD);
  }

  /** Every admission scored. */
  public EvalOptions(List<Granularity> levels, InvalidPolicy invalid, int bootstrap, double confidence, long seed,
      boolean groupByPatient, List<Integer> ks, boolean macroIntervals) {
    this(levels, invalid, bootstrap, confidence, seed, groupByPatient, ks, macroIntervals, Population.ALL);
  }

  /**
   * All levels, invalid codes counted, 1,000 resamples at 95 % for micro, per-admission and ranked averages, k = 1, 5,
   * 10, 15, every admission.
   */
  public static EvalOptions defaults() {
    return new EvalOptions(List.of(Granularity.values()), InvalidPolicy.COUNT, 1000, 0.95, DEFAULT_SEED, false,
        List.of(1, 5, 10, 15), false, Population.ALL, Intervals.STANDARD);
  }
}
