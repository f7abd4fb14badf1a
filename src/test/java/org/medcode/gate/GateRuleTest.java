package org.medcode.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule syntax: what is read from each form, and the message for each mistake. */
class GateRuleTest {
  @Test
  void readsMetricOperatorNumberAndMode() {
    GateRule rule = GateRule.parse("exact.micro.recall >= 0.20");
    assertEquals("exact.micro.recall", rule.metric());
    assertFalse(rule.delta());
    assertEquals(Operator.AT_LEAST, rule.operator());
    assertEquals(0.20, rule.threshold());
    assertEquals(GateMode.POINT, rule.mode());
    assertEquals("exact.micro.recall >= 0.20", rule.text());

    GateRule delta = GateRule.parse("  category.micro.f1.delta>=-0.01 interval ");
    assertEquals("category.micro.f1", delta.metric());
    assertTrue(delta.delta());
    assertEquals(-0.01, delta.threshold());
    assertEquals(GateMode.INTERVAL, delta.mode());
    assertEquals("category.micro.f1.delta", delta.subject());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "invalid_rate <= 0.02|invalid_rate|AT_MOST|0.02",
      "failure_rate < 1%|failure_rate|BELOW|0.01",
      "exact.per-admission.p@5 > .5|exact.per-admission.p@5|ABOVE|0.5",
      "chapter.macro-gold.f1 >= +1e-1|chapter.macro-gold.f1|AT_LEAST|0.1",
      "EXACT.MICRO.F1.DELTA >= -2.5%|exact.micro.f1|AT_LEAST|-0.025",
      "block.per-admission.map >= 0.3 point|block.per-admission.map|AT_LEAST|0.3",
      "exact.per-admission.r@15 >= 0.3 ci|exact.per-admission.r@15|AT_LEAST|0.3"})
  void readsEveryForm(String text, String metric, Operator operator, double threshold) {
    GateRule rule = GateRule.parse(text);
    assertEquals(metric, rule.metric());
    assertEquals(operator, rule.operator());
    assertEquals(threshold, rule.threshold(), 1e-15);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|empty",
      "exact.micro.recall 0.2|no comparison after 'exact.micro.recall'",
      "exact.micro.recall = 0.2|'=' is not a comparison",
      "exact.micro.recall == 0.2|'==' is not a comparison",
      "exact.micro.recall >= |no number after '>='",
      "exact.micro.recall >= high|'high' is not a number",
      "exact.micro.recall >= 0.2 strict|'strict' after the number",
      "exact.micro.recall >= 0.2 interval please|unexpected 'please'",
      "exact.micro.recal >= 0.2|metric 'recal' is not one of",
      "exact.micro >= 0.2|'exact.micro' is not a metric",
      "exact.mean.f1 >= 0.2|averaging 'mean' is not one of",
      "code.micro.f1 >= 0.2|level 'code' is not one of",
      "invalid_rate <= 0.02 interval|invalid_rate has no confidence interval",
      "exact.micro.recall >= 1e400|'1e400' is beyond the range of a number",
      "invalid_rate <= 2|'2' is outside [0, 1], the range of invalid_rate",
      "exact.micro.f1 >= 60|'60' is outside [0, 1], the range of exact.micro.f1",
      "exact.micro.f1 >= -0.1|'-0.1' is outside [0, 1]",
      "exact.micro.f1.delta >= -1.5|'-1.5' is outside [-1, 1], the range of exact.micro.f1.delta",
      "category.micro.recall >= 150%|'150%' is outside [0, 1]"})
  void mistakesAreNamedWithTheRule(String text, String message) {
    GateRule.Invalid e = assertThrows(GateRule.Invalid.class, () -> GateRule.parse(text));
    assertTrue(e.getMessage().startsWith("gate rule '" + text.strip() + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void operatorsHoldAsWritten() {
    assertTrue(Operator.AT_LEAST.holds(0.2, 0.2));
    assertFalse(Operator.ABOVE.holds(0.2, 0.2));
    assertTrue(Operator.AT_MOST.holds(0.2, 0.2));
    assertFalse(Operator.BELOW.holds(0.2, 0.2));
    assertTrue(Operator.BELOW.holds(0.1, 0.2));
    assertFalse(Operator.AT_LEAST.holds(Double.NaN, 0.2));
    assertFalse(Operator.ABOVE.holds(Double.NaN, 0.2));
  }

  @Test
  void valuesWithinFloatingPointNoiseOfTheThresholdAreEqualToIt() {
    double fell = 0.3 - 0.4; // -0.10000000000000003: recall fell by exactly ten points
    assertTrue(Operator.AT_LEAST.holds(fell, -0.1));
    assertFalse(Operator.BELOW.holds(fell, -0.1));
    assertTrue(Operator.AT_MOST.holds(0.1 + 0.2, 0.3));
    assertFalse(Operator.ABOVE.holds(0.1 + 0.2, 0.3));
    assertFalse(Operator.AT_LEAST.holds(-0.1001, -0.1));
    assertTrue(Operator.BELOW.holds(-0.1001, -0.1));
  }
}
