package org.medcode.coder.remote;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderResult;

/**
 * One call to a model with the machinery every coder that calls out shares: paced (the caller's rate limits), through
 * the {@link AdaptiveLimiter} (a free slot of {@code maxInFlight}, halved on 429s and timeouts), retried on 429s, 5xx
 * errors and timeouts only (exponential backoff with jitter; a server's {@code Retry-After} instead, unless it is
 * zero), within the admission's deadline; a call that fails for good is a {@link CoderException} of its {@link CallFailure} kind.
 * A refused connection is retried too while the server is {@linkplain #restarting restarting}: it answered a call of
 * this session and has not yet refused one for a whole call's retries.
 */
public final class Retrying {
  /** One attempt of the call; errors are exceptions, classified by the caller's function. */
  @FunctionalInterface
  public interface Attempt<T> {
    T call() throws Exception;
  }

  /**
   * Waits until the call may start under the caller's rate limits (the requests and tokens per minute the provider
   * allows) and returns how long it waited, in nanoseconds. That wait is the pace the user asked for, not a slow
   * answer: the admission's deadline is moved on by it, so a low limit makes a run slower, never its admissions fail.
   */
  @FunctionalInterface
  public interface Pacing {
    Pacing NONE = deadline -> 0;

    long acquire(long deadlineNanos) throws InterruptedException;
  }

  /** What the admission has used so far: counts each attempt, reports usage with a failure. */
  public interface Meter {
    void attempted();

    CoderResult.Usage usage();

    /** The attempt last counted never reached the server: its connection was refused. */
    default void unreached() {}

    /** The call waited this long for the rate limits: the admission's later calls have that much longer too. */
    default void paced(long nanos) {}

    /**
     * Asked before another attempt after {@code failure} is sent: null to send it, or the failure that ends the call
     * instead (e.g. the cost budget has no room for it).
     */
    default CallFailure beforeRetry(CallFailure failure) throws InterruptedException {
      return null;
    }
  }

  private final AdaptiveLimiter limiter;
  private final int maxRetries;
  private final Duration backoff;
  private final Duration deadline;
  /**
   * Whether the server answered a call of this session and no call has since failed for good because it refused the
   * connection: a refusal is then a service restarting, not a wrong URL, and is asked again within the deadline.
   */
  private volatile boolean reachable;

  /** {@code deadline} is the time per admission (for messages); the caller passes each admission's end to {@link #call}. */
  public Retrying(AdaptiveLimiter limiter, int maxRetries, Duration backoff, Duration deadline) {
    this.limiter = limiter;
    this.maxRetries = maxRetries;
    this.backoff = backoff;
    this.deadline = deadline;
  }

  public AdaptiveLimiter limiter() {
    return limiter;
  }

  /** Calls until an attempt succeeds, a failure is not retriable, the retries are spent or the deadline passes. */
  public <T> T call(Attempt<T> attempt, Pacing pacing, Function<Throwable, CallFailure> classify, long deadlineNanos,
      Meter meter) throws CoderException, InterruptedException {
    CallFailure last = null;
    for (int n = 0; ; n++) {
      long paced = pacing.acquire(deadlineNanos);
      if (paced > 0) {
        deadlineNanos += paced;
        meter.paced(paced);
      }
      AdaptiveLimiter.Permit permit = limiter.acquire(deadlineNanos);
      if (permit == null) {
        Duration pause = limiter.pause();
        if (!pause.isZero()) { // nothing sent: the server's Retry-After for every request ends after the deadline
          throw new CoderException(CallFailure.RATE_LIMITED, "the server asked every request to wait "
              + pause.toSeconds() + " s more (Retry-After after a 429), past this admission's deadline of "
              + deadline.toMillis() + " ms" + (last == null ? "" : "; last failure: " + last.message()) + attempts(n),
              null, meter.usage());
        }
        throw overDeadline(last, n, meter, " (waiting for a free request slot)");
      }
      meter.attempted();
      Long outer = TimedHttp.deadline(deadlineNanos);
      try {
        T result = attempt.call();
        limiter.release(permit, false, true, null);
        if (!reachable) {
          reachable = true;
        }
        return result;
      } catch (InterruptedException e) {
        limiter.release(permit, false, false, null);
        throw e;
      } catch (Exception e) {
        CallFailure classified = classify.apply(e);
        boolean refusedConnection = classified.kind().equals(CallFailure.CONNECTION) && !classified.retriable();
        CallFailure failure = refusedConnection && reachable ? restarting(classified) : classified;
        if (refusedConnection) {
          meter.unreached();
        }
        // a timeout halves the limit as a 429 does: the server is overloaded, and still works on what was given up on
        limiter.release(permit, failure.kind().equals(CallFailure.RATE_LIMITED)
            || failure.kind().equals(CallFailure.TIMEOUT), false, failure.retryAfter());
        last = failure;
        if (!failure.retriable() || n >= maxRetries) {
          stillRefused(refusedConnection);
          throw new CoderException(failure.kind(), failure.message() + attempts(n + 1), e, meter.usage());
        }
        // a Retry-After of 0 (or none) is no reason to ask again at once: the backoff is the least wait
        long wait = failure.retryAfter() != null && !failure.retryAfter().isZero() ? failure.retryAfter().toNanos()
            : backoff(n);
        if (System.nanoTime() + wait - deadlineNanos >= 0) {
          stillRefused(refusedConnection);
          throw overDeadline(failure, n + 1, meter, "");
        }
        CallFailure refused = meter.beforeRetry(failure);
        if (refused != null) {
          throw new CoderException(refused.kind(), refused.message() + attempts(n + 1), e, meter.usage());
        }
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } finally {
        TimedHttp.deadline(outer);
      }
    }
  }

  /** A refused connection (nothing reached the server) to a {@link #reachable} server: asked again, saying why. */
  private static CallFailure restarting(CallFailure refused) {
    return new CallFailure(refused.kind(), true, refused.retryAfter(), refused.message() + " (it answered earlier in"
        + " this run, so it is taken to be restarting and asked again within the deadline)");
  }

  /**
   * A call ends with its last attempt refused: a server that still refuses connections after a whole call's retries is
   * not taken to be restarting any more, so the calls after it fail at once, until it answers again.
   */
  private void stillRefused(boolean refused) {
    if (refused && reachable) {
      reachable = false;
    }
  }

  /** Exponential backoff with "equal jitter": between half and all of {@link #exponential}. */
  long backoff(int attempt) {
    long full = exponential(backoff, attempt).toNanos();
    return full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1);
  }

  /**
   * base·2^attempt (the exponent at most 20), at most {@link TimedHttp#LONGEST_RETRY_AFTER}: a large backoff after many
   * attempts neither overflows nor waits longer than a server could ask.
   */
  public static Duration exponential(Duration base, int attempt) {
    long longest = TimedHttp.LONGEST_RETRY_AFTER.toNanos();
    long nanos = base.compareTo(TimedHttp.LONGEST_RETRY_AFTER) >= 0 ? longest : Math.max(0, base.toNanos());
    int shift = Math.max(0, Math.min(attempt, 20));
    return Duration.ofNanos(nanos > longest >> shift ? longest : nanos << shift);
  }

  private CoderException overDeadline(CallFailure last, int attempts, Meter meter, String waiting) {
    String kind = last == null ? CallFailure.TIMEOUT : last.kind();
    return new CoderException(kind, "no answer within the deadline of " + deadline.toMillis() + " ms per admission"
        + (last == null ? waiting : "; last failure: " + last.message()) + attempts(attempts), null, meter.usage());
  }

  private static String attempts(int n) {
    return " (" + n + (n == 1 ? " attempt)" : " attempts)");
  }
}
