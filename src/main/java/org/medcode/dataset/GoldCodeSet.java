package org.medcode.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CodeSystemId;

/**
 * The gold codes of one admission as a set per code system, in first-seen order. A repeated (system, code) keeps
 * the first occurrence (its raw spelling and sequence), gains the evidence of the repeat and is primary when either
 * is; the caller counts repeats for the dataset warnings. Small sets (the usual 5-40 codes) are searched in place; an
 * index is built once a set grows past {@link #SCAN}, so a huge admission stays linear.
 */
final class GoldCodeSet {
  static final int SCAN = 32;

  private record Key(CodeSystemId system, String code) {}

  private final List<GoldCode> codes = new ArrayList<>();
  private Map<Key, Integer> index;

  /** Adds a code; false when the (system, code) pair was already there. */
  boolean add(GoldCode code) {
    int at = indexOf(code.system(), code.code());
    if (at < 0) {
      codes.add(code);
      if (index != null) {
        index.put(new Key(code.system(), code.code()), codes.size() - 1);
      } else if (codes.size() > SCAN) {
        index = new HashMap<>();
        for (int i = 0; i < codes.size(); i++) {
          index.put(new Key(codes.get(i).system(), codes.get(i).code()), i);
        }
      }
      return true;
    }
    GoldCode first = codes.get(at);
    List<EvidenceSpan> evidence = new ArrayList<>(first.evidence());
    evidence.addAll(code.evidence());
    codes.set(at, new GoldCode(first.code(), first.raw(), first.system(), first.sequence(), first.primary() || code.primary(),
        evidence));
    return false;
  }

  boolean contains(CodeSystemId system, String code) {
    return indexOf(system, code) >= 0;
  }

  /** Appends an evidence span to a code already in the set. */
  void addEvidence(CodeSystemId system, String code, EvidenceSpan span) {
    int at = indexOf(system, code);
    GoldCode first = codes.get(at);
    List<EvidenceSpan> evidence = new ArrayList<>(first.evidence());
    evidence.add(span);
    codes.set(at, new GoldCode(first.code(), first.raw(), first.system(), first.sequence(), first.primary(), evidence));
  }

  List<GoldCode> toList() {
    return List.copyOf(codes);
  }

  boolean isEmpty() {
    return codes.isEmpty();
  }

  private int indexOf(CodeSystemId system, String code) {
    if (index != null) {
      Integer at = index.get(new Key(system, code));
      return at == null ? -1 : at;
    }
    for (int i = 0; i < codes.size(); i++) {
      GoldCode known = codes.get(i);
      if (known.system() == system && known.code().equals(code)) {
        return i;
      }
    }
    return -1;
  }
}
