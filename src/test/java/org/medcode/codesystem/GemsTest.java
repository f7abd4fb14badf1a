package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.TestData;
import org.medcode.codesystem.Gems.Kind;
import org.medcode.codesystem.Gems.Mapping;
import org.medcode.dataset.source.PullRecords;

/** The 2018 GEMs: one mapping per ICD-9 code, its kind, and the alternatives not chosen. */
class GemsTest {
  @TempDir
  Path temp;

  @Test
  void diagnosesOfEachKind() {
    Gems gems = Gems.load(TestData.require("gems/2018_I9gem.txt"));
    // 0010 A000 00000
    assertEquals(Optional.of(new Mapping("0010", Kind.EXACT, List.of("A000"), 0)), gems.diagnosis("0010"));
    // 4019 I10 10000, 4019 I169 10000: the first listed, one alternative
    assertEquals(Optional.of(new Mapping("4019", Kind.APPROXIMATE, List.of("I10"), 1)), gems.diagnosis("4019"));
    // 75435: scenario 1 = Q6501 (choice list 1), Q6532 (list 2); scenario 2 = Q6502, Q6531
    assertEquals(Optional.of(new Mapping("75435", Kind.COMBINATION, List.of("Q6501", "Q6532"), 1)), gems.diagnosis("75435"));
    // 36570 NoDx 11000
    assertEquals(Optional.of(new Mapping("36570", Kind.NO_MAP, List.of(), 0)), gems.diagnosis("36570"));
    assertEquals(Optional.empty(), gems.diagnosis("9999X"));
  }

  @Test
  void proceduresFromTheDerivedTable() {
    Gems gems = Gems.load(TestData.require("gems/icd9pcs_to_icd10pcs_2018_ethos.csv.gz"));
    // 0001,6A750Z4,10000 and 0001,6A751Z4,10000 (2018): targets in code order, the first chosen
    assertEquals(Optional.of(new Mapping("0001", Kind.APPROXIMATE, List.of("6A750Z4"), 1)), gems.procedure("0001"));
    // 0016,NoPCS,11000
    assertEquals(Kind.NO_MAP, gems.procedure("0016").orElseThrow().kind());
    // 0120,0NP00NZ,10112 · 0120,0NH00NZ,10000 · 0120,0NH00NZ,10111: the approximate row of 0NH00NZ hid its combination
    // row, and the combination lost its first choice list (0NP00NZ alone)
    assertEquals(Optional.of(new Mapping("0120", Kind.COMBINATION, List.of("0NH00NZ", "0NP00NZ"), 0)),
        gems.procedure("0120"));
    // 0231,00164ZB,10000 before 0231,00164ZB,10111: an approximate mapping to 0016070 (first in code order) was made
    assertEquals(Optional.of(new Mapping("0231", Kind.COMBINATION, List.of("00164ZB"), 0)), gems.procedure("0231"));
  }

  @Test
  void combinationsAndFlagsFromAHandWrittenFile() throws IOException {
    Files.createDirectories(temp.resolve("gems"));
    Files.writeString(temp.resolve("gems/2018_I9gem.txt"), "1111  A1      00000\r\n2222  B1      10112\r\n2222  B2      10111\r\n"
        + "2222  B3      10121\r\n2222  B4      10122\r\n3333  C1      10000\r\n");
    PullRecords.record(temp, "gems"); // recorded as pulled: it is not the release's file
    Gems gems = Gems.load(temp);
    assertEquals(new Mapping("2222", Kind.COMBINATION, List.of("B2", "B1"), 1), gems.diagnosis("2222").orElseThrow());
    assertEquals(new Mapping("3333", Kind.APPROXIMATE, List.of("C1"), 0), gems.diagnosis("3333").orElseThrow());
    assertEquals("no map", Kind.NO_MAP.label());
  }

  @Test
  void errorsNameTheFileAndThePullCommand() throws IOException {
    MedcodeException.DataMissing missing = assertThrows(MedcodeException.DataMissing.class, () -> Gems.load(temp.resolve("empty")));
    assertEquals("gems", missing.pullName());
    assertTrue(missing.getMessage().contains("2018_I9gem.txt"), missing.getMessage());
    Files.createDirectories(temp.resolve("bad/gems"));
    Files.writeString(temp.resolve("bad/gems/2018_I9gem.txt"), "0010  A000    00000\n0011  A001\n");
    PullRecords.record(temp.resolve("bad"), "gems");
    MedcodeException.BadInput bad = assertThrows(MedcodeException.BadInput.class, () -> Gems.load(temp.resolve("bad")));
    assertEquals(temp.resolve("bad/gems/2018_I9gem.txt").toAbsolutePath() + ":2: expected 'icd9 icd10 flags' with five flag digits, "
        + "got '0011  A001'", bad.getMessage());
  }
}
