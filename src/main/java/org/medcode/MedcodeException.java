package org.medcode;

/**
 * A problem the user can fix: the message says what is wrong, where, and what to do next. The CLI prints it as
 * {@code error: <message>} and exits with {@link #exitCode()} (2 for usage/configuration/input errors, 3 for
 * missing data or an incomplete run).
 */
public class MedcodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public MedcodeException(String message) {
    this(message, 2, null);
  }

  public MedcodeException(String message, Throwable cause) {
    this(message, 2, cause);
  }

  protected MedcodeException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** A required data file is missing; the message names the command that fetches it. */
  public static final class DataMissing extends MedcodeException {
    private static final long serialVersionUID = 1L;
    private final String pullName;
    private final transient java.nio.file.Path expected;

    public DataMissing(String what, java.nio.file.Path expected, String pullName) {
      super(what + " not found at " + expected + "; fetch it with: " + Launcher.command() + " data pull " + pullName
          + " (add --mirror DIR on a machine without internet)", 3, null);
      this.pullName = pullName;
      this.expected = expected;
    }

    /** A missing source with a message of the caller's (e.g. after an automatic pull failed). */
    public DataMissing(String message, String pullName) {
      this(message, pullName, null);
    }

    private DataMissing(String message, String pullName, java.nio.file.Path expected) {
      super(message, 3, null);
      this.pullName = pullName;
      this.expected = expected;
    }

    /**
     * This error with {@code option} (e.g. {@code " --data-dir DIR"}) after each pull command it names: where the data
     * was looked for is not the folder a pull goes to by default.
     */
    public DataMissing withPullOption(String option) {
      String pull = " data pull " + pullName;
      String message = getMessage().replaceAll(java.util.regex.Pattern.quote(pull) + "(?![\\w.-])",
          java.util.regex.Matcher.quoteReplacement(pull + option));
      return new DataMissing(message, pullName, expected);
    }

    /** Where the missing file was looked for; null when the message names no one file. */
    public java.nio.file.Path expected() {
      return expected;
    }

    /** The name of the public source that {@code medcode data pull} fetches to fix this. */
    public String pullName() {
      return pullName;
    }
  }

  /**
   * Something only the user can provide is missing (credentialed data, a licensed table such as CPT's): exit code 3 like
   * missing data, but there is nothing to pull; the message says what to provide and how.
   */
  public static final class NotProvided extends MedcodeException {
    private static final long serialVersionUID = 1L;

    public NotProvided(String message) {
      super(message, 3, null);
    }
  }

  /**
   * What a message about a file that is not there adds: where relative paths are read from ({@code " (relative paths
   * are read from the current directory /abs/dir)"}).
   */
  public static String readFromHere() {
    return " (relative paths are read from the current directory " + java.nio.file.Path.of("").toAbsolutePath() + ")";
  }

  /** Malformed input: names the file, the line (1-based, 0 when not line-oriented) and what was expected. */
  public static final class BadInput extends MedcodeException {
    private static final long serialVersionUID = 1L;

    public BadInput(java.nio.file.Path file, long line, String problem) {
      super(file + (line > 0 ? ":" + line : "") + ": " + problem, 2, null);
    }

    public BadInput(java.nio.file.Path file, long line, String problem, Throwable cause) {
      super(file + (line > 0 ? ":" + line : "") + ": " + problem, 2, cause);
    }
  }
}
