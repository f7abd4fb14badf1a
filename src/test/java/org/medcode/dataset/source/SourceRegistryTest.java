package org.medcode.dataset.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.medcode.MedcodeException;

class SourceRegistryTest {
  private final SourceRegistry registry = SourceRegistry.builtIn();

  @Test
  void knowsTheSevenSourcesAndTheirFolders() {
    Map<String, String> folders = registry.sources().stream().collect(Collectors.toMap(Source::name, Source::folder));
    assertEquals(Map.of("icd10cm", "icd10cm-cms", "icd10pcs", "icd10pcs-cms", "icd10cm-hierarchy", "icd10cm-hierarchy",
        "icd9cm", "icd9cm-cms", "gems", "gems", "mimic-iv-demo", "mimic-iv-demo", "codiesp", "codiesp"), folders);
  }

  @Test
  void everySourceSaysWhatItIs() {
    for (Source source : registry.sources()) {
      for (String value : List.of(source.version(), source.licence(), source.homepage(), source.description())) {
        assertTrue(value != null && !value.isBlank(), source.name());
      }
      assertTrue(source.homepage().startsWith("https://"), source.name());
      for (SourceFile file : source.files()) {
        assertTrue(file.url().startsWith("https://"), file.path());
        assertTrue(file.sha256() != null || file.note() != null, file.path() + ": no checksum and no note saying why");
      }
    }
  }

  @Test
  void mimicChecksumsComeFromTheOfficialList() {
    Source mimic = registry.source("mimic-iv-demo");
    assertEquals(14, mimic.files().size());
    assertTrue(mimic.files().stream().allMatch(f -> f.sha256() != null));
    SourceFile diagnoses = mimic.files().stream().filter(f -> f.path().equals("hosp/diagnoses_icd.csv.gz")).findFirst().orElseThrow();
    assertEquals("958565670c0b3903c0c12825366dc2bae8561d2d55f16feac0c949dd630ed3e4", diagnoses.sha256());
    assertEquals("https://physionet.org/files/mimic-iv-demo/2.2/hosp/diagnoses_icd.csv.gz", diagnoses.url());
  }

  @Test
  void codiEspTestSplitIsOptional() {
    List<SourceFile> optional = registry.source("codiesp").files().stream().filter(SourceFile::optional).toList();
    assertEquals(List.of("final_dataset_v4_to_publish/test/"), optional.stream().map(SourceFile::path).toList());
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    MedcodeException error = assertThrows(MedcodeException.class, () -> registry.source("mimic-iii"));
    assertTrue(error.getMessage().contains("expected one of [icd10cm, icd10pcs, icd10cm-hierarchy, icd9cm, gems, mimic-iv-demo, codiesp]"),
        error.getMessage());
  }

  @Test
  void requireBuildsTheMissingDataMessage() {
    Path root = Path.of("no-such-root");
    MedcodeException.DataMissing error = assertThrows(MedcodeException.DataMissing.class,
        () -> registry.require(root, "codiesp", "final_dataset_v4_to_publish/dev", "CodiEsp dev split"));
    assertEquals("CodiEsp dev split not found at " + root.resolve("codiesp/final_dataset_v4_to_publish/dev")
        + "; fetch it with: ./medcode data pull codiesp (add --mirror DIR on a machine without internet)", error.getMessage());
    assertEquals(3, error.exitCode());
  }

  @Test
  void rejectsFilesOutsideTheirFolder() {
    assertThrows(IllegalArgumentException.class, () -> SourceFile.download("../x", "https://h/x", null));
    assertThrows(IllegalArgumentException.class, () -> SourceFile.download("/etc/x", "https://h/x", null));
    assertThrows(IllegalArgumentException.class, () -> SourceFile.download("x", "https://h/x", "ABC"));
  }
}
