package org.medcode.run.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The harness version (from the jar manifest, "dev" when run from classes) and the git commit of a checkout. */
public final class BuildInfo {
  private BuildInfo() {}

  public static String version() {
    String version = BuildInfo.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** The commit checked out in {@code home} (read from .git, no git process), if it is a git checkout. */
  public static Optional<String> gitCommit(Path home) {
    try {
      Path git = home.resolve(".git");
      if (Files.isRegularFile(git)) { // a worktree: "gitdir: <path>"
        String pointer = Files.readString(git).trim();
        if (!pointer.startsWith("gitdir:")) {
          return Optional.empty();
        }
        git = home.resolve(pointer.substring("gitdir:".length()).trim());
      }
      Path head = git.resolve("HEAD");
      if (!Files.exists(head)) {
        return Optional.empty();
      }
      String text = Files.readString(head).trim();
      if (!text.startsWith("ref:")) {
        return Optional.of(text);
      }
      String ref = text.substring(4).trim();
      for (Path dir : new Path[] {git, commonDir(git)}) {
        Path loose = dir.resolve(ref);
        if (Files.exists(loose)) {
          return Optional.of(Files.readString(loose).trim());
        }
        Path packed = dir.resolve("packed-refs");
        if (Files.exists(packed)) {
          for (String line : Files.readAllLines(packed)) {
            if (line.endsWith(" " + ref)) {
              return Optional.of(line.substring(0, line.indexOf(' ')));
            }
          }
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Path commonDir(Path git) throws IOException {
    Path common = git.resolve("commondir");
    return Files.exists(common) ? git.resolve(Files.readString(common).trim()).normalize() : git;
  }
}
