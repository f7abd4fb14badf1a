package org.medcode.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.Egress;
import org.medcode.coder.registry.CoderRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode coders}: every coder, its parameters, and whether it can run here. */
@Command(name = "coders", header = "Lists every coder, built-in or plug-in, and where it sends data.", mixinStandardHelpOptions = true,
    description = {"Lists every coder (built-in, and plug-ins from the jars in plugins/ or $MEDCODE_PLUGINS with "
        + "the jar each came from), its parameters, whether it is available, and where it sends admissions "
        + "(checked before a run on credentialed data). A plug-in that fails to load is listed as "
        + "unavailable with the reason."})
final class CodersCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    CoderRegistry registry = CoderRegistry.load();
    PrintWriter out = spec.commandLine().getOut();
    for (CoderFactory factory : registry.all()) {
      String availability;
      try {
        availability = factory.unavailableReason().map(reason -> "unavailable: " + reason).orElse("available");
      } catch (RuntimeException e) {
        availability = "unavailable: it failed to say whether it can run (" + e + ")";
      }
      String source = registry.source(factory);
      out.printf(Locale.ROOT, "%-16s %s%n", factory.name(), factory.description());
      out.printf(Locale.ROOT, "%-16s %s%n", "", availability + (source.equals("built-in") ? "" : "; plug-in from " + source));
      out.printf(Locale.ROOT, "%-16s egress: %s%n", "", egress(factory));
      for (CoderParameter parameter : factory.parameters()) {
        out.printf(Locale.ROOT, "%-16s   %-14s %s (%s, default: %s)%n", "", parameter.name(), parameter.description(),
            parameter.type().name().toLowerCase(Locale.ROOT), parameter.defaultValue() == null ? "required" : parameter.defaultValue());
      }
      out.println();
    }
    for (CoderRegistry.Unavailable plugin : registry.unavailable()) {
      out.printf(Locale.ROOT, "%-16s %s%n", plugin.provider(), "a plug-in that did not load");
      out.printf(Locale.ROOT, "%-16s unavailable: %s; plug-in from %s%n%n", "", plugin.reason(), plugin.source());
    }
    registry.problems().forEach(problem -> out.println("problem: " + problem));
    out.flush();
    return 0;
  }

  /** Where the coder sends admissions with its default parameters (what the harness checks on credentialed data). */
  private static String egress(CoderFactory factory) {
    try {
      Egress egress = factory.egress(CoderParameters.resolve(factory, Map.of()));
      return egress.describe() + (egress.kind() == Egress.Kind.ENDPOINTS ? " (with its default parameters)" : "");
    } catch (RuntimeException e) {
      return "depends on its parameters";
    }
  }
}
