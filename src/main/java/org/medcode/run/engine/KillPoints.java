package org.medcode.run.engine;

import java.util.concurrent.TimeUnit;

/**
 * Fault injection for the kill -9 tests, off unless the JVM is started with {@code -Dmedcode.test.killAt=CODER:POINT}:
 * at that point of that coder (or {@code run:reports}) the process sends itself SIGKILL, so nothing of Java runs
 * after it (no finally block, no shutdown hook, no flush), exactly as when an operator kills it. The points:
 * {@code start} (the manifest is written; the coder is created but not yet opened), {@code open} (opened; nothing
 * coded in this session), {@code torn} (after {@value #LINES} answers of this session, the next answer's line is
 * half written), {@code coded} (after {@value #LINES} answers of this session, others possibly in flight),
 * {@code done} (every answer logged; the coder's manifest entry not yet written), and {@code run:reports} (every coder
 * done and reported; the manifest not yet marked complete).
 */
final class KillPoints {
  /** The system property that names the point. */
  static final String PROPERTY = "medcode.test.killAt";
  /** Answers of a session written whole before {@code torn} and {@code coded}. */
  static final int LINES = 2;
  private static final String AT = System.getProperty(PROPERTY);
  /** Set once the point is reached: the signal takes a moment, and no line is to be written in it. */
  private static volatile boolean dying;

  private KillPoints() {}

  /** Whether the process is to die at this point of this coder. */
  static boolean at(String coder, String point) {
    return AT != null && AT.equals(coder + ":" + point);
  }

  /** Dies here when this is the point. */
  static void reached(String coder, String point) {
    if (at(coder, point)) {
      die();
    }
  }

  /**
   * Waits for the signal when the process is dying, so that other threads write no prediction line after the point
   * (a fast coder would otherwise log every answer, or start the next coder, before the signal lands).
   */
  static void hold() {
    if (dying) {
      try {
        Thread.sleep(TimeUnit.SECONDS.toMillis(40));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(137);
    }
  }

  /** SIGKILL to this very process; never returns. */
  static void die() {
    dying = true;
    try {
      new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).inheritIO().start()
          .waitFor(10, TimeUnit.SECONDS);
      Thread.sleep(TimeUnit.SECONDS.toMillis(30)); // the signal is on its way
    } catch (java.io.IOException | InterruptedException e) {
      // no kill command: the nearest thing
    }
    Runtime.getRuntime().halt(137);
  }
}
