package org.medcode.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.eval.Estimate;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.PairedComparison;
import org.medcode.eval.Population;

/** Judging rules on hand-made numbers: point against interval mode, deltas paired or not, and what cannot be judged. */
class GateTest {
  private static final Scores RUN = new Scores("run", Map.of(
      "exact.micro.recall", new Estimate(0.38, 0.35, 0.41),
      "exact.micro.f1", new Estimate(0.50, 0.47, 0.53),
      "exact.macro-gold.f1", Estimate.point(0.30),
      "invalid_rate", Estimate.point(0.03)), 0.95);
  private static final Scores BASE = new Scores("base", Map.of(
      "exact.micro.recall", new Estimate(0.40, 0.37, 0.43),
      "exact.micro.f1", new Estimate(0.51, 0.48, 0.54),
      "exact.macro-gold.f1", Estimate.point(0.33),
      "invalid_rate", Estimate.point(0.01)), 0.95);

  private static RuleResult judge(String rule, Map<String, Estimate> paired) {
    return Gate.judge(List.of(GateRule.parse(rule)), RUN, BASE, paired, Map.of(), "paired").get(0);
  }

  private static RuleResult judge(String rule) {
    return judge(rule, Map.of());
  }

  @Test
  void pointModeJudgesThePointValue() {
    assertFalse(judge("exact.micro.recall >= 0.40").passed());
    assertTrue(judge("exact.micro.recall >= 0.38").passed());
    assertFalse(judge("exact.micro.recall > 0.38").passed());
    assertTrue(judge("invalid_rate <= 0.03").passed());
    assertFalse(judge("invalid_rate < 0.03").passed());
    RuleResult r = judge("exact.micro.recall >= 0.40");
    assertEquals(0.38, r.value());
    assertEquals(0.35, r.ciLow());
    assertEquals(0.41, r.ciHigh());
    assertTrue(Double.isNaN(r.baseline()));
    assertTrue(r.explanation().contains("misses >= 0.4"), r.explanation());
    assertEquals("this run's 95% bootstrap interval", r.basis());
  }

  @Test
  void intervalModeFailsOnlyWhenTheWholeIntervalMisses() {
    // 0.38 [0.35, 0.41]: below 0.40 by the point, but the interval reaches it
    assertTrue(judge("exact.micro.recall >= 0.40 interval").passed());
    assertTrue(judge("exact.micro.recall >= 0.41 interval").passed());
    assertFalse(judge("exact.micro.recall > 0.41 interval").passed());
    assertFalse(judge("exact.micro.recall >= 0.42 interval").passed());
    // upper bounds look at the lower end of the interval
    assertTrue(judge("exact.micro.recall <= 0.35 interval").passed());
    assertFalse(judge("exact.micro.recall < 0.35 interval").passed());
    assertFalse(judge("exact.micro.recall <= 0.34 interval").passed());
    assertTrue(judge("exact.micro.recall >= 0.42 interval").explanation().contains("upper bound 0.4100"));
  }

  @Test
  void deltaUsesThePairedIntervalWhenThereIsOne() {
    Map<String, Estimate> paired = Map.of("exact.micro.recall", new Estimate(-0.02, -0.03, -0.012));
    RuleResult r = judge("exact.micro.recall.delta >= -0.01 interval", paired);
    assertFalse(r.passed(), "the paired interval lies wholly below -0.01");
    assertEquals(-0.02, r.value());
    assertEquals(-0.012, r.ciHigh());
    assertEquals(0.40, r.baseline());
    assertEquals("paired", r.basis());
    assertTrue(judge("exact.micro.recall.delta >= -0.015 interval", paired).passed());
  }

  @Test
  void aPairedDeltaCarriesItsPValueAndNothingElseDoes() {
    Map<String, Estimate> paired = Map.of("exact.micro.recall", new Estimate(-0.02, -0.03, -0.012));
    List<RuleResult> results = Gate.judge(List.of(GateRule.parse("exact.micro.recall.delta >= -0.01 interval"),
        GateRule.parse("exact.micro.recall >= 0.3"), GateRule.parse("exact.micro.f1.delta >= -0.05")), RUN, BASE, paired,
        Map.of("exact.micro.recall", 0.0123), "paired");
    assertEquals(0.0123, results.get(0).pValue());
    assertEquals("paired; two-sided p = 0.012", results.get(0).basisWithP());
    assertTrue(Double.isNaN(results.get(1).pValue()), "not a delta");
    assertTrue(Double.isNaN(results.get(2).pValue()), "not paired: this run's interval minus the baseline's point");
    assertEquals(results.get(2).basis(), results.get(2).basisWithP());
    RuleResult tiny = Gate.judge(List.of(GateRule.parse("exact.micro.recall.delta >= -0.01")), RUN, BASE, paired,
        Map.of("exact.micro.recall", 1.0 / 10_001), "paired").get(0);
    assertEquals("paired; two-sided p < 0.001", tiny.basisWithP());
  }

  @Test
  void deltaWithoutPairedIntervalShiftsTheRunIntervalByTheBaselinePoint() {
    RuleResult r = judge("exact.micro.recall.delta >= -0.01 interval");
    assertEquals(0.38 - 0.40, r.value(), 1e-15);
    assertEquals(0.35 - 0.40, r.ciLow(), 1e-15);
    assertEquals(0.41 - 0.40, r.ciHigh(), 1e-15);
    assertTrue(r.passed(), "upper end +0.01 reaches -0.01");
    assertTrue(r.basis().contains("minus the baseline's point value"), r.basis());
    assertFalse(judge("exact.micro.recall.delta >= -0.01").passed(), "point: -0.02 < -0.01");
    RuleResult rate = judge("invalid_rate.delta <= 0.01");
    assertEquals(0.02, rate.value(), 1e-15);
    assertFalse(rate.passed());
  }

  @Test
  void whatTheDataCannotAnswerIsAnErrorNamingTheRule() {
    GateRule.Invalid missing = assertThrows(GateRule.Invalid.class, () -> judge("category.micro.f1 >= 0.5"));
    assertTrue(missing.getMessage().contains("'category.micro.f1 >= 0.5'"), missing.getMessage());
    assertTrue(missing.getMessage().contains("the run has no category.micro.f1"), missing.getMessage());
    GateRule.Invalid noInterval = assertThrows(GateRule.Invalid.class,
        () -> judge("exact.macro-gold.f1 >= 0.5 interval"));
    assertTrue(noInterval.getMessage().contains("asks for an interval"), noInterval.getMessage());
    GateRule.Invalid noBaseline = assertThrows(GateRule.Invalid.class, () -> Gate.judge(
        List.of(GateRule.parse("exact.micro.f1.delta >= 0")), RUN, null, Map.of(), Map.of(), "").get(0));
    assertTrue(noBaseline.getMessage().contains("compares with a baseline"), noBaseline.getMessage());
  }

  @Test
  void completenessAndExitCodes() {
    Completeness complete = Completeness.of(100, 99, 1, 0.01, "complete");
    assertTrue(complete.complete());
    Completeness failing = Completeness.of(100, 98, 2, 0.01, "complete");
    assertFalse(failing.complete());
    assertTrue(failing.problems().get(0).contains("2 of 100 admissions failed (2.00%)"), failing.problems().toString());
    Completeness stopped = Completeness.of(100, 40, 0, 0.01, "incomplete");
    assertEquals(60, stopped.missing());
    assertEquals(2, stopped.problems().size());
    assertEquals("the run recorded status 'incomplete' (stopped by its budget, interrupted or unavailable)",
        stopped.problems().get(0));
    // a coder that failed on every admission was said to be "stopped by its budget, interrupted or unavailable" too
    Completeness failedAll = Completeness.of(100, 0, 100, 0.01, "incomplete");
    assertEquals(List.of("the run recorded status 'incomplete' (for its failures)", "it answered none of its 100"
        + " admissions: not measured, so it has no numbers to judge", "100 of 100 admissions failed (100.00%), above the"
        + " limit of 1.00%"), failedAll.problems());

    RuleResult pass = judge("exact.micro.recall >= 0.30");
    RuleResult fail = judge("exact.micro.recall >= 0.40");
    assertEquals(0, new GateVerdict("r", null, List.of(new CoderVerdict("a", complete, List.of(pass), null, null, null)), List.of())
        .exitCode());
    GateVerdict failed = new GateVerdict("r", null, List.of(new CoderVerdict("a", complete, List.of(pass), null, null, null),
        new CoderVerdict("b", complete, List.of(fail), null, null, null)), List.of());
    assertEquals(1, failed.exitCode());
    assertEquals("gate: verdict=fail exit=1 rules=2 passed=1 failed=1 incomplete=0 coders=a,b out=x", failed.line("x"));
    GateVerdict incomplete = new GateVerdict("r", null, List.of(new CoderVerdict("a", stopped, List.of(fail), null, null, null)),
        List.of());
    assertEquals(3, incomplete.exitCode(), "an incomplete run wins over a failed rule");
    assertEquals("incomplete", incomplete.status());
  }

  @Test
  void aCodeLostInOneAdmissionRegressedThereWhateverItGainedElsewhere() {
    PairedComparison comparison = new PairedComparison("base", "run", 60, 0, 0, 1, 0.95,
        List.of(), List.of(), List.of(new PairedComparison.CodeChange("K3580", 6, 2),
            new PairedComparison.CodeChange("I10", 0, 4),
            new PairedComparison.CodeChange("E119", 3, 0),
            new PairedComparison.CodeChange("J189", 1, 2)), List.of(), InvalidPolicy.COUNT, Population.ALL);
    CoderVerdict verdict = new CoderVerdict("rules", Completeness.of(60, 60, 0, 0.01, "complete"), List.of(), comparison, null,
        null);
    assertEquals(List.of("I10", "J189", "K3580"), verdict.regressedCodes().stream()
        .map(PairedComparison.CodeChange::code).toList(),
        "net loss first (4, 1, then -4); a code only gained is not listed");
  }

  @Test
  void anIntervalThatLeavesOutItsPointValueIsNotJudgedByItsBounds() {
    // a macro average on a large set: 0.356 with the resampled values at [0.403, 0.406]
    Scores biased = new Scores("run", Map.of("exact.macro-all.precision", new Estimate(0.3557, 0.4026, 0.4060)), 0.95);
    RuleResult r = Gate.judge(List.of(GateRule.parse("exact.macro-all.precision >= 0.40 interval")), biased, null,
        Map.of(), Map.of(), "paired").get(0);
    assertFalse(r.passed(), "the upper bound reaches 0.40, the value is far below it");
    assertTrue(r.explanation().contains("the interval leaves out the point value (its resampled values are biased), so"
        + " the point value is judged: it misses >= 0.4"), r.explanation());
    RuleResult below = Gate.judge(List.of(GateRule.parse("exact.macro-all.precision <= 0.38 interval")), biased, null,
        Map.of(), Map.of(), "paired").get(0);
    assertTrue(below.passed(), "the lower bound is above 0.38, the value below it: " + below.explanation());
  }
}
