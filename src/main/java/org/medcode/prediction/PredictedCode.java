package org.medcode.prediction;

/**
 * One code a coder proposed for an admission. {@code code} is canonical, {@code raw} as the coder wrote it (the
 * evaluation scores {@code CodeSystem.written(code, raw)}: a dot out of its system's place makes the code malformed);
 * {@code score} is optional (null when the coder gives only an order).
 */
public record PredictedCode(String code, String raw, Double score) {
  public PredictedCode(String code) {
    this(code, code, null);
  }
}
