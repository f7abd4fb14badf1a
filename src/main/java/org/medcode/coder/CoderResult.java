package org.medcode.coder;

import java.util.List;

/** A coder's answer for one admission: suggestions in rank order (best first). */
public record CoderResult(List<CodeSuggestion> codes) {
  public CoderResult {
    codes = List.copyOf(codes);
  }

  public static CoderResult empty() {
    return new CoderResult(List.of());
  }
}
