package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.medcode.eval.Estimate;
import org.medcode.study.Published;
import org.medcode.study.Study;
import org.medcode.study.StudyResult;
import org.medcode.study.StudyRow;

/** The study table on the console, in report.html and in summary.md says the same things about its figures. */
class StudyReportsTest {
  private static final String IMPLIED = "implied by the two published ranges (33-21 to 34-18), not published itself";

  private static StudyResult gap() {
    Study study = new Study("icu", "ICU study", "citation", null, "gpt-4.1", null, null, List.of(), List.of(
        new Study.Figure("recall_gap.category-exact", "category - exact recall gap", Published.parse("12-16%"), IMPLIED)));
    return new StudyResult(study, "mimic-iv:X", 1000, "table", 0.95, List.of(new StudyRow("llm",
        "recall_gap.category-exact", "category - exact recall gap", Published.parse("12-16%"), new Estimate(0.35, 0.34, 0.36),
        StudyRow.Inside.NO, IMPLIED)), List.of("inside: whether the published figure lies inside this run's 95% interval"));
  }

  private static String written(BiConsumer<StudyResult, PrintWriter> format) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      format.accept(gap(), out);
    }
    return text.toString();
  }

  @Test
  void summaryMdSaysWhatEachFigureIsAsTheConsoleDoes() {
    // summary.md showed "12-16%" under "published" without its note: a reader of it took the gap, which only the two
    // published ranges imply, for a published figure
    String console = written(StudyReports::print);
    assertTrue(console.contains("note: category - exact recall gap (recall_gap.category-exact): " + IMPLIED), console);
    String markdown = written(StudyReports::markdown);
    assertTrue(markdown.contains("_category - exact recall gap (recall\\_gap.category-exact): " + IMPLIED + "_"), markdown);
    assertTrue(written(StudyReports::html).contains(IMPLIED));
    assertEquals(1, markdown.split(java.util.regex.Pattern.quote(IMPLIED), -1).length - 1, markdown);
  }

  @Test
  void runJsonNamesWhereThePublishedFiguresAreFrom() throws Exception {
    // run --json's study had every column of study.csv but source: the published figures without their citation
    com.fasterxml.jackson.databind.JsonNode study = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        JsonDocuments.run(List.of(), java.nio.file.Path.of("run"), true, List.of(), null, java.util.Optional.of(gap())))
        .get("study");
    assertEquals("citation", study.get("source").asText(), study.toString());
    assertEquals("table", study.get("code_table").asText());
  }
}
