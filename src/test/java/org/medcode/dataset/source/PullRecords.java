package org.medcode.dataset.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * For tests that lay out synthetic data in a source's folder (a hand-written {@code devD.tsv} under {@code codiesp/}):
 * records what the folder holds now as pulled, with the puller's own record writer, as a pull of the source from a
 * release whose files have no known checksums would. A load then checks those files against this record, as it checks
 * pulled files, instead of refusing them as the release's files cut or edited. Call it after the last write and
 * before the load.
 */
public final class PullRecords {
  private PullRecords() {}

  /**
   * Records every file now under {@code dataRoot}'s folder of source {@code name} as pulled (replacing any record); no
   * folder, nothing to record.
   */
  public static void record(Path dataRoot, String name) {
    Source real = SourceRegistry.builtIn().source(name);
    if (!Files.isDirectory(dataRoot.resolve(real.folder()))) {
      return;
    }
    Source synthetic = new Source(real.name(), real.folder(), real.version(), real.licence(), real.homepage(),
        "synthetic test data", List.of());
    try {
      Files.deleteIfExists(dataRoot.resolve(real.folder()).resolve(SourceManifest.FILE_NAME));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // pulled from the data root itself: every file is found in place, and recorded with its SHA-256, size and time
    List<PullResult> results = new DataPuller(SourceRegistry.of(List.of(synthetic)), null, Clock.systemUTC())
        .pull(List.of(name), dataRoot, Optional.of(dataRoot));
    if (!results.get(0).problems().isEmpty()) {
      throw new IllegalStateException("cannot record " + dataRoot.resolve(real.folder()) + ": " + results.get(0).problems());
    }
  }
}
