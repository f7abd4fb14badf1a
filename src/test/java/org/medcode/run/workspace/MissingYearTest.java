package org.medcode.run.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.RunListener;
import org.medcode.codesystem.CodeSystemId;

/**
 * A table year that can be pulled but is not here (ICD-10-CM FY2019) with a mirror that lacks it too: before, the error
 * said "fetch it with: ./medcode data pull icd10cm (add --mirror DIR ...)", a pull that fetches nothing of it from that
 * mirror (FY2019 is optional, so it succeeds) and leaves the lookup failing as before.
 */
class MissingYearTest {
  @TempDir
  Path temp;

  private MedcodeException.DataMissing missing(Path mirror) {
    Workspace workspace = new Workspace(temp, temp.resolve("datasets"), temp.resolve("results"), mirror, false,
        Clock.systemUTC(), RunListener.SILENT);
    return assertThrows(MedcodeException.DataMissing.class,
        () -> workspace.codeTable(CodeSystemId.ICD10CM, "2019", null, null));
  }

  @Test
  void aYearTheMirrorLacksTooNeedsAPullFromItsOfficialHome() throws IOException {
    Files.createDirectories(temp.resolve("datasets/icd10cm-cms"));
    Path mirror = Files.createDirectories(temp.resolve("mirror/icd10cm-cms"));
    MedcodeException.DataMissing lacking = missing(mirror.getParent());
    assertEquals(3, lacking.exitCode());
    assertTrue(lacking.getMessage().startsWith("ICD-10-CM FY2019 order file (no years found) not found at "), lacking.getMessage());
    assertTrue(lacking.getMessage().endsWith("; the mirror " + mirror.getParent() + " has no "
        + Path.of("icd10cm-cms", "icd10cm_fy2019_code_descriptions_tabular_order.zip") + " either, so only a pull from its"
        + " official home fetches it (./medcode data pull icd10cm with neither --mirror nor MEDCODE_MIRROR, on a machine"
        + " with internet)"), lacking.getMessage());

    Files.createFile(mirror.resolve("icd10cm_fy2019_code_descriptions_tabular_order.zip"));
    MedcodeException.DataMissing inMirror = missing(mirror.getParent());
    assertFalse(inMirror.getMessage().contains("official home"), inMirror.getMessage());
    assertTrue(inMirror.getMessage().endsWith("./medcode data pull icd10cm (add --mirror DIR on a machine without internet)"),
        inMirror.getMessage());
    assertFalse(missing(null).getMessage().contains("official home"));
  }
}
