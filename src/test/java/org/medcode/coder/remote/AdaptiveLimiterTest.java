package org.medcode.coder.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AIMD: a burst of 429s halves the limit once, successes raise it back by about one per round, never above max. */
class AdaptiveLimiterTest {
  private static long later() {
    return System.nanoTime() + Duration.ofSeconds(10).toNanos();
  }

  @Test
  void aBurstOfRateLimitsHalvesOnceAndSuccessesRestore() throws Exception {
    AdaptiveLimiter limiter = new AdaptiveLimiter(8);
    List<AdaptiveLimiter.Permit> burst = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      burst.add(limiter.acquire(later()));
    }
    assertNull(limiter.acquire(System.nanoTime() + 1_000_000)); // all 8 slots taken: times out
    for (AdaptiveLimiter.Permit permit : burst) {
      limiter.release(permit, true, false, null);
    }
    assertEquals(4, limiter.limit()); // eight 429s of one round count once
    AdaptiveLimiter.Permit next = limiter.acquire(later());
    limiter.release(next, true, false, null);
    assertEquals(2, limiter.limit()); // a request started after the decrease lowers it again
    for (int i = 0; i < 200; i++) {
      limiter.release(limiter.acquire(later()), false, true, null);
    }
    assertEquals(8, limiter.limit());
  }

  @Test
  void neverBelowOne() throws Exception {
    AdaptiveLimiter limiter = new AdaptiveLimiter(2);
    for (int i = 0; i < 5; i++) {
      limiter.release(limiter.acquire(later()), true, false, Duration.ZERO);
    }
    assertEquals(1, limiter.limit());
  }
}
