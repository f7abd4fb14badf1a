package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html says, as summary.md and the console do, which population its numbers were scored on (before, a run
 * scored with --population with-gold and one scored on every admission had the same header; only a note at the end
 * said with-gold, and nothing said all).
 */
class HtmlReportPopulationTest {
  @TempDir
  Path temp;

  @Test
  void theHeaderNamesThePopulationScored() throws Exception {
    RunReports.write(AnalysisReportsGoldenTest.coders(), temp);
    String html = Files.readString(temp.resolve("report.html"));
    assertTrue(html.contains("<li>scored: 4 admissions (population all)</li>"), html.substring(0, 2000));
    assertTrue(Files.readString(temp.resolve("summary.md")).contains("- scored: 4 admissions (population all)"));
  }
}
