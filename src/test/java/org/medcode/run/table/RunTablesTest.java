package org.medcode.run.table;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;

/** A run named directly that has not finished is called that, with what to do, not "not a run folder". */
class RunTablesTest {
  @TempDir
  Path temp;

  @Test
  void anUnfinishedRunSaysHowToFinishIt() throws Exception {
    Path run = Files.createDirectories(temp.resolve("killed"));
    Files.writeString(run.resolve("manifest.json"), "{}");
    MedcodeException e = assertThrows(MedcodeException.class, () -> RunTables.read(List.of(run)));
    assertTrue(e.getMessage().contains("is a run that did not finish (it has no summary.csv yet): finish it with"
        + " ./medcode run --resume " + run), e.getMessage());
  }
}
