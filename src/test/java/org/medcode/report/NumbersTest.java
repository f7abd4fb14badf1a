package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NumbersTest {
  /** The formula the fast path replaced: every number written anywhere must stay the same string. */
  private static String reference(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    String plain = BigDecimal.valueOf(value).toPlainString();
    return plain.endsWith(".0") ? plain.substring(0, plain.length() - 2) : plain;
  }

  @Property(tries = 5000)
  void exactWritesWhatBigDecimalWrites(@ForAll double value) {
    assertEquals(reference(value), Numbers.exact(value));
  }

  @Property(tries = 3000)
  void exactWritesWhatBigDecimalWritesForRatiosOfCounts(@ForAll("counts") int a, @ForAll("counts") int b) {
    double ratio = b == 0 ? 0 : (double) a / b;
    assertEquals(reference(ratio), Numbers.exact(ratio));
    assertEquals(reference(-ratio), Numbers.exact(-ratio));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Integer> counts() {
    return net.jqwik.api.Arbitraries.integers().between(0, 200_000);
  }

  @Test
  void edgeCases() {
    for (double value : new double[] {0.0, -0.0, 1.0, -1.0, 0.001, 0.0009999, 1e7, 9999999.5, 1e-320, Double.MIN_VALUE,
        Double.MAX_VALUE, 100.0, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 1e21, 123456789.0}) {
      assertEquals(reference(value), Numbers.exact(value), String.valueOf(value));
    }
    assertEquals("0", Numbers.exact(-0.0));
    assertEquals("", Numbers.exact(Double.NaN));
  }
}
