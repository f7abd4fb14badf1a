package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Averaging;
import org.medcode.eval.Metric;
import org.medcode.eval.MetricKey;
import org.medcode.eval.PairedComparison;
import org.medcode.report.ComparisonReports;
import org.medcode.report.RunFolder;

/**
 * A run writes the analysis tables and reports; {@code report} rebuilds them from the folder alone; {@code compare}
 * pairs two coders of the run. Data: six admissions, a user code table and a training split for the frequency coder.
 */
class ReportAndCompareTest {
  @TempDir
  Path temp;

  Medcode medcode;
  Path run;

  @BeforeEach
  void runTwoFrequencyCoders() throws IOException {
    String[][] gold = {{"I10", "E11.9"}, {"I10"}, {"J18.9", "I10"}, {"N39.0"}, {"E11.9", "N39.0", "I10"}, {"K35.80"}};
    StringBuilder dataset = new StringBuilder();
    for (int i = 0; i < gold.length; i++) {
      dataset.append("{\"id\":\"A").append(i).append("\",\"notes\":[{\"type\":\"n\",\"text\":\"")
          .append("note <b>&amp;</b> ".repeat(i + 1)).append("\"}],\"codes\":[");
      for (int j = 0; j < gold[i].length; j++) {
        dataset.append(j == 0 ? "" : ",").append("{\"system\":\"icd10cm\",\"code\":\"").append(gold[i][j]).append("\"}");
      }
      dataset.append("]}\n");
    }
    Files.writeString(temp.resolve("dev.jsonl"), dataset);
    Files.writeString(temp.resolve("train.jsonl"), """
        {"id":"T1","notes":[],"codes":[{"system":"icd10cm","code":"I10"},{"system":"icd10cm","code":"E11.9"}]}
        {"id":"T2","notes":[],"codes":[{"system":"icd10cm","code":"I10"},{"system":"icd10cm","code":"N39.0"}]}
        {"id":"T3","notes":[],"codes":[{"system":"icd10cm","code":"I10"}]}
        """);
    Files.writeString(temp.resolve("t.csv"), "code,description\nI10,Hypertension\nE11.9,Type 2 diabetes\n"
        + "N39.0,UTI\nJ18.9,Pneumonia\nK35.80,Appendicitis\n");
    Path config = temp.resolve("c.yaml");
    Files.writeString(config, "name: tiny\ndataset: \"jsonl:" + temp.resolve("dev.jsonl") + "\"\n"
        + "training: \"jsonl:" + temp.resolve("train.jsonl") + "\"\n"
        + "codeSystem: { system: icd10cm, table: \"" + temp.resolve("t.csv") + "\" }\n"
        + "coders: [ { name: frequency, id: top1, k: 1 }, { name: frequency, id: top3, k: 3 } ]\n"
        + "metrics: { bootstrap: 50 }\nthreads: 1\n");
    medcode = new Medcode(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC());
    run = temp.resolve("run");
    medcode.run(new RunRequest(config, List.of(), null, List.of(), run), new PrintStream(new ByteArrayOutputStream()), false);
  }

  @Test
  void aRunWritesTheAnalysisTablesAndReports() throws IOException {
    for (String file : RunFolder.REPORT_FILES) {
      assertTrue(Files.exists(run.resolve(file)), file);
    }
    for (String coder : List.of("top1", "top3")) {
      for (String file : RunFolder.ANALYSIS_FILES) {
        assertTrue(Files.exists(run.resolve(coder).resolve(file)), coder + "/" + file);
      }
    }
    String html = Files.readString(run.resolve("report.html"));
    assertTrue(html.contains("<svg"), "charts are inline SVG");
    assertFalse(html.contains("<script src"), "nothing is fetched");
    assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"));
    assertFalse(html.contains("https://"));
    assertTrue(Files.readString(run.resolve("top3/strata.csv")).contains("training_frequency,head,"));
  }

  @Test
  void reportRebuildsTheSameNumbersFromTheFolderAlone() throws IOException {
    String summary = Files.readString(run.resolve("summary.csv"));
    String strata = Files.readString(run.resolve("top3/strata.csv"));
    Files.delete(run.resolve("report.html"));
    Files.delete(run.resolve("top3/strata.csv"));
    Medcode.ReportOutcome outcome = medcode.report(new ReportSpec(run));
    assertEquals(List.of("top1", "top3"), outcome.coders().stream().map(c -> c.coder()).toList());
    assertTrue(Files.exists(run.resolve("report.html")));
    assertEquals(summary, Files.readString(run.resolve("summary.csv")));
    assertEquals(strata, Files.readString(run.resolve("top3/strata.csv")));
  }

  @Test
  void compareTwoCodersOfOneRun() throws IOException {
    Medcode.CompareOutcome outcome = medcode.compare(new CompareSpec(run, run, "top1", "top3", 200, temp.resolve("cmp")));
    PairedComparison c = outcome.comparisons().get(0);
    assertEquals("top1", c.labelA());
    assertEquals("top3", c.labelB());
    // 10 gold codes. top1 predicts I10 everywhere: it is gold in A0 A1 A2 A4 → tp 4, fp 2, fn 6;
    // top3 predicts I10, E11.9, N39.0 everywhere: tp 4 + 2 (A0, A4) + 2 (A3, A4) = 8, fp 18 − 8 = 10, fn 2.
    // Recall 4/10 → 8/10.
    PairedComparison.Difference recall = c.differences().stream()
        .filter(d -> d.key().equals(new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.RECALL))).findFirst()
        .orElseThrow();
    assertEquals(0.4, recall.a(), 1e-12);
    assertEquals(0.8, recall.b(), 1e-12);
    assertEquals(0.4, recall.difference(), 1e-12);
    for (String file : ComparisonReports.FILES) {
      assertTrue(Files.exists(temp.resolve("cmp").resolve(file)), file);
    }
  }

  @Test
  void compareNamesMissingCoders() {
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> medcode.compare(new CompareSpec(run, run, "top1", "nope", 10, temp.resolve("cmp"))));
    assertTrue(e.getMessage().contains("has no coder 'nope'"), e.getMessage());
    MedcodeException none = assertThrows(MedcodeException.class,
        () -> medcode.compare(new CompareSpec(run, run, null, null, 10, temp.resolve("cmp"))));
    assertTrue(none.getMessage().contains("--coder-a"), none.getMessage());
  }
}
