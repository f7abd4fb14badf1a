package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;
import org.medcode.prediction.PredictionReader;
import org.medcode.prediction.PredictionSet;

/**
 * A code and its twin with the dot out of place ({@code E11.9}, {@code E1.19}) in one prediction: the reader took the
 * second for a repeat of the first and kept the first spelling, so the same lines in the other order scored F1 1 or 0.
 * Each is now scored as written, whatever the order, in TSV and JSONL alike.
 *
 * <pre>
 * A1 gold E11.9 ; predicted E1.19 0.5, E11.9 0.5 (either order)
 *   exact: E1.19 malformed (fp), E11.9 (tp) → P 1/2, R 1; 1 malformed
 * A1 predicted E119 0.5, E11.9 0.5 → one code, one repeat removed by the engine → P 1, R 1
 * </pre>
 */
class DotSpellingOrderTest {
  private static final CodeTable TABLE = CodeTable.of(CodeSystems.syntax(CodeSystemId.ICD10CM), "test",
      Map.of("E119", new CodeEntry("E119", true, "", "Type 2 diabetes")));
  private static final List<Admission> ADMISSIONS = List.of(new Admission("A1", "P1", List.of(new Note("note", "text")),
      List.of(new GoldCode("E119", "E11.9", CodeSystemId.ICD10CM, null, false, List.of())), Map.of()));

  @TempDir Path temp;

  @Test
  void aCodeAndItsMisplacedDotTwinScoreAlikeInEitherOrder() throws Exception {
    for (String lines : List.of("A1\tE1.19\t0.5\nA1\tE11.9\t0.5\n", "A1\tE11.9\t0.5\nA1\tE1.19\t0.5\n")) {
      EvaluationResult tsv = evaluate(PredictionReader.read(Files.writeString(temp.resolve("p.tsv"), lines)));
      assertEquals(0.5, value(tsv, Metric.PRECISION), 1e-12, lines);
      assertEquals(1.0, value(tsv, Metric.RECALL), 1e-12, lines);
      assertEquals(1, tsv.invalid().malformed(), lines);
      String[] rows = lines.split("\n");
      String json = "{\"admission_id\":\"A1\",\"codes\":[{\"code\":\"" + rows[0].split("\t")[1] + "\",\"score\":0.5},"
          + "{\"code\":\"" + rows[1].split("\t")[1] + "\",\"score\":0.5}]}\n";
      EvaluationResult jsonl = evaluate(PredictionReader.read(Files.writeString(temp.resolve("p.jsonl"), json)));
      assertEquals(value(tsv, Metric.PRECISION), value(jsonl, Metric.PRECISION), 1e-12, json);
      assertEquals(tsv.invalid().malformed(), jsonl.invalid().malformed(), json);
    }
  }

  @Test
  void twoSpellingsOfOneCodeStillCountOnce() throws Exception {
    EvaluationResult result = evaluate(PredictionReader.read(Files.writeString(temp.resolve("p.tsv"),
        "A1\tE119\t0.5\nA1\tE11.9\t0.5\n")));
    assertEquals(1.0, value(result, Metric.PRECISION), 1e-12);
    assertEquals(1.0, value(result, Metric.RECALL), 1e-12);
    assertEquals(0, result.invalid().malformed());
  }

  private static EvaluationResult evaluate(PredictionSet set) {
    return Evaluator.evaluate(ADMISSIONS, set.byAdmission(), TABLE,
        new EvalOptions(List.of(Granularity.EXACT), InvalidPolicy.COUNT, 0, 0.95, 1, false, List.of(1), false));
  }

  private static double value(EvaluationResult result, Metric metric) {
    return result.metric(Granularity.EXACT, Averaging.MICRO, metric).orElseThrow().value();
  }
}
