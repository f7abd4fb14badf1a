/**
 * Reading run folders for {@code medcode table}: a run folder's {@code summary.csv} labelled from its manifest (run,
 * date, dataset, split, code table, coder, model, prompt hash), or every run folder in a folder of them; the table
 * itself is {@code report.table}'s. May depend on run.record, dataset, report.table and commons-csv.
 */
package org.medcode.run.table;
