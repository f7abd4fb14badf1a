package org.medcode.run.engine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.eval.Analysis;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.Evaluator;
import org.medcode.prediction.Prediction;
import org.medcode.report.CoderReport;
import org.medcode.report.EvaluationReport;
import org.medcode.run.workspace.BuildInfo;

/** Evaluates and analyses one coder's logged predictions: the same for a run as it codes and for {@code report}. */
final class CoderReports {
  private CoderReports() {}

  /**
   * How a coder's admissions went, as counted from its prediction log, and why it could not run ({@code unavailable},
   * null when it could).
   */
  record Counts(int answered, int empty, int failed, Map<String, Integer> failuresByKind,
      Map<String, Integer> servedModels, String unavailable, Set<String> failedIds) {}

  /** A warning when one coder's answers came from more than one model snapshot; empty otherwise. */
  static List<String> mixedSnapshots(String coder, Map<String, Integer> served) {
    if (served == null || served.size() < 2) {
      return List.of();
    }
    StringBuilder list = new StringBuilder();
    served.forEach((model, n) -> list.append(list.length() == 0 ? "" : ", ").append(model).append(" (").append(n).append(')'));
    return List.of("coder " + coder + " was answered by " + served.size() + " model snapshots: " + list
        + "; the model changed during the run (a provider moved its alias, or a worker was upgraded between sessions),"
        + " so its answers mix model versions");
  }

  /**
   * How the coder answered each admission, from its log as read ({@code predictions}: a failure is an empty prediction
   * there, an admission never coded is missing).
   */
  static Map<String, EvaluationReport.Answer> answers(List<Admission> admissions, Map<String, Prediction> predictions,
      Set<String> failedIds) {
    Map<String, EvaluationReport.Answer> answers = new HashMap<>();
    for (Admission admission : admissions) {
      Prediction prediction = predictions.get(admission.id());
      answers.put(admission.id(), prediction == null ? EvaluationReport.Answer.NEVER_CODED
          : failedIds.contains(admission.id()) ? EvaluationReport.Answer.FAILED
          : prediction.codes().isEmpty() ? EvaluationReport.Answer.EMPTY : EvaluationReport.Answer.OK);
    }
    return answers;
  }

  static CoderReport of(String coder, Path log, Map<String, Prediction> predictions, Counts counts, Dataset dataset,
      List<Admission> training, CodeTable table, EvalOptions options, String created) {
    Map<String, EvaluationReport.Answer> answers = answers(dataset.admissions(), predictions, counts.failedIds());
    Set<String> unanswered = new HashSet<>();
    answers.forEach((id, answer) -> {
      if (answer == EvaluationReport.Answer.FAILED || answer == EvaluationReport.Answer.NEVER_CODED) {
        unanswered.add(id);
      }
    });
    Evaluator.Evaluated evaluated = Evaluator.evaluateWithAnalysis(dataset.admissions(), predictions, table, options,
        training == null ? Optional.empty() : Optional.of(training), unanswered);
    EvaluationResult result = evaluated.result();
    EvaluationReport report = new EvaluationReport(BuildInfo.version(), created,
        new EvaluationReport.DatasetInfo(dataset.spec(), dataset.fingerprint(), dataset.admissions().size(),
            java.util.stream.Stream.concat(dataset.warnings().stream(),
                mixedSnapshots(coder, counts.servedModels()).stream()).toList(), dataset.credentialed()),
        // named as a run names it, whether the folder was given relatively to report or --resume
        new EvaluationReport.PredictionsInfo(log.toAbsolutePath().normalize().toString(), "jsonl",
            predictions.values().stream().mapToLong(p -> p.codes().size()).sum(), 0, List.of(), predictions.size(), 0,
            List.of(), answers),
        table, result);
    Analysis analysis = evaluated.analysis();
    return new CoderReport(coder, report, dataset.admissions().size(), counts.answered(), counts.empty(), counts.failed(),
        counts.failuresByKind(), analysis, counts.unavailable());
  }
}
