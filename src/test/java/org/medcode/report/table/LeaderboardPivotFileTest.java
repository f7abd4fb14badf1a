package org.medcode.report.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pivot written to a file says what produced its numbers, as every other table of medcode does: which metric, which
 * averaging, which invalid-code policy and population (before, {@code table --metric recall --out t.csv} wrote
 * {@code coder,exact,category} and the numbers alone, which a reader could not tell from micro F1).
 */
class LeaderboardPivotFileTest {
  @TempDir
  Path temp;

  private static RunRow row(String coder, String level, String metric, double value) {
    return new RunRow("r", "2026-12-05", "d", "dev", "t", coder, coder, "", level, "per-admission", metric, value, 0.1,
        0.9, "drop", "with-gold", "complete");
  }

  private final Leaderboard board = Leaderboard.of(List.of(row("rules", "exact", "recall", 0.5),
      row("rules", "category", "recall", 0.625), row("rules", "exact", "f1", 0.25)));

  @Test
  void everyRowOfAPivotFileNamesTheMetricAveragingPolicyAndPopulation() throws Exception {
    Leaderboard.Pivot pivot = board.pivot(List.of("coder"), "level", "recall", "per-admission");

    Path csv = temp.resolve("p.csv");
    Leaderboard.write(pivot, csv, TableFormat.CSV);
    // each value with its interval, for a reader of the file (pandas, R, Excel) as for the console's cells
    assertEquals(List.of("coder,exact,exact_ci_low,exact_ci_high,category,category_ci_low,category_ci_high,dataset,code_table,"
        + "metric,averaging,"
        + "invalid_policy,population,status",
        "rules,0.5,0.1,0.9,0.625,0.1,0.9,d,t,recall,per-admission,drop,with-gold,complete"), Files.readAllLines(csv));

    Path json = temp.resolve("p.json");
    Leaderboard.write(pivot, json, TableFormat.JSON);
    String text = Files.readString(json);
    assertTrue(text.contains("\"metric\" : \"recall\"") && text.contains("\"averaging\" : \"per-admission\"")
        && text.contains("\"invalid_policy\" : \"drop\"") && text.contains("\"population\" : \"with-gold\""), text);

    Path md = temp.resolve("p.md");
    Leaderboard.write(pivot, md, TableFormat.MARKDOWN);
    List<String> lines = Files.readAllLines(md);
    assertEquals("per-admission recall by level; invalid codes: drop; population: with-gold; dataset: d; code table: t",
        lines.get(0));
    assertEquals("| coder | exact | category |", lines.get(2));

    Path xlsx = temp.resolve("p.xlsx");
    Leaderboard.write(pivot, xlsx, TableFormat.XLSX);
    try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(
        Files.newInputStream(xlsx))) {
      org.apache.poi.ss.usermodel.Sheet sheet = book.getSheetAt(0);
      assertEquals("averaging", sheet.getRow(0).getCell(10).getStringCellValue());
      assertEquals("per-admission", sheet.getRow(1).getCell(10).getStringCellValue());
      assertEquals(0.625, sheet.getRow(1).getCell(4).getNumericCellValue());
      assertEquals("category_ci_high", sheet.getRow(0).getCell(6).getStringCellValue());
      assertEquals(0.9, sheet.getRow(1).getCell(6).getNumericCellValue());
    }
  }

  @Test
  void rowsLabelledByWhatTheFileWouldAddKeepOneSuchColumn() throws Exception {
    Path csv = temp.resolve("a.csv");
    Leaderboard.write(board.pivot(List.of("averaging"), "level", "recall", "per-admission"), csv, TableFormat.CSV);
    assertEquals("averaging,exact,exact_ci_low,exact_ci_high,category,category_ci_low,category_ci_high,dataset,code_table,"
        + "metric,"
        + "invalid_policy,population,status", Files.readAllLines(csv).get(0));
  }

  /**
   * A coder whose run stopped early (killed, or stopped by its budget) counts what it never coded as empty predictions;
   * its numbers in a pivot said so only in a warning on stderr, so a leaderboard file showed them as measured. The
   * shown cells say {@code incomplete}, and every row of a pivot file has a {@code status}.
   */
  @Test
  void aPivotSaysWhichNumbersAreOfAnIncompleteCoder() throws Exception {
    RunRow killed = new RunRow("k", "2026-12-05", "d", "dev", "t", "exec", "exec", "", "exact", "per-admission",
        "recall", 0.125, 0.1, 0.2, "drop", "with-gold", "incomplete");
    Leaderboard.Pivot pivot = Leaderboard.of(List.of(row("rules", "exact", "recall", 0.5),
        row("rules", "category", "recall", 0.625), killed)).pivot(List.of("coder"), "level", "recall", "per-admission");

    Path csv = temp.resolve("k.csv");
    Leaderboard.write(pivot, csv, TableFormat.CSV);
    assertEquals(List.of("coder,exact,exact_ci_low,exact_ci_high,category,category_ci_low,category_ci_high,dataset,code_table,"
        + "metric,averaging,"
        + "invalid_policy,population,status",
        "rules,0.5,0.1,0.9,0.625,0.1,0.9,d,t,recall,per-admission,drop,with-gold,complete",
        "exec,0.125,0.1,0.2,,,,d,t,recall,per-admission,drop,with-gold,incomplete"), Files.readAllLines(csv));

    String console = Leaderboard.console(pivot);
    assertTrue(console.contains("0.125 [0.100, 0.200] incomplete"), console);
    assertTrue(!console.contains("0.500 [0.100, 0.900] incomplete"), console);
    Path md = temp.resolve("k.md");
    Leaderboard.write(pivot, md, TableFormat.MARKDOWN);
    assertTrue(Files.readString(md).contains("| exec | 0.125 [0.100, 0.200] incomplete |  |"), Files.readString(md));
  }

  /**
   * A Markdown pivot shows run names, coder ids and config values as written: before, {@code &} was not escaped (a run
   * folder {@code R&amp;D} showed as {@code R&D}) nor {@code * _ ~ [ ]} (emphasis, strikethrough and links), and a line
   * separator other than CR/LF (U+2028) was kept.
   */
  @Test
  void aMarkdownCellShowsRunNamesCoderIdsAndModelsAsWritten() throws Exception {
    RunRow odd = new RunRow("R&amp;D|*x*\u2028_y_`z`~~s~~<b>[l](u)", "2026-12-05", "d", "dev", "t", "f_q_",
        "model &copy; 2\n*", "", "exact", "per-admission", "recall", 0.5, 0.1, 0.9, "drop", "with-gold", "complete");
    Path md = temp.resolve("odd.md");
    Leaderboard.write(Leaderboard.of(List.of(odd)).pivot(List.of("run", "coder", "model"), "level", "recall",
        "per-admission"), md, TableFormat.MARKDOWN);
    List<String> lines = Files.readAllLines(md);
    assertEquals(List.of("per-admission recall by level; invalid codes: drop; population: with-gold; dataset: d; code"
        + " table: t", "",
        "| run / coder / model | exact |", "|---|---|",
        "| R&amp;amp;D\\|\\*x\\* \\_y\\_\\`z\\`\\~\\~s\\~\\~\\<b>\\[l\\](u) / f\\_q\\_ / model &amp;copy; 2 \\*"
            + " | 0.500 [0.100, 0.900] |"), lines);
  }

  @Test
  void aColumnNamedAsAnotherColumnsIntervalIsToldApart() throws Exception {
    // a coder id ending in _ci_low beside the coder it names: the pivot by coder had two columns rules_ci_low and
    // failed with Tablesaw's "Cannot add column with duplicate name", for the console as for a file (then the file was
    // refused); it is named coder=rules_ci_low, whichever of the two comes first
    Leaderboard clash = Leaderboard.of(List.of(row("rules_ci_low", "exact", "recall", 0.25), row("rules", "exact", "recall",
        0.5)));
    Leaderboard.Pivot pivot = clash.pivot(List.of("level"), "coder", "recall", "per-admission");
    assertEquals(List.of("level", "coder=rules_ci_low", "rules"), pivot.intervals().columnNames());
    Path csv = temp.resolve("clash.csv");
    Leaderboard.write(pivot, csv, TableFormat.CSV);
    assertEquals(List.of("level,coder=rules_ci_low,coder=rules_ci_low_ci_low,coder=rules_ci_low_ci_high,rules,rules_ci_low,"
        + "rules_ci_high,dataset,code_table,metric,averaging,invalid_policy,population,status",
        "exact,0.25,0.1,0.9,0.5,0.1,0.9,d,t,recall,per-admission,drop,with-gold,complete"), Files.readAllLines(csv));
  }

  /**
   * A value column named as a column the file adds ({@code status}, {@code metric}) or as the row label (a coder
   * {@code level} in a pivot of levels by coder) failed with Tablesaw's "Cannot add column with duplicate name" (exit 3,
   * an unexpected error; on the console too for the row label), or was refused for {@code metric}: every column now has
   * its own name, {@code coder=status} for a value whose name is taken ({@code _2} if that is taken too).
   */
  @Test
  void aValueColumnNamedAsTheRowLabelOrAnAddedColumnIsNamedByItsPivotColumn() throws Exception {
    Leaderboard clash = Leaderboard.of(List.of(row("status", "exact", "recall", 0.5), row("level", "exact", "recall", 0.25),
        row("metric", "exact", "recall", 0.125), row("coder=status", "exact", "recall", 0.75)));
    Leaderboard.Pivot pivot = clash.pivot(List.of("level"), "coder", "recall", "per-admission");
    assertEquals(List.of("level", "coder=status_2", "coder=level", "coder=metric", "coder=status"),
        pivot.intervals().columnNames());
    assertTrue(Leaderboard.console(pivot).contains("coder=level"), Leaderboard.console(pivot));
    Path csv = temp.resolve("status.csv");
    Leaderboard.write(pivot, csv, TableFormat.CSV);
    assertEquals(List.of("level,coder=status_2,coder=status_2_ci_low,coder=status_2_ci_high,coder=level,coder=level_ci_low,"
        + "coder=level_ci_high,coder=metric,coder=metric_ci_low,coder=metric_ci_high,coder=status,coder=status_ci_low,"
        + "coder=status_ci_high,dataset,code_table,metric,averaging,invalid_policy,population,status",
        "exact,0.5,0.1,0.9,0.25,0.1,0.9,0.125,0.1,0.9,0.75,0.1,0.9,d,t,recall,per-admission,drop,with-gold,complete"),
        Files.readAllLines(csv));
  }
  /**
   * A pivot without levels as rows or columns ({@code --rows run --cols coder --where level=chapter}) wrote its cells
   * with nothing saying their level: "micro f1 by coder" and a file whose rows named metric and averaging only, so a
   * chapter-level leaderboard read as exact-level F1. The heading and every row of the file now name the level.
   */
  @Test
  void aPivotOfOneLevelItDoesNotShowNamesTheLevel() throws Exception {
    Leaderboard chapter = Leaderboard.of(List.of(row("rules", "chapter", "recall", 0.5), row("level", "chapter",
        "recall", 0.25), row("rules", "exact", "recall", 0.125))).where(List.of("level=chapter"));
    Leaderboard.Pivot pivot = chapter.pivot(List.of("run"), "coder", "recall", "per-admission");
    assertTrue(Leaderboard.console(pivot).startsWith("per-admission recall at the chapter level by coder\n"),
        Leaderboard.console(pivot));
    Path csv = temp.resolve("chapter.csv");
    Leaderboard.write(pivot, csv, TableFormat.CSV);
    // a coder named level keeps its column apart from the level the file adds
    assertEquals(List.of("run,rules,rules_ci_low,rules_ci_high,coder=level,coder=level_ci_low,coder=level_ci_high,dataset,"
        + "code_table,level,"
        + "metric,averaging,invalid_policy,population,status",
        "r,0.5,0.1,0.9,0.25,0.1,0.9,d,t,chapter,recall,per-admission,drop,with-gold,complete"), Files.readAllLines(csv));
    Path md = temp.resolve("chapter.md");
    Leaderboard.write(pivot, md, TableFormat.MARKDOWN);
    assertEquals("per-admission recall at the chapter level by coder; invalid codes: drop; population: with-gold; dataset:"
        + " d; code table: t",
        Files.readAllLines(md).get(0));
  }

  @Test
  void aPivotFileNamesTheDatasetAndCodeTableItsRowsAndColumnsDoNotShow() throws Exception {
    // before: a pivot of one dataset's runs wrote coder,exact,... and the policy columns, but not which dataset or code
    // table its numbers are of (runs of two are refused unless the pivot shows which is which)
    Leaderboard two = Leaderboard.of(List.of(row("rules", "exact", "recall", 0.5),
        new RunRow("s", "2026-12-05", "e", "dev", "t", "rules", "rules", "", "exact", "per-admission", "recall", 0.25,
            0.1, 0.9, "drop", "with-gold", "complete")));
    Path byDataset = temp.resolve("by-dataset.csv");
    Leaderboard.write(two.pivot(List.of("coder"), "dataset", "recall", "per-admission"), byDataset, TableFormat.CSV);
    assertEquals(List.of("coder,d,d_ci_low,d_ci_high,e,e_ci_low,e_ci_high,code_table,level,metric,averaging,"
        + "invalid_policy,population,status", "rules,0.5,0.1,0.9,0.25,0.1,0.9,t,exact,recall,per-admission,drop,"
        + "with-gold,complete"), Files.readAllLines(byDataset));
    Path rows = temp.resolve("rows.md");
    Leaderboard.write(two.pivot(List.of("dataset", "code_table"), "coder", "recall", "per-admission"), rows,
        TableFormat.MARKDOWN);
    assertEquals("per-admission recall at the exact level by coder; invalid codes: drop; population: with-gold",
        Files.readAllLines(rows).get(0));
    // a value column named like a column the file adds keeps its own name apart
    Leaderboard named = Leaderboard.of(List.of(row("dataset", "exact", "recall", 0.5)));
    Path csv = temp.resolve("named.csv");
    Leaderboard.write(named.pivot(List.of("level"), "coder", "recall", "per-admission"), csv, TableFormat.CSV);
    assertEquals("level,coder=dataset,coder=dataset_ci_low,coder=dataset_ci_high,dataset,code_table,metric,averaging,"
        + "invalid_policy,population,status", Files.readAllLines(csv).get(0));
  }
}
