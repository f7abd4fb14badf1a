package org.medcode.cli;

import java.nio.file.Path;
import java.util.function.Function;
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
    return cacheDir(System::getenv, System::getProperty);
  }

  /**
   * {@link #cacheDir()} with these environment variables and system properties. {@code ~} is $HOME, as the shell reads
   * it, else the account's home folder; Java's {@code user.home} alone is {@code ?} for a user the system does not know
   * (a container run with a numeric user id), which made the cache a folder named {@code ?} in the working directory.
   * With no home at all the cache goes to the temporary folder.
   */
  Path cacheDir(Function<String, String> environment, Function<String, String> properties) {
    if (cacheDir != null) {
      return cacheDir;
    }
    String env = environment.apply("MEDCODE_CACHE");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    for (String home : new String[] {environment.apply("HOME"), properties.apply("user.home")}) {
      if (home != null && !home.isBlank() && Path.of(home).isAbsolute()) {
        return Path.of(home, ".cache", "medcode");
      }
    }
    return Path.of(properties.apply("java.io.tmpdir"), "medcode-cache");
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
