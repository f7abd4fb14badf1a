package org.medcode.eval;

/**
 * SplitMix64, reproducing {@link java.util.SplittableRandom} as JDK 17 implements it bit for bit: for the same seed,
 * the same sequence of {@link #nextLong()}, {@link #nextInt()}, {@link #nextInt(int)}, {@link #nextBoolean()} and
 * {@link #split()} calls returns the same values and leaves the same state as {@code SplittableRandom} does. A
 * generator is a 64-bit {@code state} and an odd {@code gamma}; every draw first adds gamma to the state, then mixes
 * it ({@code mix64} for longs, {@code mix32} for ints and booleans), so the state after k draws is
 * {@code seed + k·gamma} (mod 2<sup>64</sup>) and {@link #skip} jumps ahead in constant time.
 *
 * <p>Beyond {@code SplittableRandom}: {@link #skip}, the state and gamma ({@link #state()}, {@link #gamma()}),
 * {@link #booleanAt} (the k-th boolean of a generator without drawing the others), and {@link #nextInt(Bound)}, the
 * same draw as {@code nextInt(bound)} without a hardware division. Not thread-safe, as {@code SplittableRandom}.
 */
public final class SplitMix {
  /** The gamma of {@code new SplittableRandom(seed)}: 2<sup>64</sup>/φ, odd. */
  public static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;
  private final long gamma;

  /** As {@code new SplittableRandom(seed)}. */
  public SplitMix(long seed) {
    this(seed, GOLDEN_GAMMA);
  }

  private SplitMix(long state, long gamma) {
    this.state = state;
    this.gamma = gamma;
  }

  /** As {@link java.util.SplittableRandom#split()}: a new generator from two draws of this one. */
  public SplitMix split() {
    return new SplitMix(nextLong(), mixGamma(nextSeed()));
  }

  public long nextLong() {
    return mix64(nextSeed());
  }

  public int nextInt() {
    return mix32(nextSeed());
  }

  /** As {@code SplittableRandom.nextBoolean()}: {@code nextInt() < 0}. */
  public boolean nextBoolean() {
    return mix32(nextSeed()) < 0;
  }

  /**
   * As {@code SplittableRandom.nextInt(bound)} ({@code RandomSupport.boundedNextInt}): for a power of two the low bits
   * of {@code nextInt()}; otherwise u = {@code nextInt() >>> 1}, r = u mod bound, drawing again while
   * {@code u + (bound - 1) - r} overflows.
   *
   * @throws IllegalArgumentException if {@code bound} is not positive
   */
  public int nextInt(int bound) {
    checkBound(bound);
    int r = nextInt();
    int m = bound - 1;
    if ((bound & m) == 0) {
      return r & m;
    }
    for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
      // rejected: draw again
    }
    return r;
  }

  /** The same value as {@code nextInt(bound.value())}, and the same draws, without a division. */
  public int nextInt(Bound bound) {
    int r = nextInt();
    int m = bound.mask;
    if (bound.powerOfTwo) {
      return r & m;
    }
    for (int u = r >>> 1; u + m - (r = bound.mod(u)) < 0; u = nextInt() >>> 1) {
      // rejected: draw again
    }
    return r;
  }

  /** Advances the generator as {@code draws} calls of {@link #nextInt()} would (a split takes two draws). */
  public void skip(long draws) {
    state += draws * gamma;
  }

  /** The state: the next draw mixes {@code state() + gamma()}. */
  public long state() {
    return state;
  }

  public long gamma() {
    return gamma;
  }

  /** The boolean that the {@code k}-th draw (1-based) of a generator at {@code state} with {@code gamma} returns. */
  public static boolean booleanAt(long state, long gamma, long k) {
    return mix32(state + k * gamma) < 0;
  }

  private long nextSeed() {
    return state += gamma;
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser: the {@code nextLong()} of a state. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Stafford's variant 4, high half: the {@code nextInt()} of a state ({@code nextBoolean()} is its sign). */
  public static int mix32(long z) {
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }

  /** The gamma of a split: MurmurHash3's finaliser, made odd, with enough 01/10 transitions. */
  static long mixGamma(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    z = (z ^ (z >>> 33)) | 1L;
    int n = Long.bitCount(z ^ (z >>> 1));
    return (n < 24) ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
  }

  private static void checkBound(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
  }

  /** A bound for {@link #nextInt(Bound)}, with the multiplier that replaces the division by it. */
  public static Bound bound(int bound) {
    checkBound(bound);
    return new Bound(bound);
  }

  /**
   * A positive bound d and, when d is not a power of two, the Granlund–Montgomery multiplier for 31-bit dividends:
   * with l = ⌈log₂ d⌉ and m = ⌈2<sup>31+l</sup>/d⌉, ⌊u/d⌋ = ⌊u·m / 2<sup>31+l</sup>⌋ for every 0 ≤ u &lt; 2<sup>31</sup>
   * (m·d − 2<sup>31+l</sup> &lt; d ≤ 2<sup>l</sup>, their Theorem 4.2), and u·m &lt; 2<sup>63</sup>.
   */
  public static final class Bound {
    private final int value;
    private final int mask;
    private final boolean powerOfTwo;
    private final long multiplier;
    private final int shift;

    private Bound(int value) {
      this.value = value;
      this.mask = value - 1;
      this.powerOfTwo = (value & mask) == 0;
      int l = 32 - Integer.numberOfLeadingZeros(value - 1); // ⌈log₂ value⌉ for value ≥ 2; 0 for 1
      this.shift = 31 + l;
      // ⌈2^shift / value⌉ with shift ≤ 62: exact in long arithmetic.
      long pow = 1L << shift;
      this.multiplier = pow / value + (pow % value == 0 ? 0 : 1);
    }

    public int value() {
      return value;
    }

    /** u mod value, for 0 ≤ u &lt; 2<sup>31</sup>. */
    int mod(int u) {
      long q = (u * multiplier) >>> shift;
      return u - (int) q * value;
    }
  }
}
