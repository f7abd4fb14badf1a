package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report} and {@code compare} as a user meets them (the work itself is tested through the facade). */
class ReportCompareCommandTest {
  @TempDir
  Path temp;

  @Test
  void helpListsReportAndCompare() {
    MedcodeCommandTest.Result result = MedcodeCommandTest.run();
    assertTrue(result.out().contains("report"), result.out());
    assertTrue(result.out().contains("compare"), result.out());
  }

  @Test
  void reportOnAFolderWithoutARunExitsTwo() {
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("report", temp.toString(), "--data-dir", temp.toString());
    assertEquals(2, result.exit(), result.err());
    assertTrue(result.err().contains("is not a run folder"), result.err());
    assertFalse(java.nio.file.Files.exists(temp.resolve("run.lock")), "a folder that is no run folder gets no lock file");
  }

  @Test
  void compareNeedsTwoRunsAndNonNegativePermutations() {
    MedcodeCommandTest.Result one = MedcodeCommandTest.run("compare", temp.toString());
    assertEquals(2, one.exit(), one.err());
    assertTrue(one.err().contains("RUN_B"), one.err());
    MedcodeCommandTest.Result negative = MedcodeCommandTest.run("compare", temp.toString(), temp.toString(),
        "--permutations", "-1");
    assertEquals(2, negative.exit(), negative.err());
    assertTrue(negative.err().contains("--permutations must be >= 0"), negative.err());
  }
}
