package org.medcode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.medcode.Launcher;
import org.medcode.run.studies.Studies;
import org.medcode.study.Study;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode studies}: the published studies this checkout reproduces, and what each needs. */
@Command(name = "studies", header = "Lists the published studies and what each needs.", mixinStandardHelpOptions = true,
    description = {"Lists the published studies this checkout reproduces and what each needs.",
        "Each is a file in configs/studies/ (run one with the command on its run line, as it works from here): what "
        + "was published, and what it needs (credentialed data, an API key, a table of your own) and "
        + "whether that is here."})
final class StudiesCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> errors = new ArrayList<>();
    for (Studies.Listing listing : MedcodeCommand.facade(global).studies()) {
      if (listing.error() != null) {
        errors.add(listing.error().startsWith(listing.file().toString()) ? listing.error()
            : listing.file() + ": " + listing.error());
        continue;
      }
      Study study = listing.study();
      out.printf(Locale.ROOT, "%s%n", study.name());
      out.printf(Locale.ROOT, "  %s%n", study.title());
      out.printf(Locale.ROOT, "  published  %s%n", study.citation());
      if (study.population() != null) {
        out.printf(Locale.ROOT, "             %s%n", study.population());
      }
      out.printf(Locale.ROOT, "  run        %s%n", runLine(GlobalOptions.home(), Path.of(""), listing.file()));
      out.printf(Locale.ROOT, "  dataset    %s%n", listing.dataset());
      for (Studies.NeedStatus need : listing.needs()) {
        out.printf(Locale.ROOT, "  needs      %-18s %s%s%n", need.need().kind().label(), need.need().what(),
            need.status().isEmpty() ? "" : " (" + need.status() + ")");
      }
      out.println();
    }
    out.flush();
    errors.forEach(error -> spec.commandLine().getErr().println("error: " + error));
    spec.commandLine().getErr().flush();
    return errors.isEmpty() ? 0 : 2;
  }

  /**
   * The command that runs a study file from {@code cwd}: the checkout's launcher as {@link Launcher#command(Path, Path)}
   * names it and the file, relative to {@code cwd} when it lies below it, else absolute; quoted where the shell would
   * split it.
   */
  static String runLine(Path home, Path cwd, Path file) {
    return Launcher.command(home, cwd) + " run "
        + Launcher.shellWord(Studies.runPath(Launcher.real(file), Launcher.real(cwd)));
  }
}
