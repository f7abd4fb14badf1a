package org.medcode.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.medcode.Futures;

/**
 * Text made in numbered blocks on several threads and written in block order: for files of millions of rows (a
 * 122,000-admission per_admission.csv has 488,000), where formatting numbers is most of the writing. At most two blocks
 * per thread are held at once, so memory does not grow with the file.
 */
final class BlockWriter {
  /** Appends block {@code index} (its rows, each ending with its line break) to {@code out}. */
  interface Block {
    void format(int index, StringBuilder out) throws IOException;
  }

  private BlockWriter() {}

  static void write(int blocks, Block block, Writer out) throws IOException {
    int threads = Math.min(Runtime.getRuntime().availableProcessors(), 4);
    if (threads == 1 || blocks <= 1) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < blocks; i++) {
        text.setLength(0);
        block.format(i, text);
        out.append(text);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "writer");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Deque<CompletableFuture<StringBuilder>> pending = new ArrayDeque<>();
      int next = 0;
      while (next < blocks || !pending.isEmpty()) {
        while (next < blocks && pending.size() < 2 * threads) {
          int index = next++;
          pending.add(CompletableFuture.supplyAsync(() -> {
            StringBuilder text = new StringBuilder();
            try {
              block.format(index, text);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return text;
          }, pool));
        }
        out.append(Futures.join(pending.poll()));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      pool.shutdownNow();
    }
  }
}
