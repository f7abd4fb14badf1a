package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
  @TempDir
  Path temp;

  @Test
  void aLoneSurrogateInATextIsWrittenAsAQuestionMarkNotAnErrorThatLosesTheFile() throws Exception {
    // a JSON note may escape half of a surrogate pair; its excerpt goes into per_admission.csv and report.html, and a
    // strict encoder stopped the whole run's reports ("Input length = 1")
    String text = "pain \uD800 and \uDC00, a pair \uD83D\uDE00";
    ReportFiles.csv(temp, "rows.csv", new String[] {"admission_id", "excerpt"}, csv -> csv.printRecord("A1", text));
    ReportFiles.write(temp, "page.html", out -> out.write(text));
    assertEquals("admission_id,excerpt\r\nA1,\"pain ? and ?, a pair \uD83D\uDE00\"\r\n",
        Files.readString(temp.resolve("rows.csv"), StandardCharsets.UTF_8));
    assertEquals("pain ? and ?, a pair \uD83D\uDE00", Files.readString(temp.resolve("page.html"), StandardCharsets.UTF_8));
  }
}
