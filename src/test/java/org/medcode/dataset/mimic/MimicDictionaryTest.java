package org.medcode.dataset.mimic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.medcode.MedcodeException;
import org.medcode.TestData;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Release;
import org.medcode.dataset.load.Datasets;

/**
 * MIMIC's own dictionary as the code table: it knows every code MIMIC-IV uses, whichever year it was valid in. On the
 * demo, 7 ICD-10 gold occurrences (e.g. S02.62XA, T81.4XXA) are in no mirrored CMS year and in the dictionary.
 */
class MimicDictionaryTest {
  private static final Path ROOT = TestData.require("mimic-iv-demo/hosp/d_icd_diagnoses.csv.gz", "icd10cm-cms",
      "icd10cm-hierarchy");
  private static final Path DEMO = ROOT.resolve("mimic-iv-demo");

  @Test
  void theDemoDictionaryKnowsEveryGoldCodeTheCmsYearsMiss() {
    CodeTable dictionary = MimicDictionary.read(Release.MIMIC_IV, DEMO, CodeSystemId.ICD10CM, ROOT);
    assertEquals("mimic-iv d_icd_diagnoses (ICD-10)", dictionary.version());
    assertTrue(dictionary.describe().startsWith("icd10cm mimic-iv d_icd_diagnoses (ICD-10) (the dataset's own dictionary;"),
        dictionary.describe());
    assertEquals(CodeStatus.BILLABLE, dictionary.status("S0262XA"));
    assertEquals(CodeStatus.HEADER, dictionary.status("A03"), "listed, and a prefix of listed codes");
    // a prefix that ends in the placeholder X is no code at all, not an untitled header (it lowered invalid rates)
    assertEquals(CodeStatus.NOT_IN_TABLE, dictionary.status("S0262X"));
    assertEquals(CodeStatus.NOT_IN_TABLE, dictionary.status("T814XX"));
    assertEquals(CodeStatus.HEADER, dictionary.status("S0262"), "a real subcategory stays a header");
    assertEquals("Shigellosis due to Shigella sonnei", dictionary.entry("A033").orElseThrow().longTitle());
    CodeTable fy2026 = CodeTables.load(ROOT, CodeSystemId.ICD10CM, "2026");
    Dataset demo = Datasets.load(DatasetSpec.parse("mimic-iv:" + DEMO + "?icd=10&codes=diagnoses&note=none"), ROOT);
    long missing2026 = 0;
    long missingDictionary = 0;
    for (var admission : demo.admissions()) {
      for (GoldCode code : admission.codes()) {
        missing2026 += fy2026.status(code.code()).valid() ? 0 : 1;
        missingDictionary += dictionary.status(code.code()).valid() ? 0 : 1;
      }
    }
    assertEquals(7, missing2026);
    assertEquals(0, missingDictionary);
    assertEquals(dictionary.size(), Datasets.dictionary(DatasetSpec.parse("mimic-iv:" + DEMO), CodeSystemId.ICD10CM, ROOT)
        .size());
  }

  @Test
  void proceduresAndIcd9() {
    assertEquals(CodeStatus.BILLABLE, MimicDictionary.read(Release.MIMIC_IV, DEMO, CodeSystemId.ICD9CM, ROOT).status("25000"));
    CodeTable pcs = MimicDictionary.read(Release.MIMIC_IV, DEMO, CodeSystemId.ICD10PCS, ROOT);
    assertEquals("mimic-iv d_icd_procedures (ICD-10)", pcs.version());
    assertTrue(pcs.size() >= 81_369, pcs.describe());
  }

  @Test
  void onlyMimicHasADictionary() {
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> Datasets.dictionary(DatasetSpec.parse("jsonl:a.jsonl"), CodeSystemId.ICD10CM, ROOT));
    assertTrue(e.getMessage().contains("has no code dictionary of its own"), e.getMessage());
    assertThrows(MedcodeException.class, () -> MimicDictionary.read(Release.MIMIC_IV, DEMO, CodeSystemId.CPT, ROOT));
  }
}
