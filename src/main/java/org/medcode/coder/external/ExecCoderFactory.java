package org.medcode.coder.external;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.medcode.MedcodeException;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderParameter.Type;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.Egress;
import org.medcode.coder.remote.CallParameters;
import org.medcode.coder.remote.UrlSecrets;

/**
 * {@code exec}: a long-running command (any language) codes admissions over JSON Lines: {@code workers} processes, each
 * greeted with a hello it answers naming its model (into the manifest), then one admission per line on stdin and one
 * answer per line on stdout, matched by id, within {@code timeout} per admission; a worker that dies, hangs or writes a
 * partial line fails the admission it held and is restarted. Its stderr goes to {@code <coder>/coder.log}.
 */
public final class ExecCoderFactory implements CoderFactory {
  static final String NAME = "exec";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a command of your own (e.g. python3 my_coder.py) codes admissions as JSON Lines over stdin/stdout"
        + " (schemas/coder/v1)";
  }

  @Override
  public List<CoderParameter> parameters() {
    return List.of(
        new CoderParameter("command", "the command and its arguments, as a list [\"python3\", \"my_coder.py\"] or one line"
            + " split at spaces", null, Type.TEXT),
        new CoderParameter("directory", "the folder the command runs in; empty = the folder medcode runs in (a resumed run: the"
            + " folder it started in)", "", Type.TEXT),
        new CoderParameter("workers", "worker processes, each coding one admission at a time", "1", Type.INTEGER),
        new CoderParameter("timeout", "seconds a worker may take to answer one admission before it counts as failed and the"
            + " worker is restarted", "60", Type.DECIMAL),
        new CoderParameter("startTimeout", "seconds a started worker may take to answer the hello", "60", Type.DECIMAL),
        new CoderParameter("egress", "where the command sends admissions, as you declare it: undeclared (refused on"
            + " credentialed data), local (stays on this machine) or the URLs it calls, comma-separated", "undeclared",
            Type.TEXT));
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.of("needs a command (e.g. command: [\"python3\", \"examples/coders/keyword_exec.py\"])");
  }

  @Override
  public Optional<String> unavailableReason(Map<String, String> parameters) {
    return parameters.containsKey("command") ? Optional.empty() : unavailableReason();
  }

  /** The parameters, parsed and checked once. */
  record Settings(List<String> command, Path directory, int workers, Duration timeout, Duration startTimeout) {
    /** {@code base}: where a relative or empty {@code directory} is read from (null: the current directory). */
    static Settings parse(Map<String, String> p, Path base) {
      List<String> command = ExecCoderFactory.command(p.get("command"));
      String directory = p.get("directory").trim();
      int workers = CoderParameters.between(NAME, p, "workers", 1, CoderParameters.MAX_CONCURRENCY);
      Path folder = directory.isEmpty() ? base : base == null ? Path.of(directory) : base.resolve(directory);
      return new Settings(command, folder, workers,
          CallParameters.seconds(NAME, p, "timeout"), CallParameters.seconds(NAME, p, "startTimeout"));
    }
  }

  /** A JSON list of strings, or one line split at white space. */
  static List<String> command(String text) {
    String trimmed = text == null ? "" : text.trim();
    List<String> command = new ArrayList<>();
    if (trimmed.startsWith("[")) {
      try {
        JsonNode node = Protocol.JSON.readTree(trimmed);
        for (JsonNode part : node) {
          if (!part.isValueNode()) {
            throw new IOException("not a list of strings");
          }
          command.add(part.asText());
        }
      } catch (IOException e) {
        throw new MedcodeException("coder exec: parameter 'command' must be a list of strings such as [\"python3\","
            + " \"my_coder.py\"], got " + trimmed);
      }
    } else if (!trimmed.isEmpty()) {
      command.addAll(Arrays.asList(trimmed.split("\\s+")));
    }
    if (command.isEmpty()) {
      throw new MedcodeException("coder exec: parameter 'command' names no program");
    }
    return command;
  }

  /** Where the command sends admissions, as declared; a declared URL that carries a key is refused ({@link UrlSecrets}). */
  @Override
  public Egress egress(Map<String, String> parameters) {
    String egress = parameters.getOrDefault("egress", "undeclared").trim();
    return switch (egress.toLowerCase(Locale.ROOT)) {
      case "undeclared", "" -> Egress.undeclared();
      case "local" -> Egress.local();
      default -> {
        String[] urls = Arrays.stream(egress.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        for (String url : urls) {
          URI uri;
          try {
            uri = URI.create(url);
          } catch (IllegalArgumentException e) {
            continue; // not a URL: the egress check names it
          }
          UrlSecrets.refuse(NAME, "egress", uri, "the environment medcode runs in (its workers inherit it)");
        }
        yield Egress.to(urls);
      }
    };
  }

  /** A declared egress URL that carries a key, refused before any coder starts (the config is kept in the run folder). */
  @Override
  public Optional<String> refusal(CoderContext context, Map<String, String> parameters, double maxCost) {
    egress(parameters);
    try { // the checks create makes (workers from 1 to the bound, the timeouts), also for a dry run, which creates nothing
      Settings.parse(parameters, context.directory());
      return Optional.empty();
    } catch (MedcodeException | NumberFormatException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    Settings settings = Settings.parse(parameters, context.directory());
    return new ExecCoder(settings, context.table());
  }
}
