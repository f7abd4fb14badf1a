package org.medcode.dataset.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TestData;
import org.medcode.dataset.source.PullResult.Outcome;
import org.medcode.dataset.source.SourceStatus.Presence;

/** Pulls every source from the real public-data mirror: every known checksum must verify. */
class DataPullerIT {
  @TempDir Path root;

  @Test
  void pullsEverySourceFromTheMirror() throws Exception {
    SourceRegistry registry = SourceRegistry.builtIn();
    Path mirror = TestData.require(registry.sources().stream().map(Source::folder).toArray(String[]::new));
    DataPuller puller = new DataPuller();
    List<PullResult> results = puller.pull(List.of(), root, Optional.of(mirror));
    assertEquals(registry.names(), results.stream().map(PullResult::name).toList());
    for (PullResult result : results) {
      assertEquals(Outcome.FETCHED, result.outcome(), result.toString());
    }
    PullResult codiesp = results.get(registry.names().indexOf("codiesp"));
    assertTrue(codiesp.notes().stream().anyMatch(n -> n.contains("final_dataset_v4_to_publish/test/ (optional")), codiesp.notes().toString());

    for (Source source : registry.sources()) {
      for (SourceFile file : source.files()) {
        if (file.sha256() != null) {
          assertEquals(file.sha256(), SourceFiles.sha256(root.resolve(source.folder()).resolve(file.path())), file.path());
        }
      }
      assertTrue(Files.isRegularFile(root.resolve(source.folder()).resolve(SourceManifest.FILE_NAME)));
    }
    for (SourceStatus status : puller.list(root)) {
      assertEquals(Presence.COMPLETE, status.presence(), status.toString());
    }
    for (PullResult again : puller.pull(List.of(), root, Optional.of(mirror))) {
      assertEquals(Outcome.ALREADY_PRESENT, again.outcome(), again.toString());
    }
  }
}
