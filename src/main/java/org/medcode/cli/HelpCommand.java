package org.medcode.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code medcode help [COMMAND [SUBCOMMAND ...]]}: the help of a command at any depth ({@code help data pull}), where
 * picocli's own help command reads only the first name and showed the group's help for {@code data pull}.
 */
@Command(name = "help", helpCommand = true,
    description = "Shows a command's help, at any depth: help data pull.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {
  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "a command, then its subcommands")
  List<String> path = new ArrayList<>();

  private CommandLine self;
  private CommandLine.Help.ColorScheme colors;
  private PrintWriter out;
  private PrintWriter err;

  @Override
  public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter outWriter,
      PrintWriter errWriter) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = outWriter;
    this.err = errWriter;
  }

  @Override
  public Integer call() {
    CommandLine target = self.getParent();
    StringBuilder reached = new StringBuilder(target.getCommandName());
    for (String name : path) {
      CommandLine next = target.getSubcommands().get(name);
      if (next == null) {
        List<String> known = new ArrayList<>(target.getSubcommands().keySet());
        known.remove("help");
        err.println("error: '" + reached + "' has no subcommand '" + name + "'"
            + (known.isEmpty() ? "" : "; its subcommands: " + String.join(", ", known)));
        err.flush();
        return 2;
      }
      target = next;
      reached.append(' ').append(name);
    }
    target.usage(out, colors);
    out.flush();
    return 0;
  }
}
