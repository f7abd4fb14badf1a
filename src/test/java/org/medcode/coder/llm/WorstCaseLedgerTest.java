package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;

/** The run folder's record of attempts counted at their worst case: what no log line names, a torn line, a damaged one. */
class WorstCaseLedgerTest {
  @TempDir
  Path folder;

  @Test
  void givesWhatNoLogLineNamesByKeyAndCutsALineTornByAKill() throws Exception {
    WorstCaseLedger ledger = WorstCaseLedger.in(folder);
    ledger.record("k1", "r1");
    ledger.record("k1", "r2");
    ledger.record("k2", "r3");
    Path file = folder.resolve(WorstCaseLedger.FILE);
    long whole = Files.size(file);
    Files.writeString(file, "{\"key\":\"k3\",\"rec", StandardOpenOption.APPEND);
    assertEquals(Map.of("k1", List.of("r2"), "k2", List.of("r3")), ledger.unlogged(Set.of("r1")));
    assertEquals(whole, Files.size(file), "the torn line is cut, so the next line starts on its own");
    ledger.record("k3", "r4");
    assertEquals(Map.of("k3", List.of("r4")), ledger.unlogged(Set.of("r1", "r2", "r3")));
  }

  @Test
  void aDamagedLineIsAnErrorNamingFileAndLine() throws Exception {
    WorstCaseLedger ledger = WorstCaseLedger.in(folder);
    ledger.record("k1", "r1");
    Path file = folder.resolve(WorstCaseLedger.FILE);
    Files.writeString(file, "{\"key\":\"k2\"}\n", StandardOpenOption.APPEND);
    ledger.record("k3", "r3");
    MedcodeException.BadInput bad = assertThrows(MedcodeException.BadInput.class, () -> ledger.unlogged(Set.of()));
    assertTrue(bad.getMessage().startsWith(file + ":2: damaged line"), bad.getMessage());
  }
}
