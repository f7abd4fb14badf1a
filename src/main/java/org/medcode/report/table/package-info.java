/**
 * {@code medcode table}: many runs' numbers as one long table and its pivots, with Tablesaw (confined to this package;
 * {@code ArchitectureTest}), written as CSV, Markdown, JSON or Excel. Formats only: every number is read from a run's
 * {@code summary.csv}. Depends on Tablesaw and Jackson; never on run or cli.
 */
package org.medcode.report.table;
