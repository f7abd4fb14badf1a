package org.medcode.run.gating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.EvalOptions;
import org.medcode.gate.GateRule;

/** The gate compares only the levels it reads: exact (regressed codes and admissions) and its .delta rules' levels. */
class GatePairedLevelsTest {
  private static final EvalOptions ALL = EvalOptions.defaults();

  private static List<Granularity> levels(EvalOptions options, String... rules) {
    return GateRunner.pairedOptions(options, Arrays.stream(rules).map(GateRule::parse).toList()).levels();
  }

  @Test
  void exactAndTheLevelsOfDeltaRules() {
    assertEquals(List.of(Granularity.EXACT), levels(ALL, "exact.micro.f1.delta >= -0.01 interval",
        "category.micro.recall >= 0.4", "failure_rate <= 0.01"));
    assertEquals(List.of(Granularity.EXACT, Granularity.CHAPTER), levels(ALL, "chapter.per-admission.f1.delta >= 0",
        "invalid_rate.delta <= 0.01"));
    EvalOptions cut = GateRunner.pairedOptions(ALL, List.of(GateRule.parse("block.micro.f1.delta >= 0")));
    assertEquals(List.of(Granularity.EXACT, Granularity.BLOCK), cut.levels());
    assertEquals(new EvalOptions(cut.levels(), ALL.invalid(), ALL.bootstrap(), ALL.confidence(), ALL.seed(),
        ALL.groupByPatient(), ALL.ks(), ALL.macroIntervals(), ALL.population(), ALL.intervals()), cut);
  }

  @Test
  void aRunWithoutTheLevelsKeepsItsOwn() {
    EvalOptions category = new EvalOptions(List.of(Granularity.CATEGORY, Granularity.CHAPTER), ALL.invalid(),
        ALL.bootstrap(), ALL.confidence(), ALL.seed(), ALL.groupByPatient(), ALL.ks(), ALL.macroIntervals(),
        ALL.population(), ALL.intervals());
    assertSame(category, GateRunner.pairedOptions(category, List.of(GateRule.parse("exact.micro.f1 >= 0.1"))));
    assertEquals(List.of(Granularity.CATEGORY), levels(category, "category.micro.f1.delta >= 0"));
  }
}
