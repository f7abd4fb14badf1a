package org.medcode.dataset.mimic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.load.Datasets;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;

/**
 * MIMIC-III on a hand-written folder in the 1.4 layout (upper-case names, some files .csv.gz, some .csv):
 * <pre>
 *   HADM 100 (subject 1): diagnoses 4019 (seq 2), 41401 (seq 1), an empty ICD9_CODE row; procedure 3615 (seq 1);
 *                         a discharge summary (2150-01-05), an addendum (2150-01-06) listed first, a radiology report,
 *                         an ISERROR=1 discharge summary; one ICU stay
 *   HADM 200 (subject 2): diagnosis 25000; a discharge summary; no ICU stay
 *   HADM 300 (subject 3): diagnosis V3000; no note
 *   a discharge summary without HADM_ID
 * </pre>
 */
class MimicIiiLoaderTest {
  @TempDir
  Path dir;

  @BeforeEach
  void folder() throws IOException {
    MimicFixture.writeGzip(dir.resolve("ADMISSIONS.csv.gz"), """
        "ROW_ID","SUBJECT_ID","HADM_ID","ADMITTIME","ADMISSION_TYPE","INSURANCE","HOSPITAL_EXPIRE_FLAG"
        1,1,100,2150-01-01 00:00:00,EMERGENCY,Medicare,0
        2,2,200,2151-01-01 00:00:00,ELECTIVE,Private,0
        3,3,300,2152-01-01 00:00:00,NEWBORN,Private,0
        """);
    Files.writeString(dir.resolve("DIAGNOSES_ICD.csv"), """
        "ROW_ID","SUBJECT_ID","HADM_ID","SEQ_NUM","ICD9_CODE"
        1,1,100,2,"4019"
        2,1,100,1,"41401"
        3,1,100,,
        4,2,200,1,"25000"
        5,3,300,1,"V3000"
        """);
    MimicFixture.writeGzip(dir.resolve("PROCEDURES_ICD.csv.gz"), """
        "ROW_ID","SUBJECT_ID","HADM_ID","SEQ_NUM","ICD9_CODE"
        1,1,100,1,3615
        """);
    MimicFixture.writeGzip(dir.resolve("ICUSTAYS.csv.gz"), """
        "ROW_ID","SUBJECT_ID","HADM_ID","ICUSTAY_ID","DBSOURCE","FIRST_CAREUNIT","LAST_CAREUNIT","INTIME","OUTTIME","LOS"
        1,1,100,9000,carevue,CCU,CCU,2150-01-01 10:00:00,2150-01-03 10:00:00,2
        """);
    MimicFixture.writeGzip(dir.resolve("NOTEEVENTS.csv.gz"), """
        "ROW_ID","SUBJECT_ID","HADM_ID","CHARTDATE","CHARTTIME","STORETIME","CATEGORY","DESCRIPTION","CGID","ISERROR","TEXT"
        11,1,100,2150-01-06,,,"Discharge summary","Addendum",,,"Addendum: ""stable"", home."
        10,1,100,2150-01-05,,,"Discharge summary","Report",,,"Admission Date: [**2150-1-1**]
        Chest pain, CAD."
        12,1,100,2150-01-02,2150-01-02 10:00:00,,"Radiology","CHEST (PA & LAT)",,,"No pneumonia."
        13,1,100,2150-01-05,,,"Discharge summary","Report",,1,"Wrong patient."
        14,2,200,2151-01-03,,,"Discharge summary","Report",,,"Diabetes."
        15,4,,2153-01-03,,,"Discharge summary","Report",,,"Orphan."
        """);
  }

  private Dataset load(String options) {
    return Datasets.load(DatasetSpec.parse("mimic-iii:" + dir + (options.isEmpty() ? "" : "?" + options)), dir);
  }

  @Test
  void dischargeSummariesAndIcd9Codes() {
    Dataset dataset = load("");
    assertTrue(dataset.credentialed());
    assertEquals(List.of("100", "200"), dataset.admissions().stream().map(Admission::id).toList());
    assertEquals(List.of(CodeSystemId.ICD9CM, CodeSystemId.ICD9PCS), dataset.systems());
    Admission first = dataset.admissions().get(0);
    assertEquals("1", first.patientId());
    assertEquals(List.of(new Note("discharge summary", "Admission Date: [**2150-1-1**]\nChest pain, CAD."),
        new Note("discharge summary", "Addendum: \"stable\", home.")), first.notes());
    assertEquals(List.of(new GoldCode("41401", "41401", CodeSystemId.ICD9CM, 1, true, List.of()),
        new GoldCode("4019", "4019", CodeSystemId.ICD9CM, 2, false, List.of()),
        new GoldCode("3615", "3615", CodeSystemId.ICD9PCS, 1, true, List.of())), first.codes());
    assertEquals("mimic-iii", first.metadata().get("source"));
    assertEquals("EMERGENCY", first.metadata().get("admission_type"));
    assertTrue(dataset.warnings().contains("1 row of DIAGNOSES_ICD has an empty icd9_code; ignored"), dataset.warnings().toString());
    assertTrue(dataset.warnings().contains("1 discharge note has no hadm_id and belongs to no admission; ignored"), dataset.warnings().toString());
    assertTrue(dataset.warnings().contains("1 note marked ISERROR=1 was left out"), dataset.warnings().toString());
    assertTrue(dataset.warnings().get(0).startsWith("cohort: admissions 3 -> coded 3 -> notes 2"), dataset.warnings().get(0));
  }

  @Test
  void cohortOptionsWorkAsForMimicIv() {
    Dataset icu = load("icu=true&codes=diagnoses&note=discharge,radiology");
    assertEquals(List.of("100"), icu.admissions().stream().map(Admission::id).toList());
    Admission admission = icu.admissions().get(0);
    assertEquals(List.of("discharge summary", "discharge summary", "radiology report"), admission.notes().stream().map(Note::type).toList());
    assertEquals("CCU", admission.metadata().get("first_careunit"));
    assertEquals(3, load("note=none").admissions().size());
    MimicLoader.Cohort cohort = Datasets.cohort(DatasetSpec.parse("mimic-iii:" + dir + "?min_chars=20"), dir);
    assertEquals(List.of(100L), cohort.ids());
  }

  @Test
  void icd10IsRejectedForMimic3() {
    MedcodeException error = assertThrows(MedcodeException.class, () -> DatasetSpec.parse("mimic-iii:" + dir + "?icd=10"));
    assertTrue(error.getMessage().contains("MIMIC-III is coded in ICD-9 only"), error.getMessage());
  }

  @Test
  void aMissingTableNamesIt() throws IOException {
    Files.delete(dir.resolve("NOTEEVENTS.csv.gz"));
    MimicMissing error = assertThrows(MimicMissing.class, () -> load(""));
    assertTrue(error.getMessage().startsWith("MIMIC-III table NOTEEVENTS not found: expected " + dir.resolve("NOTEEVENTS.csv.gz")
        + " (or NOTEEVENTS.csv)"), error.getMessage());
  }
}
