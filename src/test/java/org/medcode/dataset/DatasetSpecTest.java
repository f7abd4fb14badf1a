package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medcode.MedcodeException;
import org.medcode.dataset.DatasetSpec.Format;
import org.medcode.dataset.DatasetSpec.Language;
import org.medcode.dataset.DatasetSpec.Split;
import org.medcode.dataset.DatasetSpec.Task;

class DatasetSpecTest {

  @Test
  void anUnknownPrefixIsNamedWithTheFormatsAndAGuess() {
    MedcodeException mimic = assertThrows(MedcodeException.class,
        () -> DatasetSpec.parse("mimic4:datasets/mimic-iv-demo?note=none"));
    assertTrue(mimic.getMessage().contains("unknown format 'mimic4' (did you mean mimic-iv:?); the formats are codiesp:,"
        + " mimic-iv:, mimic-iii:, code-query:, jsonl: and csv:"), mimic.getMessage());
    assertTrue(assertThrows(MedcodeException.class, () -> DatasetSpec.parse("tsv:x.tsv")).getMessage()
        .contains("unknown format 'tsv'; the formats are"));
    assertEquals(Format.JSONL, DatasetSpec.parse("data/a:b.jsonl?credentialed=true").format(), "a .jsonl path with a colon");
  }

  @Test
  void aWrongNumberOfPathsIsCountedWithItsNoun() {
    assertEquals("JSONL takes 1 path, got []", assertThrows(IllegalArgumentException.class,
        () -> new DatasetSpec(Format.JSONL, List.of(), null, null, null, false)).getMessage());
    assertEquals("CSV takes 2 paths, got [a.csv]", assertThrows(IllegalArgumentException.class,
        () -> new DatasetSpec(Format.CSV, List.of(Path.of("a.csv")), null, null, null, false)).getMessage());
  }

  @Test
  void parsesCodiEsp() {
    DatasetSpec spec = DatasetSpec.parse("codiesp:dev:en:D");
    assertEquals(Format.CODIESP, spec.format());
    assertEquals(new DatasetSpec.CodiEsp(Split.DEV, Language.EN, Task.D), spec.codiesp());
    assertEquals(List.of(), spec.paths());
    assertEquals(DatasetSpec.codiesp(Split.TRAIN, Language.ES, Task.DP), DatasetSpec.parse("CodiEsp:TRAIN:es:dp"));
  }

  @Test
  void parsesFilesFormats() {
    assertEquals(DatasetSpec.jsonl(Path.of("a/b.jsonl")), DatasetSpec.parse("jsonl:a/b.jsonl"));
    assertEquals(DatasetSpec.jsonl(Path.of("x.data")), DatasetSpec.parse("jsonl:x.data"));
    assertEquals(DatasetSpec.jsonl(Path.of("data/x.jsonl")), DatasetSpec.parse("data/x.jsonl"));
    assertEquals(DatasetSpec.csv(Path.of("n.csv"), Path.of("c.csv")), DatasetSpec.parse("csv:n.csv,c.csv"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"codiesp:dev:en:D", "codiesp:test:es:DP", "jsonl:some/file.txt", "csv:n.csv,c.csv"})
  void textRoundTrips(String text) {
    assertEquals(text, DatasetSpec.parse(text).toString());
    assertEquals(DatasetSpec.parse(text), DatasetSpec.parse(DatasetSpec.parse(text).toString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "codiesp:dev:en", "codiesp:valid:en:D", "codiesp:dev:fr:D", "codiesp:dev:en:X",
      "codiesp:dev:en:D:extra", "jsonl:", "csv:only.csv", "csv:a.csv,", "mimic:x", "notes.txt"})
  void rejectsBadSpecsListingTheAcceptedForms(String text) {
    MedcodeException error = assertThrows(MedcodeException.class, () -> DatasetSpec.parse(text));
    assertTrue(error.getMessage().contains("codiesp:SPLIT:LANG:TASK"), error.getMessage());
    assertTrue(error.getMessage().contains("jsonl:PATH"), error.getMessage());
    assertEquals(2, error.exitCode());
  }

  @Test
  void namesTheBadPart() {
    MedcodeException error = assertThrows(MedcodeException.class, () -> DatasetSpec.parse("codiesp:dev:fr:D"));
    assertTrue(error.getMessage().contains("unknown language 'fr'"), error.getMessage());
  }

  @Test
  void relativePathsAreResolvedAgainstADirectoryAndOthersKept() {
    Path base = Path.of("/runs/here");
    assertEquals("jsonl:/runs/here/data/a.jsonl", DatasetSpec.parse("jsonl:data/a.jsonl").resolvedAgainst(base).toString());
    assertEquals("csv:/runs/here/n.csv,/abs/c.csv", DatasetSpec.parse("csv:n.csv,/abs/c.csv").resolvedAgainst(base).toString());
    assertEquals("codiesp:dev:en:D", DatasetSpec.parse("codiesp:dev:en:D").resolvedAgainst(base).toString());
    DatasetSpec mimic = DatasetSpec.parse("mimic-iv:m4?notes=notes&ids=ids.txt").resolvedAgainst(base);
    assertEquals(Path.of("/runs/here/m4"), mimic.paths().get(0));
    assertEquals(Path.of("/runs/here/notes"), mimic.mimic().notesDir());
    assertEquals(Path.of("/runs/here/ids.txt"), mimic.mimic().ids());
    assertEquals(Path.of("/runs/here/t.csv"),
        DatasetSpec.parse("code-query:icd10cm?table=t.csv").resolvedAgainst(base).codeQuery().table());
    assertTrue(DatasetSpec.parse("jsonl:a.jsonl").hasRelativePaths());
    assertTrue(DatasetSpec.parse("mimic-iv:/m4?ids=ids.txt").hasRelativePaths());
    assertFalse(DatasetSpec.parse("jsonl:/a.jsonl").hasRelativePaths());
    assertFalse(DatasetSpec.parse("codiesp:dev:en:D").hasRelativePaths());
  }

  @Test
  void withSplitReplacesOnlyTheSplit() {
    assertEquals("codiesp:train:en:D", DatasetSpec.parse("codiesp:dev:en:D").withSplit(Split.TRAIN).toString());
    assertThrows(MedcodeException.class, () -> DatasetSpec.parse("x.jsonl").withSplit(Split.TRAIN));
  }
}
