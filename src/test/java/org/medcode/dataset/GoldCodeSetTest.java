package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeSystemId;

/**
 * The set searches small admissions in place and builds an index past {@link GoldCodeSet#SCAN} codes; both must keep
 * the rules of the map it replaced (first-seen order, first spelling and sequence kept, evidence appended, primary when
 * either is), which {@link Reference} restates.
 */
class GoldCodeSetTest {
  /** The set as it was before issue 12: a LinkedHashMap keyed by (system, code). */
  private static final class Reference {
    private record Key(CodeSystemId system, String code) {}

    private final Map<Key, GoldCode> codes = new LinkedHashMap<>();

    boolean add(GoldCode code) {
      Key key = new Key(code.system(), code.code());
      GoldCode first = codes.get(key);
      if (first == null) {
        codes.put(key, code);
        return true;
      }
      List<EvidenceSpan> evidence = new ArrayList<>(first.evidence());
      evidence.addAll(code.evidence());
      codes.put(key, new GoldCode(first.code(), first.raw(), first.system(), first.sequence(), first.primary() || code.primary(),
          evidence));
      return false;
    }

    void addEvidence(CodeSystemId system, String code, EvidenceSpan span) {
      Key key = new Key(system, code);
      GoldCode first = codes.get(key);
      List<EvidenceSpan> evidence = new ArrayList<>(first.evidence());
      evidence.add(span);
      codes.put(key, new GoldCode(first.code(), first.raw(), first.system(), first.sequence(), first.primary(), evidence));
    }
  }

  @Test
  void behavesAsTheMapItReplacedAtEverySize() {
    Random random = new Random(12);
    CodeSystemId[] systems = {CodeSystemId.ICD10CM, CodeSystemId.ICD10PCS, CodeSystemId.CPT};
    for (int round = 0; round < 300; round++) {
      GoldCodeSet set = new GoldCodeSet();
      Reference reference = new Reference();
      int distinct = 1 + random.nextInt(round % 3 == 0 ? 120 : 20);
      for (int i = 0, n = random.nextInt(3 * distinct); i < n; i++) {
        CodeSystemId system = systems[random.nextInt(systems.length)];
        String code = "C" + random.nextInt(distinct);
        if (random.nextInt(6) == 0 && set.contains(system, code)) {
          EvidenceSpan span = new EvidenceSpan(0, i, i + 1, "e" + i);
          set.addEvidence(system, code, span);
          reference.addEvidence(system, code, span);
          continue;
        }
        GoldCode gold = new GoldCode(code, code.toLowerCase(), system, random.nextBoolean() ? null : i + 1, random.nextInt(5) == 0,
            random.nextInt(4) == 0 ? List.of(new EvidenceSpan(0, 0, i, "x")) : List.of());
        assertEquals(reference.add(gold), set.add(gold), "round " + round + " row " + i);
        assertEquals(reference.codes.containsKey(new Reference.Key(system, code)), set.contains(system, code));
      }
      assertEquals(List.copyOf(reference.codes.values()), set.toList(), "round " + round);
      assertEquals(reference.codes.isEmpty(), set.isEmpty());
    }
  }
}
