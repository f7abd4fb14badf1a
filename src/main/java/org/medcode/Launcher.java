package org.medcode;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code medcode} launcher as a command printed in a message names it, so that the command works where the user
 * ran medcode: {@code ./medcode} in the checkout's own folder (as every README example), {@code ../medcode} from a
 * folder inside it, {@code ./checkout/medcode} from the folder holding it, else its absolute path; quoted where the
 * shell would split it.
 *
 * <p>The rule for a text that names it: a console message names it by {@link #command()}, runnable as printed from the
 * working directory; a file (a report, {@code summary.md}, a gate's or a study's files, a run's records) names it
 * {@link #WRITTEN}, as the README does, so that the file reads the same wherever the command ran and whoever reads it
 * later; a text that a file keeps and the console also prints is kept in the file's form and printed through
 * {@link #runnable(String)}.
 */
public final class Launcher {
  /** The launcher as a file names it: as the README does, from the checkout's own folder. */
  public static final String WRITTEN = "./medcode";
  private static final Pattern WRITTEN_WORD = Pattern.compile("(?<![\\w./-])" + Pattern.quote(WRITTEN) + "(?![\\w./-])");

  private Launcher() {}

  /** The launcher as the working directory reaches it, the checkout being {@link #home} of the environment. */
  public static String command() {
    return command(home(System::getenv), Path.of(""));
  }

  /** A text in a file's form ({@link #WRITTEN}) for the console: the launcher in it as the working directory reaches it. */
  public static String runnable(String text) {
    return runnable(text, command());
  }

  /** {@code text} with each {@link #WRITTEN} that stands as a word of its own replaced by {@code launcher}. */
  public static String runnable(String text, String launcher) {
    return WRITTEN_WORD.matcher(text).replaceAll(Matcher.quoteReplacement(launcher));
  }

  /** The launcher of the checkout {@code home} ({@code home/medcode}) as {@code cwd} reaches it. */
  public static String command(Path home, Path cwd) {
    Path here = real(cwd);
    Path launcher = real(home).resolve("medcode");
    return shellWord(launcher.startsWith(here) ? "./" + here.relativize(launcher)
        : here.startsWith(launcher.getParent()) ? here.relativize(launcher).toString() : launcher.toString());
  }

  /**
   * The folder as the file system has it, links resolved: the launcher's {@code $MEDCODE_HOME} keeps the links of the
   * path it was started by, the JVM's working directory does not.
   */
  public static Path real(Path folder) {
    try {
      return folder.toRealPath();
    } catch (java.io.IOException e) {
      return folder.toAbsolutePath().normalize(); // not there (any more): as written
    }
  }

  /** The medcode checkout: $MEDCODE_HOME (which the ./medcode launcher exports), else the working directory. */
  public static Path home(Function<String, String> env) {
    String home = env.apply("MEDCODE_HOME");
    return home == null || home.isBlank() ? Path.of("").toAbsolutePath() : Path.of(home);
  }

  /** A word as a POSIX shell reads it back: as it is when it holds no character the shell treats apart, else quoted. */
  public static String shellWord(String word) {
    return word.matches("[A-Za-z0-9_./:@%+=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
