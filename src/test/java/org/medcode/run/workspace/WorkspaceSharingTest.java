package org.medcode.run.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.RunListener;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.source.SourceRegistry;

class WorkspaceSharingTest {
  @TempDir
  Path temp;

  @Test
  void withinSharingLoadsADatasetAndATableAreLoadedOnceAndOutsideItEveryLoadReadsTheFiles() throws Exception {
    Path data = temp.resolve("a.jsonl");
    Files.writeString(data, admission("A1"));
    Path table = temp.resolve("t.csv");
    Files.writeString(table, "code,description\nR50.9,Fever\n");
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT);
    String spec = "jsonl:" + data;

    List<Object> shared = workspace.sharingLoads(() -> List.of(workspace.loadDataset(spec), workspace.loadDataset(spec),
        workspace.codeTable(CodeSystemId.ICD10CM, null, table, spec),
        workspace.codeTable(CodeSystemId.ICD10CM, null, table, spec)));
    assertSame(shared.get(0), shared.get(1));
    assertSame(shared.get(2), shared.get(3));

    Files.writeString(data, admission("A2"));
    Dataset again = workspace.loadDataset(spec);
    assertNotSame(shared.get(0), again);
    assertEquals("A2", again.admissions().get(0).id(), "a later load sees the file as it is now");
  }

  @Test
  void aTablePrefetchedWhileTheDatasetLoadsIsTheOneAskedForAndAMissOrAFailureLoadsAsAlways() throws Exception {
    Path table = temp.resolve("t.csv");
    Files.writeString(table, "code,description\nR50.9,Fever\n");
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT);
    String spec = "jsonl:" + temp.resolve("a.jsonl");
    workspace.prefetchCodeTable(null, null, table, spec);
    Files.writeString(table, "code,description\nR50.9,Fever\nI10,Hypertension\n"); // after the prefetch started
    assertTrue(workspace.codeTable(CodeSystemId.ICD10CM, null, table, spec).size() >= 1, "the prefetched table");
    assertEquals(2, workspace.codeTable(CodeSystemId.ICD10CM, null, table, spec).size(), "taken once; then as always");
    // a wrong guess is never used: another system is loaded as asked
    Path procedures = temp.resolve("p.csv");
    Files.writeString(procedures, "code,description\n0DTJ4ZZ,Resection of appendix\n");
    workspace.prefetchCodeTable(null, null, procedures, spec); // guessed ICD-10-CM: fails on a procedure code
    assertEquals(CodeSystemId.ICD10PCS, workspace.codeTable(CodeSystemId.ICD10PCS, null, procedures, spec).system().id());
    // a prefetch never asked for is dropped by the next load, never served later with the file as it was
    workspace.prefetchCodeTable(null, null, table, spec); // ICD-10-CM, guessed
    workspace.codeTable(CodeSystemId.ICD10PCS, null, procedures, spec);
    Files.writeString(table, "code,description\nR50.9,Fever\nI10,Hypertension\nN39.0,Urinary tract infection\n");
    assertEquals(3, workspace.codeTable(CodeSystemId.ICD10CM, null, table, spec).size());
    // a prefetch that fails (no such file) gives way to the load, which says what is wrong as it always did
    Path missing = temp.resolve("none.csv");
    workspace.prefetchCodeTable(CodeSystemId.ICD10CM, null, missing, spec);
    String early = assertThrows(RuntimeException.class, () -> workspace.codeTable(CodeSystemId.ICD10CM, null, missing, spec))
        .getMessage();
    String late = assertThrows(RuntimeException.class, () -> workspace.codeTable(CodeSystemId.ICD10CM, null, missing, spec))
        .getMessage();
    assertEquals(late, early);
  }

  @Test
  void aPulledFileThatDoesNotReadSaysHowToCheckAndFetchItAgain() {
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT);
    Path pulled = temp.resolve("data").resolve(SourceRegistry.builtIn().source("icd10cm").folder()).resolve("t.zip");
    MedcodeException damaged = assertThrows(MedcodeException.class, () -> workspace.withData(() -> {
      throw new MedcodeException.BadInput(pulled, 0, "cannot read the zip: zip END header not found");
    }));
    // the data folder is not the checkout's datasets/: each command names it, so that it acts where the error was
    String dataDir = " --data-dir " + temp.resolve("data");
    assertEquals(pulled + ": cannot read the zip: zip END header not found (a file of the pulled source icd10cm that does"
        + " not read: ./medcode data list" + dataDir + " checks it against the checksums recorded when it was pulled, and"
        + " ./medcode data pull icd10cm" + dataDir + " fetches what changed again)", damaged.getMessage());
    assertEquals(2, damaged.exitCode());
    Path own = temp.resolve("mine.csv"); // a user's file: as it was
    MedcodeException.BadInput mine = new MedcodeException.BadInput(own, 3, "bad row");
    assertSame(mine, assertThrows(MedcodeException.class, () -> workspace.withData(() -> {
      throw mine;
    })));
  }

  @Test
  void aPulledFileThatChangedNamesTheDataFolderInItsCommands() {
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT);
    Path pulled = temp.resolve("data").resolve("codiesp").resolve("devD.tsv");
    // as PulledFiles refuses a pulled file whose SHA-256 is no longer the recorded one: the pull in it would fetch into
    // the checkout's datasets/, not into the data folder the error was in
    MedcodeException changed = assertThrows(MedcodeException.class, () -> workspace.withData(() -> {
      throw new MedcodeException.BadInput(pulled, 0, "changed since it was pulled (...): pull it again with ./medcode"
          + " data pull codiesp (./medcode data list shows what changed); ./medcode data pull icd10cm-hierarchy too");
    }));
    String dataDir = " --data-dir " + temp.resolve("data");
    assertEquals(pulled + ": changed since it was pulled (...): pull it again with ./medcode data pull codiesp" + dataDir
        + " (./medcode data list" + dataDir + " shows what changed); ./medcode data pull icd10cm-hierarchy" + dataDir
        + " too", changed.getMessage());
    assertEquals(2, changed.exitCode());
    Workspace here = new Workspace(temp, temp.resolve("datasets"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT); // the checkout's own data folder: the message as it was
    MedcodeException.BadInput own = new MedcodeException.BadInput(pulled, 0, "pull it again with ./medcode data pull x");
    assertSame(own, assertThrows(MedcodeException.class, () -> here.withData(() -> {
      throw own;
    })));
  }

  @Test
  void theLikelySystemOfASpec() {
    assertEquals(CodeSystemId.ICD10CM, Workspace.likelySystem("codiesp:dev:en:D"));
    assertEquals(CodeSystemId.ICD10PCS, Workspace.likelySystem("codiesp:dev:es:P"));
    assertEquals(null, Workspace.likelySystem("codiesp:dev:es:DP"));
    assertEquals(CodeSystemId.ICD9CM, Workspace.likelySystem("mimic-iv:/m?icd=9&codes=diagnoses"));
    assertEquals(CodeSystemId.ICD10PCS, Workspace.likelySystem("mimic-iv:/m?icd=10&codes=procedures"));
    assertEquals(CodeSystemId.ICD10CM, Workspace.likelySystem("csv:n.csv,c.csv"));
    assertEquals(null, Workspace.likelySystem("nonsense:x"));
  }

  private static String admission(String id) {
    return "{\"id\": \"" + id + "\", \"notes\": [{\"text\": \"fever\"}], \"codes\": [{\"system\": \"icd10cm\","
        + " \"code\": \"R50.9\"}]}\n";
  }
}
