package org.medcode.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class UnmatchedIdsTest {
  @Test
  void oneMatchingIdIsEnoughAndNoPredictionsAreNoMismatch() {
    assertNull(UnmatchedIds.check(List.of("9", "1"), Set.of("1", "2"), "p.tsv", "d"));
    assertNull(UnmatchedIds.check(List.of(), Set.of("1"), "p.tsv", "d"));
  }

  @Test
  void theMessageShowsBothSidesAndTheRewriteThatWouldMatch() {
    assertEquals("none of the 4 admission ids in p.tsv is in mimic-iv:x (the predictions name '20001.0', '20002.0',"
        + " '20003.0', …; the dataset has '20001', '20002'): the predicted ids are numbers written as floats (123.0 for 123, as"
        + " pandas writes an integer column that has gaps); write them as integers (2 of 4 would match); nothing was scored",
        UnmatchedIds.check(List.of("20001.0", "20002.0", "20003.0", "20004.0"), new TreeSet<>(Set.of("20001", "20002")), "p.tsv",
            "mimic-iv:x"));
    assertTrue(UnmatchedIds.check(List.of("0042", "0043"), Set.of("42", "43"), "p", "d")
        .contains("the ids differ in leading zeros; write them as the dataset does (2 of 2 would match)"));
    assertTrue(UnmatchedIds.check(List.of("s1", "s2"), Set.of("S1", "S2"), "p", "d").contains("differ in letter case"));
  }

  @Test
  void withoutARewriteThatMatchesMostIdsItOnlyShowsBothSides() {
    String message = UnmatchedIds.check(List.of("B7", "B8", "X1.0"), Set.of("X1"), "p.tsv", "d");
    assertTrue(message.endsWith("(the predictions name 'B7', 'B8', 'X1.0'; the dataset has 'X1'): check that the"
        + " predictions belong to this dataset and split; nothing was scored"), message);
    assertTrue(UnmatchedIds.check(List.of("A1"), Set.of(), "p", "d").contains("the dataset has no admissions"));
  }
}
