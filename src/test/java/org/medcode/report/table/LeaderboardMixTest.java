package org.medcode.report.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcode.MedcodeException;

/** A pivot mixes runs of other datasets or code tables only when it shows which row or column is which. */
class LeaderboardMixTest {
  private static RunRow row(String run, String dataset, String table, String coder, double f1) {
    return new RunRow(run, "2026-12-05", dataset, "dev", table, coder, coder, "", "exact", "micro", "f1", f1, Double.NaN,
        Double.NaN, "count", "all", "complete");
  }

  @Test
  void otherDatasetsOrTablesInOnePivotMustBeShown() {
    Leaderboard board = Leaderboard.of(List.of(row("fes", "codiesp:dev:es:D", "icd10cm FY2018", "frequency", 0.12),
        row("ten", "codiesp:dev:en:D", "icd10cm FY2018", "rules", 0.59)));
    MedcodeException e = assertThrows(MedcodeException.class, () -> board.pivot(List.of("coder"), "level", "f1", "micro"));
    assertTrue(e.getMessage().startsWith("these runs scored different datasets (codiesp:dev:es:D; codiesp:dev:en:D)"),
        e.getMessage());
    assertEquals(2, board.pivot(List.of("coder", "dataset"), "level", "f1", "micro").table().rowCount());
    assertEquals(2, board.pivot(List.of("coder"), "dataset", "f1", "micro").table().rowCount());

    Leaderboard tables = Leaderboard.of(List.of(row("a", "d", "icd10cm FY2024", "rules", 0.5),
        row("b", "d", "icd10cm FY2018", "llm", 0.4)));
    assertTrue(assertThrows(MedcodeException.class, () -> tables.pivot(List.of("coder"), "level", "f1", "micro"))
        .getMessage().startsWith("these runs scored different code tables"));
  }

  /**
   * Levels as columns come in their order: a run of ICD-9-CM procedures (no block level) tabled before one of ICD-10-PCS
   * gave the columns exact, category, chapter, block (./medcode table RUN_ICD9PCS RUN_ICD10PCS --rows coder,code_table).
   */
  @Test
  void levelColumnsKeepTheirOrderWhenTheFirstRunLacksALevel() {
    List<RunRow> rows = new java.util.ArrayList<>();
    for (String level : List.of("exact", "category", "chapter")) {
      rows.add(new RunRow("a", "2026-12-07", "d", "dev", "icd9pcs v32", "frequency", "frequency", "", level, "micro",
          "f1", 0.1, Double.NaN, Double.NaN, "count", "all", "complete"));
    }
    for (String level : List.of("exact", "category", "block", "chapter")) {
      rows.add(new RunRow("b", "2026-12-07", "d", "dev", "icd10pcs FY2026", "frequency", "frequency", "", level,
          "micro", "f1", 0.2, Double.NaN, Double.NaN, "count", "all", "complete"));
    }
    Leaderboard.Pivot pivot = Leaderboard.of(rows).pivot(List.of("coder", "code_table"), "level", "f1", "micro");
    assertEquals(List.of("coder / code_table", "exact", "category", "block", "chapter"), pivot.table().columnNames());
    assertTrue(Double.isNaN(pivot.table().doubleColumn("block").getDouble(0)), "ICD-9-CM procedures have no block");
  }

  @Test
  void filesHoldPlainDecimalsAndMissingNumbersAsBlanks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
      throws Exception {
    Leaderboard board = Leaderboard.of(List.of(row("a", "d", "t", "rules", 0.00012345),
        row("b", "d", "t", "llm <b>`x`</b>", Double.NaN)));
    java.nio.file.Path csv = temp.resolve("long.csv");
    board.write(csv, TableFormat.CSV);
    String text = java.nio.file.Files.readString(csv);
    assertTrue(text.contains(",0.00012345,"), text);
    assertTrue(!text.contains("E-"), "no scientific notation: " + text);

    java.nio.file.Path md = temp.resolve("long.md");
    board.write(md, TableFormat.MARKDOWN);
    assertTrue(java.nio.file.Files.readString(md).contains("llm \\<b>\\`x\\`\\</b>"), java.nio.file.Files.readString(md));

    java.nio.file.Path xlsx = temp.resolve("long.xlsx");
    board.write(xlsx, TableFormat.XLSX);
    try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(
        java.nio.file.Files.newInputStream(xlsx))) {
      org.apache.poi.ss.usermodel.Sheet sheet = book.getSheetAt(0);
      int value = -1;
      for (org.apache.poi.ss.usermodel.Cell cell : sheet.getRow(0)) {
        if (cell.getStringCellValue().equals("value")) {
          value = cell.getColumnIndex();
        }
      }
      assertEquals(org.apache.poi.ss.usermodel.CellType.NUMERIC, sheet.getRow(1).getCell(value).getCellType());
      assertEquals(0.00012345, sheet.getRow(1).getCell(value).getNumericCellValue());
      assertTrue(sheet.getRow(2).getCell(value) == null, "a missing number is a blank cell, not #NUM!");
    }
  }
}
