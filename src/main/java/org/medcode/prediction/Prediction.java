package org.medcode.prediction;

import java.util.List;

/** A coder's answer for one admission: codes in rank order (best first), no code twice with its dots at the same places. */
public record Prediction(String admissionId, List<PredictedCode> codes) {
  public Prediction {
    codes = codes instanceof PredictedCodes ? codes : List.copyOf(codes);
  }
}
