package org.medcode.coder.remote;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of a model server's answer, read as text (UTF-8, or the character set its {@code Content-Type} names; an
 * answer with bytes that are no character of it is refused, {@link UndecodableException}) with a bound: an answer (2xx) larger than {@link #LARGEST}
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

    TooLargeException(int status, long bytes, long largest) {
      super("the server's answer (HTTP " + status + ") is larger than " + size(largest)
          + (bytes > largest ? " (" + bytes + " bytes announced)" : "") + ": not read");
    }

    private static String size(long bytes) {
      return bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? (bytes >> 30) + " GB"
          : bytes >= 1L << 20 && bytes % (1L << 20) == 0 ? (bytes >> 20) + " MB" : bytes + " bytes";
    }
  }

  /**
   * An answer (2xx) sent compressed whose body does not decompress (damaged, or not in the coding its
   * {@code Content-Encoding} names): the server answered, so it is not a broken connection, and the same request would
   * most likely get it again.
   */
  public static final class UndecodableException extends java.io.UncheckedIOException {
    private static final long serialVersionUID = 1L;

    UndecodableException(int status, String coding, java.io.IOException cause) {
      super("the server's answer (HTTP " + status + ") came with Content-Encoding " + coding + ", but its " + coding
          + " body cannot be decompressed (" + (cause.getMessage() != null ? cause.getMessage() : cause.toString())
          + "): not read", cause);
    }

    UndecodableException(int status, java.nio.charset.Charset charset, int offset, int b) {
      super(String.format(java.util.Locale.ROOT, "the server's answer (HTTP %d) is not %s text: byte 0x%02X at byte offset"
          + " %,d does not start a valid character (a server answers in UTF-8, or names its character set in"
          + " Content-Type): not read", status, charset.name(), b & 0xFF, offset),
          new java.nio.charset.MalformedInputException(1));
    }
  }

  /**
   * A body bound for a file ({@link #file}) that could not be written or moved here (a full disk, a folder in its place,
   * no permission): the server answered, and nothing about the connection or the answer is wrong.
   */
  public static final class LocalFileException extends java.io.UncheckedIOException {
    private static final long serialVersionUID = 1L;

    LocalFileException(java.nio.file.Path file, java.io.IOException cause) {
      super("cannot write " + file + ": " + reason(cause), cause);
    }

    /** What went wrong, without the path a {@link java.nio.file.FileSystemException} repeats. */
    private static String reason(java.io.IOException error) {
      if (error instanceof java.nio.file.FileSystemException system) {
        return system.getReason() != null ? system.getReason() : error.getClass().getSimpleName();
      }
      return error.getMessage() != null ? error.getMessage() : error.toString();
    }
  }

  private AnswerBody() {}

  /** The handler of answers as text, bounded as the class says. */
  public static HttpResponse.BodyHandler<String> text() {
    return text(LARGEST);
  }

  /** As {@link #text()}, with answers bounded at {@code largest} bytes (at most {@link #LARGEST}: text is in memory). */
  public static HttpResponse.BodyHandler<String> text(long largest) {
    long bound = Math.min(largest, LARGEST);
    return info -> new Bounded<>(info.statusCode(), info.headers().firstValueAsLong("content-length").orElse(-1),
        bound, HttpResponse.BodySubscribers.ofByteArray(),
        body -> text(decoded(body, coding(info), info.statusCode(), bound), charset(info), info.statusCode()), () -> {});
  }

  private static final java.util.regex.Pattern CHARSET =
      java.util.regex.Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)");

  /** The character set an answer's {@code Content-Type} names (UTF-8 when it names none or one Java does not know). */
  private static java.nio.charset.Charset charset(HttpResponse.ResponseInfo info) {
    java.util.regex.Matcher named = CHARSET.matcher(info.headers().firstValue("content-type").orElse(""));
    try {
      return named.find() ? java.nio.charset.Charset.forName(named.group(1)) : StandardCharsets.UTF_8;
    } catch (IllegalArgumentException unknown) {
      return StandardCharsets.UTF_8;
    }
  }

  /**
   * A body's bytes as text in {@code charset}. An answer (2xx) with bytes that are no character of it is
   * {@link UndecodableException}: read with replacement characters, a code in it would be scored as the invalid code
   * the server never sent. Of an error's body, whose status is what counts, bad bytes are replaced.
   */
  private static String text(byte[] body, java.nio.charset.Charset charset, int status) {
    if (status < 200 || status > 299) {
      return new String(body, charset);
    }
    return org.medcode.Utf8.text(body, charset, bad -> new UndecodableException(status, charset, bad, body[bad]));
  }

  /**
   * The handler of a large answer (a batch's result file) written to {@code file}, with the same bounds and decoding as
   * {@link #text()} but answers of up to {@code largest} bytes (compressed as sent, and again decompressed), never held
   * in memory. Of an error's body the file holds the first {@link #LARGEST_ERROR} bytes.
   */
  public static HttpResponse.BodyHandler<java.nio.file.Path> file(java.nio.file.Path file, long largest) {
    java.nio.file.Path raw = file.resolveSibling(file.getFileName() + ".sent");
    return info -> new Bounded<>(info.statusCode(), info.headers().firstValueAsLong("content-length").orElse(-1),
        largest, HttpResponse.BodySubscribers.ofFile(raw), sent -> {
          decode(sent, file, coding(info), info.statusCode(), largest);
          return file;
        }, () -> deleted(raw), error -> new LocalFileException(raw, error));
  }

  private static String coding(HttpResponse.ResponseInfo info) {
    return info.headers().firstValue("content-encoding").orElse("identity").trim().toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean compressed(String coding) {
    return coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("deflate");
  }

  private static java.io.InputStream decompressing(java.io.InputStream in, String coding) throws java.io.IOException {
    return coding.equals("deflate") ? new java.util.zip.InflaterInputStream(in) : new java.util.zip.GZIPInputStream(in);
  }

  /**
   * Moves the body as sent to {@code file}, decompressed when it came compressed, within the bound. A body that does
   * not decompress is {@link UndecodableException}; a file that cannot be read, written or moved here is
   * {@link LocalFileException}.
   */
  private static void decode(java.nio.file.Path sent, java.nio.file.Path file, String coding, int status, long largest) {
    boolean answer = status >= 200 && status <= 299;
    long bound = answer ? largest : LARGEST_ERROR;
    try {
      if (!compressed(coding) || local(sent, () -> java.nio.file.Files.size(sent)) == 0) {
        local(file, () -> java.nio.file.Files.move(sent, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
        return;
      }
      try (java.io.InputStream stored = local(sent, () -> java.nio.file.Files.newInputStream(sent));
          java.io.OutputStream out = local(file, () -> java.nio.file.Files.newOutputStream(file));
          java.io.InputStream in = decompressing(stored, coding)) {
        byte[] buffer = new byte[1 << 16];
        long written = 0;
        for (int n; written <= bound && (n = in.read(buffer)) >= 0; written += n) {
          int take = (int) Math.min(n, bound - written);
          local(file, () -> {
            out.write(buffer, 0, take);
            return null;
          });
        }
        if (written > bound && answer) {
          throw new TooLargeException(status, -1, largest);
        }
      } catch (java.io.IOException e) { // reading the decompressed body (the local files' errors are LocalFileException)
        if (answer) {
          throw new UndecodableException(status, coding, e);
        }
      }
    } finally {
      deleted(sent);
    }
  }

  /** A step on a local file whose {@link java.io.IOException} is a {@link LocalFileException} naming it. */
  @FunctionalInterface
  private interface FileStep<T> {
    T run() throws java.io.IOException;
  }

  private static <T> T local(java.nio.file.Path file, FileStep<T> step) {
    try {
      return step.run();
    } catch (java.io.IOException e) {
      throw new LocalFileException(file, e);
    }
  }

  private static void deleted(java.nio.file.Path file) {
    try {
      java.nio.file.Files.deleteIfExists(file);
    } catch (java.io.IOException e) {
      // a left-over of a body as sent beside the result: harmless, overwritten by the next download
    }
  }

  /** The bytes of a body of this content coding, decompressed (gzip, deflate; any other is read as it came). */
  private static byte[] decoded(byte[] body, String coding, int status, long largest) {
    if (!compressed(coding) || body.length == 0) {
      return body;
    }
    boolean answer = status >= 200 && status <= 299;
    long bound = answer ? largest : LARGEST_ERROR;
    try (java.io.InputStream in = decompressing(new java.io.ByteArrayInputStream(body), coding)) {
      byte[] text = in.readNBytes((int) bound + 1);
      if (text.length > bound && answer) {
        throw new TooLargeException(status, -1, largest);
      }
      return text.length > bound ? java.util.Arrays.copyOf(text, (int) bound) : text;
    } catch (java.io.IOException e) {
      if (!answer) {
        return new byte[0]; // an error's body cut at its bound, or damaged: its status is what counts
      }
      throw new UndecodableException(status, coding, e);
    }
  }

  /**
   * Passes the body's bytes on up to the bound, then fails (an answer) or stops reading (an error's body); what was
   * passed on ({@code S}, bytes or a file) is made the body ({@code T}) by {@code finish}, or dropped by {@code failed}
   * when the body fails.
   */
  private static final class Bounded<S, T> implements HttpResponse.BodySubscriber<T> {
    private final HttpResponse.BodySubscriber<S> bytes;
    private final java.util.function.Function<S, T> finish;
    private final Runnable failed;
    /** What an error of {@code bytes} itself (not of the connection: a file it writes) becomes; null: as it is. */
    private final java.util.function.Function<java.io.IOException, RuntimeException> local;
    /** The connection failed or the bound stopped the body: an error of the body is not {@code bytes}' own. */
    private volatile boolean upstreamFailed;
    private final int status;
    private final long announced;
    private final long largest;
    private final boolean answer;
    private Flow.Subscription subscription;
    private long received;
    private boolean stopped;

    Bounded(int status, long announced, long largest, HttpResponse.BodySubscriber<S> bytes,
        java.util.function.Function<S, T> finish, Runnable failed) {
      this(status, announced, largest, bytes, finish, failed, null);
    }

    Bounded(int status, long announced, long largest, HttpResponse.BodySubscriber<S> bytes,
        java.util.function.Function<S, T> finish, Runnable failed,
        java.util.function.Function<java.io.IOException, RuntimeException> local) {
      this.local = local;
      this.status = status;
      this.announced = announced;
      this.largest = largest;
      this.bytes = bytes;
      this.finish = finish;
      this.failed = failed;
      this.answer = status >= 200 && status <= 299;
    }

    @Override
    public CompletionStage<T> getBody() {
      CompletionStage<S> body = bytes.getBody();
      if (local != null) {
        body = body.handle((done, error) -> {
          Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
              ? error.getCause() : error;
          if (cause instanceof java.io.IOException io && !upstreamFailed) {
            throw local.apply(io); // the file could not be opened or written: no fault of the connection
          }
          if (error != null) {
            throw error instanceof java.util.concurrent.CompletionException completion ? completion
                : new java.util.concurrent.CompletionException(error);
          }
          return done;
        });
      }
      return body.thenApply(finish).whenComplete((done, error) -> {
        if (error != null) {
          failed.run();
        }
      });
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      bytes.onSubscribe(subscription);
      if (answer && announced > largest) {
        stop(new TooLargeException(status, announced, largest));
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
      long bound = answer ? largest : LARGEST_ERROR;
      if (received + size <= bound) {
        received += size;
        bytes.onNext(items);
      } else if (answer) {
        stop(new TooLargeException(status, -1, largest));
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
      upstreamFailed |= error != null;
      subscription.cancel();
      if (error != null) {
        bytes.onError(error);
      } else {
        bytes.onComplete();
      }
    }

    @Override
    public void onError(Throwable throwable) {
      upstreamFailed = true;
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
