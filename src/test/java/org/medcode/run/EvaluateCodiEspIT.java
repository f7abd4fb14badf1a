package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TestData;
import org.medcode.coder.RunListener;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Averaging;
import org.medcode.eval.Counts;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.Metric;
import org.medcode.run.engine.EvaluateSpec;
import org.medcode.run.workspace.Workspace;

/**
 * {@code medcode evaluate} on the real CodiEsp dev split with the example baseline predictions. The expected counts
 * were computed independently of medcode with coreutils on the raw files:
 * <pre>
 * awk -F'\t' '{print $1"\t"toupper($2)}' devD.tsv | sort -u                        → 2,677 gold pairs
 * awk -F'\t' '{print $1"\t"toupper($2)}' codiesp-dev-frequency-top10.tsv | sort -u → 2,500 predicted pairs
 * comm -12 gold pred | wc -l                                                      → 310 true positives
 * (same with substr($2,1,3) for categories: 2,374 gold, 2,250 predicted, 328 true positives)
 * </pre>
 * so exact micro P = 310/2500 = 0.124, R = 310/2677, F1 = 620/5177; category P = 328/2250, R = 328/2374.
 */
class EvaluateCodiEspIT {
  @TempDir
  Path temp;

  private Medcode medcode() {
    Path root = TestData.require("codiesp/final_dataset_v4_to_publish/dev", "icd10cm-cms", "icd10cm-hierarchy");
    return new Medcode(new Workspace(Path.of("").toAbsolutePath(), root, temp, null, false,
        Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC), RunListener.SILENT));
  }

  private EvaluationResult evaluate(InvalidPolicy policy) {
    EvalOptions options = new EvalOptions(List.of(Granularity.values()), policy, 200, 0.95, 1L, false, List.of(1, 5, 10), false);
    return medcode().evaluate(new EvaluateSpec("codiesp:dev:en:D", Path.of("examples/codiesp-dev-frequency-top10.tsv"), null,
        null, null, null, options, temp.resolve("run-" + policy.label()))).report().result();
  }

  @Test
  void exactAndCategoryCountsMatchAnIndependentCount() {
    EvaluationResult result = evaluate(InvalidPolicy.COUNT);
    assertEquals(250, result.admissions());
    assertEquals(new Counts(310, 2190, 2367), result.level(Granularity.EXACT).orElseThrow().micro());
    assertEquals(new Counts(328, 1922, 2046), result.level(Granularity.CATEGORY).orElseThrow().micro());
    assertEquals(0.124, value(result, Granularity.EXACT, Metric.PRECISION), 1e-15);
    assertEquals(310.0 / 2677, value(result, Granularity.EXACT, Metric.RECALL), 1e-15);
    assertEquals(620.0 / 5177, value(result, Granularity.EXACT, Metric.F1), 1e-15);
    assertEquals(328.0 / 2250, value(result, Granularity.CATEGORY, Metric.PRECISION), 1e-15);
    assertEquals(328.0 / 2374, value(result, Granularity.CATEGORY, Metric.RECALL), 1e-15);
    assertEquals(0, result.invalid().invalid(), "the ten most frequent training codes all exist in FY2018");
    assertEquals(2677, result.invalid().gold());
  }

  @Test
  void droppingInvalidCodesChangesNothingWhenAllAreValid() {
    EvaluationResult count = evaluate(InvalidPolicy.COUNT);
    EvaluationResult drop = evaluate(InvalidPolicy.DROP);
    assertEquals(count.level(Granularity.EXACT).orElseThrow().micro(), drop.level(Granularity.EXACT).orElseThrow().micro());
  }

  @Test
  void theRunFolderHasEveryFile() {
    evaluate(InvalidPolicy.COUNT);
    for (String file : List.of("metrics.json", "summary.csv", "per_code.csv", "per_admission.csv")) {
      assertTrue(Files.exists(temp.resolve("run-count").resolve(file)), file);
    }
  }

  private static double value(EvaluationResult result, Granularity granularity, Metric metric) {
    return result.metric(granularity, Averaging.MICRO, metric).orElseThrow().value();
  }
}
