package org.medcode.cli;

import java.nio.file.Path;
import org.medcode.Launcher;
import picocli.CommandLine.Option;

/** Options every command accepts. */
final class GlobalOptions {
  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Folder of pulled public data (default: $MEDCODE_DATA, else datasets/ of the medcode checkout).")
  Path dataDir;

  @Option(names = "--results-dir", paramLabel = "DIR",
      description = "Where run folders go (default: results/ of the medcode checkout).")
  Path resultsDir;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "The coders' caches (default: $MEDCODE_CACHE, else ~/.cache/medcode; never the data folder).")
  Path cacheDir;

  @Option(names = "--no-pull", description = "Never fetch missing public data automatically; stop with the command that fetches it.")
  boolean noPull;

  @Option(names = {"-v", "--verbose"}, description = "Print stack traces of errors.")
  boolean verbose;

  /** The medcode checkout: $MEDCODE_HOME (set by the ./medcode launcher), else the working directory. */
  static Path home() {
    return Launcher.home(System::getenv);
  }

  Path dataDir() {
    if (dataDir != null) {
      return dataDir;
    }
    String env = System.getenv("MEDCODE_DATA");
    return env == null || env.isBlank() ? home().resolve("datasets") : Path.of(env);
  }

  Path resultsDir() {
    return resultsDir != null ? resultsDir : home().resolve("results");
  }

  /**
   * The coders' cache: --cache-dir, else $MEDCODE_CACHE, else ~/.cache/medcode (never the data folder, which may be a
   * read-only mirror).
   */
  Path cacheDir() {
    if (cacheDir != null) {
      return cacheDir;
    }
    String env = System.getenv("MEDCODE_CACHE");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "medcode");
  }

  /** The mirror folder from {@code --mirror} or $MEDCODE_MIRROR, if any. */
  static Path mirror(Path option) {
    if (option != null) {
      return option;
    }
    String env = System.getenv("MEDCODE_MIRROR");
    return env == null || env.isBlank() ? null : Path.of(env);
  }
}
