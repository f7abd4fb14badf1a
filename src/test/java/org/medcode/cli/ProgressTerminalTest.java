package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The console on a terminal: the progress bar redrawn in place only where stderr is one (and not under CI); help
 * without colours on a dumb one.
 */
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

  /** Help on a terminal that says it shows no colours (TERM=dumb) printed picocli's escape codes (ESC[1m). */
  @Test
  void helpOnADumbTerminalHasNoEscapeCodes() {
    org.junit.jupiter.api.Assertions.assertEquals(picocli.CommandLine.Help.Ansi.OFF,
        MedcodeCommand.ansi(java.util.Map.of("TERM", "dumb")::get));
    org.junit.jupiter.api.Assertions.assertEquals(picocli.CommandLine.Help.Ansi.AUTO,
        MedcodeCommand.ansi(java.util.Map.of("TERM", "xterm-256color")::get));
  }
}
