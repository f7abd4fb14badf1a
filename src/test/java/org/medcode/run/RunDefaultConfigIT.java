package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TestData;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Counts;
import org.medcode.report.CoderReport;

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
    Medcode medcode = new Medcode(Path.of("").toAbsolutePath(), root, temp, null, false, Clock.systemUTC());
    Path out = temp.resolve("run");
    Medcode.RunOutcome outcome = medcode.run(new RunRequest(null, List.of("metrics.bootstrap=100"), null, List.of("frequency"),
        out), new PrintStream(new ByteArrayOutputStream()), false);
    assertTrue(outcome.complete());
    CoderReport frequency = outcome.coders().get(0);
    assertEquals(new Counts(310, 2190, 2367), frequency.evaluation().result().level(Granularity.EXACT).orElseThrow().micro());
    assertEquals(250, frequency.answered());
    assertEquals(0, frequency.failed());

    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    RunConfig replayed = RunConfigs.fromTree((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("config"), "manifest");
    assertEquals(RunConfigs.load(out.resolve("config.yaml"), List.of()), replayed);
    assertEquals("complete", manifest.get("status").asText());
    assertEquals("FY2018", manifest.get("code_table").get("version").asText());
    assertEquals(64, manifest.get("dataset").get("fingerprint").asText().length());
    assertTrue(Files.exists(out.resolve("frequency/manifest.json")));
    assertTrue(Files.readString(out.resolve("summary.csv")).startsWith("coder,granularity,averaging,metric"));
  }
}
