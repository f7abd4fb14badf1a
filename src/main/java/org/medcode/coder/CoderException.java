package org.medcode.coder;

/**
 * A coder's failure on one admission with a kind that the run counts separately (e.g. {@code refusal},
 * {@code unparseable}, {@code timeout}); any other exception counts under its class name.
 */
public class CoderException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String kind;

  public CoderException(String kind, String message) {
    super(message);
    this.kind = kind;
  }

  public CoderException(String kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public String kind() {
    return kind;
  }
}
