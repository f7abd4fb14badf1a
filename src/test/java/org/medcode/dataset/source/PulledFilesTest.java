package org.medcode.dataset.source;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.TestData;
import org.medcode.MedcodeProcess;

/**
 * A pulled file cut short at a line boundary (head -n -100 FILE > tmp && mv tmp FILE) reads without an error: before, it
 * was loaded without a word (CodiEsp dev with 100 gold rows fewer scored "8 of 250 cases have no gold codes"); now it
 * is refused, naming the file and the pull that restores it, while an unchanged file costs one stat.
 */
class PulledFilesTest {
  @TempDir
  Path root;

  private Path pullIcd9() throws IOException {
    Path mirror = TestData.require("icd9cm-cms");
    new DataPuller().pull(List.of("icd9cm"), root, Optional.of(mirror));
    return root.resolve("icd9cm-cms/CMS32_DESC_LONG_DX.txt");
  }

  private static void cut(Path file, int lines) throws IOException {
    List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    file.toFile().setWritable(true);
    Files.write(file, all.subList(0, all.size() - lines), StandardCharsets.ISO_8859_1);
  }

  private static int waitFor(Process process) {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void aFileCutShortSincePulledIsRefusedAndAnUnchangedOneIsNot() throws IOException {
    Path file = pullIcd9();
    SourceManifest.FileRecord record = SourceFiles.readManifest(file.getParent()).orElseThrow().files().stream()
        .filter(r -> r.path().equals("CMS32_DESC_LONG_DX.txt")).findFirst().orElseThrow();
    assertEquals(Files.size(file), record.size(), "the pull records each file's size");
    assertNotNull(record.modified());
    assertDoesNotThrow(() -> PulledFiles.check(file));

    Files.setLastModifiedTime(file, FileTime.fromMillis(record.modified() + 60_000)); // touched, not changed: hashed, kept
    assertDoesNotThrow(() -> PulledFiles.check(file));

    cut(file, 100);
    MedcodeException.BadInput error = assertThrows(MedcodeException.BadInput.class, () -> PulledFiles.check(file));
    assertEquals(2, error.exitCode());
    assertTrue(error.getMessage().startsWith(file.toAbsolutePath() + ": changed since it was pulled ("), error.getMessage());
    assertTrue(error.getMessage().contains("pull it again with ./medcode data pull icd9cm"), error.getMessage());

    // as a user meets it: the ICD-9-CM table does not load (before: 100 codes fewer, without a word)
    Process lookup = MedcodeProcess.start(root, "lookup", "001.0", "--system", "icd9cm");
    String output = new String(lookup.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, waitFor(lookup), output);
    assertTrue(output.contains("CMS32_DESC_LONG_DX.txt: changed since it was pulled"), output);

    new DataPuller().pull(List.of("icd9cm"), root, Optional.of(TestData.require("icd9cm-cms")));
    assertDoesNotThrow(() -> PulledFiles.check(file), "pulled again, it reads");
  }

  @Test
  void aRecordOfAnOlderMedcodeWithoutSizesIsCheckedByItsChecksums() throws IOException {
    Path file = pullIcd9();
    Path manifest = file.getParent().resolve(SourceManifest.FILE_NAME);
    SourceManifest read = SourceFiles.readManifest(file.getParent()).orElseThrow();
    SourceManifest older = new SourceManifest(read.name(), read.version(), read.licence(), read.homepage(), read.origin(),
        read.pulledAt(), read.files().stream().map(r -> new SourceManifest.FileRecord(r.path(), r.sha256(), r.origin()))
            .toList(), read.absent());
    SourceFiles.JSON.writeValue(manifest.toFile(), older);
    assertDoesNotThrow(() -> PulledFiles.check(file));
    cut(file, 1);
    assertThrows(MedcodeException.BadInput.class, () -> PulledFiles.check(file));
    // a pull of this medcode finds the files as they are and records their sizes (the cut one is fetched again)
    new DataPuller().pull(List.of("icd9cm"), root, Optional.of(TestData.require("icd9cm-cms")));
    assertTrue(SourceFiles.readManifest(file.getParent()).orElseThrow().files().stream().allMatch(r -> r.size() != null));
    assertDoesNotThrow(() -> PulledFiles.check(file));
  }

  /**
   * A file medcode never pulled (a copy of the mirror made by hand, or the mirror given as --data-dir) was read without
   * a check: a CodiEsp dev text cut to 100 bytes in such a copy was scored as that case's note (evaluate exit 0), while
   * data list marked it modified. Now a file of a known source with a known SHA-256 is hashed once (kept by path, size
   * and time) and refused unless it is the release's, naming it, that it was not pulled, both checksums and the pull
   * that restores it; a file without a known checksum is not checked.
   */
  @Test
  void aFileNeverPulledIsCheckedAgainstTheReleasesChecksum() throws IOException {
    Path mirror = TestData.require("icd9cm-cms", "codiesp/final_dataset_v4_to_publish/dev/text_files_en");
    Path data = root.resolve("copy");
    Path folder = Files.createDirectories(data.resolve("icd9cm-cms"));
    for (String name : List.of("CMS32_DESC_LONG_DX.txt", "CMS32_DESC_SHORT_DX.txt", "CMS32_DESC_LONG_SG.txt",
        "CMS32_DESC_SHORT_SG.txt", "SOURCE.md")) {
      Files.copy(mirror.resolve("icd9cm-cms").resolve(name), folder.resolve(name));
    }
    Path file = folder.resolve("CMS32_DESC_LONG_DX.txt");
    assertDoesNotThrow(() -> PulledFiles.check(file), "the release's file, copied by hand");
    cut(file, 100);
    MedcodeException.BadInput error = assertThrows(MedcodeException.BadInput.class, () -> PulledFiles.check(file));
    assertEquals(2, error.exitCode());
    String known = SourceFiles.known(SourceRegistry.builtIn().source("icd9cm")).get("CMS32_DESC_LONG_DX.txt");
    assertTrue(error.getMessage().startsWith(file.toAbsolutePath() + ": not the icd9cm release's file, and not pulled by"
        + " medcode (no record of it in " + folder.toAbsolutePath().resolve(SourceManifest.FILE_NAME) + "): its SHA-256 is "
        + SourceFiles.sha256(file) + " ("), error.getMessage());
    assertTrue(error.getMessage().contains("the release's " + known + "; cut short or edited"), error.getMessage());
    assertTrue(error.getMessage().contains("Restore it with ./medcode data pull icd9cm"), error.getMessage());
    folder.resolve("SOURCE.md").toFile().setWritable(true);
    Files.writeString(folder.resolve("SOURCE.md"), "edited");
    assertDoesNotThrow(() -> PulledFiles.check(folder.resolve("SOURCE.md")), "no known checksum: not checked");

    // a CodiEsp text copied and cut (head -c 100), as in the copy of the mirror the evaluate above scored
    Path texts = Files.createDirectories(data.resolve("codiesp/final_dataset_v4_to_publish/dev/text_files_en"));
    Path text = texts.resolve("S0004-06142005000900016-1.txt");
    byte[] whole = Files.readAllBytes(mirror.resolve("codiesp/final_dataset_v4_to_publish/dev/text_files_en")
        .resolve(text.getFileName().toString()));
    Files.write(text, java.util.Arrays.copyOf(whole, 100));
    assertTrue(assertThrows(MedcodeException.BadInput.class, () -> PulledFiles.check(text)).getMessage()
        .contains(": not the codiesp release's file, and not pulled by medcode"));
    Files.write(text, whole);
    assertDoesNotThrow(() -> PulledFiles.check(text), "whole again");

    // as a user meets it: the ICD-9-CM table of the copy does not load (before: 100 codes fewer, without a word)
    Process lookup = MedcodeProcess.start(data, "lookup", "001.0", "--system", "icd9cm");
    String output = new String(lookup.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, waitFor(lookup), output);
    assertTrue(output.contains("CMS32_DESC_LONG_DX.txt: not the icd9cm release's file, and not pulled by medcode"), output);

    new DataPuller().pull(List.of("icd9cm"), data, Optional.of(mirror));
    assertDoesNotThrow(() -> PulledFiles.check(file), "pulled, it reads");
  }
}
