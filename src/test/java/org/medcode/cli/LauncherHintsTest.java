package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command a message tells the user to run works from where the user ran medcode: the launcher the ./medcode script
 * exports as $MEDCODE_HOME, named as the working directory reaches it. In a child JVM, for its working directory.
 */
class LauncherHintsTest {
  @TempDir
  Path temp;

  /** Before: {@code finish it with ./medcode run --resume killed}, and the working directory has no ./medcode. */
  @Test
  void theResumeHintOfAnUnfinishedRunNamesTheLauncherFromTheWorkingDirectory() throws Exception {
    Path checkout = Files.createDirectories(temp.resolve("checkout"));
    Path here = Files.createDirectories(temp.resolve("elsewhere"));
    Files.writeString(Files.createDirectories(here.resolve("killed")).resolve("manifest.json"), "{}");
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, "org.medcode.cli.Main", "table", "killed")).directory(here.toFile()).redirectErrorStream(true);
    builder.environment().put("MEDCODE_HOME", checkout.toString());
    builder.environment().put("MEDCODE_CACHE", temp.resolve("cache").toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), output);
    assertEquals(2, process.exitValue(), output);
    String launcher = checkout.resolve("medcode").toString();
    assertTrue(output.contains("finish it with " + launcher + " run --resume killed, or write the reports of what it has"
        + " with " + launcher + " report killed"), output);
  }
}
