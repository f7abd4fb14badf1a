/**
 * Reading run folders for {@code medcode table}: a run folder's {@code summary.csv} labelled from its manifest (run,
 * date, dataset, split, code table, coder, model, prompt hash), or every run folder in a folder of them; the table
 * itself is {@code report.table}'s; {@link org.medcode.run.table.Tables} gathers, filters, pivots and writes it. May
 * depend on run.engine, run.record, dataset, report.table and commons-csv.
 */
package org.medcode.run.table;
