package org.medcode.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CodeSystemId;

/**
 * The gold codes of one admission as a set per code system, in first-seen order. A repeated (system, code) keeps
 * the first occurrence (its raw spelling and sequence), gains the evidence of the repeat and is primary when either
 * is; the caller counts repeats for the dataset warnings.
 */
final class GoldCodeSet {
  private record Key(CodeSystemId system, String code) {}

  private final Map<Key, GoldCode> codes = new LinkedHashMap<>();

  /** Adds a code; false when the (system, code) pair was already there. */
  boolean add(GoldCode code) {
    Key key = new Key(code.system(), code.code());
    GoldCode first = codes.get(key);
    if (first == null) {
      codes.put(key, code);
      return true;
    }
    List<EvidenceSpan> evidence = new ArrayList<>(first.evidence());
    evidence.addAll(code.evidence());
    codes.put(key, new GoldCode(first.code(), first.raw(), first.system(), first.sequence(),
        first.primary() || code.primary(), evidence));
    return false;
  }

  boolean contains(CodeSystemId system, String code) {
    return codes.containsKey(new Key(system, code));
  }

  /** Appends an evidence span to a code already in the set. */
  void addEvidence(CodeSystemId system, String code, EvidenceSpan span) {
    Key key = new Key(system, code);
    GoldCode first = codes.get(key);
    List<EvidenceSpan> evidence = new ArrayList<>(first.evidence());
    evidence.add(span);
    codes.put(key, new GoldCode(first.code(), first.raw(), first.system(), first.sequence(), first.primary(), evidence));
  }

  List<GoldCode> toList() {
    return List.copyOf(codes.values());
  }

  boolean isEmpty() {
    return codes.isEmpty();
  }
}
