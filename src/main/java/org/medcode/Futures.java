package org.medcode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Work handed to another thread, waited for as if it had run on this one. */
public final class Futures {
  private Futures() {}

  /** The result of {@code work}; what it threw is thrown here as it was (not wrapped in a CompletionException). */
  public static <T> T join(CompletableFuture<T> work) {
    try {
      return work.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * Runs each task on a new daemon thread of that name: for reading that overlaps other work, kept off the common pool
   * (whose threads the metric engine keeps busy).
   */
  public static Executor thread(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      thread.start();
    };
  }
}
