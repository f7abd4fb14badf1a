package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link SplitMix} against {@link SplittableRandom}: every draw, split, bound and jump equal, bit for bit. */
class SplitMixTest {
  private static final long[] SEEDS = {0L, 1L, -1L, 42L, EvalOptions.DEFAULT_SEED, EvalOptions.DEFAULT_SEED + 1,
      Long.MIN_VALUE, Long.MAX_VALUE, 0x9e3779b97f4a7c15L, -0x9e3779b97f4a7c15L};
  /** Powers of two, 1, small odd and even bounds, bounds just above a power of two (rejected half the time), the max. */
  private static final int[] BOUNDS = {1, 2, 3, 4, 5, 6, 7, 8, 10, 100, 122_000, 1 << 16, (1 << 16) + 1, 1 << 30,
      (1 << 30) + 1, (1 << 30) + 3, (1 << 30) - 1, 1_500_000_001, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};

  @Test
  void longSequencesOfEveryKindOfDrawMatch() {
    for (long seed : SEEDS) {
      SplittableRandom expected = new SplittableRandom(seed);
      SplitMix actual = new SplitMix(seed);
      for (int i = 0; i < 20_000; i++) {
        switch (i % 4) {
          case 0 -> assertEquals(expected.nextLong(), actual.nextLong(), "nextLong " + i);
          case 1 -> assertEquals(expected.nextInt(), actual.nextInt(), "nextInt " + i);
          case 2 -> assertEquals(expected.nextBoolean(), actual.nextBoolean(), "nextBoolean " + i);
          default -> {
            int bound = BOUNDS[(i / 4) % BOUNDS.length];
            assertEquals(expected.nextInt(bound), actual.nextInt(bound), "nextInt(" + bound + ") " + i);
          }
        }
      }
      assertEquals(expected.nextLong(), actual.nextLong(), "state after the sequence");
    }
  }

  @Test
  void fastBoundedDrawsMatchForEveryBound() {
    for (long seed : SEEDS) {
      for (int bound : BOUNDS) {
        SplittableRandom expected = new SplittableRandom(seed);
        SplitMix actual = new SplitMix(seed);
        SplitMix.Bound fast = SplitMix.bound(bound);
        assertEquals(bound, fast.value());
        for (int i = 0; i < 5_000; i++) {
          assertEquals(expected.nextInt(bound), actual.nextInt(fast), "nextInt(" + bound + ") draw " + i);
        }
        assertEquals(expected.nextLong(), actual.nextLong(), "state after draws with rejections, bound " + bound);
      }
    }
  }

  @Test
  void splitsOfSplitsMatch() {
    for (long seed : SEEDS) {
      List<SplittableRandom> expected = new ArrayList<>(List.of(new SplittableRandom(seed)));
      List<SplitMix> actual = new ArrayList<>(List.of(new SplitMix(seed)));
      for (int i = 0; i < 300; i++) {
        int parent = (i * 7) % expected.size();
        expected.add(expected.get(parent).split());
        SplitMix child = actual.get(parent).split();
        actual.add(child);
        assertEquals(expected.get(expected.size() - 1).nextInt(122_000), child.nextInt(SplitMix.bound(122_000)));
        assertEquals(expected.get(parent).nextLong(), actual.get(parent).nextLong());
      }
    }
  }

  @Test
  void skipAndBooleanAtJumpAhead() {
    for (long seed : SEEDS) {
      for (long k : new long[] {0, 1, 2, 63, 1000, 122_000L * 10_000}) {
        SplittableRandom expected = new SplittableRandom(seed);
        SplitMix jumped = new SplitMix(seed);
        SplitMix start = new SplitMix(seed);
        jumped.skip(k);
        if (k <= 1000) {
          for (long i = 0; i < k; i++) {
            expected.nextInt();
          }
          boolean next = expected.nextBoolean();
          assertEquals(next, SplitMix.booleanAt(start.state(), start.gamma(), k + 1));
          assertEquals(next, jumped.nextBoolean());
          assertEquals(expected.nextLong(), jumped.nextLong());
        } else {
          assertEquals(seed + k * SplitMix.GOLDEN_GAMMA, jumped.state());
        }
      }
    }
    SplittableRandom child = new SplittableRandom(5).split();
    SplitMix mine = new SplitMix(5).split();
    SplitMix skipped = new SplitMix(5).split();
    skipped.skip(37);
    for (int i = 0; i < 37; i++) {
      assertEquals(child.nextBoolean(), SplitMix.booleanAt(mine.state(), mine.gamma(), i + 1));
    }
    assertEquals(child.nextInt(), skipped.nextInt());
  }

  @Test
  void nonPositiveBoundsAreRejectedAsSplittableRandomRejectsThem() {
    for (int bound : new int[] {0, -1, Integer.MIN_VALUE}) {
      IllegalArgumentException expected = assertThrows(IllegalArgumentException.class,
          () -> new SplittableRandom(1).nextInt(bound));
      assertEquals(expected.getMessage(),
          assertThrows(IllegalArgumentException.class, () -> new SplitMix(1).nextInt(bound)).getMessage());
      assertEquals(expected.getMessage(),
          assertThrows(IllegalArgumentException.class, () -> SplitMix.bound(bound)).getMessage());
    }
  }

  @Test
  void divisionFreeModuloAtTheEdges() {
    for (int d : BOUNDS) {
      SplitMix.Bound b = SplitMix.bound(d);
      if (Integer.bitCount(d) == 1) {
        continue;
      }
      for (int u : new int[] {0, 1, d - 1, Math.max(0, d - 2), Integer.MAX_VALUE, Integer.MAX_VALUE - 1,
          (Integer.MAX_VALUE / d) * d, (Integer.MAX_VALUE / d) * d - 1, 1 << 30, (1 << 30) - 1}) {
        if (u >= 0) {
          assertEquals(u % d, b.mod(u), u + " mod " + d);
        }
      }
    }
  }

  @Property(tries = 3000)
  void divisionFreeModuloEqualsRemainder(@ForAll("dividends") int u, @ForAll("divisors") int d) {
    if (Integer.bitCount(d) != 1) {
      assertEquals(u % d, SplitMix.bound(d).mod(u), u + " mod " + d);
    }
  }

  @Property(tries = 300)
  void anySeedAndBoundGivesTheSameDraws(@ForAll long seed, @ForAll("divisors") int bound,
      @ForAll @IntRange(min = 0, max = 40) int splits) {
    SplittableRandom expected = new SplittableRandom(seed);
    SplitMix actual = new SplitMix(seed);
    for (int i = 0; i < splits; i++) {
      expected = expected.split();
      actual = actual.split();
    }
    SplitMix.Bound fast = SplitMix.bound(bound);
    for (int i = 0; i < 200; i++) {
      if (i % 2 == 0) {
        assertEquals(expected.nextInt(bound), actual.nextInt(fast));
      } else {
        assertEquals(expected.nextInt(bound), actual.nextInt(bound));
      }
    }
    assertEquals(expected.nextBoolean(), actual.nextBoolean());
    assertEquals(expected.nextLong(), actual.nextLong());
  }

  @Provide
  Arbitrary<Integer> dividends() {
    return Arbitraries.oneOf(Arbitraries.integers().between(0, Integer.MAX_VALUE),
        Arbitraries.integers().between(Integer.MAX_VALUE - 1000, Integer.MAX_VALUE),
        Arbitraries.integers().between(0, 1000));
  }

  @Provide
  Arbitrary<Integer> divisors() {
    return Arbitraries.oneOf(Arbitraries.integers().between(1, Integer.MAX_VALUE),
        Arbitraries.integers().between(1, 200_000), Arbitraries.integers().between(1, 30).map(p -> (1 << p) + 1),
        Arbitraries.integers().between(1, 30).map(p -> (1 << p) - 1),
        Arbitraries.integers().between(0, 30).map(p -> 1 << p));
  }
}
