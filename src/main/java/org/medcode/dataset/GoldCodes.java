package org.medcode.dataset;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CanonicalCodes;
import org.medcode.codesystem.CodeSystemId;

/**
 * Gold codes made during one load: each code spelling is normalised once ({@link CanonicalCodes}), each system label
 * parsed once, and a plain code (no sequence, not primary, no evidence) is one {@link GoldCode} shared by every
 * admission that has it: 2.2 million gold rows of 26,000 distinct codes are 26,000 objects, found with one hash lookup
 * per row (the spelling as written). Not thread-safe.
 */
final class GoldCodes {
  /** At most this many spellings are remembered (a file of all-distinct codes costs no more than without sharing). */
  static final int LIMIT = 1 << 18;

  private static final int SYSTEMS = CodeSystemId.values().length;

  /** A code as written: its trimmed spelling and canonical form, and its shared plain gold code per system. */
  static final class Spelling {
    private final CanonicalCodes.Code code;
    private final GoldCode[] plain = new GoldCode[SYSTEMS];

    private Spelling(CanonicalCodes.Code code) {
      this.code = code;
    }

    /** The canonical code ({@code ""} when the spelling has none). */
    String code() {
      return code.code();
    }

    /** The spelling, trimmed. */
    String raw() {
      return code.raw();
    }
  }

  private final CanonicalCodes canonical = new CanonicalCodes();
  private final Map<String, CodeSystemId> systems = new HashMap<>();
  private final Map<String, Spelling> spellings = new HashMap<>();

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
  Spelling code(String written) {
    Spelling spelling = spellings.get(written);
    if (spelling == null) {
      spelling = new Spelling(canonical.of(written));
      if (spellings.size() < LIMIT) {
        spellings.put(written, spelling);
      }
    }
    return spelling;
  }

  /** {@code new GoldCode(code, raw, system, sequence, primary, evidence)}, shared when plain. */
  GoldCode gold(Spelling spelling, CodeSystemId system, Integer sequence, boolean primary, List<EvidenceSpan> evidence) {
    CanonicalCodes.Code code = spelling.code;
    if (sequence != null || primary || !evidence.isEmpty()) {
      return new GoldCode(code.code(), code.raw(), system, sequence, primary, evidence);
    }
    GoldCode shared = spelling.plain[system.ordinal()];
    if (shared == null) {
      shared = new GoldCode(code.code(), code.raw(), system, null, false, List.of());
      spelling.plain[system.ordinal()] = shared;
    }
    return shared;
  }
}
