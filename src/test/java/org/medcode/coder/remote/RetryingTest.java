package org.medcode.coder.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderResult;

/** How long a call waits between attempts. */
class RetryingTest {
  private static final Retrying.Meter METER = new Retrying.Meter() {
    @Override
    public void attempted() {}

    @Override
    public CoderResult.Usage usage() {
      return new CoderResult.Usage(0, 0, 0, 0, false);
    }
  };

  /** A 429 with this Retry-After. */
  private static final class RateLimited extends RuntimeException implements CallFailure.Status {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    RateLimited(Duration retryAfter) {
      super("HTTP 429");
      this.retryAfter = retryAfter;
    }

    @Override
    public int statusCode() {
      return 429;
    }

    @Override
    public Duration retryAfter() {
      return retryAfter;
    }
  }

  @Test
  void aRetryAfterOfZeroWaitsTheBackoffNotNothing() {
    Retrying retrying = new Retrying(new AdaptiveLimiter(4), 2, Duration.ofMillis(200), Duration.ofSeconds(30));
    List<Long> attempts = new CopyOnWriteArrayList<>();
    CoderException e = assertThrows(CoderException.class, () -> retrying.call(() -> {
      attempts.add(System.nanoTime());
      throw new RateLimited(Duration.ZERO);
    }, Retrying.Pacing.NONE, CallFailure::of, System.nanoTime() + Duration.ofSeconds(30).toNanos(), METER));
    assertEquals(CallFailure.RATE_LIMITED, e.kind(), e.getMessage());
    assertEquals(3, attempts.size());
    // equal jitter: at least half of 200 ms, then of 400 ms
    assertTrue(attempts.get(1) - attempts.get(0) >= Duration.ofMillis(100).toNanos(), "backoff before the 2nd attempt");
    assertTrue(attempts.get(2) - attempts.get(1) >= Duration.ofMillis(200).toNanos(), "backoff before the 3rd attempt");
  }

  @Test
  void aLargeBackoffAfterManyAttemptsNeitherOverflowsNorThrows() {
    for (Duration base : List.of(Duration.ofDays(365), Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(100))) {
      for (int attempt : new int[] {0, 1, 10, 20, 30, 1000}) {
        Duration wait = Retrying.exponential(base, attempt);
        assertTrue(!wait.isNegative() && wait.compareTo(TimedHttp.LONGEST_RETRY_AFTER) <= 0, base + " " + attempt);
      }
    }
    assertEquals(Duration.ofMillis(800), Retrying.exponential(Duration.ofMillis(100), 3));
    // 10,000 s · 2^20 is past Long.MAX_VALUE nanoseconds: the jitter's bound was negative (IllegalArgumentException)
    long jittered = new Retrying(new AdaptiveLimiter(1), 30, Duration.ofSeconds(10_000), Duration.ofDays(30)).backoff(20);
    assertTrue(jittered >= TimedHttp.LONGEST_RETRY_AFTER.toNanos() / 2
        && jittered <= TimedHttp.LONGEST_RETRY_AFTER.toNanos(), String.valueOf(jittered));
    // a server error with a backoff of a year: the wait would end past the deadline, so the call fails at once
    Retrying retrying = new Retrying(new AdaptiveLimiter(4), 50, Duration.ofDays(365), Duration.ofSeconds(5));
    CoderException e = assertThrows(CoderException.class, () -> retrying.call(() -> {
      throw new java.util.concurrent.TimeoutException("slow");
    }, Retrying.Pacing.NONE, CallFailure::of, System.nanoTime() + Duration.ofSeconds(5).toNanos(), METER));
    assertEquals(CallFailure.TIMEOUT, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("no answer within the deadline"), e.getMessage());
  }

  /**
   * A refused connection is not asked again before the server answered (a wrong URL); after an answer it is a service
   * restarting, asked again within the deadline (a one-second restart failed every admission in flight at once, and the
   * run went on failing the rest as {@code connection} in 0.2 s); once a call's retries are all refused, the server is
   * not taken to be restarting any more and the next call fails at once, until it answers again.
   */
  @Test
  void aRefusedConnectionIsAskedAgainOnlyAfterTheServerAnswered() throws Exception {
    Retrying retrying = new Retrying(new AdaptiveLimiter(4), 3, Duration.ofMillis(10), Duration.ofSeconds(30));
    java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
    Retrying.Attempt<String> refused = () -> {
      attempts.incrementAndGet();
      throw new java.net.ConnectException("Connection refused");
    };
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    CoderException first = assertThrows(CoderException.class,
        () -> retrying.call(refused, Retrying.Pacing.NONE, CallFailure::of, deadline, METER));
    assertEquals(CallFailure.CONNECTION, first.kind());
    assertEquals(1, attempts.get(), "never answered: a wrong URL, not asked again");

    assertEquals("ok", retrying.call(() -> "ok", Retrying.Pacing.NONE, CallFailure::of, deadline, METER));
    attempts.set(0);
    String back = retrying.call(() -> {
      if (attempts.incrementAndGet() < 3) {
        throw new java.net.ConnectException("Connection refused");
      }
      return "back";
    }, Retrying.Pacing.NONE, CallFailure::of, deadline, METER);
    assertEquals("back", back);
    assertEquals(3, attempts.get(), "refused twice while restarting, then answered");

    attempts.set(0);
    CoderException down = assertThrows(CoderException.class,
        () -> retrying.call(refused, Retrying.Pacing.NONE, CallFailure::of, deadline, METER));
    assertEquals(CallFailure.CONNECTION, down.kind());
    assertEquals(4, attempts.get(), "asked again up to maxRetries");
    assertTrue(down.getMessage().contains("taken to be restarting") && down.getMessage().endsWith("(4 attempts)"),
        down.getMessage());
    attempts.set(0);
    assertThrows(CoderException.class, () -> retrying.call(refused, Retrying.Pacing.NONE, CallFailure::of, deadline, METER));
    assertEquals(1, attempts.get(), "still refused after a whole call's retries: not restarting, failed at once");
  }

  /**
   * A timed-out call lowers the in-flight limit as a 429 does. Before, it did not: with {@code maxInFlight: 4} and a
   * service answering in 8 s against a 5 s timeout, the service worked on 12-13 requests at once (the ones the client
   * gave up on, and their retries).
   */
  @Test
  void aTimeoutHalvesTheInFlightLimit() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(8);
    Retrying retrying = new Retrying(limiter, 0, Duration.ofMillis(10), Duration.ofSeconds(30));
    CoderException e = assertThrows(CoderException.class, () -> retrying.call(() -> {
      throw new java.util.concurrent.TimeoutException("slow");
    }, Retrying.Pacing.NONE, CallFailure::of, System.nanoTime() + Duration.ofSeconds(30).toNanos(), METER));
    assertEquals(CallFailure.TIMEOUT, e.kind(), e.getMessage());
    assertEquals(4, limiter.limit());
    CoderException server = assertThrows(CoderException.class, () -> retrying.call(() -> {
      throw new java.net.ConnectException("refused");
    }, Retrying.Pacing.NONE, CallFailure::of, System.nanoTime() + Duration.ofSeconds(30).toNanos(), METER));
    assertEquals(CallFailure.CONNECTION, server.kind());
    assertEquals(4, limiter.limit(), "other failures leave it");
  }
}
