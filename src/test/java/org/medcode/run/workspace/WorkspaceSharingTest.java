package org.medcode.run.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.RunListener;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.Dataset;

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

  private static String admission(String id) {
    return "{\"id\": \"" + id + "\", \"notes\": [{\"text\": \"fever\"}], \"codes\": [{\"system\": \"icd10cm\","
        + " \"code\": \"R50.9\"}]}\n";
  }
}
