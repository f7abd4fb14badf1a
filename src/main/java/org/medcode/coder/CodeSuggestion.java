package org.medcode.coder;

import java.util.List;
import org.medcode.dataset.EvidenceSpan;

/**
 * One code a coder proposes: canonical {@code code}, optional {@code score} (higher = more confident; null when the
 * coder only ranks), the evidence spans in the admission's notes, and an optional human-readable rationale.
 */
public record CodeSuggestion(String code, Double score, List<EvidenceSpan> evidence, String rationale) {
  public CodeSuggestion {
    evidence = List.copyOf(evidence);
  }

  public CodeSuggestion(String code, Double score) {
    this(code, score, List.of(), null);
  }
}
