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

  /** A CodiEsp pull cut short (some text files missing) is never scored as notes without text: pulled again, or refused. */
  @Test
  void aPartlyPulledCodiEspIsPulledAgainOrRefusedNotScoredWithoutItsNotes() throws Exception {
    Path mirror = TestData.require("codiesp");
    new DataPuller().pull(List.of("codiesp"), root, Optional.of(mirror));
    Path texts = root.resolve("codiesp/final_dataset_v4_to_publish/dev/text_files_en");
    try (var files = Files.list(texts)) {
      for (Path file : files.sorted().limit(40).toList()) {
        Files.delete(file);
      }
    }
    org.medcode.run.workspace.Workspace offline = new org.medcode.run.workspace.Workspace(root, root, root.resolve("r"),
        null, false, java.time.Clock.systemUTC(), org.medcode.coder.RunListener.SILENT);
    org.medcode.MedcodeException.DataMissing partial = org.junit.jupiter.api.Assertions.assertThrows(
        org.medcode.MedcodeException.DataMissing.class, () -> offline.loadDataset("codiesp:dev:en:D"));
    assertEquals(3, partial.exitCode());
    assertTrue(partial.getMessage().startsWith("codiesp is only partly pulled into "), partial.getMessage());
    org.medcode.run.workspace.Workspace pulling = new org.medcode.run.workspace.Workspace(root, root, root.resolve("r"),
        mirror, true, java.time.Clock.systemUTC(), org.medcode.coder.RunListener.SILENT);
    var dataset = pulling.loadDataset("codiesp:dev:en:D");
    assertEquals(250, dataset.admissions().size());
    assertTrue(dataset.admissions().stream().allMatch(a -> !a.text().isBlank()), "every note pulled again");
  }

  /**
   * A text missing and a stray file beside the others (a copy: {@code S0004-…-1 (copy).txt}) kept the count at 250: the
   * folder passed as whole, and the dataset held 251 cases, one without its note and one twice.
   */
  @Test
  void aStrayTextFileIsNoCaseAndDoesNotMakeUpForAMissingOne() throws Exception {
    Path mirror = TestData.require("codiesp");
    new DataPuller().pull(List.of("codiesp"), root, Optional.of(mirror));
    Path texts = root.resolve("codiesp/final_dataset_v4_to_publish/dev/text_files_en");
    Path first;
    try (var files = Files.list(texts)) {
      first = files.sorted().findFirst().orElseThrow();
    }
    Path copy = texts.resolve(first.getFileName().toString().replace(".txt", " (copy).txt"));
    Files.move(first, copy);
    assertEquals(Presence.PARTIAL, new DataPuller().status(root, "codiesp").presence());
    org.medcode.run.workspace.Workspace pulling = new org.medcode.run.workspace.Workspace(root, root, root.resolve("r"),
        mirror, true, java.time.Clock.systemUTC(), org.medcode.coder.RunListener.SILENT);
    org.medcode.MedcodeException stray = org.junit.jupiter.api.Assertions.assertThrows(org.medcode.MedcodeException.class,
        () -> pulling.loadDataset("codiesp:dev:en:D"));
    assertEquals(2, stray.exitCode());
    assertTrue(stray.getMessage().contains("holds 1 file that the release does not have (final_dataset_v4_to_publish/dev/"
        + "text_files_en/" + copy.getFileName() + "), each of which would be loaded as one more case: delete it"),
        stray.getMessage());
    assertTrue(Files.isRegularFile(first), "the missing text was pulled again");
    Files.delete(copy);
    assertEquals(250, pulling.loadDataset("codiesp:dev:en:D").admissions().size());
  }
}
