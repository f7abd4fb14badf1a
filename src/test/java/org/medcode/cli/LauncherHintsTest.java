package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.medcode.TestData;
import org.medcode.TinyData;
import org.medcode.coder.llm.ChatStub;
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
    return medcode(checkout, here, exitCode, Map.of(), args);
  }

  /** {@link #medcode(Path, Path, int, String...)} with {@code environment} added to the child's. */
  private Output medcode(Path checkout, Path here, int exitCode, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, "org.medcode.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(here.toFile()).redirectErrorStream(true);
    builder.environment().put("MEDCODE_HOME", checkout.toString());
    builder.environment().put("MEDCODE_CACHE", temp.resolve("cache").toString());
    builder.environment().putAll(environment);
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
    assertTrue(output.text().contains("; fetch it with: " + output.launcher() + " data pull icd10cm --data-dir "
        + here.toRealPath().resolve("data") + " (add --mirror DIR"), output.text());
  }

  /**
   * Data looked for in a folder given with --data-dir: the pull a message names fetches into it. Before: {@code
   * data pull codiesp}, which fetched into the checkout's datasets/, and the command failed again the same way.
   */
  @Test
  void thePullOfMissingDataNamesTheDataFolderGiven() throws Exception {
    Path checkout = Files.createDirectories(temp.resolve("checkout"));
    Path data = Files.createDirectories(temp.resolve("my data"));
    Output output = medcode(checkout, checkout, 3, "evaluate", "--dataset", "codiesp:dev:en:D", "--predictions",
        "preds.tsv", "--data-dir", data.toString(), "--no-pull");
    assertTrue(output.text().contains(" data pull codiesp --data-dir '" + data.toRealPath() + "' (add --mirror DIR"),
        output.text());
    Output list = medcode(checkout, checkout, 0, "data", "list", "--data-dir", data.toString());
    assertTrue(list.text().contains("(fetch with: ./medcode data pull icd10cm --data-dir '" + data.toRealPath() + "')"),
        list.text());
    Output defaults = medcode(checkout, checkout, 0, "data", "list");
    assertTrue(defaults.text().contains("(fetch with: ./medcode data pull icd10cm)"), defaults.text());
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
    // the data folder is not the checkout's datasets/: both commands name it, or the pull would fetch into datasets/
    String dataDir = " --data-dir " + here.resolve("data").toRealPath();
    assertTrue(output.text().contains("pull it again with " + output.launcher() + " data pull icd9cm" + dataDir + " ("
        + output.launcher() + " data list" + dataDir + " shows what changed)"), output.text());
    assertFalse(output.text().contains("a file of the pulled source"), output.text());
  }

  /** Before: {@code source <(./medcode completion bash)} in the help, wherever it was shown. */
  @Test
  void theHelpNamesTheLauncherFromTheWorkingDirectory() throws Exception {
    Path checkout = Files.createDirectories(temp.resolve("checkout"));
    Path here = Files.createDirectories(temp.resolve("elsewhere"));
    Output output = medcode(checkout, here, 0, "completion", "--help");
    String help = output.text().replaceAll("\\s+", " "); // as picocli wraps it
    assertTrue(help.contains("bash: source <(" + output.launcher() + " completion bash)"), output.text());
    assertTrue(help.contains("zsh: source <(" + output.launcher() + " completion zsh)"), output.text());
  }

  /**
   * The files of a gate read the same from whichever folder it ran; the console still prints the hint runnable from
   * there. Before: the hint to continue an unfinished coder named the launcher as the working directory reaches it in
   * gate.json, junit.xml and gate.md too, so the same gate wrote other bytes from another folder.
   */
  @Test
  void aGateWritesTheSameFilesFromAnyFolder() throws Exception {
    Path checkout = Files.createDirectories(temp.resolve("checkout"));
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    Path config = TinyData.write(temp, GateCommandTest.GOLD, 1, i -> "note", "[ { name: frequency, id: top, k: 3 } ]", 0);
    Path run = temp.resolve("run");
    assertEquals(0, GateCommandTest.medcode(temp, "run", config.toString(), "--out", run.toString()).exit());
    // the coder's answers are logged, the manifest has no entry for it: a run killed before it recorded the coder
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(run.resolve("manifest.json").toFile());
    ((ObjectNode) manifest.get("coders")).remove("top");
    json.writeValue(run.resolve("manifest.json").toFile(), manifest);

    List<String> hints = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (Path here : List.of(checkout, elsewhere)) {
      Path out = temp.resolve("gate-" + here.getFileName());
      Output output = medcode(checkout, here, 3, "gate", run.toString(), "--rule", "exact.micro.recall >= 0", "--out",
          out.toString());
      String launcher = here.equals(checkout) ? "./medcode" : output.launcher();
      String hint = "continue it with " + launcher + " run --resume " + run;
      assertTrue(output.text().contains(hint), output.text());
      hints.add(hint);
      files.add(Files.readString(out.resolve("gate.md")) + Files.readString(out.resolve("junit.xml"))
          .replaceAll("timestamp=\"[^\"]*\"", "") + Files.readString(out.resolve("gate.json"))
          .replaceAll("\"created\" : \"[^\"]*\"", ""));
    }
    assertNotEquals(hints.get(0), hints.get(1), "the console names the launcher as each folder reaches it");
    assertEquals(files.get(0), files.get(1));
    assertTrue(files.get(0).contains("continue it with ./medcode run --resume " + run), files.get(0));
  }

  /**
   * A study's note is written into summary.md as the README says it (./medcode) and printed on the console runnable
   * from here. Before: the console printed the file's ./medcode too, which is not there outside the checkout.
   */
  @Test
  void aStudyNotePrintedOnTheConsoleNamesTheLauncherFromTheWorkingDirectory() throws Exception {
    Path checkout = Files.createDirectories(temp.resolve("checkout"));
    Path here = Files.createDirectories(temp.resolve("elsewhere"));
    Path config = TinyData.write(temp, GateCommandTest.GOLD, 1, i -> "note", "[ { name: scripted, failEvery: 4 } ]", 0);
    Files.writeString(config, Files.readString(config)
        + "study: { title: T, citation: C, figures: [ { metric: exact.micro.recall, published: 50% } ] }\n");
    Path run = temp.resolve("run");
    GateCommandTest.medcode(temp, "run", config.toString(), "--out", run.toString());
    Output output = medcode(checkout, here, 0, "report", run.toString());
    String note = "ask again with %s run --resume RUN_DIR --retry-failed and the study is judged again";
    assertTrue(output.text().contains(String.format(note, output.launcher())), output.text());
    String summary = Files.readString(run.resolve("summary.md"));
    assertTrue(summary.contains("ask again with ./medcode run --resume RUN"), summary); // RUN\\_DIR in Markdown
  }

  /**
   * Why a coder stopped is kept in manifest.json as a file says it (./medcode) and printed on the console runnable from
   * here. Before: the console printed the file's ./medcode. An exec worker that dies on its first admission and then
   * cannot be started again (twice) stops its coder.
   */
  @Test
  void aStopReasonPrintedOnTheConsoleNamesTheLauncherFromTheWorkingDirectory() throws Exception {
    Assumptions.assumeTrue(python(), "python3 is not on this machine");
    Path checkout = Files.createDirectories(temp.resolve("checkout"));
    Path here = Files.createDirectories(temp.resolve("elsewhere"));
    Path worker = Files.writeString(temp.resolve("once.py"), String.join("\n", "import json, os, sys",
        "if os.path.exists(sys.argv[1]): sys.exit(1)", "open(sys.argv[1], 'w').close()", "sys.stdin.readline()",
        "print(json.dumps({'hello': 'medcode-coder/v1'}), flush=True)", "sys.stdin.readline()", "sys.exit(1)", ""));
    Path config = TinyData.write(temp, GateCommandTest.GOLD, 1, i -> "note", "[ { name: exec, command: [python3, \""
        + worker + "\", \"" + temp.resolve("started") + "\"], workers: 1, startTimeout: 10 } ]", 0);
    Path run = temp.resolve("run");
    Output output = medcode(checkout, here, 3, "run", config.toString(), "--out", run.toString());
    String fix = "; fix the command, then %s run --resume RUN_DIR --retry-failed";
    assertTrue(output.text().contains(String.format(fix, output.launcher())), output.text());
    assertTrue(Files.readString(run.resolve("manifest.json")).contains(String.format(fix, "./medcode")));
  }

  /**
   * A parameter the model refused is said once on the console, with the fix runnable from here; the admission's failure
   * in predictions.jsonl keeps ./medcode. Before: the console said the file's ./medcode coders.
   */
  @Test
  void aRefusedParameterIsSaidOnTheConsoleWithTheLauncherFromTheWorkingDirectory() throws Exception {
    Path checkout = Path.of("").toAbsolutePath(); // this checkout: the coder reads its prompt and prices from there
    Path here = Files.createDirectories(temp.resolve("elsewhere"));
    String refused = "{\"error\": {\"message\": \"Unsupported parameter: 'logit_bias'\", \"code\":"
        + " \"unsupported_parameter\", \"param\": \"logit_bias\"}}";
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> new ChatStub.Reply(400, Map.of(), refused, 0))) {
      Path config = TinyData.write(temp, GateCommandTest.GOLD, 1, i -> "case A" + (i + 1), "[ { name: llm, baseUrl: \""
          + stub.baseUrl() + "\", model: stub-model } ]", 0);
      Path run = temp.resolve("run");
      Output output = medcode(checkout, here, 3, Map.of("OPENAI_API_KEY", "sk-test"), "run", config.toString(), "--out",
          run.toString());
      String fix = "that sends 'logit_bias' (%s coders lists them)";
      assertTrue(output.text().lines().anyMatch(line -> line.startsWith("warning: llm: ")
          && line.contains(String.format(fix, output.launcher()))), output.text());
      assertTrue(Files.readString(run.resolve("llm/predictions.jsonl")).contains(String.format(fix, "./medcode")));
    }
  }

  private static boolean python() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
