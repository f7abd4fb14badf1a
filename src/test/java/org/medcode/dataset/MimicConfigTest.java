package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.dataset.mimic.MimicFixture;
import org.medcode.dataset.load.Datasets;

/** configs/mimic4-icu-cohort.yaml: its specs read MIMIC_IV_DIR, name the ICU cohort, and training never overlaps it. */
class MimicConfigTest {
  @TempDir
  Path temp;

  @Test
  void theIcuCohortConfigPointsAtMimicIvDirAndKeepsTrainingApart() throws IOException {
    JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(Path.of("configs/mimic4-icu-cohort.yaml").toFile());
    String dataset = config.path("dataset").path("spec").asText();
    String training = config.path("training").path("spec").asText();
    Path mimic = MimicFixture.write(temp.resolve("mimiciv"));
    Map<String, String> env = Map.of("MIMIC_IV_DIR", mimic.toString());

    DatasetSpec spec = DatasetSpec.parse(dataset, env::get);
    assertEquals("mimic-iv:" + mimic + "?icd=10&codes=diagnoses&icu=true&sample=1000&seed=20261127", spec.toString());
    Dataset cohort = Datasets.load(spec, temp);
    // the fixture's ICD-10 admissions with an ICU stay and a note (MimicIvLoaderTest): 43, fewer than the sample
    assertEquals(43, cohort.admissions().size());
    assertTrue(cohort.credentialed());
    Dataset train = Datasets.load(DatasetSpec.parse(training, env::get), temp);
    assertEquals(123 - 49, train.admissions().size(), "ICD-10 admissions without an ICU stay");
    Set<String> overlap = new HashSet<>();
    cohort.admissions().forEach(a -> overlap.add(a.id()));
    overlap.retainAll(train.admissions().stream().map(Admission::id).toList());
    assertEquals(Set.of(), overlap);

    MedcodeException unset = org.junit.jupiter.api.Assertions.assertThrows(MedcodeException.class,
        () -> DatasetSpec.parse(dataset, name -> null));
    assertTrue(unset.getMessage().contains("the environment variable MIMIC_IV_DIR is not set"), unset.getMessage());
  }
}
