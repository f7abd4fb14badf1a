package org.medcode.run.table;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code medcode table} gathers and shows: run folders (or folders of them), {@code where} conditions
 * ({@code COLUMN=VALUE}), the pivot ({@code rows} columns, a column per value of {@code cols}, cells the {@code metric}
 * of the {@code averaging}), whether to write the long table instead of the pivot ({@code longTable}), and the file to
 * write ({@code out}, by extension; null: none).
 */
public record TableSpec(List<Path> folders, List<String> where, List<String> rows, String cols, String metric,
    String averaging, boolean longTable, Path out) {
  public TableSpec {
    folders = List.copyOf(folders);
    where = List.copyOf(where);
    rows = List.copyOf(rows);
  }
}
