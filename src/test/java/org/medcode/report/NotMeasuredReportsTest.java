package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coder that answered no admission (unavailable, or failed on every one) is reported as not measured, never as a
 * coder that scored zero: the console table and the run's report pages say why, and its summary.csv cells are empty.
 */
class NotMeasuredReportsTest {
  @TempDir
  Path run;

  private static final EvaluationReport REPORT = RunFolderGoldenTest.report();

  @Test
  void whyACoderIsNotMeasured() {
    assertEquals(Optional.empty(), coder("rules", 2, 0, 0, null).notMeasured());
    assertEquals(Optional.empty(), coder("rules", 1, 1, 1, null).notMeasured(), "one answer is a measurement");
    assertEquals(Optional.of("unavailable: no API key in OPENAI_API_KEY"),
        coder("llm", 0, 0, 0, "no API key in OPENAI_API_KEY").notMeasured());
    assertEquals(Optional.of("failed on every admission (2)"), coder("llm", 0, 2, 0, null).notMeasured());
    assertEquals(Optional.of("answered none of its 2 admissions (1 failed, 1 never coded)"),
        coder("llm", 0, 1, 0, null).notMeasured());
  }

  @Test
  void theTablesAndSummaryCsvSayNotMeasuredInsteadOfZeros() throws IOException {
    List<CoderReport> coders = List.of(coder("rules", 2, 0, 0, null),
        coder("llm", 0, 0, 0, "no API key in OPENAI_API_KEY"));
    RunReports.write(coders, run);

    List<String> summary = Files.readAllLines(run.resolve("summary.csv"), StandardCharsets.UTF_8);
    List<String> rules = summary.stream().filter(l -> l.startsWith("rules,")).toList();
    List<String> llm = summary.stream().filter(l -> l.startsWith("llm,")).toList();
    assertEquals(rules.size(), llm.size(), "every metric has its row");
    assertTrue(rules.stream().anyMatch(l -> l.startsWith("rules,exact,micro,recall,0.5,")), rules.toString());
    for (String line : llm) {
      String[] cells = line.split(",", -1);
      assertEquals(List.of("", "", ""), List.of(cells[4], cells[5], cells[6]), line);
    }

    StringWriter console = new StringWriter();
    RunReports.printComparison(coders, new PrintWriter(console));
    String table = console.toString();
    assertTrue(table.contains("llm            not measured: unavailable: no API key in OPENAI_API_KEY"), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("rules ") && l.contains("0.500")), table);
    assertFalse(table.lines().anyMatch(l -> l.startsWith("llm ") && l.contains("0.000")), table);

    String markdown = Files.readString(run.resolve("summary.md"), StandardCharsets.UTF_8);
    String row = markdown.lines().filter(l -> l.startsWith("| llm |")).findFirst().orElseThrow();
    assertTrue(row.contains("not measured: unavailable: no API key in OPENAI\\_API\\_KEY"), row);
    String header = markdown.lines().filter(l -> l.startsWith("| coder |")).findFirst().orElseThrow();
    assertEquals(header.chars().filter(c -> c == '|').count(), row.chars().filter(c -> c == '|').count(),
        "the row has as many cells as the header: " + row);
    String html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("not measured: unavailable: no API key in OPENAI_API_KEY"), "report.html says why");
  }

  @Test
  void theCodersOwnMetricsJsonAndSummaryCsvHaveNoNumbersAndSayWhy() throws IOException {
    // the coder's own folder scored its empty log as written: 0.0 [0.0, 0.0] everywhere in metrics.json and 0,0,0 in
    // summary.csv, which pandas or a script reads as a measured score
    RunReports.write(List.of(coder("rules", 2, 0, 0, null), coder("llm", 0, 2, 0, null)), run);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode llm = json.readTree(run.resolve("llm/metrics.json").toFile());
    assertEquals("failed on every admission (2)", llm.get("not_measured").asText());
    int values = 0;
    for (com.fasterxml.jackson.databind.JsonNode level : llm.get("levels")) {
      for (String count : List.of("tp", "fp", "fn")) {
        assertTrue(level.get("counts").get(count).isNull(), level.toString());
      }
      for (com.fasterxml.jackson.databind.JsonNode averaging : level.get("metrics")) {
        for (com.fasterxml.jackson.databind.JsonNode metric : averaging) {
          for (String field : List.of("value", "ci_low", "ci_high")) {
            assertTrue(metric.get(field).isNull(), metric.toString());
          }
          values++;
        }
      }
    }
    assertTrue(values > 10, llm.toString());
    assertTrue(llm.get("code_validity").get("invalid_rate").isNull(), llm.get("code_validity").toString());
    assertFalse(json.readTree(run.resolve("rules/metrics.json").toFile()).has("not_measured"),
        "a measured coder's file keeps its fields");

    List<String> summary = Files.readAllLines(run.resolve("llm/summary.csv"), StandardCharsets.UTF_8);
    assertEquals(Files.readAllLines(run.resolve("rules/summary.csv"), StandardCharsets.UTF_8).size(), summary.size());
    for (String line : summary.subList(1, summary.size())) {
      String[] cells = line.split(",", -1);
      assertEquals(List.of("", "", ""), List.of(cells[3], cells[4], cells[5]), line);
    }
  }

  @Test
  void reportPagesShowNoAnalysisOfACoderThatWasNotMeasured() throws IOException {
    // summary.md had a section for it with strata of recall 0.000 [0.000, 0.000], error kinds and touchless coverage;
    // report.html its strata, error taxonomy, coverage and per-code rows of precision, recall and F1 0.000
    RunReports.write(measuredAndDown(), run);

    String markdown = Files.readString(run.resolve("summary.md"), StandardCharsets.UTF_8);
    assertTrue(markdown.contains("### a"), markdown);
    assertFalse(markdown.contains("### down"), markdown);
    assertTrue(markdown.contains("| down | not measured: failed on every admission"), markdown);

    String html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
    String row = "<tr><td class='l'>down</td>";
    assertTrue(html.contains(row), html);
    for (int at = html.indexOf(row); at >= 0; at = html.indexOf(row, at + 1)) {
      assertTrue(html.startsWith(row + "<td class='l' colspan='7'>not measured: ", at), html.substring(at,
          Math.min(html.length(), at + 200)));
    }
    assertFalse(html.contains("Touchless coding: down"), "coverage");
    assertFalse(html.contains("Most frequent confusions: down"), "confusions");
    String perCode = html.substring(html.indexOf("<h2 id='codes'>"), html.indexOf("<h2", html.indexOf("<h2 id='codes'>") + 1));
    assertTrue(perCode.contains("<h3>a</h3>"), perCode);
    assertFalse(perCode.contains("<h3>down</h3><table"), perCode);
  }

  @Test
  void itsFolderHasNoAnalysisTablesAndItsPerCodeCsvNoScores() throws IOException {
    // its strata.csv, errors.csv, coverage_targets.csv (and the rest) held the rates and metrics of an empty log, and
    // per_code.csv precision, recall and F1 0 for every gold code
    Files.createDirectories(run.resolve("down"));
    Files.writeString(run.resolve("down/strata.csv"), "left by an earlier medcode\n");
    RunReports.write(measuredAndDown(), run);

    for (String file : RunFolder.ANALYSIS_FILES) {
      assertTrue(Files.exists(run.resolve("a").resolve(file)), file);
      assertFalse(Files.exists(run.resolve("down").resolve(file)), file);
    }
    List<org.apache.commons.csv.CSVRecord> perCode = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader()
        .setSkipHeaderRecord(true).get().parse(new java.io.StringReader(Files.readString(run.resolve("down/per_code.csv"),
            StandardCharsets.UTF_8))).getRecords();
    assertFalse(perCode.isEmpty());
    for (org.apache.commons.csv.CSVRecord row : perCode) {
      for (String column : List.of("precision", "recall", "f1")) {
        assertEquals("", row.get(column), column + " in " + row);
      }
      assertEquals("0", row.get("predicted"), row.toString());
    }
  }

  @Test
  void itsPerAdmissionCsvHasEachAdmissionsStatusAndCountsButNoScores() throws IOException {
    // each failed admission had recall, F1 and the rest 0 (1 without gold codes): pandas' mean of the file gave the
    // coder a score its summary.csv and per_code.csv leave empty ("not computed")
    RunReports.write(measuredAndDown(), run);

    List<org.apache.commons.csv.CSVRecord> rows = perAdmission("down");
    assertFalse(rows.isEmpty());
    for (org.apache.commons.csv.CSVRecord row : rows) {
      for (String column : List.of("precision", "recall", "f1", "jaccard", "exact_match", "average_precision")) {
        assertEquals("", row.get(column), column + " in " + row);
      }
      assertEquals("0", row.get("predicted"), row.toString());
      assertEquals(row.get("gold"), row.get("fn"), "its counts stay: every gold code missed, " + row);
    }
    assertTrue(perAdmission("a").stream().allMatch(row -> !row.get("recall").isEmpty() && !row.get("f1").isEmpty()),
        "a measured coder's rows keep their scores");
  }

  private List<org.apache.commons.csv.CSVRecord> perAdmission(String coder) throws IOException {
    return org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new java.io.StringReader(Files.readString(run.resolve(coder).resolve("per_admission.csv"),
            StandardCharsets.UTF_8))).getRecords();
  }

  @Test
  void theReportPagesGiveNoInvalidRateOfACoderThatWasNotMeasured() throws IOException {
    // their header lines said '0 of 0 predicted codes invalid (0.0%)' for it: a rate of nothing
    RunReports.write(List.of(coder("rules", 2, 0, 0, null), coder("llm", 0, 2, 0, null)), run);
    String markdown = Files.readString(run.resolve("summary.md"), StandardCharsets.UTF_8);
    String line = markdown.lines().filter(l -> l.startsWith("- invalid codes (llm): ")).findFirst().orElseThrow();
    assertEquals("- invalid codes (llm): invalid predicted codes kept and scored (policy count); no predicted codes to"
        + " check (not measured: failed on every admission (2))", line);
    assertTrue(markdown.lines().anyMatch(l -> l.startsWith("- invalid codes (rules): ") && l.contains("invalid (")),
        markdown);
    String html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("<li>invalid codes (llm): invalid predicted codes kept and scored (policy count); no predicted"
        + " codes to check (not measured: failed on every admission (2))</li>"), html);
  }

  @Test
  void summaryMdCountsEmptyAnswersBesideFailuresAsTheConsoleAndReportHtmlDo() throws IOException {
    // summary.md's table had 'invalid | failed' only: an empty answer was not told from a failure there
    RunReports.write(List.of(coder("rules", 2, 1, 1, null)), run);
    List<String> markdown = Files.readAllLines(run.resolve("summary.md"), StandardCharsets.UTF_8);
    String header = markdown.stream().filter(l -> l.startsWith("| coder |")).findFirst().orElseThrow();
    assertTrue(header.endsWith("| invalid | empty | failed |"), header);
    String row = markdown.stream().filter(l -> l.startsWith("| rules |")).findFirst().orElseThrow();
    assertTrue(row.endsWith("| 1 | 1 |"), row);
    assertEquals(header.chars().filter(c -> c == '|').count(), row.chars().filter(c -> c == '|').count(), row);
  }

  private static CoderReport coder(String id, int answered, int failed, int empty, String unavailable) {
    return new CoderReport(id, REPORT, 2, answered, empty, failed, failed > 0 ? Map.of("http_5xx", failed) : Map.of(), null,
        unavailable);
  }

  /** Coder a, measured, and coder down, which failed on every admission (an empty log's evaluation and analysis). */
  private static List<CoderReport> measuredAndDown() {
    CoderReport measured = AnalysisReportsGoldenTest.coder("a", AnalysisReportsGoldenTest.predictionsA());
    CoderReport empty = AnalysisReportsGoldenTest.coder("down", Map.of());
    int n = empty.admissions();
    return List.of(measured, new CoderReport("down", empty.evaluation(), n, 0, 0, n, Map.of("http_5xx", n),
        empty.analysis()));
  }
}
