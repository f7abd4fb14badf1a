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
        Double.NaN, "count", "all");
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
}
