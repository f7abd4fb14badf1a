package org.medcode.coder;

/**
 * Thrown by {@link Coder#code} when the coder will not code any more admissions in this session because every answer so
 * far was the same error that no retry or other admission can fix (a rejected parameter, a wrong key, a model that does
 * not exist). The run records nothing for the admission it was thrown on, asks for no more, and ends incomplete (exit
 * 3) with the message, which says what to change; the admissions not coded are coded by a resume or a new run.
 */
public final class CoderStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CoderStoppedException(String message) {
    super(message);
  }
}
