package org.medcode.coder.remote;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many requests may be in flight, adapted AIMD-style (as TCP does): a rate-limit answer or a timed-out call (the
 * server is overloaded, and works on after the client gave up, so retrying at the same limit would add to its load)
 * halves the limit (at most
 * once per round of requests that were already in flight, so one burst of 429s counts once) and pauses every new
 * request until the server's {@code Retry-After} has passed; each success adds {@code 1/limit}, so the limit grows back
 * by about one per round, up to {@code max}.
 */
public final class AdaptiveLimiter {
  private final int max;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private double limit;
  private int inFlight;
  private long started;
  private long lastDecreaseAt = -1;
  private long pausedUntilNanos;

  public AdaptiveLimiter(int max) {
    this.max = max;
    this.limit = max;
  }

  /** A permit for one request; {@link #release} it with the outcome. */
  public record Permit(long ticket) {}

  /**
   * Waits for a free slot (and the end of any pause); null when {@code deadlineNanos} (System.nanoTime) passes first, at
   * once when a pause lasts past it.
   */
  public Permit acquire(long deadlineNanos) throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0) {
          return null;
        }
        long pause = pausedUntilNanos - now;
        if (pause > 0 && pausedUntilNanos - deadlineNanos >= 0) {
          return null; // the pause (only ever lengthened) ends after the deadline: waiting would only fail later
        } else if (pause > 0) {
          changed.awaitNanos(pause);
        } else if (inFlight < Math.max(1, (int) limit)) {
          inFlight++;
          return new Permit(started++);
        } else {
          changed.awaitNanos(deadlineNanos - now);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends a request: {@code rateLimited} (a 429 or a timeout) with the server's advice (may be null), else a success or
   * other failure.
   */
  public void release(Permit permit, boolean rateLimited, boolean success, Duration retryAfter) {
    lock.lock();
    try {
      inFlight--;
      if (rateLimited) {
        if (permit.ticket() >= lastDecreaseAt) { // only requests started after the last decrease may lower it again
          limit = Math.max(1, limit / 2);
          lastDecreaseAt = started;
        }
        if (retryAfter != null && !retryAfter.isZero()) {
          pausedUntilNanos = Math.max(pausedUntilNanos, System.nanoTime() + retryAfter.toNanos());
        }
      } else if (success) {
        limit = Math.min(max, limit + 1 / limit);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How long every request still waits for a server's {@code Retry-After}; zero when none is pending. */
  public Duration pause() {
    lock.lock();
    try {
      return Duration.ofNanos(Math.max(0, pausedUntilNanos - System.nanoTime()));
    } finally {
      lock.unlock();
    }
  }

  /** The current limit (for tests and annotations). */
  public int limit() {
    lock.lock();
    try {
      return (int) limit;
    } finally {
      lock.unlock();
    }
  }

  public static long nanos(double seconds) {
    return (long) (seconds * TimeUnit.SECONDS.toNanos(1));
  }
}
