package org.medcode.run;

import java.io.PrintStream;
import org.medcode.coder.RunListener;

/**
 * Shows a run on the console (the command line gives it stderr): notes as they are, warnings as {@code warning: ...},
 * and a progress bar per coder, redrawn in place on a terminal and printed every 10 % otherwise (CI logs).
 */
public final class ConsoleListener implements RunListener {
  private final PrintStream out;
  private final boolean terminal;

  /** @param terminal whether {@code out} is a terminal that redraws a line in place */
  public ConsoleListener(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void note(String message) {
    out.println(message);
  }

  @Override
  public void warning(String message) {
    out.println("warning: " + message);
  }

  @Override
  public Progress progress(String coder, int total, int alreadyDone) {
    return new ProgressBar(out, coder, total, alreadyDone, terminal);
  }
}
