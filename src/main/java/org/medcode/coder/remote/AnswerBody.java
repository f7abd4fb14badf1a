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
 * its status.
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
    return info -> new Bounded(info.statusCode(), info.headers().firstValueAsLong("content-length").orElse(-1));
  }

  /** Collects the body's bytes up to the bound, then fails (an answer) or stops reading (an error's body). */
  private static final class Bounded implements HttpResponse.BodySubscriber<String> {
    private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
    private final int status;
    private final long announced;
    private final boolean answer;
    private Flow.Subscription subscription;
    private long received;
    private boolean stopped;

    Bounded(int status, long announced) {
      this.status = status;
      this.announced = announced;
      this.answer = status >= 200 && status <= 299;
    }

    @Override
    public CompletionStage<String> getBody() {
      return bytes.getBody().thenApply(body -> new String(body, StandardCharsets.UTF_8));
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
