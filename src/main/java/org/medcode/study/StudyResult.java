package org.medcode.study;

import java.util.List;

/**
 * A study judged against one run: the study, what the run coded ({@code dataset}, {@code admissions}), the code table
 * it scored against ({@code codeTable}, as {@code CodeTable.describe} words it), the rows (per coder, in the study's
 * figure order) and notes on how to read them.
 */
public record StudyResult(Study study, String dataset, int admissions, String codeTable, List<StudyRow> rows,
    List<String> notes) {
  public StudyResult {
    rows = List.copyOf(rows);
    notes = List.copyOf(notes);
  }
}
