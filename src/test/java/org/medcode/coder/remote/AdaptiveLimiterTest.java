package org.medcode.coder.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderResult;

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
  @Test
  void aRetryAfterEndingPastTheDeadlineFailsAtOnceNotAtTheDeadline() throws Exception {
    AdaptiveLimiter limiter = new AdaptiveLimiter(4);
    limiter.release(limiter.acquire(later()), true, false, Duration.ofHours(1));
    long start = System.nanoTime();
    assertNull(limiter.acquire(System.nanoTime() + Duration.ofSeconds(3).toNanos()));
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "no wait for a pause that outlasts it");

    // an admission behind that pause: rate limited at once, nothing sent
    Retrying retrying = new Retrying(limiter, 5, Duration.ofMillis(10), Duration.ofSeconds(3));
    AtomicInteger calls = new AtomicInteger();
    Retrying.Meter meter = new Retrying.Meter() {
      @Override
      public void attempted() {}

      @Override
      public CoderResult.Usage usage() {
        return new CoderResult.Usage(0, 0, 0, 0, false);
      }
    };
    long begun = System.nanoTime();
    CoderException e = assertThrows(CoderException.class, () -> retrying.call(calls::incrementAndGet,
        Retrying.Pacing.NONE, CallFailure::of, System.nanoTime() + Duration.ofSeconds(3).toNanos(), meter));
    assertTrue(System.nanoTime() - begun < Duration.ofSeconds(1).toNanos(), "failed at once");
    assertEquals(CallFailure.RATE_LIMITED, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("Retry-After"), e.getMessage());
    assertEquals(0, calls.get());

    // a pause that ends before the deadline is waited for
    AdaptiveLimiter brief = new AdaptiveLimiter(4);
    brief.release(brief.acquire(later()), true, false, Duration.ofMillis(300));
    long waited = System.nanoTime();
    assertNotNull(brief.acquire(System.nanoTime() + Duration.ofSeconds(3).toNanos()));
    assertTrue(System.nanoTime() - waited >= Duration.ofMillis(250).toNanos(), "the pause was kept");
  }
}
