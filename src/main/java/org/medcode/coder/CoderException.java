package org.medcode.coder;

/**
 * A coder's failure on one admission with a kind that the run counts separately (e.g. {@code refusal},
 * {@code unparseable}, {@code timeout}); any other exception counts under its class name.
 */
public class CoderException extends Exception {
  private static final long serialVersionUID = 1L;
  /**
   * The kind of a failure because the cost budget had no room for what the admission still needed (another attempt):
   * the run ends as stopped by its budget, and {@code --resume RUN_DIR --retry-failed --max-cost N} codes it again.
   */
  public static final String BUDGET = "budget_reached";
  /** The kind of a failure because the answer cannot be read as codes (not JSON, no codes, a code that is no code). */
  public static final String MALFORMED = "malformed_answer";
  private final String kind;
  private final transient CoderResult.Usage usage;

  public CoderException(String kind, String message) {
    this(kind, message, null, null);
  }

  public CoderException(String kind, String message, Throwable cause) {
    this(kind, message, cause, null);
  }

  /** A failure that still used resources (e.g. a paid call whose answer could not be parsed). */
  public CoderException(String kind, String message, Throwable cause, CoderResult.Usage usage) {
    super(message, cause);
    this.kind = kind;
    this.usage = usage;
  }

  public String kind() {
    return kind;
  }

  /** What the failed attempt used; null when nothing was metered. */
  public CoderResult.Usage usage() {
    return usage;
  }
}
