package org.medcode.coder;

/**
 * Thrown by {@link Coder#code} when the coder will not code any more admissions in this session because every answer so
 * far was the same error that no retry or other admission can fix (a rejected parameter, a wrong key, a model that does
 * not exist), or by {@link Coder#prepare} when it could not finish preparing and says what to do next. The run records
 * nothing for the admission it was thrown on, asks for no more, and ends incomplete (exit 3) with the message and the
 * next step ({@link NextStep}); the admissions not coded are coded by a resume or a new run.
 */
public final class CoderStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What the user does after such a stop, which the run says after the coder's reason. */
  public enum NextStep {
    /** Fix the cause: in the config, then run it again; outside it (a key, an account), resume with --retry-failed. */
    FIX_AND_RUN_AGAIN,
    /**
     * Continue this run folder with --resume, never a new run: the coder sent (or may have sent) work that is paid for
     * and recorded only in this folder, which a new run would not find and would send (and pay for) again.
     */
    RESUME
  }

  private final NextStep next;

  public CoderStoppedException(String message) {
    this(message, NextStep.FIX_AND_RUN_AGAIN);
  }

  public CoderStoppedException(String message, NextStep next) {
    super(message);
    this.next = next;
  }

  public NextStep next() {
    return next;
  }
}
