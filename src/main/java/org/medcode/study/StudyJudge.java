package org.medcode.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medcode.Launcher;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.eval.DerivedFigures;
import org.medcode.eval.Estimate;
import org.medcode.eval.EvaluationResult;
import org.medcode.prediction.Prediction;

/** Judges a study's figures against the coders of one run (pure: numbers in, rows out). */
public final class StudyJudge {
  private StudyJudge() {}

  /**
   * One coder as the study sees it: its evaluation, and (for the {@code wrong.*} figures) the admissions, its
   * predictions and the table; those three may be null, then {@code wrong.*} figures are not computed. {@code
   * notMeasured}: why the coder's numbers measure nothing (it answered no admission), or null; then no figure is given.
   * {@code incomplete}: why its numbers are not its whole run's (admissions never coded), or null; then its figures are
   * shown but not judged. {@code failures}: the admissions it failed on, when it answered others ({@code failed on 53 of
   * 500 admissions (server_error 53)}), or null; its figures are judged, and a note says they count those as unanswered.
   * {@code otherModel}: the model the coder ran when it is not the study's ({@code stub-model (asked
   * for gpt-4.1)}), or null; a note then says that the published figures are another model's.
   */
  public record Coder(String id, EvaluationResult result, List<Admission> admissions, Map<String, Prediction> predictions,
      CodeTable table, String notMeasured, String incomplete, String failures, String otherModel) {
    public Coder(String id, EvaluationResult result, List<Admission> admissions, Map<String, Prediction> predictions,
        CodeTable table, String notMeasured, String incomplete) {
      this(id, result, admissions, predictions, table, notMeasured, incomplete, null, null);
    }

    /** A coder that answered admissions. */
    public Coder(String id, EvaluationResult result, List<Admission> admissions, Map<String, Prediction> predictions,
        CodeTable table) {
      this(id, result, admissions, predictions, table, null, null);
    }

    public Coder(String id, EvaluationResult result, List<Admission> admissions, Map<String, Prediction> predictions,
        CodeTable table, String notMeasured) {
      this(id, result, admissions, predictions, table, notMeasured, null);
    }
  }

  /** Rows for every coder and figure, in that order, with the notes a reader needs. */
  public static StudyResult judge(Study study, String dataset, int admissions, String codeTable, List<Coder> coders) {
    List<StudyRow> rows = new ArrayList<>();
    List<String> noneWrong = new ArrayList<>(); // coders whose wrong.* shares are undefined: no predicted code is wrong
    for (Coder coder : coders) {
      DerivedFigures.WrongAnswers[] wrong = {null};
      for (Study.Figure figure : study.figures()) {
        FigureId id = FigureId.parse(figure.metric());
        if (coder.notMeasured() != null) {
          rows.add(new StudyRow(coder.id(), id.text(), figure.label(), figure.published(), null,
              StudyRow.Inside.NOT_MEASURED, figure.note()));
          continue;
        }
        Optional<Estimate> value = id.of(coder.result(), () -> {
          if (wrong[0] == null && coder.predictions() != null) {
            wrong[0] = DerivedFigures.wrongAnswers(coder.admissions(), coder.predictions(), coder.table(), coder.result());
          }
          return wrong[0];
        });
        Estimate run = value.orElse(null);
        StudyRow.Inside inside = figure.published() == null || run == null ? StudyRow.Inside.NOT_APPLICABLE
            : coder.incomplete() != null ? StudyRow.Inside.INCOMPLETE
            : !run.hasInterval() ? StudyRow.Inside.NO_INTERVAL
            : figure.published().inside(run.ciLow(), run.ciHigh()) ? StudyRow.Inside.YES : StudyRow.Inside.NO;
        rows.add(new StudyRow(coder.id(), id.text(), figure.label(), figure.published(), run, inside, figure.note()));
      }
      if (wrong[0] != null && wrong[0].wrong() == 0) {
        noneWrong.add(coder.id());
      }
    }
    // the run's intervals are at its metrics.confidence (one for every coder of a run)
    double confidence = coders.stream().map(Coder::result).filter(java.util.Objects::nonNull).findFirst()
        .map(r -> r.options().confidence()).orElse(0.95);
    List<String> notes = new ArrayList<>();
    notes.add("inside: whether the published figure lies inside this run's " + StudyResult.interval(confidence)
        + " (a published range: whether it overlaps the interval)");
    if (rows.stream().anyMatch(r -> r.metric().startsWith("recall_gap."))) {
      notes.add("recall gaps: both recalls on each of the same bootstrap resamples the engine drew (a paired interval)");
    }
    if (rows.stream().anyMatch(r -> r.metric().startsWith("wrong."))) {
      notes.add("wrong.*: shares of the predicted codes that are not exact, by the error taxonomy (under_specified ="
          + " generalized, an ancestor of the gold code; over_specified = more specific, a descendant)");
    }
    for (Coder coder : coders) {
      if (coder.incomplete() != null) {
        notes.add("coder " + coder.id() + " is incomplete (" + coder.incomplete() + "): its figures are shown but not"
            + " judged; finish it with " + Launcher.WRITTEN + " run --resume RUN_DIR (with --max-cost N when its cost budget stopped it)"
            + " and the study is judged again");
      }
      if (coder.failures() != null && coder.notMeasured() == null) {
        notes.add("coder " + coder.id() + " " + coder.failures() + ": each is scored as an answer without a code, so its"
            + " figures count these failures as the model's misses (they are in no_answer_rate); ask again with"
            + " " + Launcher.WRITTEN + " run --resume RUN_DIR --retry-failed and the study is judged again");
      }
      if (coder.otherModel() != null && coder.notMeasured() == null) {
        notes.add("coder " + coder.id() + " ran " + coder.otherModel() + ", not the study's model " + study.model()
            + ": the published figures are " + study.model() + "'s, so inside says whether this other model's interval"
            + " holds them, not whether the study was reproduced");
      }
      if (coder.notMeasured() != null) {
        notes.add("coder " + coder.id() + " was not measured (" + coder.notMeasured() + "): its figures are empty, not zero;"
            + " make it run, then " + Launcher.WRITTEN + " report or run the study again");
      }
    }
    for (String coder : noneWrong) {
      notes.add("coder " + coder + ": no predicted code is wrong, so its wrong.* shares (of the wrong codes) are"
          + " undefined and left empty, not 0");
    }
    if (rows.stream().anyMatch(r -> r.run() == null && r.inside() != StudyRow.Inside.NOT_MEASURED
        && !(r.metric().startsWith("wrong.") && noneWrong.contains(r.coder())))) {
      notes.add("an empty value: the run did not compute that figure (e.g. a level missing from metrics.levels)");
    }
    return new StudyResult(study, dataset, admissions, codeTable, confidence, rows, notes);
  }
}
