package org.medcode.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.medcode.run.Medcode;
import org.medcode.run.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode cache}: the coders' caches ($MEDCODE_CACHE, else ~/.cache/medcode): list their sizes, clear them. */
@Command(name = "cache", mixinStandardHelpOptions = true, header = "Lists or clears the coders' caches.",
    description = {"The coders' caches (llm and http answers, trained models, embedding indexes) live in "
        + "$MEDCODE_CACHE, else ~/.cache/medcode, never in the data folder (which may be a read-only "
        + "mirror)."},
    subcommands = {CacheCommand.ListCaches.class, CacheCommand.Clear.class})
final class CacheCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * The cache folder and each cache's size (also printed by {@code data list}); false when the cache folder is
   * something else than a folder (a file), which it says.
   */
  static boolean print(Medcode medcode, PrintWriter out) {
    out.println();
    if (Workspace.notAFolder(medcode.cacheDir())) {
      out.println("caches in " + medcode.cacheDir() + ": not a folder (" + Workspace.CACHE_NOT_A_FOLDER + ")");
      return false;
    }
    List<Workspace.CacheUse> caches = medcode.caches();
    out.println("caches in " + medcode.cacheDir() + (caches.isEmpty() ? ": none" : ""));
    for (Workspace.CacheUse cache : caches) {
      out.println(row(cache));
    }
    return true;
  }

  /** A cache's name, files and size, in aligned columns. */
  private static String row(Workspace.CacheUse cache) {
    return String.format(Locale.ROOT, "%-18s %,9d files %10.1f MB", cache.name(), cache.files(), cache.bytes() / 1e6);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Shows the cache folder and each cache's size.")
  static final class ListCaches implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      boolean folder = print(MedcodeCommand.facade(global), out);
      out.flush();
      return folder ? 0 : 2;
    }
  }

  @Command(name = "clear", mixinStandardHelpOptions = true, description = "Deletes the named caches (default: all of them).")
  static final class Clear implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Caches to clear, e.g. llm, http (default: all).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
      List<Workspace.CacheUse> cleared = MedcodeCommand.facade(global).clearCaches(names);
      PrintWriter out = spec.commandLine().getOut();
      for (Workspace.CacheUse cache : cleared) {
        out.println("cleared " + row(cache));
      }
      if (cleared.isEmpty()) {
        out.println("nothing to clear");
      }
      out.flush();
      return 0;
    }
  }
}
