package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;
import org.medcode.eval.Analysis;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.Evaluator;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.Paired;
import org.medcode.eval.PairedComparison;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * Golden files for the analysis tables, summary.md, report.html and the comparison files, under several locales. The
 * model comes from the (deterministic, seeded) engine on a small fixture whose texts need escaping. Run with
 * {@code -Dgolden.update=true} to rewrite the golden files after a deliberate change.
 */
class AnalysisReportsGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/analysis");

  @TempDir
  Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"en-US", "de-DE", "fr-FR", "ar-EG"})
  void filesMatchGoldenUnderEveryLocale(String languageTag) throws IOException {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag(languageTag));
    List<String> files = new java.util.ArrayList<>();
    try {
      List<CoderReport> coders = coders();
      RunReports.write(coders, temp.resolve("run"));
      for (String coder : List.of("a", "b")) {
        for (String file : RunFolder.ANALYSIS_FILES) {
          files.add("run/" + coder + "/" + file);
        }
      }
      RunFolder.REPORT_FILES.forEach(f -> files.add("run/" + f));
      PairedComparison comparison = Paired.compare("a", "b", ADMISSIONS, predictionsA(), predictionsB(), TABLE, OPTIONS, 200);
      ComparisonReports.write(List.of(comparison), TABLE, temp.resolve("compare"));
      ComparisonReports.FILES.forEach(f -> files.add("compare/" + f));
      StringWriter console = new StringWriter();
      ComparisonReports.print(List.of(comparison), new PrintWriter(console));
      Files.writeString(temp.resolve("compare/console.txt"), console.toString(), StandardCharsets.UTF_8);
      files.add("compare/console.txt");
    } finally {
      Locale.setDefault(before);
    }
    for (String file : files) {
      String actual = Files.readString(temp.resolve(file), StandardCharsets.UTF_8);
      Path golden = GOLDEN.resolve(file.replace('/', '_'));
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(GOLDEN);
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
      }
      assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, file + " differs from " + golden);
    }
  }

  static final CodeTable TABLE = table();
  static final EvalOptions OPTIONS = new EvalOptions(List.of(Granularity.EXACT, Granularity.CATEGORY, Granularity.CHAPTER),
      InvalidPolicy.COUNT, 50, 0.95, 7L, false, List.of(1, 2), false);

  private static CodeTable table() {
    Map<String, CodeEntry> entries = new HashMap<>();
    for (String[] row : new String[][] {{"I10", "Essential (primary) hypertension"}, {"E119", "Type 2 diabetes <without> complications"},
        {"E1165", "Type 2 diabetes with hyperglycemia"}, {"J189", "Pneumonia, unspecified organism"},
        {"J181", "Lobar pneumonia & co"}, {"N390", "Urinary tract infection, \"site not specified\""},
        {"K3580", "Unspecified acute appendicitis"}}) {
      entries.put(row[0], new CodeEntry(row[0], true, row[1], row[1]));
    }
    entries.put("E11", new CodeEntry("E11", false, "Type 2 diabetes mellitus", "Type 2 diabetes mellitus"));
    return CodeTable.of(CodeSystems.syntax(CodeSystemId.ICD10CM), "FY2026", entries);
  }

  static Admission admission(String id, String text, String... gold) {
    return new Admission(id, id, List.of(new Note("discharge", text)),
        java.util.Arrays.stream(gold).map(c -> new GoldCode(c, CodeSystemId.ICD10CM)).toList(), Map.of());
  }

  static final List<Admission> ADMISSIONS = List.of(
      admission("A<1>", "<script>alert(1)</script> & short", "I10", "E119"),
      admission("A2", "x".repeat(1200), "J189"),
      admission("A3", "y".repeat(2500), "N390", "E1165", "I10"),
      admission("A4", "z".repeat(5000), "K3580"));

  static Map<String, Prediction> predictionsA() {
    Map<String, Prediction> p = new HashMap<>();
    p.put("A<1>", scored("A<1>", "I10", 0.9, "E11", 0.4));
    p.put("A2", scored("A2", "J181", 0.7));
    p.put("A3", scored("A3", "I10", 0.8, "E119", 0.6, "Q999", 0.2));
    return p;
  }

  static Map<String, Prediction> predictionsB() {
    Map<String, Prediction> p = new HashMap<>();
    p.put("A<1>", scored("A<1>", "I10", 0.9, "E119", 0.8));
    p.put("A2", scored("A2", "J189", 0.95));
    p.put("A3", scored("A3", "I10", 0.8, "N390", 0.5));
    p.put("A4", scored("A4", "I10", 0.3));
    return p;
  }

  static Prediction scored(String id, Object... codeScore) {
    List<PredictedCode> codes = new java.util.ArrayList<>();
    for (int i = 0; i < codeScore.length; i += 2) {
      codes.add(new PredictedCode((String) codeScore[i], (String) codeScore[i], (Double) codeScore[i + 1]));
    }
    return new Prediction(id, codes);
  }

  static List<Admission> training() {
    return List.of(admission("T1", "", "I10", "E119"), admission("T2", "", "I10"), admission("T3", "", "J189"));
  }

  static List<CoderReport> coders() {
    return List.of(coder("a", predictionsA()), coder("b", predictionsB()));
  }

  static CoderReport coder(String name, Map<String, Prediction> predictions) {
    EvaluationResult result = Evaluator.evaluate(ADMISSIONS, predictions, TABLE, OPTIONS);
    EvaluationReport report = new EvaluationReport("test", "2026-11-27T00:00:00Z",
        new EvaluationReport.DatasetInfo("jsonl:fixture.jsonl", "abc123", ADMISSIONS.size(), List.of()),
        new EvaluationReport.PredictionsInfo(name + "/predictions.jsonl", "jsonl", 6, 0, List.of(), predictions.size(), 0,
            List.of(), EvaluationReport.Answer.ofFile(ADMISSIONS.stream().map(Admission::id).toList(), predictions)),
        TABLE, result);
    Analysis analysis = Analysis.of(ADMISSIONS, predictions, TABLE, OPTIONS, Optional.of(training()));
    return new CoderReport(name, report, ADMISSIONS.size(), ADMISSIONS.size(), 0, 0, Map.of(), analysis);
  }
}
