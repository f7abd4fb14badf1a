package org.medcode.report;

import java.util.Arrays;
import org.medcode.eval.EvalOptions;

/**
 * The two columns every CSV table of a coder's evaluation ends with, as summary.csv does: the invalid-code policy and
 * the population that produced its numbers, so that tables of several runs put together still say which is which.
 * Their values ({@code count}, {@code drop}, {@code all}, {@code with-gold}) never need quoting.
 */
record PolicyColumns(String invalid, String population) {
  static final String[] HEADER = {"invalid_policy", "population"};

  static PolicyColumns of(EvalOptions options) {
    return new PolicyColumns(options.invalid().label(), options.population().label());
  }

  static PolicyColumns of(EvaluationReport report) {
    return of(report.result().options());
  }

  /** {@code columns} followed by the two. */
  static String[] header(String... columns) {
    String[] all = Arrays.copyOf(columns, columns.length + HEADER.length);
    System.arraycopy(HEADER, 0, all, columns.length, HEADER.length);
    return all;
  }
}
