package org.medcode.dataset;

import java.util.List;
import org.medcode.codesystem.CodeSystemId;

/**
 * A code assigned by human coders. {@code code} is canonical for {@code system}; {@code raw} is as written in the
 * source file. {@code sequence} is the coder's order (1 = first listed) or null; {@code primary} marks the
 * principal diagnosis or procedure when the source says so.
 */
public record GoldCode(String code, String raw, CodeSystemId system, Integer sequence, boolean primary, List<EvidenceSpan> evidence) {
  public GoldCode {
    evidence = List.copyOf(evidence);
  }

  public GoldCode(String code, CodeSystemId system) {
    this(code, code, system, null, false, List.of());
  }
}
