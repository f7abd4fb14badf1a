package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.AdmissionCounts;
import org.medcode.eval.Averaging;
import org.medcode.eval.CodeCounts;
import org.medcode.eval.Counts;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.Estimate;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.InvalidStats;
import org.medcode.eval.LevelResult;
import org.medcode.eval.Metric;
import org.medcode.eval.MetricKey;

/**
 * Golden files for every file an evaluation writes, from a fixed result model (writers only format, so the model is
 * built by hand here). Run with {@code -Dgolden.update=true} to rewrite the golden files after a deliberate change.
 */
class RunFolderGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/report");

  @TempDir
  Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"en-US", "de-DE", "fr-FR", "ar-EG"})
  void filesMatchGoldenUnderEveryLocale(String languageTag) throws IOException {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag(languageTag));
    try {
      RunFolder.write(report(), temp);
      StringWriter console = new StringWriter();
      ConsoleSummary.print(report(), new PrintWriter(console));
      Files.writeString(temp.resolve("console.txt"), console.toString(), StandardCharsets.UTF_8);
    } finally {
      Locale.setDefault(before);
    }
    for (String file : List.of("metrics.json", "summary.csv", "per_code.csv", "per_admission.csv", "console.txt")) {
      String actual = Files.readString(temp.resolve(file), StandardCharsets.UTF_8);
      Path golden = GOLDEN.resolve(file);
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(GOLDEN);
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
      }
      assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, file + " differs from " + golden);
    }
  }

  /** Two admissions, two levels; numbers chosen by hand (they need not come from the engine: writers only format). */
  static EvaluationReport report() {
    CodeTable table = CodeTable.of(CodeSystems.syntax(CodeSystemId.ICD10CM), "FY2026", Map.of(
        "N448", new CodeEntry("N448", true, "Other noncong abnlt of testis and scrotum", "Other noninflammatory disorders of testis"),
        "N44", new CodeEntry("N44", false, "Noninflammatory disorders of testis", "Noninflammatory disorders of testis"),
        "I10", new CodeEntry("I10", true, "Essential (primary) hypertension", "Essential (primary) hypertension")));
    EvalOptions options = new EvalOptions(List.of(Granularity.EXACT, Granularity.CATEGORY), InvalidPolicy.COUNT, 1000, 0.95, 7L,
        false, List.of(1, 5), false);
    Map<MetricKey, Estimate> metrics = new LinkedHashMap<>();
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.PRECISION), new Estimate(1.0 / 3, 0.0, 0.75));
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.RECALL), new Estimate(0.5, 0.0, 1.0));
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.F1), new Estimate(0.4, 0.0, 0.8571428571428571));
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.SAMPLE, Metric.PRECISION), new Estimate(0.25, 0.0, 0.5));
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.SAMPLE, Metric.RECALL), new Estimate(0.5, 0.0, 1.0));
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.SAMPLE, Metric.F1), new Estimate(1.0 / 3, 0.0, 0.6666666666666666));
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.SAMPLE, Metric.MAP), new Estimate(0.5, 0.0, 1.0));
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.SAMPLE, Metric.P_AT_K, 1), new Estimate(0.5, 0.0, 1.0));
    metrics.put(new MetricKey(Granularity.EXACT, Averaging.MACRO_GOLD, Metric.F1), Estimate.point(0.5));
    metrics.put(new MetricKey(Granularity.CATEGORY, Averaging.MICRO, Metric.PRECISION), new Estimate(0.5, 0.0, 1.0));
    metrics.put(new MetricKey(Granularity.CATEGORY, Averaging.MICRO, Metric.RECALL), new Estimate(1.0, 1.0, 1.0));
    metrics.put(new MetricKey(Granularity.CATEGORY, Averaging.MICRO, Metric.F1), new Estimate(2.0 / 3, 0.0, 1.0));
    metrics.put(new MetricKey(Granularity.CATEGORY, Averaging.SAMPLE, Metric.PRECISION), new Estimate(0.5, 0.0, 1.0));
    metrics.put(new MetricKey(Granularity.CATEGORY, Averaging.SAMPLE, Metric.RECALL), new Estimate(1.0, 1.0, 1.0));
    metrics.put(new MetricKey(Granularity.CATEGORY, Averaging.SAMPLE, Metric.F1), new Estimate(2.0 / 3, 0.0, 1.0));
    LevelResult exact = new LevelResult(Granularity.EXACT, "code", new Counts(1, 2, 1),
        List.of(new CodeCounts("N448", CodeStatus.BILLABLE, 1, 0, 0), new CodeCounts("I10", CodeStatus.BILLABLE, 0, 0, 1),
            new CodeCounts("N449", CodeStatus.NOT_IN_TABLE, 0, 1, 0), new CodeCounts("Q999", CodeStatus.NOT_IN_TABLE, 0, 1, 0)),
        List.of(new AdmissionCounts("A1", "P1", 1, 2, 1, 1, 0, 1, 1.0), new AdmissionCounts("A2", "P1", 1, 1, 0, 1, 1, 1, 0.0)));
    LevelResult category = new LevelResult(Granularity.CATEGORY, "category", new Counts(2, 2, 0),
        List.of(new CodeCounts("I10", CodeStatus.BILLABLE, 1, 0, 0), new CodeCounts("N44", CodeStatus.HEADER, 1, 0, 0),
            new CodeCounts("Q99", CodeStatus.NOT_IN_TABLE, 0, 2, 0)),
        List.of(new AdmissionCounts("A1", "P1", 1, 1, 1, 0, 0, 1, 1.0), new AdmissionCounts("A2", "P1", 1, 2, 1, 1, 0, 1, 1.0)));
    EvaluationResult result = new EvaluationResult(options, "icd10cm", "FY2026", 2, 2,
        new InvalidStats(3, 0, 2, 0, 2, 0, 0, 0), List.of(exact, category), metrics,
        List.of("invalid predicted codes kept and scored", "a note with \"quotes\", commas and ünïcode"));
    return new EvaluationReport("test", "2026-11-27T00:00:00Z",
        new EvaluationReport.DatasetInfo("jsonl:fixture.jsonl", "abc123", 2, List.of()),
        new EvaluationReport.PredictionsInfo("fixture.tsv", "tsv", 4, 1, List.of("A1 N44.8 (line 2)"), 3, 1, List.of("A9"),
            Map.of("A1", EvaluationReport.Answer.OK, "A2", EvaluationReport.Answer.OK)),
        table, result);
  }
}
