package org.medcode.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Averaging;
import org.medcode.eval.ErrorKind;
import org.medcode.eval.Estimate;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.InvalidStats;
import org.medcode.eval.Metric;
import org.medcode.eval.MetricKey;
import org.medcode.eval.EvalOptions;

/** Published values and ranges, figure names, and the inside/outside verdict. */
class StudyJudgeTest {
  @Test
  void publishedValuesAndRanges() {
    assertEquals(new Published(0.459, 0.459, "45.9%"), Published.parse("45.9%"));
    assertEquals(new Published(0.339, 0.339, "0.339"), Published.parse("0.339"));
    assertEquals(new Published(0.18, 0.21, "18-21%"), Published.parse("18-21%"));
    assertEquals(new Published(0.18, 0.21, "18% - 21%"), Published.parse("18% - 21%"));
    assertEquals(new Published(0.33, 0.34, "0.33-0.34"), Published.parse("0.33-0.34"));
    assertEquals(new Published(0.12, 0.16, "12 to 16 %"), Published.parse("12 to 16 %"));
    for (String bad : List.of("about half", "21-18%", "120%", "", "0.2-")) {
      assertThrows(IllegalArgumentException.class, () -> Published.parse(bad), bad);
    }
    Published range = Published.parse("18-21%");
    assertTrue(range.inside(0.20, 0.30), "overlaps");
    assertTrue(range.inside(0.10, 0.18), "touches");
    assertFalse(range.inside(0.22, 0.30));
    assertTrue(Published.parse("33.9%").inside(0.335, 0.47));
    assertFalse(Published.parse("33.9%").inside(0.34, 0.47));
  }

  @ParameterizedTest
  @ValueSource(strings = {"exact.micro.recall", "category.per-admission.exact_match", "exact.macro-gold.f1",
      "recall_gap.category-exact", "recall_gap.chapter-block", "invalid_rate", "no_answer_rate", "wrong.under_specified",
      "wrong.wrong_chapter", "WRONG.Invalid"})
  void figureNames(String name) {
    FigureId.parse(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"recall", "exact.recall", "exact.mean.recall", "recall_gap.exact-exact", "recall_gap.category",
      "wrong.exact", "wrong.missed", "gap", ""})
  void badFigureNamesListTheForms(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FigureId.parse(name));
    assertTrue(e.getMessage().contains("LEVEL.AVERAGING.METRIC"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"exact.micro.recal", "exact.micro.p@0", "category.per-admission.accuracy"})
  void aMisspeltMetricNameIsRefusedBeforeTheRun(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FigureId.parse(name));
    assertTrue(e.getMessage().contains("is not one of precision, recall, f1"), e.getMessage());
  }

  @Test
  void rowsSayWhetherThePublishedFigureIsInside() {
    EvaluationResult result = new EvaluationResult(EvalOptions.defaults(), "icd10cm", "FY2026", 10, 10,
        new InvalidStats(0, 0, 0, 0, 0, 0, 0, 0), List.of(), java.util.Map.of(
            new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.RECALL), new Estimate(0.2, 0.15, 0.25),
            new MetricKey(Granularity.CATEGORY, Averaging.MICRO, Metric.RECALL), new Estimate(0.4, 0.36, 0.45),
            new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.F1), Estimate.point(0.3)), List.of());
    Study study = new Study("s", "t", "c", null, null, null, null, List.of(), List.of(
        new Study.Figure("exact.micro.recall", "exact", Published.parse("18-21%"), null),
        new Study.Figure("category.micro.recall", "category", Published.parse("33-34%"), null),
        new Study.Figure("exact.micro.f1", null, Published.parse("0.3"), null),
        new Study.Figure("exact.micro.precision", null, null, null),
        new Study.Figure("wrong.sibling", null, null, null)));
    StudyResult judged = StudyJudge.judge(study, "d", 10, "table", List.of(new StudyJudge.Coder("llm", result, null, null, null)));
    List<StudyRow> rows = judged.rows();
    assertEquals(StudyRow.Inside.YES, rows.get(0).inside());
    assertEquals(StudyRow.Inside.NO, rows.get(1).inside());
    assertEquals(StudyRow.Inside.NO_INTERVAL, rows.get(2).inside());
    assertEquals(StudyRow.Inside.NOT_APPLICABLE, rows.get(3).inside());
    assertEquals(null, rows.get(3).run(), "the run has no exact precision");
    assertEquals(null, rows.get(4).run(), "no predictions at hand for wrong.*");
    assertEquals(ErrorKind.SIBLING, FigureId.parse("wrong.sibling").error());
  }

  @Test
  void wrongSharesOfACoderWithNoWrongCodeAreEmptyAndSaidSoNotZero() {
    org.medcode.codesystem.CodeTable table = org.medcode.codesystem.CodeTable.of(
        org.medcode.codesystem.CodeSystems.syntax(org.medcode.codesystem.CodeSystemId.ICD10CM), "test",
        java.util.Map.of("E119", new org.medcode.codesystem.CodeEntry("E119", true, "Type 2 diabetes", "Type 2 diabetes")));
    List<org.medcode.dataset.Admission> admissions = List.of(new org.medcode.dataset.Admission("A1", "P1", List.of(),
        List.of(new org.medcode.dataset.GoldCode("E119", org.medcode.codesystem.CodeSystemId.ICD10CM)), java.util.Map.of()));
    java.util.Map<String, org.medcode.prediction.Prediction> predictions = java.util.Map.of("A1",
        new org.medcode.prediction.Prediction("A1", List.of(new org.medcode.prediction.PredictedCode("E119"))));
    EvaluationResult result = org.medcode.eval.Evaluator.evaluate(admissions, predictions, table, EvalOptions.defaults());
    Study study = new Study("s", "t", "c", null, null, null, null, List.of(), List.of(
        new Study.Figure("wrong.sibling", null, Published.parse("12%"), null)));
    StudyResult judged = StudyJudge.judge(study, "d", 1, "table",
        List.of(new StudyJudge.Coder("llm", result, admissions, predictions, table)));
    StudyRow row = judged.rows().get(0);
    assertEquals(null, row.run(), "0 of 0 wrong codes: no share, not a share of 0 [0, 0]");
    assertEquals(StudyRow.Inside.NOT_APPLICABLE, row.inside());
    assertTrue(judged.notes().contains("coder llm: no predicted code is wrong, so its wrong.* shares (of the wrong codes)"
        + " are undefined and left empty, not 0"), judged.notes().toString());
    assertFalse(judged.notes().stream().anyMatch(n -> n.startsWith("an empty value")), judged.notes().toString());
  }

  @Test
  void aCoderThatAnsweredNothingHasNoFiguresRatherThanZeros() {
    EvaluationResult zeros = new EvaluationResult(EvalOptions.defaults(), "icd10cm", "FY2026", 10, 10,
        new InvalidStats(0, 0, 0, 0, 0, 0, 0, 0), List.of(), java.util.Map.of(
            new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.RECALL), new Estimate(0, 0, 0)), List.of());
    Study study = new Study("s", "t", "c", null, null, null, null, List.of(), List.of(
        new Study.Figure("exact.micro.recall", "exact", Published.parse("18-21%"), "a figure's own note")));
    StudyResult judged = StudyJudge.judge(study, "d", 10, "table",
        List.of(new StudyJudge.Coder("llm", zeros, null, null, null, "unavailable: no API key in OPENAI_API_KEY")));
    StudyRow row = judged.rows().get(0);
    assertEquals(null, row.run(), "no value: a zero would read as a measured recall of 0");
    assertEquals(StudyRow.Inside.NOT_MEASURED, row.inside());
    assertEquals("not measured", row.inside().label());
    assertEquals("a figure's own note", row.note());
    assertTrue(judged.notes().stream().anyMatch(n -> n.startsWith("coder llm was not measured (unavailable: no API key in"
        + " OPENAI_API_KEY)")), judged.notes().toString());
    assertFalse(judged.notes().stream().anyMatch(n -> n.startsWith("an empty value")), judged.notes().toString());
  }

  @Test
  void anIncompleteCodersFiguresAreShownButNotJudged() {
    EvaluationResult partial = new EvaluationResult(EvalOptions.defaults(), "icd10cm", "FY2026", 10, 10,
        new InvalidStats(0, 0, 0, 0, 0, 0, 0, 0), List.of(), java.util.Map.of(
            new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.RECALL), new Estimate(0.05, 0.02, 0.08)), List.of());
    Study study = new Study("s", "t", "c", null, null, null, null, List.of(), List.of(
        new Study.Figure("exact.micro.recall", "exact", Published.parse("18-21%"), null)));
    StudyResult judged = StudyJudge.judge(study, "d", 10, "table", List.of(new StudyJudge.Coder("llm", partial, null,
        null, null, null, "coded 2 of 10 admissions; the 8 never coded (...) count as empty predictions")));
    StudyRow row = judged.rows().get(0);
    assertEquals(0.05, row.run().value());
    assertEquals(StudyRow.Inside.INCOMPLETE, row.inside(), "not 'no': the run did not measure the whole split");
    assertTrue(judged.notes().stream().anyMatch(n -> n.startsWith("coder llm is incomplete (coded 2 of 10 admissions")),
        judged.notes().toString());
    // a run its cost budget stopped is not finished by --resume alone (it stops again at once): the note said only that
    assertTrue(judged.notes().stream().anyMatch(n -> n.contains("finish it with ./medcode run --resume RUN_DIR (with"
        + " --max-cost N when its cost budget stopped it)")), judged.notes().toString());
  }
  @Test
  void theIntervalIsNamedAtTheRunsConfidenceNotAlways95() {
    // With metrics.confidence 0.5 the table called [0.612, 0.644] a "95% interval" and judged the published figure
    // against it as one.
    EvalOptions d = EvalOptions.defaults();
    EvalOptions half = new EvalOptions(d.levels(), d.invalid(), d.bootstrap(), 0.5, d.seed(), d.groupByPatient(), d.ks(),
        d.macroIntervals(), d.population(), d.intervals());
    EvaluationResult result = new EvaluationResult(half, "icd10cm", "FY2026", 10, 10,
        new InvalidStats(0, 0, 0, 0, 0, 0, 0, 0), List.of(), java.util.Map.of(
            new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.RECALL), new Estimate(0.2, 0.19, 0.21)), List.of());
    Study study = new Study("s", "t", "c", null, null, null, null, List.of(), List.of(
        new Study.Figure("exact.micro.recall", "exact", Published.parse("18-21%"), null)));
    StudyResult judged = StudyJudge.judge(study, "d", 10, "table", List.of(new StudyJudge.Coder("llm", result, null,
        null, null)));
    assertEquals("50% interval", judged.intervalLabel());
    assertEquals("inside: whether the published figure lies inside this run's 50% interval (a published range: whether"
        + " it overlaps the interval)", judged.notes().get(0));
    StudyResult usual = StudyJudge.judge(study, "d", 10, "table", List.of(new StudyJudge.Coder("llm",
        new EvaluationResult(d, "icd10cm", "FY2026", 10, 10, new InvalidStats(0, 0, 0, 0, 0, 0, 0, 0), List.of(),
            java.util.Map.of(), List.of()), null, null, null)));
    assertEquals("95% interval", usual.intervalLabel());
    assertTrue(usual.notes().get(0).contains("this run's 95% interval"), usual.notes().get(0));
  }
}
