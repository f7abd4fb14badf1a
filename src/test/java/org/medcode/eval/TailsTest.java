package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TailsTest {
  /** Values with ties, signed zeros and a few distinct magnitudes, as resampled metrics have. */
  private static double[] values(long seed, int n) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(10);
      values[i] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : kind < 5 ? random.nextInt(7) / 6.0 : random.nextDouble();
    }
    return values;
  }

  @Property(tries = 400)
  void theIntervalIsTheOneOfAllTheValues(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int n,
      @ForAll @IntRange(min = 1, max = 99) int percent, @ForAll @IntRange(min = 1, max = 9) int pieces) {
    double confidence = percent / 100.0;
    double[] values = values(seed, n);
    Estimate expected = Quantiles.interval(0.5, values.clone(), confidence);
    // Fed in pieces merged in any order, as the bootstrap's chunks are.
    Tails whole = new Tails(n, confidence);
    for (int p = pieces - 1; p >= 0; p--) {
      Tails piece = new Tails(n, confidence);
      for (int i = p; i < n; i += pieces) {
        piece.add(values[i]);
      }
      whole.addAll(piece);
    }
    Estimate actual = whole.interval(0.5);
    assertEquals(Double.doubleToRawLongBits(expected.ciLow()), Double.doubleToRawLongBits(actual.ciLow()));
    assertEquals(Double.doubleToRawLongBits(expected.ciHigh()), Double.doubleToRawLongBits(actual.ciHigh()));
  }

  @Test
  void oneValue() {
    Tails t = new Tails(1, 0.95);
    t.add(0.25);
    assertEquals(new Estimate(0.3, 0.25, 0.25), t.interval(0.3));
  }
}
