package org.medcode.coder.llm;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medcode.coder.remote.TimedHttp;

/**
 * Paces requests to the limits a provider states, before they are sent (besides the adaptive in-flight limit, which
 * reacts to 429s after the fact). {@code rpm} and {@code tpm} are enforced as a smooth rate with up to one second of
 * burst (the generic cell rate algorithm: each request books its share of the minute in turn, so waiting threads leave
 * in order, without a stampede); a request costs one request and its prompt tokens plus {@code maxTokens}, as OpenAI
 * counts them against its limit. The rate-limit headers of every response are honoured: when
 * {@code x-ratelimit-remaining-requests} / {@code -tokens} (OpenAI, Azure) or {@code anthropic-ratelimit-*-remaining}
 * says nothing (or less than one request) remains, no request starts until the stated reset.
 */
final class Pacer {
  private static final long BURST_NANOS = 1_000_000_000L;
  private static final long MINUTE_NANOS = 60_000_000_000L;
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  /** A pause at least this long is said on the console when it starts: a run that waits says why. */
  static final Duration NOTICED = Duration.ofSeconds(30);

  private final int rpm;
  private final long tpm;
  private final Consumer<String> notice;
  private long requestsDue;
  private long tokensDue;
  private long pausedUntil;
  private long lastTokens;
  private boolean started;

  Pacer(int rpm, long tpm) {
    this(rpm, tpm, message -> {});
  }

  /** {@code notice} is told when a used-up limit starts a pause of at least {@link #NOTICED}. */
  Pacer(int rpm, long tpm, Consumer<String> notice) {
    this.rpm = rpm;
    this.tpm = tpm;
    this.notice = notice;
  }

  boolean counts() {
    return tpm > 0;
  }

  /**
   * Waits until a request of {@code tokens} (prompt + maxTokens) may start, as long as the limits require, and returns
   * how long that was in nanoseconds (the caller's deadline moves on by it: a low limit slows a run down, it does not
   * fail its admissions).
   */
  long acquire(long tokens) throws InterruptedException {
    long start;
    synchronized (this) {
      long now = System.nanoTime();
      if (!started) {
        requestsDue = now;
        tokensDue = now;
        pausedUntil = now;
        started = true;
      }
      start = Math.max(now, pausedUntil);
      if (rpm > 0) {
        start = Math.max(start, requestsDue - BURST_NANOS);
      }
      if (tpm > 0) {
        start = Math.max(start, tokensDue - BURST_NANOS);
      }
      if (rpm > 0) {
        requestsDue = Math.max(requestsDue, start) + MINUTE_NANOS / rpm;
      }
      if (tpm > 0) {
        tokensDue = Math.max(tokensDue, start) + Math.max(1, tokens) * MINUTE_NANOS / tpm;
        lastTokens = tokens;
      }
    }
    long wait = start - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
    return Math.max(0, wait);
  }

  /** Reads a response's rate-limit headers: pauses new requests until a limit that is used up resets. */
  void observe(HttpHeaders headers) {
    long now = System.nanoTime();
    long until = now;
    String limit = null;
    String[][] limits = {{"x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"},
        {"x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"},
        {"anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-requests-reset"},
        {"anthropic-ratelimit-tokens-remaining", "anthropic-ratelimit-tokens-reset"}};
    for (String[] l : limits) {
      long resets = exhausted(headers, l[0], l[1], l[0].contains("tokens") ? neededTokens() : 1, now);
      if (resets > until) {
        until = resets;
        limit = l[0] + ": " + headers.firstValue(l[0]).orElse("") + ", " + l[1] + ": " + headers.firstValue(l[1])
            .orElse("(none: one second)");
      }
    }
    if (until != now) {
      boolean longer;
      synchronized (this) {
        if (!started) {
          requestsDue = now;
          tokensDue = now;
          started = true;
        }
        longer = until > pausedUntil && until - Math.max(pausedUntil, now) >= NOTICED.toNanos();
        pausedUntil = Math.max(pausedUntil, until);
      }
      if (longer) {
        Duration wait = Duration.ofNanos(until - now);
        notice.accept("the provider says a rate limit is used up (" + limit + "): no request starts for "
            + wait.toSeconds() / 3600 + " h " + wait.toSeconds() / 60 % 60 + " min " + wait.toSeconds() % 60
            + " s, until it resets (the admissions wait, they do not fail; stop the run and continue it later with"
            + " --resume if that is too long)");
      }
    }
  }

  /** How long, from now, no request may start because a rate limit is used up (for tests). */
  synchronized Duration paused() {
    return Duration.ofNanos(Math.max(0, pausedUntil - System.nanoTime()));
  }

  private synchronized long neededTokens() {
    return Math.max(1, lastTokens);
  }

  /** When the limit behind {@code remaining} resets, if fewer than {@code needed} remain; {@code now} otherwise. */
  private static long exhausted(HttpHeaders headers, String remaining, String reset, long needed, long now) {
    Optional<String> left = headers.firstValue(remaining);
    if (left.isEmpty()) {
      return now;
    }
    try {
      if (Long.parseLong(left.get().trim()) >= needed) {
        return now;
      }
    } catch (NumberFormatException e) {
      return now;
    }
    Duration wait = headers.firstValue(reset).map(Pacer::resetIn).orElse(Duration.ofSeconds(1));
    // until the reset, however far (a limit of requests per day): requests sent before it would meet 429s
    return now + (wait.compareTo(TimedHttp.LONGEST_RETRY_AFTER) > 0 ? TimedHttp.LONGEST_RETRY_AFTER : wait).toNanos();
  }

  /** OpenAI's reset ({@code 1s}, {@code 6m0s}, {@code 20ms}) or Anthropic's (an RFC 3339 time) as a wait from now. */
  static Duration resetIn(String text) {
    String value = text.trim();
    try {
      Duration until = Duration.between(OffsetDateTime.now(), OffsetDateTime.parse(value));
      return until.isNegative() ? Duration.ZERO : until;
    } catch (DateTimeParseException e) {
      // not a time: a Go-style duration
    }
    Matcher matcher = GO_DURATION.matcher(value);
    double millis = 0;
    boolean any = false;
    while (matcher.find()) {
      any = true;
      double amount = Double.parseDouble(matcher.group(1));
      millis += switch (matcher.group(2)) {
        case "ms" -> amount;
        case "s" -> amount * 1000;
        case "m" -> amount * 60_000;
        default -> amount * 3_600_000;
      };
    }
    return any ? Duration.ofMillis((long) Math.ceil(millis)) : Duration.ofSeconds(1);
  }
}
