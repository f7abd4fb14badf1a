package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.run.Medcode;
import org.medcode.run.RunRequest;
import org.medcode.run.workspace.Workspace;

/**
 * A resume after the dataset or the training split changed is refused naming what changed and its fingerprints before
 * and now (README, Failures). The training split's refusal named neither fingerprint.
 */
class ResumeChangedDataTest {
  @TempDir
  Path temp;

  private Medcode medcode() {
    return new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(),
        RunListener.SILENT));
  }

  @Test
  void aChangedTrainingSplitIsNamedWithItsFingerprintsBeforeAndNow() throws Exception {
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "x", "[ { name: frequency, k: 1 } ]", 0);
    Path out = temp.resolve("run");
    assertTrue(medcode().run(new RunRequest(config, List.of(), null, List.of(), out)).complete());
    String before = org.medcode.run.record.RunManifest.read(out).training().fingerprint();
    Path train = temp.resolve("train.jsonl");
    Files.writeString(train, Files.readString(train).lines().limit(2).map(l -> l + "\n").reduce("", String::concat));
    MedcodeException refused = assertThrows(MedcodeException.class, () -> medcode().resume(out, List.of(), false));
    assertTrue(refused.getMessage().startsWith("cannot resume " + out + ": the training split jsonl:" + train
        + " changed since the run started (fingerprint " + before + ", now "), refused.getMessage());
    assertTrue(!refused.getMessage().contains("now " + before), refused.getMessage());
    assertEquals(2, refused.exitCode());
  }
}
