package org.medcode.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --json}: one machine-readable JSON document on stdout for scripts and notebooks; what a person reads (tables,
 * verdict lines, the folder written) goes to stderr instead. Without it, that goes to stdout as always.
 */
final class JsonOutput {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON document on stdout (the folder written and every result, as "
      + "its files hold them); the console table goes to stderr.")
  boolean json;

  /** Where the human-readable output goes: stderr with --json, else stdout. */
  PrintWriter console() {
    return json ? spec.commandLine().getErr() : spec.commandLine().getOut();
  }

  /** With --json: prints the document (built only then) on stdout. */
  void print(java.util.function.Supplier<String> document) {
    console().flush();
    if (json) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(document.get());
      out.flush();
    }
  }
}
