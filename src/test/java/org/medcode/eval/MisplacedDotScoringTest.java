package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * A predicted or gold code written with a dot where its system writes none ({@code E1.19}, {@code E119.}) is scored as
 * a malformed code, counted in the invalid-code figures, never as the code the dot-less spelling would be: a
 * prediction file's {@code E1.19} scored as a true positive against gold {@code E11.9}.
 *
 * <pre>
 * A1 gold E11.9 I10 ; predicted E1.19 (malformed) I10  → exact tp 1 fp 1 fn 1
 * A2 gold E119. (malformed) ; predicted E11.9         → tp 0 fp 1 fn 1
 * micro P 1/3, R 1/3; predicted invalid 1 (malformed), gold invalid 1 (malformed)
 * </pre>
 */
class MisplacedDotScoringTest {
  @Test
  void aMisplacedDotIsMalformedOnBothSides() {
    CodeTable table = CodeTable.of(CodeSystems.syntax(CodeSystemId.ICD10CM), "test", Map.of(
        "E119", new CodeEntry("E119", true, "", "Type 2 diabetes"), "I10", new CodeEntry("I10", true, "", "HTN")));
    List<Admission> admissions = List.of(
        admission("A1", gold("E11.9"), gold("I10")),
        admission("A2", gold("E119.")));
    Map<String, Prediction> predictions = Map.of(
        "A1", new Prediction("A1", List.of(new PredictedCode("E119", "E1.19", null), new PredictedCode("I10"))),
        "A2", new Prediction("A2", List.of(new PredictedCode("E119", "E11.9", null))));
    for (InvalidPolicy policy : InvalidPolicy.values()) {
      EvaluationResult result = Evaluator.evaluate(admissions, predictions, table,
          new EvalOptions(List.of(Granularity.EXACT), policy, 0, 0.95, 1, false, List.of(1), false));
      assertEquals(1, result.invalid().malformed(), policy.name());
      assertEquals(1, result.invalid().goldMalformed(), policy.name());
      double precision = policy == InvalidPolicy.COUNT ? 1.0 / 3 : 1.0 / 2; // drop: E1.19 left out
      assertEquals(precision, result.metric(Granularity.EXACT, Averaging.MICRO, Metric.PRECISION).orElseThrow().value(),
          1e-12, policy.name());
      assertEquals(1.0 / 3, result.metric(Granularity.EXACT, Averaging.MICRO, Metric.RECALL).orElseThrow().value(), 1e-12,
          policy.name());
    }
  }

  private static GoldCode gold(String written) {
    return new GoldCode(org.medcode.codesystem.CodeSystem.canonical(written), written, CodeSystemId.ICD10CM, null, false,
        List.of());
  }

  private static Admission admission(String id, GoldCode... codes) {
    return new Admission(id, "P" + id, List.of(new Note("note", "text")), List.of(codes), Map.of());
  }
}
