package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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
import org.medcode.eval.Population;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * report.html past its size limits (issue 12): a seeded evaluation with more than {@link HtmlReport#TABLE_ROWS} codes
 * and confusions and a coverage curve of more than {@link SvgChart#THIN_ABOVE} points. The per-code table lists its top
 * rows, the tables say how many rows there are and link to the CSV files beside the report, and the curve is thinned;
 * the page is pinned as a golden file ({@code -Dgolden.update=true} rewrites it). Below the limits the page is unchanged,
 * which {@link AnalysisReportsGoldenTest} and {@link EngineOutputPinTest} pin.
 */
class LargeReportGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/large/report.html");
  private static final EvalOptions OPTIONS = new EvalOptions(List.of(Granularity.EXACT, Granularity.CATEGORY),
      InvalidPolicy.COUNT, 0, 0.95, 3L, false, List.of(1, 5), false, Population.ALL);

  @TempDir
  Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"en-US", "ar-EG"})
  void anEvaluationPastTheLimitsListsTopRowsLinksItsCsvFilesAndThinsItsCurve(String languageTag) throws IOException {
    Fixture f = Fixture.generate(2000, 31L);
    CoderReport coder;
    Path folder = temp.resolve("eval");
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag(languageTag));
    try {
      coder = coder("large.tsv", f);
      RunFolder.write(coder, "large", folder);
    } finally {
      Locale.setDefault(before);
    }
    String html = Files.readString(folder.resolve("report.html"), StandardCharsets.UTF_8);

    int codes = coder.evaluation().result().level(Granularity.EXACT).orElseThrow().perCode().size();
    int confusions = coder.analysis().errors().confusions().size();
    int points = coder.analysis().coverage().curve().size();
    assertTrue(codes > HtmlReport.TABLE_ROWS && confusions > HtmlReport.TABLE_ROWS && points > SvgChart.THIN_ABOVE,
        "the fixture is past every limit: " + codes + " codes, " + confusions + " confusions, " + points + " points");
    assertTrue(html.contains(Numbers.count(codes) + " codes in all; the 200 with the most gold occurrences are listed here; "
        + "every code (at every level) is in <a href='per_code.csv'>per_code.csv</a>."), "per-code line");
    assertTrue(html.contains(Numbers.count(confusions) + " confusions in all; the 20 most frequent are listed here; every one "
        + "is in <a href='confusions.csv'>confusions.csv</a>."), "confusions line");
    assertTrue(html.contains("The curve has " + Numbers.count(points) + " points"), "curve line");
    assertTrue(html.contains("<a href='coverage.csv'>coverage.csv</a>"), "curve link");
    String perCode = html.substring(html.indexOf("<table id='codes0'>"), html.indexOf("</table>", html.indexOf("<table id='codes0'>")));
    assertEquals(1 + HtmlReport.TABLE_ROWS, Pattern.compile("<tr").matcher(perCode).results().count(), "header and top rows");
    String curve = html.substring(html.indexOf("Coverage–quality curve"), html.indexOf("</svg>", html.indexOf("Coverage–quality curve")));
    Pattern.compile("points='([^']*)'").matcher(curve).results().forEach(m -> {
      int drawn = m.group(1).split(" ").length;
      assertTrue(drawn < points / 2, "a thinned line: " + drawn + " of " + points + " points");
    });

    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, html, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), html, "report.html differs from " + GOLDEN);
  }

  @Test
  void aRunLinksEachCodersOwnFiles() throws IOException {
    Fixture f = Fixture.generate(700, 32L);
    Path run = temp.resolve("run");
    RunReports.write(List.of(coder("a", f), coder("b b#", f)), run);
    String html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("<a href='a/per_code.csv'>a/per_code.csv</a>"), "coder a");
    assertTrue(html.contains("<a href='b%20b%23/per_code.csv'>b b#/per_code.csv</a>"), "coder names are URL-encoded");
    assertTrue(Files.isRegularFile(run.resolve("b b#/per_code.csv")), "the link names the file written");
  }

  private static CoderReport coder(String name, Fixture f) {
    EvaluationResult result = Evaluator.evaluate(f.admissions, f.predictions, f.table, OPTIONS);
    EvaluationReport report = new EvaluationReport("test", "2026-12-05T00:00:00Z",
        new EvaluationReport.DatasetInfo("csv:notes.csv,codes.csv", "beef", f.admissions.size(), List.of()),
        new EvaluationReport.PredictionsInfo(name, "tsv", 0, 0, List.of(), f.predictions.size(), 0, List.of(),
            EvaluationReport.Answer.ofFile(f.admissions.stream().map(Admission::id).toList(), f.predictions)), f.table, result);
    Analysis analysis = Analysis.of(f.admissions, f.predictions, f.table, OPTIONS, Optional.empty());
    return new CoderReport(name, report, f.admissions.size(), f.predictions.size(), 0, 0, Map.of(), analysis);
  }

  /**
   * 300 ICD-10-CM-shaped codes in 75 categories, Zipf-like gold (1 to 12 codes an admission), predictions keeping most
   * gold codes, swapping some for a sibling (confusions) and adding others, scored to four decimals (hundreds of
   * distinct admission confidences).
   */
  private record Fixture(CodeTable table, List<Admission> admissions, Map<String, Prediction> predictions) {
    static Fixture generate(int n, long seed) {
      Random random = new Random(seed);
      Map<String, CodeEntry> entries = new HashMap<>();
      List<String> codes = new ArrayList<>();
      for (int c = 0; c < 75; c++) {
        String category = (char) ('A' + c % 20) + String.format("%02d", 10 + c);
        entries.put(category, new CodeEntry(category, false, "Category " + category, "Category " + category));
        for (int k = 0; k < 4; k++) {
          String code = category + k;
          entries.put(code, new CodeEntry(code, true, "Code " + code + " & co", "Code " + code));
          codes.add(code);
        }
      }
      CodeTable table = CodeTable.of(CodeSystems.syntax(CodeSystemId.ICD10CM), "FY2026", entries);
      List<Admission> admissions = new ArrayList<>();
      Map<String, Prediction> predictions = new HashMap<>();
      for (int a = 0; a < n; a++) {
        String id = "H" + a;
        List<String> gold = new ArrayList<>();
        for (int g = 0, m = 1 + random.nextInt(12); g < m; g++) {
          String code = codes.get(Math.min(codes.size() - 1, (int) (codes.size() * Math.pow(random.nextDouble(), 2.5))));
          if (!gold.contains(code)) {
            gold.add(code);
          }
        }
        admissions.add(new Admission(id, "P" + a / 2, List.of(new Note("note", "x".repeat(random.nextInt(3000)))),
            gold.stream().map(code -> new GoldCode(code, CodeSystemId.ICD10CM)).toList(), Map.of()));
        List<PredictedCode> predicted = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String code : gold) {
          int roll = random.nextInt(10);
          String p = roll < 6 ? code : roll < 9 ? code.substring(0, 3) + random.nextInt(4) : null;
          if (p != null && !seen.contains(p)) {
            seen.add(p);
          }
        }
        for (int e = 0, m = random.nextInt(4); e < m; e++) {
          String p = codes.get(random.nextInt(codes.size()));
          if (!seen.contains(p)) {
            seen.add(p);
          }
        }
        for (String p : seen) {
          predicted.add(new PredictedCode(p, p, random.nextInt(10_000) / 10_000.0));
        }
        predictions.put(id, new Prediction(id, predicted));
      }
      return new Fixture(table, admissions, predictions);
    }
  }
}
