package org.medcode.run.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.Refittable;
import org.medcode.run.record.RunConfig;

/**
 * The files and folders a coder's parameters name (a model folder, a rules folder, a prompt, a replay file; a parameter
 * declared a path that the config leaves out names its default, as the rules coder's configs/rules; a built-in prompt
 * given by name, {@link org.medcode.coder.CoderFactory#namedFiles}), by content: kept in the coder's folder ({@value
 * #FILE}) before it codes its first admission, so that {@code --resume} refuses one changed since, instead of recording
 * answers of two versions in one run. Left out: a price file (a price is corrected, the answers stay right) and the
 * folder an {@code exec} command runs in (its script may be fixed before {@code --retry-failed}, as the failure
 * messages advise).
 */
final class CoderInputs {
  static final String FILE = "inputs.sha256";
  private static final Set<String> MAY_CHANGE = Set.of("prices", "directory");

  private CoderInputs() {}

  /** Records the coder's inputs on its first session; refuses them, on a later one, when one has changed. */
  static void keepOrCheck(RunConfig.CoderConfig coder, List<CoderParameter> declared, Map<String, Path> named,
      CoderContext context, Path coderFolder, Path runFolder) {
    Map<String, String> values = values(coder, declared);
    Map<String, String> now = digests(values, declared, context);
    named.forEach((name, file) -> { // a file named other than by its path (a built-in prompt): its content
      if (!MAY_CHANGE.contains(name) && Files.exists(file)) {
        now.put(name, Refittable.content(file.toAbsolutePath().toString()));
        values.put(name, values.containsKey(name) ? values.get(name) + ": " + file : file.toString());
      }
    });
    Path kept = coderFolder.resolve(FILE);
    try {
      Map<String, String> before = new TreeMap<>();
      Path log = coderFolder.resolve("predictions.jsonl");
      if (!now.isEmpty() && !Files.exists(kept) && Files.isRegularFile(log) && Files.size(log) > 0) {
        // answers logged without this file: sessions of an older medcode (before 2026-12-05), which kept none
        context.listener().warning("coder " + coder.id() + ": the answers already in " + log + " were recorded by an"
            + " older medcode, which kept no " + FILE + ", so whether " + String.join(", ", now.keySet().stream()
                .map(name -> name + " (" + values.get(name) + ")").toList()) + " changed since cannot be checked:"
            + " the remaining admissions are coded with them as they are now; if they may have changed, start a new"
            + " run with --out elsewhere");
      }
      if (Files.isRegularFile(kept)) {
        for (String line : Files.readAllLines(kept, StandardCharsets.UTF_8)) {
          int tab = line.indexOf('\t');
          if (tab > 0) {
            before.put(line.substring(0, tab), line.substring(tab + 1));
          }
        }
      }
      for (Map.Entry<String, String> was : before.entrySet()) {
        String is = now.get(was.getKey());
        if (is != null && !is.equals(was.getValue())) {
          throw new MedcodeException("cannot resume " + runFolder + ": coder " + coder.id() + "'s " + was.getKey() + " ("
              + values.get(was.getKey()) + ") changed since the run started (SHA-256 " + was.getValue()
              + ", now " + is + "); the answers already recorded came from it as it was: put it back, or start a new"
              + " run with --out elsewhere");
        }
      }
      before.putAll(now);
      if (before.isEmpty()) {
        return;
      }
      StringBuilder text = new StringBuilder();
      before.forEach((name, digest) -> text.append(name).append('\t').append(digest).append('\n'));
      Files.createDirectories(coderFolder);
      Path temp = coderFolder.resolve(FILE + ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the inputs of coder " + coder.id() + " in " + kept, e);
    }
  }

  /** The coder's parameters as given, and the default of each parameter declared a path that is not given. */
  static Map<String, String> values(RunConfig.CoderConfig coder, List<CoderParameter> declared) {
    Map<String, String> values = new TreeMap<>(coder.parameters());
    for (CoderParameter parameter : declared) {
      if (parameter.type() == CoderParameter.Type.PATH && parameter.defaultValue() != null) {
        values.putIfAbsent(parameter.name(), parameter.defaultValue());
      }
    }
    return values;
  }

  /**
   * Per parameter that names an existing file or folder (read as the coder reads it: a relative path that is not in the
   * working directory, for a parameter declared a path, in the medcode checkout), a SHA-256 of its content.
   */
  static Map<String, String> digests(Map<String, String> values, List<CoderParameter> declared, CoderContext context) {
    Set<String> paths = new HashSet<>();
    declared.stream().filter(p -> p.type() == CoderParameter.Type.PATH).forEach(p -> paths.add(p.name()));
    Map<String, String> digests = new TreeMap<>();
    values.forEach((name, value) -> {
      if (MAY_CHANGE.contains(name) || value == null || value.isBlank()) {
        return;
      }
      Path path;
      try {
        path = context.path(value.trim());
      } catch (java.nio.file.InvalidPathException e) {
        return;
      }
      String content = null;
      if (Files.exists(path)) {
        content = Refittable.content(path.toAbsolutePath().toString());
      } else if (paths.contains(name) && !path.isAbsolute()) {
        content = Refittable.content("./" + path); // the checkout's, as Refittable keys a cached model by it
      }
      if (content != null) {
        digests.put(name, content);
      }
    });
    return digests;
  }
}
