package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TinyData;

/**
 * Issue 16, defect 10: a full disk while writing reports says "no space left" and leaves every report file whole (as
 * it was), never a partial per_admission.csv. The full disk is /dev/full, written through the report's temporary name.
 */
class DiskFullTest {
  @TempDir
  Path temp;

  private int medcode(ByteArrayOutputStream err, String... args) {
    var line = MedcodeCommand.commandLine();
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(new ByteArrayOutputStream(), true));
    return line.execute(args);
  }

  @Test
  void aFullDiskSaysSoAndLeavesNoPartialReportFile() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}, {"N39.0"}}, 1, i -> "x", "[frequency]", 0);
    Path out = temp.resolve("run");
    String data = temp.resolve("data").toString();
    assertEquals(0, medcode(new ByteArrayOutputStream(), "run", config.toString(), "--out", out.toString(),
        "--data-dir", data, "--no-pull"));
    Path perAdmission = out.resolve("frequency/per_admission.csv");
    byte[] before = Files.readAllBytes(perAdmission);
    Files.createSymbolicLink(out.resolve("frequency/.per_admission.csv.tmp"), Path.of("/dev/full"));

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = medcode(err, "report", out.toString(), "--data-dir", data, "--no-pull");
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("no space left on device while writing " + perAdmission), err.toString());
    assertFalse(err.toString().contains("unexpected error"), err.toString());
    assertArrayEquals(before, Files.readAllBytes(perAdmission), "per_admission.csv is whole, as it was");
    assertFalse(Files.exists(out.resolve("frequency/.per_admission.csv.tmp"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }
}
