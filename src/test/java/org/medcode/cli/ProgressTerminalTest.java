package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The progress bar is redrawn in place only where it goes, stderr, is a terminal (and not under CI). */
class ProgressTerminalTest {
  /**
   * {@code ./medcode run 2> log} in a terminal: the JVM has a console (stdin and stdout are terminals), but the log got
   * one line of carriage returns instead of a line every 10 %. The launcher tells whether stderr is a terminal.
   */
  @Test
  void stderrToAFileFromATerminalGetsLinesNotRedraws() {
    assertFalse(MedcodeCommand.redrawsInPlace("false", true, null), "stderr to a file, stdout on the terminal");
    assertTrue(MedcodeCommand.redrawsInPlace("true", false, null), "stdout piped, stderr on the terminal");
    assertFalse(MedcodeCommand.redrawsInPlace("true", true, "true"), "CI");
    assertTrue(MedcodeCommand.redrawsInPlace(null, true, null), "started without the launcher: the console decides");
    assertFalse(MedcodeCommand.redrawsInPlace(null, false, null));
  }
}
