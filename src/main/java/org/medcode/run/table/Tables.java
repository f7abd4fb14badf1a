package org.medcode.run.table;

import java.nio.file.Path;
import java.util.List;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.report.table.Leaderboard;
import org.medcode.report.table.TableFormat;

/** {@code medcode table}: runs' numbers gathered into one long table, filtered, pivoted, shown and written. */
public final class Tables {
  /**
   * The runs read, the folders skipped, how many of the runs' numbers (and of the runs) the --where conditions kept,
   * the pivot shown, and the file written (or null).
   */
  public record Outcome(List<Path> runs, List<String> skipped, List<String> warnings, int rows, int tabled,
      String console, Path written) {}

  private Tables() {}

  /**
   * Gathers the runs' summary.csv files and manifests into one long table, filters it, and pivots it (or keeps it long);
   * writes it when {@code spec.out()} names a file. The console shows the pivot.
   */
  public static Outcome table(TableSpec spec) {
    RunTables.Gathered gathered = RunTables.read(spec.folders());
    if (spec.out() != null) {
      RunTables.checkOutside(spec.out(), gathered.runs());
    }
    try {
      return table(spec, gathered);
    } catch (MedcodeException e) { // a refusal: what reading the runs found may be why (two runs of one spec, data edited)
      if (e.getClass() != MedcodeException.class || gathered.skipped().isEmpty() && gathered.warnings().isEmpty()) {
        throw e;
      }
      List<String> found = new java.util.ArrayList<>();
      gathered.skipped().forEach(skipped -> found.add("skipped " + skipped));
      gathered.warnings().forEach(warning -> found.add("warning: " + warning));
      throw new MedcodeException(e.getMessage() + "\n" + String.join("\n", found), e.getCause());
    }
  }

  private static Outcome table(TableSpec spec, RunTables.Gathered gathered) {
    Leaderboard board = Leaderboard.of(gathered.rows()).where(spec.where());
    if (board.rows() == 0) {
      throw new MedcodeException(spec.where().isEmpty()
          ? "the runs' summary.csv files hold no numbers (" + Plural.of(gathered.runs().size(), "run") + "): rebuild them with"
              + " " + Launcher.command() + " report RUN_DIR"
          : "no numbers left after --where " + String.join(" --where ", spec.where()) + " in "
              + Plural.of(gathered.runs().size(), "run"));
    }
    Double confidence = RunTables.refuseMixedConfidence(board.runsWithIntervals(), gathered.confidence());
    Leaderboard.Pivot pivot = spec.longTable() && spec.out() != null ? null
        : board.pivot(spec.rows(), spec.cols(), spec.metric(), spec.averaging());
    if (spec.out() != null) {
      TableFormat format = TableFormat.of(spec.out());
      if (spec.longTable()) {
        board.write(spec.out(), format);
      } else {
        Leaderboard.write(pivot, spec.out(), format, confidence);
      }
    }
    return new Outcome(gathered.runs(), gathered.skipped(), gathered.warnings(), board.rows(), board.runs(),
        pivot == null ? "" : Leaderboard.console(pivot, confidence), spec.out());
  }
}
