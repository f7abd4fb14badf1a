package org.medcode.coder.remote;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP exchanges with a hard per-call timeout over the JDK client (HTTP/1.1, one connection per request in flight, no
 * redirects): the call is cancelled when it takes longer than the timeout as a whole, so it can never hang; and the
 * server's {@code Retry-After} advice.
 */
public final class TimedHttp {
  /** The call did not complete within the per-call timeout. */
  public static final class CallTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallTimeoutException(Duration timeout) {
      super("no complete answer within " + timeout.toMillis() + " ms");
    }

    CallTimeoutException(Duration timeout, boolean deadline) {
      super("no complete answer within " + timeout.toMillis() + " ms"
          + (deadline ? ", what was left of the admission's deadline" : ""));
    }

    CallTimeoutException(String message) {
      super(message);
    }
  }

  /**
   * The limits of a transfer of a large body (a file up or down) that takes as long as it takes while it moves: it is
   * cancelled when no byte is sent or received for {@code idle}, or when it has run {@code longest} in all.
   */
  public record Transfer(Duration idle, Duration longest) {}

  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();
  /** The selector thread of each client made here, to end it at {@link #close}. */
  private static final Map<HttpClient, Thread> SELECTORS = Collections.synchronizedMap(new WeakHashMap<>());
  /** Per client and origin, how many idle connections its pool may hold ({@link #idleConnections}). */
  private static final Map<HttpClient, Map<String, AtomicInteger>> IDLE = new WeakHashMap<>();

  private TimedHttp() {}

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "call-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /**
   * A JDK client for calls of one coder: HTTP/1.1, this connect timeout, redirects never followed. {@link #close} it
   * when its calls are over.
   */
  public static synchronized HttpClient newJdkClient(Duration connectTimeout) {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    List<Thread> started = Thread.getAllStackTraces().keySet().stream().filter(thread -> !before.contains(thread)
        && thread.getName().startsWith("HttpClient-") && thread.getName().endsWith("-SelectorManager")).toList();
    if (started.size() == 1) { // another client made meanwhile elsewhere would make it ambiguous: then none is stopped
      SELECTORS.put(client, started.get(0));
    }
    return client;
  }

  /**
   * Stops a client of {@link #newJdkClient} whose calls are over (none may be in flight). Java 17's client has no
   * close: its selector thread waits in native code until the client is garbage, and a JVM that exits while a thread
   * waits in native code first waits 300 ms for it (every run of a remote coder paid that at exit); interrupting that
   * thread ends it. From Java 21 the client is {@link AutoCloseable} and is closed instead.
   */
  public static void close(HttpClient client) {
    if (client == null) {
      return;
    }
    Thread selector = SELECTORS.remove(client);
    synchronized (IDLE) {
      IDLE.remove(client);
    }
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // nothing in flight, nothing to lose: the client is dropped either way
      }
    } else if (selector != null) {
      selector.interrupt();
    }
  }

  /**
   * One exchange on the calling thread, cancelled when it takes longer than {@code timeout} as a whole, or than what is
   * left of the admission's deadline when that is less ({@link #DEADLINE}; the request's own timeout only covers the
   * wait for the response headers). The blocking {@code send} is used rather than
   * {@code sendAsync(...).get(...)}: on a machine with fewer than three cores, {@code sendAsync} hands every completed
   * response to a new thread (CompletableFuture's default executor without a common pool), one thread per call. A
   * watchdog interrupts the caller at the timeout, which makes {@code send} cancel the exchange.
   *
   * <p>A request sent on a pooled connection that the server had already closed (an HTTP/1.0 server, or one that
   * closes idle connections without saying so, closes it just before the request goes) fails before any byte of an
   * answer comes back; the JDK client sends such a request again only when its method is idempotent, never a POST. That
   * is sent again here, at once and once, within the same timeout: it is not the server's failure, and must neither
   * spend a retry of the caller nor count as an attempt. A failure on a new connection, after any byte of an answer, or
   * at the timeout is the caller's to judge, as the request may have reached the server.
   */
  public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler,
      Duration timeout) {
    return send(client, request, handler, timeout, StaleConnection.SEND_AGAIN);
  }

  /**
   * What {@link #send} does when a request meets a pooled connection the server had already closed, before any byte of
   * an answer: send it again ({@code SEND_AGAIN}, for a request that asking twice cannot make cost twice, or that is
   * counted by the caller's own records), or fail as any broken connection ({@code FAIL}: a request the provider may
   * have acted on even so, such as creating a batch, which the caller then looks for instead of creating it again).
   */
  public enum StaleConnection {
    SEND_AGAIN, FAIL
  }

  /** As {@link #send(HttpClient, HttpRequest, HttpResponse.BodyHandler, Duration)}, choosing {@code stale}. */
  public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler,
      Duration timeout, StaleConnection stale) {
    Long deadline = DEADLINE.get();
    long left = deadline == null ? Long.MAX_VALUE : Math.max(1, deadline - System.nanoTime());
    boolean capped = left < timeout.toNanos();
    Duration within = capped ? Duration.ofNanos(left) : timeout;
    try {
      return timed(client, request, handler, within, stale);
    } catch (CallTimeoutException e) {
      throw capped ? new CallTimeoutException(within, true) : e;
    }
  }

  /**
   * As {@link #send(HttpClient, HttpRequest, HttpResponse.BodyHandler, Duration, StaleConnection)} for a large body up
   * or down, within {@code transfer}'s limits instead of one timeout: every byte of the request's body sent and of the
   * answer received resets the idle time, so a file of gigabytes over a slow line completes, and a stalled one fails
   * after {@code idle} ({@link CallTimeoutException}). The request's own timeout (until the answer's headers) is
   * {@code longest}.
   */
  public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler,
      Transfer transfer, StaleConnection stale) {
    Watch watch = new Watch(Thread.currentThread());
    HttpRequest counted = HttpRequest.newBuilder(request, (name, value) -> true).timeout(transfer.longest())
        .method(request.method(), counting(request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()),
            watch::progress)).build();
    HttpResponse.BodyHandler<T> counting = info -> {
      watch.progress();
      return new Counting<>(handler.apply(info), watch::progress);
    };
    long period = Math.max(10_000_000L, Math.min(1_000_000_000L, transfer.idle().toNanos() / 10));
    long started = System.nanoTime();
    ScheduledFuture<?> alarm = WATCHDOG.scheduleWithFixedDelay(() -> {
      long now = System.nanoTime();
      if (now - watch.last() >= transfer.idle().toNanos() || now - started >= transfer.longest().toNanos()) {
        watch.expire();
      }
    }, period, period, TimeUnit.NANOSECONDS);
    return timed(client, counted, counting, watch, alarm, () -> new CallTimeoutException(
        System.nanoTime() - started >= transfer.longest().toNanos()
            ? "the transfer did not end within " + transfer.longest().toMinutes() + " minutes"
            : "nothing was sent or received for " + transfer.idle().toMillis() + " ms"), stale);
  }

  /** A request body that tells {@code progress} of every part the client takes to send. */
  private static HttpRequest.BodyPublisher counting(HttpRequest.BodyPublisher body, Runnable progress) {
    return new HttpRequest.BodyPublisher() {
      @Override
      public long contentLength() {
        return body.contentLength();
      }

      @Override
      public void subscribe(java.util.concurrent.Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
        body.subscribe(new java.util.concurrent.Flow.Subscriber<java.nio.ByteBuffer>() {
          @Override
          public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscriber.onSubscribe(subscription);
          }

          @Override
          public void onNext(java.nio.ByteBuffer item) {
            progress.run();
            subscriber.onNext(item);
          }

          @Override
          public void onError(Throwable throwable) {
            subscriber.onError(throwable);
          }

          @Override
          public void onComplete() {
            progress.run();
            subscriber.onComplete();
          }
        });
      }
    };
  }

  /** An answer's body that tells {@code progress} of every part received. */
  private record Counting<T>(HttpResponse.BodySubscriber<T> body, Runnable progress)
      implements HttpResponse.BodySubscriber<T> {
    @Override
    public java.util.concurrent.CompletionStage<T> getBody() {
      return body.getBody();
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
      body.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<java.nio.ByteBuffer> item) {
      progress.run();
      body.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      body.onError(throwable);
    }

    @Override
    public void onComplete() {
      body.onComplete();
    }
  }

  /**
   * The end (System.nanoTime) of the admission whose call runs on this thread ({@link Retrying} sets it): a call's
   * timeout is at most what is left of it, so that a call started near the deadline ends by it.
   */
  private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

  /** Sets this thread's deadline ({@link #DEADLINE}; null: none) and returns the one it replaces. */
  static Long deadline(Long deadlineNanos) {
    Long before = DEADLINE.get();
    if (deadlineNanos == null) {
      DEADLINE.remove();
    } else {
      DEADLINE.set(deadlineNanos);
    }
    return before;
  }

  private static <T> HttpResponse<T> timed(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler,
      Duration timeout, StaleConnection stale) {
    Watch watch = new Watch(Thread.currentThread());
    ScheduledFuture<?> alarm = WATCHDOG.schedule(watch::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    return timed(client, request, handler, watch, alarm, () -> new CallTimeoutException(timeout), stale);
  }

  /** The exchange under {@code watch}, whose {@code alarm} expires it; {@code late}: the error when it did. */
  private static <T> HttpResponse<T> timed(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler,
      Watch watch, ScheduledFuture<?> alarm, java.util.function.Supplier<CallTimeoutException> late, StaleConnection stale) {
    try {
      return exchange(client, request, handler, watch, stale);
    } catch (java.net.http.HttpTimeoutException e) {
      throw late.get();
    } catch (InterruptedException e) {
      if (watch.end()) { // interrupted by someone else: keep the interrupt for the caller
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the model", e);
      }
      throw late.get();
    } catch (java.io.IOException e) {
      if (!watch.end()) {
        throw late.get();
      }
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof AnswerBody.TooLargeException tooLarge) {
          throw tooLarge;
        }
        if (t instanceof AnswerBody.UndecodableException undecodable) {
          throw undecodable;
        }
        if (t instanceof AnswerBody.LocalFileException local) {
          throw local;
        }
      }
      throw new java.io.UncheckedIOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } finally {
      alarm.cancel(false);
      watch.end();
    }
  }

  /** The exchange of {@link #send}, sent once more when a pooled connection turned out closed before any answer. */
  private static <T> HttpResponse<T> exchange(HttpClient client, HttpRequest request,
      HttpResponse.BodyHandler<T> handler, Watch watch, StaleConnection stale)
      throws java.io.IOException, InterruptedException {
    AtomicInteger idle = idleConnections(client, request.uri());
    for (boolean again = false; ; again = true) {
      boolean pooled = idle.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      AtomicBoolean answered = new AtomicBoolean();
      try {
        HttpResponse<T> response = client.send(request, info -> {
          answered.set(true);
          return handler.apply(info);
        });
        if (!response.headers().firstValue("connection").orElse("").equalsIgnoreCase("close")) {
          idle.incrementAndGet(); // the JDK client keeps the connection for the next request
        }
        return response;
      } catch (java.io.IOException e) {
        if (stale == StaleConnection.FAIL || again || !pooled || answered.get() || watch.expired()
            || !beforeAnyAnswer(e)) {
          throw e;
        }
      }
    }
  }

  /**
   * How many idle connections to this origin the client's pool may hold: answers completed on a connection kept open,
   * less requests started since (each takes one when there is one). It can only overcount (the client also drops
   * connections it sees closed), never miss a pooled one.
   */
  private static AtomicInteger idleConnections(HttpClient client, java.net.URI uri) {
    String origin = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    synchronized (IDLE) {
      return IDLE.computeIfAbsent(client, c -> new java.util.HashMap<>()).computeIfAbsent(origin,
          o -> new AtomicInteger());
    }
  }

  /**
   * Whether an exchange failed before any byte of an answer arrived on the connection it used (the JDK's messages: "HTTP/1.1
   * header parser received no bytes", with an EOF or a reset as the cause; "parsing HTTP/1.1 header" when part of a
   * status line came); a new connection that could not be opened is not a pooled one.
   */
  static boolean beforeAnyAnswer(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.net.http.HttpTimeoutException
          || String.valueOf(t.getMessage()).contains("parsing HTTP/1.1 header")) {
        return false;
      }
    }
    return true;
  }

  /** The watchdog of one call: interrupts the calling thread once, unless the call ended first. */
  private static final class Watch {
    private final Thread caller;
    private boolean ended;
    private boolean expired;
    /** When a byte last moved (System.nanoTime), for a {@link Transfer}'s idle limit. */
    private volatile long last = System.nanoTime();

    Watch(Thread caller) {
      this.caller = caller;
    }

    void progress() {
      last = System.nanoTime();
    }

    long last() {
      return last;
    }

    synchronized void expire() {
      if (!ended) {
        expired = true;
        ended = true;
        caller.interrupt();
      }
    }

    /** Whether the watchdog fired (the call is over its timeout). */
    synchronized boolean expired() {
      return expired;
    }

    /** Ends the watch; false when the watchdog fired (its interrupt, already delivered, is cleared here). */
    synchronized boolean end() {
      if (expired) {
        Thread.interrupted();
        return false;
      }
      ended = true;
      return true;
    }
  }

  /**
   * The longest wait a server's advice can ask for (a {@code Retry-After}, a rate limit's reset): longer values (or
   * absurd ones, 1e13 seconds) are cut to it.
   */
  public static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(24);

  /**
   * {@code retry-after-ms} (OpenAI, Azure) or {@code Retry-After} in seconds or as an HTTP date (RFC 9110), at most
   * {@link #LONGEST_RETRY_AFTER}; null when there is none or it cannot be read.
   */
  public static Duration retryAfter(HttpHeaders headers) {
    return retryAfter(headers, java.time.Instant.now());
  }

  static Duration retryAfter(HttpHeaders headers, java.time.Instant now) {
    Duration millis = headers.firstValue("retry-after-ms").map(text -> seconds(text, 1000)).orElse(null);
    if (millis != null) { // an unreadable one leaves the standard header to say it
      return millis;
    }
    var value = headers.firstValue("retry-after");
    if (value.isEmpty()) {
      return null;
    }
    Duration seconds = seconds(value.get(), 1);
    if (seconds != null) {
      return seconds;
    }
    try {
      java.time.Instant at = java.time.ZonedDateTime.parse(value.get().trim(),
          java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return wait.isNegative() ? Duration.ZERO : wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait;
    } catch (java.time.format.DateTimeParseException notADate) {
      return null;
    }
  }

  /** A number of {@code 1/perSecond} seconds, capped; null when it is not a number. */
  private static Duration seconds(String text, double perSecond) {
    try {
      return capped(Double.parseDouble(text.trim()) / perSecond);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration capped(double seconds) {
    if (!(seconds > 0)) { // NaN and negative values too
      return Duration.ZERO;
    }
    return seconds >= LONGEST_RETRY_AFTER.toSeconds() ? LONGEST_RETRY_AFTER : Duration.ofNanos((long) (seconds * 1e9));
  }
}
