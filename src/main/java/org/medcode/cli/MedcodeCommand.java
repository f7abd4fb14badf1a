package org.medcode.cli;

import java.time.Clock;
import java.util.List;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.run.workspace.BuildInfo;
import org.medcode.run.ConsoleListener;
import org.medcode.run.Medcode;
import org.medcode.run.workspace.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top command: lists the subcommands. */
@Command(name = "medcode", mixinStandardHelpOptions = true, versionProvider = MedcodeCommand.Version.class,
    description = "Benchmark and evaluation harness for automated medical coding.",
    footer = {"",
        "Exit codes: 0 success; 1 a quality gate failed; 2 usage, configuration or input error; 3 data "
        + "missing or the run incomplete."})
public final class MedcodeCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The subcommands, in the order the top command's help lists them. */
  static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, TrainCommand.class, EvaluateCommand.class,
      ReportCommand.class, CompareCommand.class, GateCommand.class, TableCommand.class, BaselineCommand.class,
      CodersCommand.class, StudiesCommand.class, DataCommand.class, CohortCommand.class, LookupCommand.class,
      CacheCommand.class, CompletionCommand.class, HelpCommand.class);

  /** A command line with medcode's error handling: {@code error: <message>}, stack trace only with --verbose. */
  public static CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The command line for {@code args}: when they start with the name of a subcommand, the tree holds only that one
   * (picocli builds every command's model from its annotations by reflection: building all of them took 0.15 s of CPU
   * per command on the benchmark machine), else (no arguments, the top command's options, {@code help}, {@code
   * completion}, a name that is none) every subcommand; {@code null}: every subcommand.
   */
  public static CommandLine commandLine(String[] args) {
    CommandLine commandLine = new CommandLine(new MedcodeCommand());
    Class<?> named = args == null || args.length == 0 ? null : SUBCOMMANDS.stream()
        .filter(c -> c != HelpCommand.class && c != CompletionCommand.class)
        .filter(c -> c.getAnnotation(Command.class).name().equals(args[0])).findFirst().orElse(null);
    for (Class<?> subcommand : SUBCOMMANDS) {
      if (named == null || subcommand == named) {
        commandLine.addSubcommand(subcommand);
      }
    }
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(ansi(System::getenv)));
    commandLine.setResourceBundle(new HelpValues());
    Converters.WholeNumber longs = new Converters.WholeNumber(Long.MIN_VALUE, Long.MAX_VALUE);
    Converters.WholeNumber ints = new Converters.WholeNumber(Integer.MIN_VALUE, Integer.MAX_VALUE);
    commandLine.registerConverter(Long.class, longs::convert).registerConverter(long.class, longs::convert)
        .registerConverter(Integer.class, value -> ints.convert(value).intValue())
        .registerConverter(int.class, value -> ints.convert(value).intValue());
    // picocli lets an Error (a class missing from a plug-in jar, a stack overflow) out of execute(), and the JVM then
    // exits 1, the code of a failed quality rule: it goes to the handler below as an unexpected error instead
    commandLine.setExecutionStrategy(parseResult -> {
      try {
        return new CommandLine.RunLast().execute(parseResult);
      } catch (Error e) {
        throw new CommandLine.ExecutionException(parseResult.commandSpec().commandLine(), e.toString(), e);
      }
    });
    commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
      boolean verbose = parseResult.originalArgs().contains("-v") || parseResult.originalArgs().contains("--verbose");
      if (verbose) {
        exception.printStackTrace(cmd.getErr());
      }
      String message = exception.getMessage() == null ? exception.toString() : exception.getMessage();
      if (exception instanceof java.io.UncheckedIOException io && io.getCause() != null && io.getCause().getMessage() != null
          && !message.contains(io.getCause().getMessage())) {
        message += ": " + io.getCause().getMessage(); // the reason (e.g. no space left on device), not only the file
      }
      cmd.getErr().println("error: " + message);
      cmd.getErr().flush();
      if (exception instanceof MedcodeException known) {
        return known.exitCode();
      }
      if (exception instanceof java.io.UncheckedIOException) {
        return 2;
      }
      if (!verbose) {
        cmd.getErr().println("(an unexpected error: rerun with --verbose for the stack trace)");
      }
      return 3;
    });
    return commandLine;
  }

  /**
   * What a help text names as the working directory has it, by picocli's {@code ${bundle:KEY}}: {@code launcher}, the
   * launcher as {@link Launcher#command()} names it, so that a command the help shows runs where it is shown.
   */
  static final class HelpValues extends java.util.ListResourceBundle {
    @Override
    protected Object[][] getContents() {
      return new Object[][] {{"launcher", Launcher.command()}};
    }
  }

  /** The facade over the options' folders; it tells the user what happens on stderr (a progress bar on a terminal). */
  static Medcode facade(GlobalOptions global) {
    boolean terminal = redrawsInPlace(System.getProperty("medcode.stderr.terminal"), System.console() != null,
        System.getenv("CI"));
    return new Medcode(new Workspace(GlobalOptions.home(), global.dataDir(), global.resultsDir(), GlobalOptions.mirror(null),
        global.cacheDir(), !global.noPull, Clock.systemUTC(), new ConsoleListener(System.err, terminal)));
  }

  /**
   * Whether the progress bar, written to stderr, is redrawn in place: when stderr is a terminal, as the launcher tells
   * ({@code -Dmedcode.stderr.terminal}), else when the JVM has a console (stdin and stdout are terminals), and not under
   * CI. Java sees no further than stdout: {@code ./medcode run 2> log} in a terminal filled the log with one line of
   * carriage returns instead of a line every 10 %.
   */
  static boolean redrawsInPlace(String stderrTerminal, boolean console, String ci) {
    boolean terminal = stderrTerminal == null || stderrTerminal.isBlank() ? console : Boolean.parseBoolean(stderrTerminal);
    return terminal && !"true".equalsIgnoreCase(ci);
  }

  /**
   * Colours and bold in help where the terminal shows them: picocli's own test (a terminal, no NO_COLOR) let them out
   * on a terminal that says it shows none (TERM=dumb: Emacs' shell, some CI consoles), as escape codes in the text.
   */
  static CommandLine.Help.Ansi ansi(java.util.function.Function<String, String> environment) {
    return "dumb".equals(environment.apply("TERM")) ? CommandLine.Help.Ansi.OFF : CommandLine.Help.Ansi.AUTO;
  }

  /** Prints the harness version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"medcode-bench " + BuildInfo.version(), "Java " + Runtime.version()};
    }
  }
}
