package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ExactSumTest {
  @Test
  void sumsAreCorrectlyRounded() {
    double[] tenths = new double[10];
    java.util.Arrays.fill(tenths, 0.1);
    assertEquals(1.0, ExactSum.of(tenths)); // a naive loop gives 0.9999999999999999
    assertEquals(1e-100, ExactSum.of(1e100, 1e-100, -1e100));
    assertEquals(0.0, ExactSum.of());
    assertEquals(2.0 / 3, ExactSum.of(1.0 / 3, 1.0 / 3), 0.0);
  }

  /** The sum equals the exact (BigDecimal) sum rounded once, whatever the order of the terms. */
  @Property(tries = 300)
  void orderIndependentAndExact(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<Double> values = new ArrayList<>();
    int n = rnd.nextInt(200);
    for (int i = 0; i < n; i++) {
      values.add(rnd.nextInt(4) == 0 ? rnd.nextInt(7) / (double) (1 + rnd.nextInt(40)) : rnd.nextDouble());
    }
    BigDecimal exact = BigDecimal.ZERO;
    for (double v : values) {
      exact = exact.add(new BigDecimal(v));
    }
    double expected = exact.doubleValue();
    ExactSum a = new ExactSum();
    values.forEach(a::add);
    Collections.shuffle(values, rnd);
    ExactSum b = new ExactSum();
    values.forEach(b::add);
    assertEquals(a.value(), b.value());
    assertEquals(expected, a.value());
  }
}
