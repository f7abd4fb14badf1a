package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.medcode.dataset.load.Datasets;
import org.medcode.dataset.source.PullRecords;

/** A synthetic CodiEsp release (three invented cases) laid out like the official one. */
class CodiEspLoaderTest {
  @TempDir Path root;
  private Path dev;

  // Spanish text of case S2: "Dolor testicular. Se realizó ecografía." ("ecografía" is at 29..38)
  private static final String S2_ES = "Dolor testicular. Se realizó ecografía.";

  @BeforeEach
  void writeRelease() throws IOException {
    dev = root.resolve("codiesp/final_dataset_v4_to_publish/dev");
    Files.createDirectories(dev.resolve("text_files"));
    Files.createDirectories(dev.resolve("text_files_en"));
    write("text_files/S2.txt", S2_ES);
    write("text_files/S1.txt", "Varón con hipertensión.");
    write("text_files/S3.txt", "Sin hallazgos.");
    write("text_files_en/S2.txt", "Testicular pain.\nUltrasound was performed.");
    write("text_files_en/S1.txt", "Male with hypertension.");
    write("text_files_en/S3.txt", "No findings.");
    // S2 lists n44.8 first, then r10.2; a repeated row; S9 has no text; S3 has no code
    write("devD.tsv", "S2\tn44.8\nS2\tr10.2\nS1\ti10\nS2\tN44.8\nS9\tz00.0\n");
    write("devP.tsv", "S2\tbt41zzz\n");
    write("devX.tsv", "S2\tDIAGNOSTICO\tn44.8\tDolor testicular\t0 16\n"
        + "S2\tPROCEDIMIENTO\tbt41zzz\tecografía\t29 38\n"
        + "S2\tDIAGNOSTICO\tr10.2\tDolor ecografía\t0 5;29 38\n"
        + "S1\tDIAGNOSTICO\ti10\thipertension\t10 22\n");
  }

  private void write(String relative, String text) throws IOException {
    Files.writeString(dev.resolve(relative), text);
  }

  /** Loads from the synthetic release, recorded as pulled (its files are not the real release's). */
  private Dataset load(String spec) {
    PullRecords.record(root, "codiesp");
    return Datasets.load(DatasetSpec.parse(spec), root);
  }

  @Test
  void everyTextFileIsAnAdmissionSortedById() {
    Dataset dataset = load("codiesp:dev:en:D");
    assertEquals(List.of("S1", "S2", "S3", "S9"), dataset.admissions().stream().map(Admission::id).toList());
    assertEquals(List.of(CodeSystemId.ICD10CM), dataset.systems());
    Admission s2 = dataset.admissions().get(1);
    assertEquals(List.of(new Note("clinical case", "Testicular pain.\nUltrasound was performed.")), s2.notes());
    assertEquals("en", s2.metadata().get("language"));
    assertEquals(List.of(), dataset.admissions().get(2).codes(), "S3 has no gold code");
    assertEquals(List.of(), dataset.admissions().get(3).notes(), "S9 has codes but no text");
  }

  @Test
  void goldCodesKeepRawSpellingAndFileOrderAndAreASet() {
    Admission s2 = load("codiesp:dev:en:DP").admissions().get(1);
    assertEquals(List.of(
        new GoldCode("N448", "n44.8", CodeSystemId.ICD10CM, 1, false, List.of()),
        new GoldCode("R102", "r10.2", CodeSystemId.ICD10CM, 2, false, List.of()),
        new GoldCode("BT41ZZZ", "bt41zzz", CodeSystemId.ICD10PCS, 1, false, List.of())), s2.codes());
  }

  @Test
  void warningsCountWhatWasNoticed() {
    List<String> warnings = load("codiesp:dev:en:D").warnings();
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("1 case id in") && w.endsWith("kept as admissions without notes: S9")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("1 repeated (id, code) row in") && w.contains("devD.tsv")), warnings.toString());
    assertTrue(warnings.contains("1 of 4 cases has no icd10cm gold codes"), warnings.toString());
    // an English split has no evidence by design: nothing to warn about (run prints a dataset's warnings)
    assertTrue(warnings.stream().noneMatch(w -> w.contains("evidence")), warnings.toString());
  }

  @Test
  void aTemporaryFileOfAPullInAnotherProcessIsPassedOverWithoutAWarning() throws IOException {
    // another medcode pulling codiesp into the same folder writes .medcode-*.part files beside the texts; before, a
    // load at that moment warned that they are not .txt files (found by reading the code, by the parallel reviewer)
    write("text_files_en/.medcode-8812345.part", "half a text");
    write("text_files_en/notes.md", "a file of the user's");
    List<String> warnings = load("codiesp:dev:en:D").warnings();
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("1 entry of") && w.endsWith("ignored: notes.md")),
        warnings.toString());
  }

  @Test
  void evidenceIsAttachedToTheSpanishTextOnly() {
    Dataset spanish = load("codiesp:dev:es:DP");
    Admission s2 = spanish.admissions().get(1);
    assertEquals(List.of(new EvidenceSpan(0, 0, 16, "Dolor testicular")), s2.codes().get(0).evidence());
    assertEquals(List.of(new EvidenceSpan(0, 0, 5, "Dolor"), new EvidenceSpan(0, 29, 38, "ecografía")), s2.codes().get(1).evidence(),
        "a discontinuous reference becomes one span per segment");
    assertEquals(List.of(new EvidenceSpan(0, 29, 38, "ecografía")), s2.codes().get(2).evidence());
    assertTrue(spanish.warnings().stream().anyMatch(w -> w.startsWith("1 evidence rows of") && w.contains("quote text that differs")),
        "S1's quoted 'hipertension' differs from 'hipertensión' at its offsets: " + spanish.warnings());
    Dataset english = load("codiesp:dev:en:DP");
    assertTrue(english.admissions().stream().allMatch(a -> a.codes().stream().allMatch(c -> c.evidence().isEmpty())));
    assertNotEquals(spanish.fingerprint(), english.fingerprint(), "different texts");
  }

  @Test
  void evidenceOfTheOtherTaskIsNotAttachedAndNotAnError() {
    Admission s2 = load("codiesp:dev:es:D").admissions().get(1);
    assertEquals(2, s2.codes().size());
  }

  @Test
  void missingSplitFolderNamesItAndThePullCommand() {
    MedcodeException.DataMissing error = assertThrows(MedcodeException.DataMissing.class, () -> load("codiesp:test:en:D"));
    assertTrue(error.getMessage().contains("CodiEsp test split folder 'test/'"), error.getMessage());
    assertTrue(error.getMessage().contains("official release"), error.getMessage());
    assertTrue(error.getMessage().contains(root.resolve("codiesp/final_dataset_v4_to_publish/test").toString()), error.getMessage());
    assertTrue(error.getMessage().contains("./medcode data pull codiesp"), error.getMessage());
    assertEquals(3, error.exitCode());
  }

  @Test
  void missingCodiEspFolderNamesThePullCommand() {
    MedcodeException.DataMissing error = assertThrows(MedcodeException.DataMissing.class,
        () -> Datasets.load(DatasetSpec.parse("codiesp:dev:en:D"), root.resolve("elsewhere")));
    assertTrue(error.getMessage().contains("./medcode data pull codiesp"), error.getMessage());
  }

  @Test
  void malformedRowsNameFileAndLine() throws IOException {
    write("devD.tsv", "S1\ti10\n\nS2 n44.8\n");
    MedcodeException.BadInput error = assertThrows(MedcodeException.BadInput.class, () -> load("codiesp:dev:en:D"));
    assertTrue(error.getMessage().contains("devD.tsv:3: expected 'articleID<TAB>code'"), error.getMessage());
    assertTrue(error.getMessage().endsWith("(2 tab-separated fields), found 1 field"), error.getMessage());
  }

  @Test
  void caseIdsFollowTheIdRuleOfEveryOtherLoader() throws IOException {
    // before: 'S\u00072' was a fourth admission without text, and 'S2\u0000' was S2 (trim dropped the NUL without a word)
    write("devD.tsv", "S2\tn44.8\nS\u00072\ti10\n");
    String gold = assertThrows(MedcodeException.BadInput.class, () -> load("codiesp:dev:en:D")).getMessage();
    assertTrue(gold.contains("devD.tsv:2: articleID: the id 'S\\u00072' holds a control character (U+0007) at position 2"),
        gold);
    write("devD.tsv", "S2\tn44.8\n");
    write("devX.tsv", "S2\u0000\tDIAGNOSTICO\tn44.8\tDolor testicular\t0 16\n");
    String evidence = assertThrows(MedcodeException.BadInput.class, () -> load("codiesp:dev:es:D")).getMessage();
    assertTrue(evidence.contains("devX.tsv:1: articleID: the id 'S2\\u0000' holds a control character (U+0000)"), evidence);
    Files.delete(dev.resolve("devX.tsv"));
    // a text file's name gives its case id by the same rule: trimmed (as the gold files' ids), control characters refused
    write("text_files_en/S4\u0001.txt", "x");
    String name = assertThrows(MedcodeException.BadInput.class, () -> load("codiesp:dev:en:D")).getMessage();
    assertTrue(name.contains("case id of the file 'S4\\u0001.txt': the id 'S4\\u0001' holds a control character"), name);
    Files.delete(dev.resolve("text_files_en/S4\u0001.txt"));
    write("text_files_en/S5 .txt", "Fever.");
    write("devD.tsv", "S5\tr50.9\n");
    Admission s5 = load("codiesp:dev:en:D").admissions().get(3);
    assertEquals("S5", s5.id());
    assertEquals("Fever.", s5.notes().get(0).text()); // before: an admission 'S5 ' with the text, and 'S5' with the code
    write("text_files_en/S5.txt", "Fever.");
    String twice = assertThrows(MedcodeException.BadInput.class, () -> load("codiesp:dev:en:D")).getMessage();
    assertTrue(twice.contains("the files 'S5 .txt' and 'S5.txt' give the same case id 'S5'"), twice);
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheFirstCaseId() throws IOException {
    write("devD.tsv", "\uFEFFS2\tn44.8\nS1\ti10\n");
    Dataset dataset = load("codiesp:dev:en:D");
    assertEquals(List.of("S1", "S2", "S3"), dataset.admissions().stream().map(Admission::id).toList(),
        "no fourth admission '\\uFEFFS2' without text");
    assertEquals("N448", dataset.admissions().get(1).codes().get(0).code());
  }

  @Test
  void bytesThatAreNotUtf8NameFileLineAndOffset() throws IOException {
    Files.write(dev.resolve("devD.tsv"), new byte[] {'S', '1', '\t', 'i', '1', '0', '\n', 'S', '2', '\t', 'n', (byte) 0xE9, '\n'});
    MedcodeException.BadInput error = assertThrows(MedcodeException.BadInput.class, () -> load("codiesp:dev:en:D"));
    assertTrue(error.getMessage().contains("devD.tsv:2: not UTF-8: byte 0xE9 at byte offset 11"), error.getMessage());
    Files.write(dev.resolve("text_files_en/S3.txt"), new byte[] {'N', 'o', (byte) 0xFF});
    write("devD.tsv", "S1\ti10\n");
    error = assertThrows(MedcodeException.BadInput.class, () -> load("codiesp:dev:en:D"));
    assertTrue(error.getMessage().contains("S3.txt:1: not UTF-8: byte 0xFF at byte offset 2"), error.getMessage());
  }

  @Test
  void evidenceOffsetsMustBeWellFormedAndInsideTheText() throws IOException {
    write("devX.tsv", "S1\tDIAGNOSTICO\ti10\tx\t10-22\n");
    assertTrue(assertThrows(MedcodeException.BadInput.class, () -> load("codiesp:dev:es:D")).getMessage()
        .contains("devX.tsv:1: expected offsets 'start end[;start end]'"));
    write("devX.tsv", "S1\tDIAGNOSTICO\ti10\tx\t10 99\n");
    assertTrue(assertThrows(MedcodeException.BadInput.class, () -> load("codiesp:dev:es:D")).getMessage()
        .contains("devX.tsv:1: expected offsets within the 23 characters of case S1"));
    write("devX.tsv", "S1\tDIAGNOSIS\ti10\tx\t1 2\n");
    assertTrue(assertThrows(MedcodeException.BadInput.class, () -> load("codiesp:dev:es:D")).getMessage()
        .contains("expected label DIAGNOSTICO or PROCEDIMIENTO"));
  }

  @Test
  void fingerprintIsStableAndContentSensitive() throws IOException {
    String before = load("codiesp:dev:en:D").fingerprint();
    assertEquals(before, load("codiesp:dev:en:D").fingerprint());
    write("text_files_en/S3.txt", "No findings!");
    assertNotEquals(before, load("codiesp:dev:en:D").fingerprint());
  }
}
