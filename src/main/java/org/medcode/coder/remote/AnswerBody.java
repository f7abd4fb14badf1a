package org.medcode.coder.remote;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of a model server's answer, read as UTF-8 text with a bound: an answer (2xx) larger than {@link #LARGEST}
 * bytes is refused as soon as it is known to be ({@link TooLargeException}), and of an error's body only the first
 * {@link #LARGEST_ERROR} bytes are kept, so that a server sending without end can neither exhaust the heap nor hide
 * its status. A body sent compressed ({@code Content-Encoding: gzip} or {@code deflate}, which a server may send to a
 * request without {@code Accept-Encoding}, RFC 9110 12.5.3) is decompressed, within the same bound.
 */
public final class AnswerBody {
  /** The largest answer read: far above any model's answer (an LLM's answer of 100k tokens is about 400 kB). */
  public static final long LARGEST = 32L << 20;
  /** What is kept of an error's body: its excerpt and error fields come first. */
  static final long LARGEST_ERROR = 1L << 20;

  /** An answer larger than {@link #LARGEST}: not read, not retried (the same request would get it again). */
  public static final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLargeException(int status, long bytes) {
      super("the server's answer (HTTP " + status + ") is larger than " + (LARGEST >> 20) + " MB"
          + (bytes > LARGEST ? " (" + bytes + " bytes announced)" : "") + ": not read");
    }
  }

  private AnswerBody() {}

  /** The handler of answers as text, bounded as the class says. */
  public static HttpResponse.BodyHandler<String> text() {
    return info -> new Bounded(info.statusCode(), info.headers().firstValueAsLong("content-length").orElse(-1),
        info.headers().firstValue("content-encoding").orElse("identity").trim().toLowerCase(java.util.Locale.ROOT));
  }

  /** The text of a body of this content coding (gzip, deflate; any other is read as it came). */
  private static String decoded(byte[] body, String coding, int status) {
    boolean gzip = coding.equals("gzip") || coding.equals("x-gzip");
    if (!gzip && !coding.equals("deflate") || body.length == 0) {
      return new String(body, StandardCharsets.UTF_8);
    }
    boolean answer = status >= 200 && status <= 299;
    long bound = answer ? LARGEST : LARGEST_ERROR;
    try (java.io.InputStream in = gzip ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))
        : new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(body))) {
      byte[] text = in.readNBytes((int) bound + 1);
      if (text.length > bound && answer) {
        throw new TooLargeException(status, -1);
      }
      return new String(text, 0, (int) Math.min(text.length, bound), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      if (!answer) {
        return ""; // an error's body cut at its bound, or damaged: its status is what counts
      }
      throw new java.io.UncheckedIOException("the server's " + coding + " body cannot be decompressed: " + e.getMessage(),
          e);
    }
  }

  /** Collects the body's bytes up to the bound, then fails (an answer) or stops reading (an error's body). */
  private static final class Bounded implements HttpResponse.BodySubscriber<String> {
    private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
    private final int status;
    private final long announced;
    private final boolean answer;
    private final String coding;
    private Flow.Subscription subscription;
    private long received;
    private boolean stopped;

    Bounded(int status, long announced, String coding) {
      this.status = status;
      this.announced = announced;
      this.coding = coding;
      this.answer = status >= 200 && status <= 299;
    }

    @Override
    public CompletionStage<String> getBody() {
      return bytes.getBody().thenApply(body -> decoded(body, coding, status));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      bytes.onSubscribe(subscription);
      if (answer && announced > LARGEST) {
        stop(new TooLargeException(status, announced));
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (stopped) {
        return;
      }
      long size = 0;
      for (ByteBuffer item : items) {
        size += item.remaining();
      }
      long bound = answer ? LARGEST : LARGEST_ERROR;
      if (received + size <= bound) {
        received += size;
        bytes.onNext(items);
      } else if (answer) {
        stop(new TooLargeException(status, -1));
      } else {
        long room = bound - received;
        List<ByteBuffer> kept = new java.util.ArrayList<>();
        for (ByteBuffer item : items) {
          int take = (int) Math.min(room, item.remaining());
          kept.add(item.duplicate().limit(item.position() + take));
          room -= take;
        }
        bytes.onNext(kept);
        stop(null);
      }
    }

    /** Reads no more: the body ends with {@code error}, or with what was kept when it is null. */
    private void stop(RuntimeException error) {
      stopped = true;
      subscription.cancel();
      if (error != null) {
        bytes.onError(error);
      } else {
        bytes.onComplete();
      }
    }

    @Override
    public void onError(Throwable throwable) {
      if (!stopped) {
        bytes.onError(throwable);
      }
    }

    @Override
    public void onComplete() {
      if (!stopped) {
        bytes.onComplete();
      }
    }
  }
}
