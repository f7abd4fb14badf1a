package org.medcode.dataset;

import java.util.List;
import org.medcode.codesystem.CodeSystem;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;

/**
 * A code assigned by human coders. {@code code} is canonical for {@code system} ({@link CodeSystem#written}: a code
 * written with a dot where its system writes none, {@code E1.19}, keeps its spelling and is malformed); {@code raw} is
 * as written in the source file. {@code sequence} is the coder's order (1 = first listed) or null; {@code primary} marks the
 * principal diagnosis or procedure when the source says so.
 */
public record GoldCode(String code, String raw, CodeSystemId system, Integer sequence, boolean primary, List<EvidenceSpan> evidence) {
  public GoldCode {
    evidence = List.copyOf(evidence);
    if (system != null && code != null && raw != null) {
      code = CodeSystems.syntax(system).written(code, raw);
    }
  }

  public GoldCode(String code, CodeSystemId system) {
    this(code, code, system, null, false, List.of());
  }
}
