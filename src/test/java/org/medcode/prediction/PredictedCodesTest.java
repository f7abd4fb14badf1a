package org.medcode.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictedCodesTest {
  @Test
  void readsAsTheCodesItHoldsWithAnAbsentScoreAsNull() {
    PredictedCodes codes = PredictedCodes.of(new String[] {"I10", "E119", "R69"}, new double[] {0.9, 0, Double.NaN},
        new boolean[] {false, true, false});
    List<PredictedCode> expected = List.of(new PredictedCode("I10", "I10", 0.9), new PredictedCode("E119", "E119", null),
        new PredictedCode("R69", "R69", Double.NaN));
    assertEquals(expected, codes);
    assertEquals(expected.hashCode(), codes.hashCode());
    assertEquals(expected, new ArrayList<>(codes));
    assertEquals(List.of(new PredictedCode("A00", "A00", 0.1)),
        PredictedCodes.of(new String[] {"A00"}, new double[] {0.1}, null), "null: every code has its score");
  }

  @Test
  void isImmutableAndRefusesArraysOfDifferentLengths() {
    PredictedCodes codes = PredictedCodes.of(new String[] {"I10"}, new double[] {0.9}, null);
    assertThrows(UnsupportedOperationException.class, () -> codes.set(0, new PredictedCode("E119")));
    assertThrows(UnsupportedOperationException.class, () -> codes.add(new PredictedCode("E119")));
    assertThrows(IllegalArgumentException.class, () -> PredictedCodes.of(new String[] {"I10"}, new double[0], null));
    assertThrows(IllegalArgumentException.class,
        () -> PredictedCodes.of(new String[] {"I10"}, new double[] {1}, new boolean[2]));
  }

  @Test
  void aPredictionKeepsTheArraysAndCopiesAnyOtherList() {
    PredictedCodes codes = PredictedCodes.of(new String[] {"I10"}, new double[] {0.9}, null);
    assertSame(codes, new Prediction("A1", codes).codes(), "held as arrays, not copied into an object per code");
    List<PredictedCode> mutable = new ArrayList<>(List.of(new PredictedCode("I10")));
    Prediction copied = new Prediction("A1", mutable);
    assertNotSame(mutable, copied.codes());
    mutable.clear();
    assertEquals(List.of(new PredictedCode("I10")), copied.codes());
  }
}
