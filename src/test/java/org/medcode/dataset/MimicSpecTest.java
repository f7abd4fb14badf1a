package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medcode.MedcodeException;
import org.medcode.dataset.MimicCohort.Codes;
import org.medcode.dataset.MimicCohort.IcdVersion;
import org.medcode.dataset.MimicCohort.Mapping;
import org.medcode.dataset.MimicCohort.NoteType;

/** The mimic-iv: and mimic-iii: spec forms, their canonical text and ${ENV} expansion. */
class MimicSpecTest {

  @Test
  void parsesEveryOption() {
    DatasetSpec spec = DatasetSpec.parse("mimic-iv:/data/mimiciv/3.1?ICD=9&codes=Diagnoses&icu=true&note=radiology,discharge"
        + "&notes=/data/note&min_chars=100&max_chars=90000&ids=split.csv&split=test&sample=1000&seed=42&map=icd10");
    assertEquals(DatasetSpec.Format.MIMIC_IV, spec.format());
    assertEquals(List.of(Path.of("/data/mimiciv/3.1")), spec.paths());
    assertEquals(new MimicCohort(IcdVersion.ICD9, Codes.DIAGNOSES, true, List.of(NoteType.DISCHARGE, NoteType.RADIOLOGY),
        Path.of("/data/note"), 100, 90000, Path.of("split.csv"), "test", 1000, 42, Mapping.ICD10), spec.mimic());
    assertEquals("mimic-iv:/data/mimiciv/3.1?icd=9&codes=diagnoses&icu=true&note=discharge,radiology&notes=/data/note"
        + "&min_chars=100&max_chars=90000&ids=split.csv&split=test&sample=1000&seed=42&map=icd10", spec.toString());
  }

  /**
   * datasets/README.md said the canonical spec lists its options "in the order of the first table" (icd, codes, map,
   * ids, split, ...), where it writes map last: codes=procedures&note=none&ids=...&map=icd10.
   */
  @Test
  void theDatasetsReadmeGivesTheCanonicalOrder() throws Exception {
    String readme = java.nio.file.Files.readString(Path.of("datasets/README.md")).replaceAll("\\s+", " ");
    String order = String.join(", ", MimicCohort.KEYS.stream().map(key -> "`" + key + "`").toList());
    assertTrue(readme.contains("the canonical spec (what manifests record) lists, in the order " + order + " "), order);
    assertEquals("mimic-iv:m?codes=procedures&note=none&ids=a.txt&map=icd10",
        DatasetSpec.parse("mimic-iv:m?map=icd10&ids=a.txt&note=none&codes=procedures").toString());
  }

  @Test
  void defaultsFilterNothingAndAreNotWritten() {
    DatasetSpec spec = DatasetSpec.parse("mimic-iii:mimic3?icd=both&codes=both&note=discharge&map=none");
    assertEquals(DatasetSpec.mimic(Release.MIMIC_III, Path.of("mimic3"), MimicCohort.all()), spec);
    assertEquals("mimic-iii:mimic3", spec.toString());
    assertEquals("mimic-iv:d?sample=5&seed=0", DatasetSpec.parse("mimic-iv:d?sample=5").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mimic-iv:/m", "mimic-iv:/m?icd=9&note=none", "mimic-iii:m3?codes=procedures&map=icd10",
      "mimic-iv:m?icu=true&sample=1000&seed=-3", "mimic-iv:m?ids=a.txt&split=val",
      "mimic-iv:m?icu=false"})
  void textRoundTrips(String text) {
    assertEquals(text, DatasetSpec.parse(text).toString());
  }

  @Test
  void badOptionsAreNamed() {
    Map<String, String> cases = Map.of(
        "mimic-iv:m?icd=11", "icd=11 is not one of 9, 10, both",
        "mimic-iv:m?color=red", "unknown option 'color'; expected icd, codes, icu, note, notes, min_chars, max_chars, ids, split, "
            + "sample, seed, map",
        "mimic-iv:m?icd=9&icd=10", "option 'icd' given twice",
        "mimic-iv:m?seed=4", "seed sets the sample; give sample=N too",
        "mimic-iv:m?split=test", "split selects rows of an ids file; give ids=FILE too",
        "mimic-iv:m?min_chars=10&max_chars=5", "min_chars (10) is larger than max_chars (5)",
        "mimic-iv:m?note=none&min_chars=10", "min_chars, max_chars and notes need notes; they cannot be used with note=none",
        "mimic-iv:m?sample=0", "sample must be a positive number of admissions, got 0",
        "mimic-iv:m?icu", "option 'icu' is not key=value",
        "mimic-iv:?icd=9", "mimic-iv: needs the folder of the MIMIC-IV release (the one holding hosp/ and icu/)");
    cases.forEach((spec, problem) -> {
      MedcodeException error = assertThrows(MedcodeException.class, () -> DatasetSpec.parse(spec));
      assertTrue(error.getMessage().startsWith("bad dataset spec '" + spec + "': " + problem + "; expected one of "), error.getMessage());
      assertEquals(2, error.exitCode());
    });
  }

  /** icd=10 drops the ICD-9 codes before mapping, so map=icd10 with it mapped nothing, and said so only by zero counts. */
  @Test
  void mappingWithIcd10OnlyIsRefusedForItWouldMapNothing() {
    MedcodeException error = assertThrows(MedcodeException.class, () -> DatasetSpec.parse("mimic-iv:m?icd=10&map=icd10"));
    assertTrue(error.getMessage().startsWith("bad dataset spec 'mimic-iv:m?icd=10&map=icd10': icd=10 keeps ICD-10 codes only,"
        + " so map=icd10 would map nothing; use icd=both&map=icd10"), error.getMessage());
    assertEquals(2, error.exitCode());
    assertEquals("mimic-iv:m?icd=9&map=icd10", DatasetSpec.parse("mimic-iv:m?icd=9&map=icd10").toString());
  }

  @Test
  void environmentVariablesAreExpanded() {
    Map<String, String> env = Map.of("MIMIC_IV_DIR", "/srv/mimiciv/3.1", "OUT", "/tmp/c");
    assertEquals("mimic-iv:/srv/mimiciv/3.1?icd=10&ids=/tmp/c/hadm_ids.txt",
        DatasetSpec.parse("mimic-iv:${MIMIC_IV_DIR}?icd=10&ids=${OUT}/hadm_ids.txt", env::get).toString());
    assertEquals(DatasetSpec.jsonl(Path.of("/tmp/c/x.jsonl")), DatasetSpec.parse("jsonl:${OUT}/x.jsonl", env::get));
    MedcodeException unset = assertThrows(MedcodeException.class, () -> DatasetSpec.parse("mimic-iv:${MIMIC_III_DIR}", env::get));
    assertEquals("dataset spec 'mimic-iv:${MIMIC_III_DIR}' uses ${MIMIC_III_DIR}, but the environment variable MIMIC_III_DIR is not "
        + "set; set it (e.g. export MIMIC_III_DIR=/path/to/folder) or write the path into the spec", unset.getMessage());
    assertEquals(3, unset.exitCode(), "data only the user can provide");
    assertThrows(MedcodeException.class, () -> DatasetSpec.parse("mimic-iv:${1X}", env::get));
  }

  @Test
  void onlyMimicSpecsCarryCohortOptions() {
    assertThrows(IllegalArgumentException.class,
        () -> new DatasetSpec(DatasetSpec.Format.JSONL, List.of(Path.of("a.jsonl")), null, MimicCohort.all()));
    assertThrows(IllegalArgumentException.class, () -> new DatasetSpec(DatasetSpec.Format.MIMIC_IV, List.of(Path.of("m")), null));
  }

  /**
   * A spec refused for a bad option named the folder its variable holds ("bad dataset spec 'mimic-iv:/srv/...'"),
   * where the README says the console names ${NAME} as written, never the folder.
   */
  @Test
  void aBadSpecIsSaidAsWrittenNotWithTheFolderItsVariableHolds() {
    Map<String, String> env = Map.of("MIMIC_IV_DIR", "/srv/mimiciv/3.1");
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> DatasetSpec.parse("mimic-iv:${MIMIC_IV_DIR}?icd=10&sample=0", env::get));
    assertTrue(e.getMessage().startsWith("bad dataset spec 'mimic-iv:${MIMIC_IV_DIR}?icd=10&sample=0': sample must be")
        && !e.getMessage().contains("/srv/mimiciv"), e.getMessage());
    assertEquals(2, e.exitCode());
  }
}
