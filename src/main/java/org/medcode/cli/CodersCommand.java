package org.medcode.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.registry.CoderRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode coders}: every coder, its parameters, and whether it can run here. */
@Command(name = "coders", mixinStandardHelpOptions = true,
    description = "Lists every coder (built-in and from jars on the class path), its parameters, and whether it is available.")
final class CodersCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    CoderRegistry registry = CoderRegistry.load();
    PrintWriter out = spec.commandLine().getOut();
    for (CoderFactory factory : registry.all()) {
      String availability = factory.unavailableReason().map(reason -> "unavailable: " + reason).orElse("available");
      out.printf(Locale.ROOT, "%-16s %s%n", factory.name(), factory.description());
      out.printf(Locale.ROOT, "%-16s %s%n", "", availability);
      for (CoderParameter parameter : factory.parameters()) {
        out.printf(Locale.ROOT, "%-16s   %-14s %s (%s, default: %s)%n", "", parameter.name(), parameter.description(),
            parameter.type().name().toLowerCase(Locale.ROOT), parameter.defaultValue() == null ? "required" : parameter.defaultValue());
      }
      out.println();
    }
    registry.problems().forEach(problem -> out.println("problem: " + problem));
    out.flush();
    return 0;
  }
}
