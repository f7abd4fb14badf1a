package org.medcode.run.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderContext;
import org.medcode.coder.Refittable;
import org.medcode.run.record.RunConfig;

/**
 * The files and folders a coder's parameters name (a model folder, a rules folder, a prompt, a replay file), by
 * content: kept in the coder's folder ({@value #FILE}) before it codes its first admission, so that {@code --resume}
 * refuses one changed since, instead of recording answers of two versions in one run. Left out: a price file (a price
 * is corrected, the answers stay right) and the folder an {@code exec} command runs in (its script may be fixed before
 * {@code --retry-failed}, as the failure messages advise).
 */
final class CoderInputs {
  static final String FILE = "inputs.sha256";
  private static final Set<String> MAY_CHANGE = Set.of("prices", "directory");

  private CoderInputs() {}

  /** Records the coder's inputs on its first session; refuses them, on a later one, when one has changed. */
  static void keepOrCheck(RunConfig.CoderConfig coder, CoderContext context, Path coderFolder, Path runFolder) {
    Map<String, String> now = digests(coder, context);
    Path kept = coderFolder.resolve(FILE);
    try {
      Map<String, String> before = new TreeMap<>();
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
              + coder.parameters().get(was.getKey()) + ") changed since the run started (SHA-256 " + was.getValue()
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

  /** Per parameter that names an existing file or folder (read as the coder reads it), a SHA-256 of its content. */
  static Map<String, String> digests(RunConfig.CoderConfig coder, CoderContext context) {
    Map<String, String> digests = new TreeMap<>();
    coder.parameters().forEach((name, value) -> {
      if (MAY_CHANGE.contains(name) || value == null || value.isBlank()) {
        return;
      }
      Path path;
      try {
        path = context.path(value.trim());
      } catch (java.nio.file.InvalidPathException e) {
        return;
      }
      if (Files.exists(path)) {
        String content = Refittable.content(path.toAbsolutePath().toString());
        if (content != null) {
          digests.put(name, content);
        }
      }
    });
    return digests;
  }
}
