package org.medcode.report;

import java.io.IOException;
import java.util.Arrays;
import org.apache.commons.csv.CSVPrinter;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.Population;

/**
 * The two columns every CSV table of a coder's evaluation ends with, as summary.csv does: the invalid-code policy and
 * the population that produced its numbers, so that tables of several runs put together still say which is which.
 * Their values ({@code count}, {@code drop}, {@code all}, {@code with-gold}) never need quoting.
 */
record PolicyColumns(String invalid, String population) {
  static final String[] HEADER = {"invalid_policy", "population"};

  static PolicyColumns of(InvalidPolicy invalid, Population population) {
    return new PolicyColumns(invalid.label(), population.label());
  }

  static PolicyColumns of(EvalOptions options) {
    return of(options.invalid(), options.population());
  }

  static PolicyColumns of(EvaluationReport report) {
    return of(report.result().options());
  }

  /** Prints a record of {@code values} followed by the two. */
  void print(CSVPrinter csv, Object... values) throws IOException {
    Object[] row = Arrays.copyOf(values, values.length + HEADER.length);
    row[values.length] = invalid;
    row[values.length + 1] = population;
    csv.printRecord(row);
  }

  /** {@code columns} followed by the two. */
  static String[] header(String... columns) {
    String[] all = Arrays.copyOf(columns, columns.length + HEADER.length);
    System.arraycopy(HEADER, 0, all, columns.length, HEADER.length);
    return all;
  }
}
