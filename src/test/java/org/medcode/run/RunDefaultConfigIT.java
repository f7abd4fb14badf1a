package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TestData;
import org.medcode.coder.RunListener;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Counts;
import org.medcode.report.CoderReport;
import org.medcode.run.engine.RunOutcome;
import org.medcode.run.record.RunConfigs;
import org.medcode.run.record.RunManifest;
import org.medcode.run.workspace.Workspace;

/**
 * The default config on the real CodiEsp data, through the facade: the {@code frequency} coder run by the harness must
 * score exactly like the example predictions file made outside it (the same ten codes for every admission), and the
 * manifest must replay to the same config.
 */
class RunDefaultConfigIT {
  @TempDir
  Path temp;

  @Test
  void frequencyCoderMatchesTheIndependentlyMadeBaselineFile() throws Exception {
    Path root = TestData.require("codiesp/final_dataset_v4_to_publish/train", "codiesp/final_dataset_v4_to_publish/dev",
        "icd10cm-cms", "icd10cm-hierarchy");
    Medcode medcode = new Medcode(new Workspace(Path.of("").toAbsolutePath(), root, temp, null, false, Clock.systemUTC(), RunListener.SILENT));
    Path out = temp.resolve("run");
    RunOutcome outcome = medcode.run(new RunRequest(null, List.of("metrics.bootstrap=100"), null, List.of("frequency"),
        out));
    assertTrue(outcome.complete());
    CoderReport frequency = outcome.coders().get(0);
    assertEquals(new Counts(310, 2190, 2367), frequency.evaluation().result().level(Granularity.EXACT).orElseThrow().micro());
    assertEquals(250, frequency.answered());
    assertEquals(0, frequency.failed());

    RunManifest manifest = RunManifest.read(out);
    assertEquals(RunConfigs.load(out.resolve("config.yaml"), List.of()), manifest.config(), "the manifest replays the run");
    assertEquals("complete", manifest.status());
    assertEquals("FY2018", manifest.codeTable().version());
    assertEquals(64, manifest.dataset().fingerprint().length());
    assertTrue(Files.exists(out.resolve("frequency/manifest.json")));
    assertTrue(Files.readString(out.resolve("summary.csv")).startsWith("coder,granularity,averaging,metric"));
  }
}
