package org.medcode.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;

class PredictionReaderTest {
  @TempDir
  Path temp;

  private Path write(String name, String content) throws IOException {
    Path file = temp.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static List<String> codes(PredictionSet set, String id) {
    return set.byAdmission().get(id).codes().stream().map(PredictedCode::code).toList();
  }

  @Test
  void tsvKeepsRankOrderNormalisesAndRemovesDuplicates() throws IOException {
    PredictionSet set = PredictionReader.read(write("p.tsv", "A1\tn44.8\nA1\tI10\nA1\tN448\n\nA2\ts72.001a\nA1\tN44.8 \n"));
    assertEquals(PredictionFormat.TSV, set.format());
    // N448 is no repeat of n44.8: its dot is elsewhere (the evaluation removes it, knowing the code system)
    assertEquals(List.of("N448", "I10", "N448"), codes(set, "A1"));
    assertEquals(List.of("S72001A"), codes(set, "A2"), "7th character kept");
    assertEquals(5, set.rows());
    assertEquals(1, set.duplicates());
    assertEquals("A1 N44.8 (line 6)", set.duplicateExamples().get(0));
    assertNull(set.byAdmission().get("A1").codes().get(0).score());
  }

  @Test
  void tsvWithScores() throws IOException {
    PredictionSet set = PredictionReader.read(write("p.tsv", "A1\tI10\t0.9\nA1\tE119\t0.3\n"));
    assertEquals(0.9, set.byAdmission().get("A1").codes().get(0).score());
  }

  @Test
  void badTsvLineNamesFileAndLine() throws IOException {
    Path file = write("p.tsv", "A1\tI10\nA2 I10\n");
    MedcodeException e = assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(file));
    assertTrue(e.getMessage().startsWith(file + ":2: expected 'admission<TAB>code'"), e.getMessage());
    assertTrue(e.getMessage().endsWith(", found 1 field"), e.getMessage());
    Path four = write("four.tsv", "A1\tI10\t0.9\tx\n");
    String message = assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(four)).getMessage();
    assertTrue(message.endsWith(", found 4 fields"), message);
  }

  @Test
  void badScoreIsReported() throws IOException {
    Path file = write("p.tsv", "A1\tI10\thigh\n");
    MedcodeException e = assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(file));
    assertTrue(e.getMessage().contains(":1: expected a numeric score, found 'high'"), e.getMessage());
  }

  @Test
  void csvWithRankColumnIsSortedByRank() throws IOException {
    PredictionSet set = PredictionReader.read(write("p.csv", "admission_id,code,rank\nA1,I10,2\nA1,E11.9,1\nA2,J18.9,1\n"));
    assertEquals(PredictionFormat.CSV, set.format());
    assertEquals(List.of("E119", "I10"), codes(set, "A1"));
  }

  @Test
  void csvWithoutRequiredColumnsIsAnError() throws IOException {
    Path file = write("p.csv", "id_of_admission,icd\nA1,I10\n");
    MedcodeException e = assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(file));
    assertTrue(e.getMessage().contains("expected a header with columns admission_id,code"), e.getMessage());
  }

  @Test
  void jsonlWithStringsAndObjects() throws IOException {
    PredictionSet set = PredictionReader.read(write("p.jsonl",
        "{\"admission_id\":\"A1\",\"codes\":[\"I10\",{\"code\":\"e11.9\",\"score\":0.5}]}\n{\"id\":\"A2\",\"codes\":[]}\n"));
    assertEquals(List.of("I10", "E119"), codes(set, "A1"));
    assertEquals(0.5, set.byAdmission().get("A1").codes().get(1).score());
    assertTrue(set.byAdmission().get("A2").codes().isEmpty(), "an admission with an empty list is an empty prediction");
  }

  @Test
  void jsonlGarbageNamesTheLine() throws IOException {
    Path file = write("p.jsonl", "{\"admission_id\":\"A1\",\"codes\":[]}\n{not json\n");
    MedcodeException e = assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(file));
    assertTrue(e.getMessage().startsWith(file + ":2: expected one JSON object per line"), e.getMessage());
  }

  @Test
  void emptyFileIsEmptyNotAnError() throws IOException {
    for (String name : List.of("p.tsv", "p.csv", "p.jsonl")) {
      PredictionSet set = PredictionReader.read(write(name, ""));
      assertTrue(set.empty(), name);
      assertTrue(set.byAdmission().isEmpty(), name);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"Infinity", "-Infinity", "1e400", "-1e400", "0x1p3", "1.0d",
      "2f", "NaN", "1,5", ""})
  void aScoreMustBeAFiniteDecimal(String score) throws IOException {
    Path file = write("p.tsv", "A1\tI10\t0.5\nA1\tE11.9\t" + score + "\n");
    MedcodeException e = assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(file));
    assertTrue(e.getMessage().startsWith(file + ":2: expected a "), e.getMessage());
    Path csv = write("p.csv", "admission_id,code,score\nA1,I10,0.5\nA1,E11.9," + (score.isEmpty() ? "x" : score) + "\n");
    assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(csv), score);
  }

  @Test
  void decimalScoresInEveryFormReadAsBefore() throws IOException {
    PredictionSet set = PredictionReader.read(write("p.tsv",
        "A1\tI10\t0.5\nA1\tE11.9\t-.25\nA1\tJ18.9\t+3.\nA1\tK35.80\t8.7E-1\nA1\tN39.0\t 1e3 \n"));
    assertEquals(List.of(0.5, -0.25, 3.0, 0.87, 1000.0),
        set.byAdmission().get("A1").codes().stream().map(PredictedCode::score).toList());
  }

  @Test
  void aJsonlScoreBeyondTheRangeOfADoubleNamesTheLine() throws IOException {
    Path file = write("p.jsonl", "{\"admission_id\":\"A1\",\"codes\":[{\"code\":\"I10\",\"score\":1e400}]}\n");
    MedcodeException e = assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(file));
    assertTrue(e.getMessage().startsWith(file + ":1: expected a finite \"score\" for"), e.getMessage());
  }

  @Test
  void aJsonlLineWithTwoObjectsOrARepeatedFieldIsAnErrorNotHalfRead() throws IOException {
    Path two = write("two.jsonl", "{\"admission_id\":\"A1\",\"codes\":[\"J18.9\"]} {\"admission_id\":\"A2\",\"codes\":[\"K35.80\"]}\n");
    MedcodeException e = assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(two));
    assertEquals(two + ":1: expected one JSON object per line: more JSON after the first value (each line holds exactly"
        + " one JSON object)", e.getMessage(), "no library class names");
    Path repeated = write("rep.jsonl", "{\"admission_id\":\"A1\",\"admission_id\":\"A2\",\"codes\":[\"K35.80\"]}\n");
    e = assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(repeated));
    assertTrue(e.getMessage().startsWith(repeated + ":1: expected one JSON object per line")
        && e.getMessage().contains("admission_id"), e.getMessage());
  }

  @Test
  void missingFileIsAClearError() {
    MedcodeException e = assertThrows(MedcodeException.class, () -> PredictionReader.read(temp.resolve("nope.tsv")));
    assertTrue(e.getMessage().startsWith("predictions file not found: "), e.getMessage());
  }

  @Test
  void aRepeatedCodeKeepsItsHighestScore() throws IOException {
    PredictionSet set = PredictionReader.read(write("p.tsv", "A1\tI10\t0.5\nA1\tJ18.9\t0.1\nA1\tJ18.9\t0.9\n"));
    assertEquals(List.of("I10", "J189"), codes(set, "A1"));
    assertEquals(0.9, set.byAdmission().get("A1").codes().get(1).score());
    assertEquals(1, set.duplicates());
  }

  @Test
  void jsonlWithARepeatedAdmissionIsAnError() throws IOException {
    Path file = write("p.jsonl", "{\"admission_id\":\"A1\",\"codes\":[\"I10\"]}\n{\"admission_id\":\"A1\",\"codes\":[]}\n");
    MedcodeException e = assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(file));
    assertTrue(e.getMessage().contains(":2: admission A1 already has a line (line 1)"), e.getMessage());
  }

  @Test
  void jsonlMayStartWithAByteOrderMark() throws IOException {
    PredictionSet set = PredictionReader.read(write("p.jsonl", "\uFEFF{\"admission_id\":\"A1\",\"codes\":[\"I10\"]}\n"));
    assertEquals(List.of("I10"), codes(set, "A1"));
  }

  @Test
  void aBlankRankIsAnErrorWhenTheFileHasRanks() throws IOException {
    Path file = write("p.csv", "admission_id,code,rank\nA1,I10,1\nA1,E11.9,\n");
    MedcodeException e = assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(file));
    assertTrue(e.getMessage().contains(":3: expected a rank"), e.getMessage());
  }

  @Test
  void aCodeWithAControlCharacterIsRefusedWithItsLineInEveryFormat() throws IOException {
    for (String[] file : new String[][] {{"p.tsv", "A1\tI10\nA2\tI1\u00000\n"},
        {"p.csv", "admission_id,code\nA1,I10\nA2,I1\u00000\n"},
        {"p.jsonl", "{\"admission_id\":\"A1\",\"codes\":[\"I10\"]}\n{\"admission_id\":\"A2\",\"codes\":[\"I1\\u00000\"]}\n"}}) {
      Path path = write(file[0], file[1]);
      MedcodeException e = assertThrows(MedcodeException.BadInput.class, () -> PredictionReader.read(path));
      assertTrue(e.getMessage().startsWith(path + ":" + (file[0].endsWith(".csv") ? 3 : 2) + ": the code 'I1\\u00000' of"
          + " admission 'A2' holds a control character (U+0000)"), e.getMessage());
    }
  }
}
