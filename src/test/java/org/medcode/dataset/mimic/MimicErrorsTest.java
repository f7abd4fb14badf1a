package org.medcode.dataset.mimic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.load.Datasets;

/** What a user sees when the folder, a file or a header is wrong: the file, the MIMIC module, the line, the expected header. */
class MimicErrorsTest {
  @TempDir
  Path temp;

  private MedcodeException fails(String spec) {
    return assertThrows(MedcodeException.class, () -> Datasets.load(DatasetSpec.parse(spec), temp));
  }

  /** A tiny MIMIC-IV folder: one admission with one ICD-10 diagnosis, no notes. */
  private Path tiny() throws IOException {
    Path dir = temp.resolve("3.1");
    Files.createDirectories(dir.resolve("hosp"));
    MimicFixture.writeGzip(dir.resolve("hosp/admissions.csv.gz"), "subject_id,hadm_id,admittime\n1,100,2150-01-01\n");
    MimicFixture.writeGzip(dir.resolve("hosp/diagnoses_icd.csv.gz"), "subject_id,hadm_id,seq_num,icd_code,icd_version\n1,100,1,I10,10\n");
    return dir;
  }

  /**
   * A table whose gzip stream was cut short (a copy interrupted) said 'FILE:1: cannot read: java.io.EOFException:
   * Unexpected end of ZLIB input stream': the wrong line (the reader decompresses ahead) and nothing of what to do.
   */
  @Test
  void aCompressedTableCutShortIsCalledThatWithWhatToDo() throws IOException {
    Path dir = tiny();
    Path diagnoses = dir.resolve("hosp/diagnoses_icd.csv.gz");
    StringBuilder rows = new StringBuilder("subject_id,hadm_id,seq_num,icd_code,icd_version\n");
    for (int i = 1; i <= 20_000; i++) {
      rows.append("1,100,").append(i).append(",I").append(10 + i % 90).append(",10\n");
    }
    MimicFixture.writeGzip(diagnoses, rows.toString());
    byte[] whole = Files.readAllBytes(diagnoses);
    Files.write(diagnoses, java.util.Arrays.copyOf(whole, whole.length / 2));
    MedcodeException error = fails("mimic-iv:" + dir + "?note=none");
    assertEquals(2, error.exitCode());
    assertTrue(error.getMessage().startsWith(diagnoses + ": cut short: its gzip stream ends early (EOFException: "),
        error.getMessage());
    assertTrue(error.getMessage().endsWith("copy it again from its release (PhysioNet lists each file's SHA-256 in"
        + " SHA256SUMS.txt: check the copy with sha256sum -c SHA256SUMS.txt in the release folder)"), error.getMessage());

    // an ids= list of one's own, compressed and cut: the same, with what to do about one's own file
    MimicFixture.writeGzip(diagnoses, "subject_id,hadm_id,seq_num,icd_code,icd_version\n1,100,1,I10,10\n");
    Path ids = temp.resolve("hadm_ids.txt.gz");
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      list.append(100 + i * 7919L % 1_000_003).append('\n');
    }
    MimicFixture.writeGzip(ids, list.toString());
    byte[] all = Files.readAllBytes(ids);
    Files.write(ids, java.util.Arrays.copyOf(all, all.length / 2));
    String message = fails("mimic-iv:" + dir + "?codes=diagnoses&note=none&ids=" + ids).getMessage();
    assertTrue(message.startsWith(ids + ": cut short: its gzip stream ends early (EOFException: "), message);
    assertTrue(message.endsWith("write it again (gzip FILE), or give it uncompressed"), message);
  }

  /**
   * An admissions table giving one hadm_id to two patients (two copies joined, edited) was read with the first row's
   * patient without a word, where a JSONL or CSV dataset refuses an admission of two patients; the patient groups the
   * bootstrap's resamples (metrics.groupByPatient).
   */
  @Test
  void anAdmissionOfTwoPatientsIsRefused() throws IOException {
    Path dir = tiny();
    Path admissions = dir.resolve("hosp/admissions.csv.gz");
    MimicFixture.writeGzip(admissions, "subject_id,hadm_id,admittime\n1,100,2150-01-01\n1,100,2150-01-01\n2,100,2150-01-01\n");
    MedcodeException error = fails("mimic-iv:" + dir + "?note=none&codes=diagnoses");
    assertEquals(2, error.exitCode());
    assertEquals(admissions + ":4: admission (hadm_id) 100 has subject_id '2' but an earlier row gave '1'; expected one"
        + " patient per admission (is the table two copies joined?)", error.getMessage());
    MimicFixture.writeGzip(admissions, "subject_id,hadm_id,admittime\n1,100,2150-01-01\n1,100,2150-01-01\n");
    assertEquals("1", Datasets.load(DatasetSpec.parse("mimic-iv:" + dir + "?note=none&codes=diagnoses"), temp).admissions()
        .get(0).patientId(), "a row repeated as it is: read once");
  }

  @Test
  void aMissingFolderIsNamed() {
    MedcodeException error = fails("mimic-iv:" + temp.resolve("nope"));
    assertEquals(3, error.exitCode());
    assertTrue(error.getMessage().startsWith("mimic-iv folder " + temp.resolve("nope") + " does not exist"), error.getMessage());
  }

  /**
   * MIMIC_IV_DIR naming a file (the release's zip as PhysioNet offers it, or one of its tables) said 'mimic-iv folder
   * FILE does not exist', of a file that does exist, in the run's error and in ./medcode studies.
   */
  @Test
  void aFileGivenAsTheFolderIsCalledAFile() throws IOException {
    Path zip = temp.resolve("mimic-iv-2.2.zip");
    Files.write(zip, new byte[] {'P', 'K', 3, 4});
    MedcodeException error = fails("mimic-iv:" + zip + "?note=none");
    assertEquals(3, error.exitCode());
    assertEquals("mimic-iv folder " + zip + " is a file, not a folder; unzip it and give the release folder it holds"
        + " (with hosp/ and icu/ inside)", error.getMessage());
    Path table = tiny().resolve("hosp/admissions.csv.gz");
    assertEquals("mimic-iv folder " + table + " is a file, not a folder; expected the folder of a MIMIC-IV release (e.g."
        + " mimiciv/3.1/ from PhysioNet) with hosp/ and icu/ inside", fails("mimic-iv:" + table).getMessage());
    assertEquals(java.util.Optional.of("mimic-iii folder " + table + " is a file, not a folder; expected the MIMIC-III"
        + " 1.4 folder with ADMISSIONS.csv.gz, DIAGNOSES_ICD.csv.gz, NOTEEVENTS.csv.gz, ..."),
        MimicLoader.folderProblem(org.medcode.dataset.Release.MIMIC_III, table));
  }

  /**
   * A notes= folder that is not MIMIC-IV-Note's said 'expected DIR/discharge.csv.gz …; give its folder with notes=DIR'
   * to a user who had given notes=DIR: of a folder that does not exist, of a file (FILE/discharge.csv.gz), and of the
   * project folder holding the release folder (mimic-iv-note/ for mimic-iv-note/2.2/) without naming the one to use.
   */
  @Test
  void aWrongNotesFolderIsNamedWithTheOneToUse() throws IOException {
    Path dir = tiny();
    String cohort = "?codes=diagnoses&note=discharge&notes=";
    MedcodeException absent = fails("mimic-iv:" + dir + cohort + temp.resolve("nope"));
    assertEquals(3, absent.exitCode());
    assertEquals("notes=" + temp.resolve("nope") + " does not exist (relative paths are read from the current directory "
        + Path.of("").toAbsolutePath() + "); give notes= the MIMIC-IV-Note release folder (e.g. mimic-iv-note/2.2/,"
        + " holding note/discharge.csv.gz) or its note/ folder", absent.getMessage());
    Path file = dir.resolve("hosp/admissions.csv.gz");
    assertEquals("notes=" + file + " is a file, not a folder; give notes= the MIMIC-IV-Note release folder (e.g."
        + " mimic-iv-note/2.2/, holding note/discharge.csv.gz) or its note/ folder",
        fails("mimic-iv:" + dir + cohort + file).getMessage());
    Path project = temp.resolve("mimic-iv-note");
    Files.createDirectories(project.resolve("2.2/note"));
    MimicFixture.writeGzip(project.resolve("2.2/note/discharge.csv.gz"),
        "note_id,subject_id,hadm_id,note_type,note_seq,charttime,storetime,text\n1-DS-1,1,100,DS,1,2150-01-02,,Hypertension.\n");
    MedcodeException parent = fails("mimic-iv:" + dir + cohort + project);
    assertEquals(3, parent.exitCode());
    assertEquals("MIMIC-IV-Note module note, table discharge not found: expected " + project.resolve("discharge.csv.gz")
        + " (or discharge.csv); notes=" + project + " holds release folders; did you mean notes=" + project.resolve("2.2")
        + "? (found: 2.2/)", parent.getMessage());
    assertEquals(1, Datasets.load(DatasetSpec.parse("mimic-iv:" + dir + cohort + project.resolve("2.2")), temp)
        .admissions().size());
  }

  @Test
  void aParentOfTheReleaseFolderIsRecognised() throws IOException {
    tiny();
    MedcodeException error = fails("mimic-iv:" + temp);
    assertEquals(temp + " is not a MIMIC-IV folder: it has no hosp/ module; it holds release folders; did you mean "
        + temp.resolve("3.1") + "? (found: 3.1/)", error.getMessage());
  }

  @Test
  void aMimic3FolderGivenAsMimic4IsRecognised() throws IOException {
    MimicFixture.writeGzip(temp.resolve("ADMISSIONS.csv.gz"), "ROW_ID,SUBJECT_ID,HADM_ID\n");
    MedcodeException error = fails("mimic-iv:" + temp);
    assertTrue(error.getMessage().contains("it looks like MIMIC-III; use mimic-iii:" + temp), error.getMessage());
    Files.createDirectories(temp.resolve("x/hosp"));
    assertTrue(fails("mimic-iii:" + temp.resolve("x")).getMessage().contains("it looks like MIMIC-IV; use mimic-iv:"));
  }

  @Test
  void aMissingFileNamesItsModule() throws IOException {
    Path dir = tiny();
    MedcodeException procedures = fails("mimic-iv:" + dir + "?note=none");
    assertEquals("MIMIC-IV module hosp, table procedures_icd not found: expected " + dir.resolve("hosp/procedures_icd.csv.gz")
        + " (or procedures_icd.csv); the MIMIC-IV hosp module (physionet.org/content/mimiciv/) belongs in " + dir.resolve("hosp"),
        procedures.getMessage());
    MedcodeException icu = fails("mimic-iv:" + dir + "?note=none&codes=diagnoses&icu=true");
    assertTrue(icu.getMessage().startsWith("MIMIC-IV module icu, table icustays not found: expected " + dir.resolve("icu/icustays.csv.gz")),
        icu.getMessage());
    assertEquals(1, Datasets.load(DatasetSpec.parse("mimic-iv:" + dir + "?note=none&codes=diagnoses"), temp).admissions().size());
  }

  @Test
  void anUnexpectedHeaderShowsTheExpectedColumns() throws IOException {
    Path dir = tiny();
    MimicFixture.writeGzip(dir.resolve("hosp/diagnoses_icd.csv.gz"), "subject_id,hadm_id,seq_num,icd9_code\n1,100,1,4019\n");
    Path file = dir.resolve("hosp/diagnoses_icd.csv.gz");
    assertEquals(file + ":1: expected a header with the columns subject_id,hadm_id,seq_num,icd_code,icd_version (MIMIC-IV module hosp, "
        + "table diagnoses_icd); missing icd_code,icd_version, found subject_id,hadm_id,seq_num,icd9_code",
        fails("mimic-iv:" + dir + "?note=none&codes=diagnoses").getMessage());
  }

  @Test
  void aBadRowNamesFileAndLine() throws IOException {
    Path dir = tiny();
    Path file = dir.resolve("hosp/diagnoses_icd.csv.gz");
    MimicFixture.writeGzip(file, "subject_id,hadm_id,seq_num,icd_code,icd_version\n1,100,1,I10,10\n1,100,2,4019,11\n");
    assertEquals(file + ":3: expected icd_version 9 or 10, got '11'", fails("mimic-iv:" + dir + "?note=none&codes=diagnoses").getMessage());
    MimicFixture.writeGzip(file, "subject_id,hadm_id,seq_num,icd_code,icd_version\n1,100,1,I10,10\n1,x100,2,4019,9\n");
    assertEquals(file + ":3: expected hadm_id to be a whole number, got 'x100'",
        fails("mimic-iv:" + dir + "?note=none&codes=diagnoses").getMessage());
    MimicFixture.writeGzip(file, "subject_id,hadm_id,seq_num,icd_code,icd_version\n1,100,1,I10\n");
    assertEquals(file + ":2: expected 5 fields as in the header, found 4", fails("mimic-iv:" + dir + "?note=none&codes=diagnoses").getMessage());
  }

  /** Blank lines before a row (skipped as the parser skips them) were not counted: the row was named lines too early. */
  @Test
  void aBadRowAfterBlankLinesNamesItsOwnLine() throws IOException {
    Path dir = tiny();
    Path file = dir.resolve("hosp/diagnoses_icd.csv.gz");
    MimicFixture.writeGzip(file, "subject_id,hadm_id,seq_num,icd_code,icd_version\n\n1,100,1,I10,10\n\n\n1,100,2,4019,11\n");
    assertEquals(file + ":6: expected icd_version 9 or 10, got '11'", fails("mimic-iv:" + dir + "?note=none&codes=diagnoses").getMessage());
    MimicFixture.writeGzip(file, "\nsubject_id,hadm_id,seq_num,icd_code,icd_version\n\n\n1,100,1,I10\n");
    assertEquals(file + ":5: expected 5 fields as in the header, found 4", fails("mimic-iv:" + dir + "?note=none&codes=diagnoses").getMessage());
    MimicFixture.writeGzip(file, "subject_id,hadm_id,seq_num,icd_code,icd_version\n\n\"1\",\"100\",\"1\",\"I10\nE119\",\"10\"\n");
    assertTrue(fails("mimic-iv:" + dir + "?note=none&codes=diagnoses").getMessage().startsWith(file + ":3: "),
        "a quoted field over two lines: the line it starts on");
    MimicFixture.writeGzip(file, "\nsubject_id,hadm_id,seq_num,icd_code\n");
    assertTrue(fails("mimic-iv:" + dir + "?note=none&codes=diagnoses").getMessage().startsWith(file
        + ":2: expected a header with the columns"), "a header after a blank line");
  }

  @Test
  void aFileThatIsNotGzipIsReported() throws IOException {
    Path dir = tiny();
    Files.writeString(dir.resolve("hosp/admissions.csv.gz"), "subject_id,hadm_id\n1,100\n");
    MedcodeException error = fails("mimic-iv:" + dir + "?note=none&codes=diagnoses");
    assertTrue(error.getMessage().startsWith(dir.resolve("hosp/admissions.csv.gz") + ": cannot read MIMIC-IV module hosp, table admissions: "),
        error.getMessage());
  }

  @Test
  void uncompressedCsvFilesAreAccepted() throws IOException {
    Path dir = tiny();
    Files.delete(dir.resolve("hosp/admissions.csv.gz"));
    Files.writeString(dir.resolve("hosp/admissions.csv"), "subject_id,hadm_id\n1,100\n");
    assertEquals("100", Datasets.load(DatasetSpec.parse("mimic-iv:" + dir + "?note=none&codes=diagnoses"), temp).admissions().get(0).id());
  }

  @Test
  void anIdsFileRowOfAnotherWidthIsCountedWithItsNoun() throws IOException {
    Path plain = Files.writeString(temp.resolve("plain.txt"), "100\n101,x\n");
    assertEquals(plain + ":2: expected 1 comma-separated field, found 2",
        assertThrows(MedcodeException.BadInput.class, () -> IdsFile.read(plain, null)).getMessage());
    Path csv = Files.writeString(temp.resolve("split.csv"), "hadm_id,split\n100\n");
    assertEquals(csv + ":2: expected 2 comma-separated fields, found 1",
        assertThrows(MedcodeException.BadInput.class, () -> IdsFile.read(csv, null)).getMessage());
  }

  @Test
  void aSplitThatNamesNoRowOfTheIdsFileIsRefusedWithTheFilesSplits() throws IOException {
    // before: split=Test (or valid, dev) on Edin et al.'s train/val/test file selected no id and said nothing of it; the
    // load then stopped on an empty cohort ("ids 0") without naming the splits the file has
    Path csv = Files.writeString(temp.resolve("split.csv"), "_id,split\n100,train\n101,val\n102,test\n103,test\n");
    MedcodeException.BadInput error = assertThrows(MedcodeException.BadInput.class, () -> IdsFile.read(csv, "Test"));
    assertEquals(csv + ": split=Test names no row of the 'split' column; its values are test, train, val (compared"
        + " exactly, letter case included)", error.getMessage());
    assertEquals(2, error.exitCode());
    assertEquals(java.util.Set.of(102L, 103L), IdsFile.read(csv, "test").ids());
    Path header = Files.writeString(temp.resolve("header-only.csv"), "hadm_id,split\n");
    assertEquals(header + ": split=test names no row of the 'split' column; the file has no rows",
        assertThrows(MedcodeException.BadInput.class, () -> IdsFile.read(header, "test")).getMessage());
  }

  @Test
  void anIdsFileInFeatherFormatIsCalledThat() throws IOException {
    // Edin et al.'s split files are .feather: it was 'not UTF-8: byte 0xFF ...; save the file as UTF-8'
    Path feather = Files.write(temp.resolve("mimiciv_icd10_split.feather"),
        new byte[] {'A', 'R', 'R', 'O', 'W', '1', 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 16, 0});
    String message = assertThrows(MedcodeException.BadInput.class, () -> IdsFile.read(feather, "test")).getMessage();
    assertTrue(message.startsWith(feather + ":1: not UTF-8 text but an Apache Arrow (Feather) file"), message);
  }

  @Test
  void aByteOrderMarkBeforeAHeaderOrAnIdsFileIsSkipped() throws IOException {
    Path dir = tiny();
    Files.delete(dir.resolve("hosp/diagnoses_icd.csv.gz"));
    Files.writeString(dir.resolve("hosp/diagnoses_icd.csv"), "\uFEFFsubject_id,hadm_id,seq_num,icd_code,icd_version\n"
        + "1,100,1,I10,10\n");
    Path ids = Files.writeString(temp.resolve("ids.txt"), "\uFEFF100\n");
    Dataset dataset = Datasets.load(DatasetSpec.parse("mimic-iv:" + dir + "?note=none&codes=diagnoses&ids=" + ids), temp);
    assertEquals("I10", dataset.admissions().get(0).codes().get(0).code());
    // a quoted header after the mark (Excel's "CSV UTF-8"): the mark stayed in the first name, '"subject_id"' was no name
    Files.writeString(dir.resolve("hosp/diagnoses_icd.csv"), "\uFEFF\"subject_id\",\"hadm_id\",\"seq_num\",\"icd_code\","
        + "\"icd_version\"\r\n\"1\",\"100\",\"1\",\"I10\",\"10\"\r\n");
    dataset = Datasets.load(DatasetSpec.parse("mimic-iv:" + dir + "?note=none&codes=diagnoses&ids=" + ids), temp);
    assertEquals("I10", dataset.admissions().get(0).codes().get(0).code());
  }

  @Test
  void bytesThatAreNotUtf8AreAnErrorNeverAReplacementCharacterInACode() throws IOException {
    Path dir = tiny();
    Path gz = dir.resolve("hosp/diagnoses_icd.csv.gz");
    byte[] row = "subject_id,hadm_id,seq_num,icd_code,icd_version\n1,100,1,K92?1,10\n".getBytes(StandardCharsets.US_ASCII);
    row[row.length - 6] = (byte) 0xE9; // K92\xE91, as a Latin-1 editor would save it
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(row);
    }
    assertEquals(gz + ":2: not UTF-8: byte 0xE9 at byte offset 59 of the decompressed text (byte 12 of the line) does not"
        + " start a valid UTF-8 character; save the file as UTF-8",
        fails("mimic-iv:" + dir + "?note=none&codes=diagnoses").getMessage());
    Files.delete(gz);
    Files.write(dir.resolve("hosp/diagnoses_icd.csv"), row);
    assertEquals(dir.resolve("hosp/diagnoses_icd.csv") + ":2: not UTF-8: byte 0xE9 at byte offset 59 (byte 12 of the line) does"
        + " not start a valid UTF-8 character; save the file as UTF-8",
        fails("mimic-iv:" + dir + "?note=none&codes=diagnoses").getMessage());
  }

  @Test
  void aCodeWithANewLineInsideIsRefusedWithFileAndLine() throws IOException {
    // before: the quoted "I10\nE119" was read as the one code I10E119
    Path dir = tiny();
    Path file = dir.resolve("hosp/diagnoses_icd.csv.gz");
    MimicFixture.writeGzip(file, "subject_id,hadm_id,seq_num,icd_code,icd_version\n1,100,1,I10,10\n1,100,2,\"I10\nE119\",10\n");
    MedcodeException error = fails("mimic-iv:" + dir + "?note=none&codes=diagnoses");
    assertEquals(2, error.exitCode());
    assertTrue(error.getMessage().startsWith(file + ":3: the code 'I10\\nE119' holds a control character (U+000A) at position 4"),
        error.getMessage());
    MimicFixture.writeGzip(dir.resolve("hosp/d_icd_diagnoses.csv.gz"), "icd_code,icd_version,long_title\n\"I1\t0\",10,x\n");
    MimicFixture.writeGzip(file, "subject_id,hadm_id,seq_num,icd_code,icd_version\n1,100,1,I10,10\n");
    error = assertThrows(MedcodeException.class, () -> MimicDictionary.read(org.medcode.dataset.Release.MIMIC_IV, dir,
        org.medcode.codesystem.CodeSystemId.ICD10CM, temp));
    assertTrue(error.getMessage().startsWith(dir.resolve("hosp/d_icd_diagnoses.csv.gz") + ":2: the code 'I1\\t0'"),
        error.getMessage());
  }
}
