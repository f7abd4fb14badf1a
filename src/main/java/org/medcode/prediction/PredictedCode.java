package org.medcode.prediction;

import org.medcode.codesystem.CodeSystem;

/**
 * One code a coder proposed for an admission. {@code code} is canonical, {@code raw} as the coder wrote it (the
 * evaluation scores {@link #scoredIn}: a dot out of its system's place makes the code malformed);
 * {@code score} is optional (null when the coder gives only an order).
 */
public record PredictedCode(String code, String raw, Double score) {
  public PredictedCode(String code) {
    this(code, code, null);
  }

  /** The code scored in {@code system} ({@link CodeSystem#written}: as written, when its dot is out of place). */
  public String scoredIn(CodeSystem system) {
    return system.written(code, raw);
  }
}
