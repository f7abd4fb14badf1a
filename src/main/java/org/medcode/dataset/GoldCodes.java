package org.medcode.dataset;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CanonicalCodes;
import org.medcode.codesystem.CodeSystemId;

/**
 * Gold codes made during one load: each code spelling is normalised once ({@link CanonicalCodes}), each system label
 * parsed once, and a plain code (no sequence, not primary, no evidence) is one {@link GoldCode} shared by every
 * admission that has it: 2.2 million gold rows of 26,000 distinct codes are 26,000 objects. Not thread-safe.
 */
final class GoldCodes {
  /** At most this many shared codes are remembered (a file of all-distinct codes costs no more than without sharing). */
  static final int LIMIT = 1 << 18;

  private record Plain(String raw, CodeSystemId system) {}

  private final CanonicalCodes canonical = new CanonicalCodes();
  private final Map<String, CodeSystemId> systems = new HashMap<>();
  private final Map<Plain, GoldCode> plain = new HashMap<>();

  /** {@link CodeSystemId#parse}, remembered per label. */
  CodeSystemId system(String label) {
    CodeSystemId system = systems.get(label);
    if (system == null) {
      system = CodeSystemId.parse(label);
      systems.put(label, system);
    }
    return system;
  }

  /** The trimmed spelling and canonical form of a code as written. */
  CanonicalCodes.Code code(String spelling) {
    return canonical.of(spelling);
  }

  /** {@code new GoldCode(code, raw, system, sequence, primary, evidence)}, shared when plain. */
  GoldCode gold(String code, String raw, CodeSystemId system, Integer sequence, boolean primary, List<EvidenceSpan> evidence) {
    if (sequence != null || primary || !evidence.isEmpty()) {
      return new GoldCode(code, raw, system, sequence, primary, evidence);
    }
    Plain key = new Plain(raw, system);
    GoldCode shared = plain.get(key);
    if (shared == null) {
      shared = new GoldCode(code, raw, system, null, false, List.of());
      if (plain.size() < LIMIT) {
        plain.put(key, shared);
      }
    }
    return shared;
  }
}
