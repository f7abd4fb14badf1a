package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The admissions to look at, from the strata fixture ({@link StratifierTest}):
 * <pre>
 * B1 missed I10, wrong J189 (1, 1); B2 missed J189, wrong J181 (1, 1); B3 missed A001, wrong I10 (1, 1);
 * B4 missed I2510 (1, 0); B5 wrong I10 (0, 1) → by missed desc, then wrong desc, then admission order:
 * B1 B2 B3 B4 B5
 * </pre>
 */
class HardAdmissionsTest {
  @Test
  void mostMissedFirstThenMostWrongThenAdmissionOrder() {
    List<HardAdmissions.Example> hardest = HardAdmissions.find(StratifierTest.ADMISSIONS, StratifierTest.predictions(),
        StratifierTest.TABLE, InvalidPolicy.COUNT, Set.of()).examples();
    assertEquals(List.of("B1", "B2", "B3", "B4", "B5"), hardest.stream().map(HardAdmissions.Example::admissionId).toList());
    HardAdmissions.Example b3 = hardest.get(2);
    assertEquals(List.of("A000", "A001", "N400"), b3.gold());
    assertEquals(List.of("A000", "N400", "I10"), b3.predicted());
    assertEquals(List.of("A001"), b3.missed());
    assertEquals(List.of("I10"), b3.wrong());
    assertEquals(HardAdmissions.EXCERPT + 1, b3.excerpt().length(), "2,500 characters cut to the excerpt plus an ellipsis");
    assertEquals("x".repeat(100), hardest.get(0).excerpt());
  }

  /** B1 and B4 unanswered (failed, never coded): left out and counted, the others in the same order. */
  @Test
  void admissionsTheCoderDidNotAnswerAreLeftOutAndCounted() {
    HardAdmissions.Hardest hardest = HardAdmissions.find(StratifierTest.ADMISSIONS, StratifierTest.predictions(),
        StratifierTest.TABLE, InvalidPolicy.COUNT, Set.of("B1", "B4"));
    assertEquals(List.of("B2", "B3", "B5"), hardest.examples().stream().map(HardAdmissions.Example::admissionId).toList());
    assertEquals(2, hardest.unanswered());
  }

  /**
   * A run scores its admissions cut to excerpts ({@link org.medcode.dataset.Dataset#excerpts}), once every coder has
   * coded: the admissions to look at, their excerpts and the note-length strata are those of the whole texts.
   */
  @Test
  void admissionsCutToExcerptsGiveTheSameExamples() {
    List<org.medcode.dataset.Admission> cut = StratifierTest.ADMISSIONS.stream().map(a -> a.excerpt(HardAdmissions.EXCERPT))
        .toList();
    assertEquals(HardAdmissions.find(StratifierTest.ADMISSIONS, StratifierTest.predictions(), StratifierTest.TABLE,
            InvalidPolicy.COUNT, Set.of()),
        HardAdmissions.find(cut, StratifierTest.predictions(), StratifierTest.TABLE, InvalidPolicy.COUNT, Set.of()));
    assertEquals(java.util.Arrays.toString(RawInput.of(StratifierTest.ADMISSIONS, StratifierTest.predictions(),
            StratifierTest.TABLE).noteLength),
        java.util.Arrays.toString(RawInput.of(cut, StratifierTest.predictions(), StratifierTest.TABLE).noteLength));
  }
}
