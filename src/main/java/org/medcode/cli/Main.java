package org.medcode.cli;

import picocli.CommandLine;

/** Entry point of the {@code medcode} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(MedcodeCommand.commandLine(args).execute(args));
  }
}
