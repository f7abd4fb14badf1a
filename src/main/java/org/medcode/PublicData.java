package org.medcode;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where the readers of public-data files (code tables, GEMs, CodiEsp, MIMIC tables) say which file they are about to
 * read, so that a file cut short or edited since {@code medcode data pull} fetched it is refused before it is read,
 * instead of giving wrong numbers without a word. The check itself needs the pull records, which the readers' packages
 * may not depend on: the data layer installs it ({@code org.medcode.dataset.source.PulledFiles}, by the workspace);
 * until then nothing is checked.
 */
public final class PublicData {
  private static volatile Consumer<Path> check = file -> {};

  private PublicData() {}

  /** The check run on every file a public-data reader opens; it throws a {@code MedcodeException} for a damaged file. */
  public static void install(Consumer<Path> check) {
    PublicData.check = Objects.requireNonNull(check);
  }

  /** Says that {@code file} is about to be read; throws when it changed since it was pulled. */
  public static void reading(Path file) {
    check.accept(file);
  }
}
