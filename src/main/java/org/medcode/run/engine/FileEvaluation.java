package org.medcode.run.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.medcode.Futures;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.eval.AnalysisMode;
import org.medcode.eval.Evaluator;
import org.medcode.prediction.PredictionFormat;
import org.medcode.prediction.PredictionReader;
import org.medcode.prediction.PredictionSet;
import org.medcode.prediction.UnmatchedIds;
import org.medcode.report.CoderReport;
import org.medcode.report.EvaluationReport;
import org.medcode.report.RunFolder;
import org.medcode.run.record.RunManifest;
import org.medcode.run.workspace.BuildInfo;
import org.medcode.run.workspace.Workspace;

/**
 * {@code medcode evaluate}: scores a predictions file against a dataset's gold codes and writes a results folder with
 * the files of a run's coder folder (no prediction log or manifest: it is no run).
 */
public final class FileEvaluation {
  /** Unknown admission ids named in the report. */
  private static final int EXAMPLES = 5;

  /** The report and the folder its files were written to. */
  public record Outcome(EvaluationReport report, Path folder) {}

  private FileEvaluation() {}

  public static Outcome evaluate(Workspace workspace, EvaluateSpec spec) {
    if (spec.out() != null) {
      refuseHeld(spec.out()); // before the reading and scoring, which take minutes on a large dataset (again below)
    }
    PredictionFormat format = spec.format() != null ? spec.format() : PredictionFormat.of(spec.predictions());
    // The predictions are read on another thread while the dataset and the table load; the dataset's errors come first.
    CompletableFuture<PredictionSet> reading = CompletableFuture.supplyAsync(
        () -> PredictionReader.read(spec.predictions(), format), Futures.thread("predictions"));
    workspace.prefetchCodeTable(spec.system(), spec.year(), spec.codeTable(), spec.dataset());
    Dataset dataset = workspace.loadDatasetForScoring(spec.dataset(), null); // scored, never coded
    CodeSystemId system = Workspace.chooseSystem(spec.system(), dataset);
    Workspace.refuseNothingToScore(dataset, system, spec.options().population());
    CodeTable table = workspace.codeTable(system, spec.year(), spec.codeTable(), spec.dataset());
    Evaluator.requireALevel(table, spec.options());
    PredictionSet predictions = Futures.join(reading);

    Set<String> ids = new LinkedHashSet<>(); // in dataset order, for the examples of a refusal
    for (Admission admission : dataset.admissions()) {
      ids.add(admission.id());
    }
    String unmatched = UnmatchedIds.check(predictions.byAdmission().keySet(), ids, spec.predictions().toString(),
        dataset.spec());
    if (unmatched != null) {
      throw new MedcodeException(unmatched);
    }
    List<String> unknown = new ArrayList<>();
    for (String id : predictions.byAdmission().keySet()) {
      if (!ids.contains(id)) {
        unknown.add(id);
      }
    }
    // a run's log read back: the admissions it failed on (of this dataset), scored as empty answers and counted apart
    Map<String, String> failed = new LinkedHashMap<>(predictions.failed());
    failed.keySet().retainAll(ids);
    Evaluator.Evaluated evaluated = spec.analysis() == AnalysisMode.NONE
        ? new Evaluator.Evaluated(Evaluator.evaluate(dataset.admissions(), predictions.byAdmission(), table, spec.options()),
            null)
        : Evaluator.evaluateWithAnalysis(dataset.admissions(), predictions.byAdmission(), table, spec.options(),
            Optional.empty(), failed.keySet());
    Instant now = workspace.now();
    EvaluationReport report = new EvaluationReport(BuildInfo.version(), now.toString(),
        new EvaluationReport.DatasetInfo(dataset.spec(), dataset.fingerprint(), dataset.admissions().size(),
            warnings(dataset, predictions, table), dataset.credentialed()),
        new EvaluationReport.PredictionsInfo(spec.predictions().toString(), format.label(), predictions.rows(),
            predictions.duplicates(), predictions.duplicateExamples(), predictions.byAdmission().size(), unknown.size(),
            unknown.subList(0, Math.min(EXAMPLES, unknown.size())),
            answers(ids, predictions, failed.keySet())),
        table, evaluated.result());
    Path folder = spec.out() != null ? spec.out()
        : workspace.newResultFolder(now, "evaluate_" + Workspace.slug(dataset.spec()));
    // one writer at a time, as for a run folder: two evaluations given one --out would otherwise both find it empty and
    // write their files into it, one's metrics.json beside the other's summary.csv
    RunFolderLock lock = RunFolderLock.acquire(folder, "evaluate");
    try {
      refuseHeld(folder); // again, under the lock: another evaluation may have written it since the start
      // A predictions file answers for every admission: one it does not list is an empty prediction (an empty file too,
      // with a warning), so the file is always measured, never "not measured" as a run's coder that answered nothing.
      int admissions = dataset.admissions().size();
      int empty = (int) report.predictions().answers().values().stream()
          .filter(answer -> answer == EvaluationReport.Answer.EMPTY).count();
      Map<String, Integer> byKind = new TreeMap<>();
      failed.values().forEach(kind -> byKind.merge(kind, 1, Integer::sum));
      RunFolder.write(new CoderReport(spec.predictions().getFileName().toString(), report, admissions,
          admissions - failed.size(), empty, failed.size(), byKind, evaluated.analysis()), folder.getFileName().toString(),
          folder);
    } finally {
      lock.close();
    }
    return new Outcome(report, folder);
  }

  /** Refuses a folder that holds an evaluation's or a run's results: nothing is overwritten. */
  private static void refuseHeld(Path folder) {
    if (Files.exists(folder.resolve("metrics.json")) || Files.exists(folder.resolve(RunManifest.FILE))) {
      throw new MedcodeException(folder + " already holds " + (Files.exists(folder.resolve(RunManifest.FILE)) ? "a run"
          : "results") + "; choose another --out (nothing was overwritten)");
    }
  }

  /** How the file answered each admission of the dataset: ok or empty, or failed where a run's log says so. */
  private static Map<String, EvaluationReport.Answer> answers(Set<String> ids, PredictionSet predictions,
      Set<String> failed) {
    Map<String, EvaluationReport.Answer> answers =
        new java.util.HashMap<>(EvaluationReport.Answer.ofFile(List.copyOf(ids), predictions.byAdmission()));
    failed.forEach(id -> answers.put(id, EvaluationReport.Answer.FAILED));
    return answers;
  }

  /** The dataset's warnings, and one when the file's last line has no line break and its code looks cut. */
  private static List<String> warnings(Dataset dataset, PredictionSet predictions, CodeTable table) {
    List<String> warnings = new ArrayList<>(dataset.warnings());
    predictions.cutLastLine(predictions.source(), code -> table.status(code).valid()).ifPresent(warnings::add);
    return warnings;
  }
}
