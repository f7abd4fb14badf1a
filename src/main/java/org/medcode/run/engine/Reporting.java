package org.medcode.run.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.medcode.Launcher;
import org.medcode.Plural;
import org.medcode.report.CoderReport;
import org.medcode.report.RunReports;
import org.medcode.run.record.RunConfig;
import org.medcode.run.record.RunManifest;
import org.medcode.run.workspace.Workspace;

/** {@code medcode report}: a run folder's reports rebuilt from its manifest and prediction logs, no coder run. */
public final class Reporting {
  private Reporting() {}

  /** The coders' rebuilt reports, and what {@code then} made of them (a study's table). */
  public record Rebuilt<T>(List<CoderReport> coders, T also) {}

  /**
   * Rebuilds a run folder's metrics, analysis tables, report.html and summary.md, warning about admissions never coded
   * and coders that never ran; {@code then} writes what else belongs to the folder (a study's table) while it is still
   * locked, so that a run or {@code --resume} cannot end between the reading and the writing, and returns it.
   */
  public static <T> Rebuilt<T> rebuild(Workspace workspace, Path runFolder, Function<List<CoderReport>, T> then) {
    RunSession.refuseCoderFolder(runFolder, "report the run: " + Launcher.command() + " report PARENT (nothing was written)");
    // a folder that is no run folder is not locked (nor given a lock file): loading it says what it lacks
    RunFolderLock lock = Files.isRegularFile(runFolder.resolve(RunManifest.FILE))
        ? RunFolderLock.acquire(runFolder, "report") : null;
    try {
      StoredRun run = StoredRun.load(workspace, runFolder);
      String created = workspace.now().toString();
      List<CoderReport> reports = new ArrayList<>();
      int admissions = run.dataset().admissions().size();
      for (RunConfig.CoderConfig configured : run.config().coders()) {
        StoredRun.Coder coder = run.coder(configured.id()).orElse(null);
        if (coder == null) {
          // interrupted before it started: a row that says it was not measured, never one of zeros (nor none at all)
          workspace.listener().warning("coder " + configured.id() + " never ran in this run folder: not measured;"
              + " continue the run with " + Launcher.command() + " run --resume " + runFolder);
          reports.add(run.report(new StoredRun.Coder(configured.id(), java.util.Map.of(), 0, 0, 0, java.util.Map.of(),
              java.util.Map.of(), null, java.util.Set.of()), created));
          continue;
        }
        reports.add(run.report(coder, created));
        int missing = admissions - coder.answered() - coder.failed();
        if (missing > 0) { // an interrupted run: its numbers count what was never coded as empty predictions
          workspace.listener().warning("coder " + coder.id() + ": " + missing + " of " + Plural.of(admissions, "admission") + " "
              + Plural.verb(missing, "were") + " never coded (the run's status is " + run.manifest().status()
              + "); they are scored as empty"
              + " predictions: continue the run with " + Launcher.command() + " run --resume " + runFolder);
        }
      }
      RunReports.write(reports, runFolder);
      return new Rebuilt<>(reports, then.apply(reports));
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }
}
