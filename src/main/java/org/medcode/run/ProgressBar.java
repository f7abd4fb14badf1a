package org.medcode.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.medcode.coder.RunListener;

/**
 * Live progress of one coder on the console: a bar with count, rate and ETA, redrawn in place on a terminal and printed
 * every 10 % otherwise (CI logs). Never part of the result files.
 */
final class ProgressBar implements RunListener.Progress {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final String label;
  private final int total;
  private final int alreadyDone;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private volatile long lastDraw;
  private volatile int lastDecile = -1;
  private volatile double cost;

  ProgressBar(PrintStream out, String label, int total, int alreadyDone, boolean terminal) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.alreadyDone = alreadyDone;
    this.terminal = terminal;
  }

  @Override
  public void step(boolean failure, double cost) {
    this.cost = cost;
    int now = done.incrementAndGet();
    if (failure) {
      failed.incrementAndGet(); // after done: failures never outnumber the admissions done (draw reads them so)
    }
    long nanos = System.nanoTime();
    int decile = total == 0 ? 10 : (int) (10L * (alreadyDone + now) / total);
    if (terminal ? nanos - lastDraw > 100_000_000L || alreadyDone + now == total : decile != lastDecile) {
      lastDraw = nanos;
      lastDecile = decile;
      draw(nanos);
    }
  }

  @Override
  public synchronized void finish(double totalCost) {
    this.cost = totalCost;
    draw(System.nanoTime());
    if (terminal) {
      out.println();
    }
  }

  private synchronized void draw(long nanos) {
    int failures = failed.get(); // first: each failure is counted after its admission, so failures <= now
    int now = done.get();
    int complete = alreadyDone + now;
    double seconds = Math.max(1e-9, (nanos - startNanos) / 1e9);
    double rate = now / seconds;
    long eta = rate > 0 ? Math.round((total - complete) / rate) : -1;
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * complete / total);
    String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
    String line = String.format(Locale.ROOT, "%-12s [%s] %d/%d %3d%%  %.1f adm/s  ETA %s%s", label, bar, complete, total,
        total == 0 ? 100 : 100L * complete / total, rate, eta < 0 ? "?" : clock(eta),
        failures > 0 ? "  failures " + failures : "") + (cost > 0 ? String.format(Locale.ROOT, "  cost $%.4f", cost) : "");
    out.print(terminal ? "\r" + line : line + System.lineSeparator());
    out.flush();
  }

  private static String clock(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }
}
