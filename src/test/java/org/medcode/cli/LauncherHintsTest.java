package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TestData;
import org.medcode.dataset.source.DataPuller;

/**
 * A command a message tells the user to run works from where the user ran medcode: the launcher the ./medcode script
 * exports as $MEDCODE_HOME, named as the working directory reaches it. In a child JVM, for its working directory.
 */
class LauncherHintsTest {
  @TempDir
  Path temp;

  /** What {@code medcode ARGS} printed (standard output and error), run in {@code here} with the checkout {@code checkout}. */
  private Output medcode(Path checkout, Path here, int exitCode, String... args) throws IOException, InterruptedException {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, "org.medcode.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(here.toFile()).redirectErrorStream(true);
    builder.environment().put("MEDCODE_HOME", checkout.toString());
    builder.environment().put("MEDCODE_CACHE", temp.resolve("cache").toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), output);
    assertEquals(exitCode, process.exitValue(), output);
    return new Output(output, checkout.resolve("medcode").toString());
  }

  /** A child's output and its launcher as the child's working directory (outside the checkout) reaches it. */
  private record Output(String text, String launcher) {}

  /** Before: {@code finish it with ./medcode run --resume killed}, and the working directory has no ./medcode. */
  @Test
  void theResumeHintOfAnUnfinishedRunNamesTheLauncherFromTheWorkingDirectory() throws Exception {
    Path checkout = Files.createDirectories(temp.resolve("checkout"));
    Path here = Files.createDirectories(temp.resolve("elsewhere"));
    Files.writeString(Files.createDirectories(here.resolve("killed")).resolve("manifest.json"), "{}");
    Output output = medcode(checkout, here, 2, "table", "killed");
    assertTrue(output.text().contains("finish it with " + output.launcher() + " run --resume killed, or write the reports"
        + " of what it has with " + output.launcher() + " report killed"), output.text());
  }

  /** Before: {@code fetch it with: ./medcode data pull icd10cm}, said by the exception of missing data wherever it ran. */
  @Test
  void missingDataNamesThePullFromTheWorkingDirectory() throws Exception {
    Path checkout = Files.createDirectories(temp.resolve("checkout"));
    Path here = Files.createDirectories(temp.resolve("elsewhere"));
    Output output = medcode(checkout, here, 3, "lookup", "N44.8", "--data-dir", "data", "--no-pull");
    assertTrue(output.text().contains("; fetch it with: " + output.launcher() + " data pull icd10cm (add --mirror DIR"),
        output.text());
  }

  /**
   * A pulled file changed since its pull: its error names the pull, from the working directory, once. Before: {@code
   * ./medcode data pull icd9cm}; and the workspace, which adds how to check and pull a source again unless the message
   * already names the pull, must recognise the pull as the message now names it.
   */
  @Test
  void aChangedPulledFileNamesThePullFromTheWorkingDirectoryOnce() throws Exception {
    Path checkout = Files.createDirectories(temp.resolve("checkout"));
    Path here = Files.createDirectories(temp.resolve("elsewhere"));
    new DataPuller().pull(List.of("icd9cm"), here.resolve("data"), Optional.of(TestData.require("icd9cm-cms")));
    Path file = here.resolve("data/icd9cm-cms/CMS32_DESC_LONG_DX.txt");
    file.toFile().setWritable(true);
    List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    Files.write(file, lines.subList(0, lines.size() - 100), StandardCharsets.ISO_8859_1);
    Output output = medcode(checkout, here, 2, "lookup", "001.0", "--system", "icd9cm", "--data-dir", "data", "--no-pull");
    assertTrue(output.text().contains("pull it again with " + output.launcher() + " data pull icd9cm ("
        + output.launcher() + " data list shows what changed)"), output.text());
    assertFalse(output.text().contains("a file of the pulled source"), output.text());
  }
}
