package org.medcode.eval;

/**
 * One stratum: its dimension, a stable short label ({@code q1}, {@code 1000-1999}, {@code 9}, {@code head}), a
 * human description of its bounds, the admissions it holds (for code strata: admissions with at least one gold code in
 * it) and its gold codes, and the full evaluation of the stratum with the run's options and seed.
 */
public record StratumResult(StratumDimension dimension, String stratum, String description, int admissions,
    long goldCodes, EvaluationResult result) {}
