package org.medcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code medcode} as a user runs it, in a child JVM of the test's class path, for the tests that kill it or need a
 * process of its own: standard output and error together, {@code --data-dir DIR --no-pull} appended, the coders' caches
 * in {@code DIR/.cache} ({@code MEDCODE_CACHE}), and never an API key or {@code MEDCODE_HOME} of the environment (only
 * what {@code environment} adds).
 */
public final class MedcodeProcess {
  private MedcodeProcess() {}

  /** Starts {@code medcode ARGS}; {@code jvmOptions} go before the main class (e.g. a {@code -D} property). */
  public static Process start(Path dataDir, Map<String, String> environment, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.medcode.cli.Main"));
    command.addAll(List.of(args));
    command.addAll(List.of("--data-dir", dataDir.toString(), "--no-pull"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE);
    builder.environment().remove("OPENAI_API_KEY");
    builder.environment().remove("MEDCODE_HOME");
    // the coders' caches beside the data, one per data folder, as each test's runs expect (the build's is shared)
    builder.environment().put("MEDCODE_CACHE", dataDir.resolve(".cache").toString());
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** {@link #start} with no more than the arguments. */
  public static Process start(Path dataDir, String... args) throws IOException {
    return start(dataDir, Map.of(), List.of(), args);
  }

  /**
   * Waits (two minutes at most) until the predictions log has {@code lines} whole lines or the process has ended; the
   * whole lines then.
   */
  public static int awaitLines(Process process, Path log, int lines) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
    while (wholeLines(log) < lines && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return wholeLines(log);
  }

  /** The whole lines of a predictions log (a line torn by a kill does not end in "}"); 0 when there is none yet. */
  public static int wholeLines(Path log) throws IOException {
    return Files.exists(log) ? (int) Files.readAllLines(log).stream().filter(l -> l.endsWith("}")).count() : 0;
  }
}
