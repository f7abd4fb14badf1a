package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medcode studies} prints, for each study, a command that runs it from where the user is: the launcher of the
 * checkout ({@code $MEDCODE_HOME/medcode}, which the {@code ./medcode} launcher exports) and the study file, each as
 * the current directory reaches it.
 */
class StudiesCommandTest {
  @TempDir
  Path temp;

  @Test
  void theRunLineWorksFromWhereverStudiesIsRun() {
    // from /tmp it printed './medcode run /work/medcode/configs/studies/x.yaml', and /tmp has no ./medcode
    Path home = temp.resolve("checkout");
    Path file = home.resolve("configs/studies/x.yaml");
    assertEquals("./medcode run configs/studies/x.yaml", StudiesCommand.runLine(home, home, file));
    assertEquals(home.resolve("medcode") + " run " + file, StudiesCommand.runLine(home, temp.resolve("elsewhere"), file));
    assertEquals("./checkout/medcode run checkout/configs/studies/x.yaml", StudiesCommand.runLine(home, temp, file),
        "the folder that holds the checkout");
    assertEquals("../medcode run studies/x.yaml", StudiesCommand.runLine(home, home.resolve("configs"), file),
        "a folder inside the checkout");
    assertEquals(home.resolve("medcode") + " run " + file, StudiesCommand.runLine(home, temp.resolve("check"), file),
        "a sibling whose name starts the same is elsewhere");
  }

  @Test
  void aPathTheShellWouldSplitIsQuoted() {
    Path home = temp.resolve("my checkout");
    Path file = home.resolve("configs/studies/x.yaml");
    String line = StudiesCommand.runLine(home, temp.resolve("elsewhere"), file);
    assertEquals("'" + home.resolve("medcode") + "' run '" + file + "'", line);
    assertEquals("./medcode run configs/studies/x.yaml", StudiesCommand.runLine(home, home, file));
    assertTrue(StudiesCommand.runLine(temp.resolve("it's"), temp, temp.resolve("it's/configs/studies/x.yaml"))
        .startsWith("'./it'\\''s/medcode' run "), "a quote inside a quoted word");
  }
}
