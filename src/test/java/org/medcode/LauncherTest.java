package org.medcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a printed command names it: {@code ./medcode} in the checkout, else its path from where one is. */
class LauncherTest {
  @TempDir
  Path temp;

  @Test
  void theLauncherIsNamedAsTheCurrentDirectoryReachesIt() {
    Path home = temp.resolve("checkout");
    assertEquals("./medcode", Launcher.command(home, home), "the checkout's own folder: as every README example");
    assertEquals("../medcode", Launcher.command(home, home.resolve("configs")), "a folder inside the checkout");
    assertEquals("../../medcode", Launcher.command(home, home.resolve("results/run")));
    assertEquals("./checkout/medcode", Launcher.command(home, temp), "the folder that holds the checkout");
    assertEquals(home.resolve("medcode").toString(), Launcher.command(home, temp.resolve("elsewhere")));
    assertEquals(home.resolve("medcode").toString(), Launcher.command(home, temp.resolve("check")),
        "a sibling whose name starts the same is elsewhere");
  }

  @Test
  void aCheckoutReachedThroughALinkIsTheSameFolder() throws Exception {
    Path real = java.nio.file.Files.createDirectories(temp.resolve("disk/checkout"));
    Path link = java.nio.file.Files.createSymbolicLink(temp.resolve("link"), real);
    // the launcher exports $MEDCODE_HOME as the path it was started by (the link); the JVM's working directory is real
    assertEquals("./medcode", Launcher.command(link, real));
    assertEquals("../medcode", Launcher.command(link, java.nio.file.Files.createDirectories(real.resolve("configs"))));
  }

  @Test
  void aLauncherPathTheShellWouldSplitIsQuoted() {
    Path home = temp.resolve("my checkout");
    assertEquals("'" + home.resolve("medcode") + "'", Launcher.command(home, temp.resolve("elsewhere")));
    assertEquals("./medcode", Launcher.command(home, home));
    assertEquals("'./it'\\''s/medcode'", Launcher.command(temp.resolve("it's"), temp), "a quote inside a quoted word");
  }

  @Test
  void theCheckoutIsMedcodeHomeElseTheWorkingDirectory() {
    assertEquals(Path.of("/opt/medcode"), Launcher.home(Map.of("MEDCODE_HOME", "/opt/medcode")::get));
    assertEquals(Path.of("").toAbsolutePath(), Launcher.home(name -> null));
    assertEquals(Path.of("").toAbsolutePath(), Launcher.home(Map.of("MEDCODE_HOME", " ")::get));
    assertEquals("./medcode", Launcher.command(), "tests run in the checkout without MEDCODE_HOME");
  }
}
