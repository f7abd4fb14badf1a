package org.medcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

  /** A file's text on the console: ./medcode standing as a word becomes the launcher from here, nothing else does. */
  @Test
  void aFilesTextNamesTheLauncherFromHereOnTheConsole() {
    assertEquals("continue with /opt/my\\$x/medcode run --resume RUN_DIR (`/opt/my\\$x/medcode report`)",
        Launcher.runnable("continue with ./medcode run --resume RUN_DIR (`./medcode report`)", "/opt/my\\$x/medcode"));
    assertEquals("../medcode, a./medcode, ./medcode-bench, ./medcode/x", Launcher.runnable(
        "../medcode, a./medcode, ./medcode-bench, ./medcode/x", "/opt/medcode"));
    assertEquals("see ./medcode coders", Launcher.runnable("see ./medcode coders"), "tests run in the checkout");
  }

  /**
   * A text names the launcher through {@link Launcher}: {@link Launcher#command()} on the console, {@link
   * Launcher#WRITTEN} in a file. Before, some 30 messages outside run/ and cli/ (missing data, a model folder to train,
   * a pull to run again) said a literal ./medcode, which is not there when medcode runs from another folder; so did the
   * help of completion and studies.
   */
  @Test
  void noMessageNamesTheLauncherLiterally() throws IOException {
    Pattern literal = Pattern.compile("\"[^\"]*(?<![\\w./-])\\./medcode");
    List<String> found;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      found = files.filter(file -> file.toString().endsWith(".java") && !file.endsWith("org/medcode/Launcher.java"))
          .flatMap(file -> lines(file).stream()
          .filter(line -> !line.trim().startsWith("*") && !line.trim().startsWith("//") && literal.matcher(line).find())
          .map(line -> file + ": " + line.trim())).toList();
    }
    assertEquals(List.of(), found);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
