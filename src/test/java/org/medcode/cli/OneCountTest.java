package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TinyData;

/**
 * A count of one read '1 admissions', '1 resamples', '0 of 1 predicted codes invalid' on the console, in summary.md
 * and report.html: the noun after a count is singular for one (org.medcode.Plural); CSV and JSON fields are unchanged.
 */
class OneCountTest {
  @Test
  void evaluateOfOneAdmissionWithOneCodeSaysSo(@TempDir Path temp) throws Exception {
    TinyData.write(temp, new String[][] {{"I10", "E11.9"}}, 1, i -> "Hypertension.", "[]", 0);
    Path predictions = Files.writeString(temp.resolve("p.tsv"), "A1\tI10\n");
    Path out = temp.resolve("run");
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("evaluate", "--dataset", "jsonl:" + temp.resolve("dev.jsonl"),
        "--predictions", predictions.toString(), "--system", "icd10cm", "--code-table", temp.resolve("t.csv").toString(),
        "--bootstrap", "1", "--out", out.toString(), "--data-dir", temp.resolve("data").toString());
    assertEquals(0, result.exit(), result.err());
    String console = result.out();
    assertTrue(console.contains(": 1 admission, 1 predicted (1 code from "), console);
    assertTrue(console.contains("0 of 1 predicted code invalid"), console);
    assertTrue(console.contains("1 resample of admissions"), console);
    assertTrue(console.contains("scored       1 admission (population all)"), console);
    String summary = Files.readString(out.resolve("summary.md"));
    assertTrue(summary.contains("(1 admission, fingerprint") && summary.contains("- scored: 1 admission (population all)"),
        summary);
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains(": 1 admission, fingerprint") && html.contains("<li>scored: 1 admission (population all)"), html);
    for (String text : new String[] {console, summary, html}) {
      Matcher plural = Pattern.compile(".{0,60}\\b1 (admissions|codes|predicted codes|resamples)\\b").matcher(text);
      assertFalse(plural.find(), () -> plural.group());
    }
  }
}
