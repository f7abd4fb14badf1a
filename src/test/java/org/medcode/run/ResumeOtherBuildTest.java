package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.run.engine.RunOutcome;
import org.medcode.coder.RunListener;
import org.medcode.coder.ml.Synthetic;
import org.medcode.run.engine.RunSession;
import org.medcode.run.record.RunManifest;

/**
 * A run folder resumed by another build than the one that last ran it: its coders' code or defaults may have changed
 * (a stacked ensemble's member-min-score did), so the remaining admissions may be coded otherwise; said, not silent.
 */
class ResumeOtherBuildTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  @Test
  void aResumeByAnotherBuildWarnsThatTheRemainingAdmissionsAreCodedAsThisBuildDoes() throws Exception {
    Path trainFile = Synthetic.writeJsonl(Synthetic.admissions(40, 0, 31), temp.resolve("train.jsonl"));
    Path evalFile = Synthetic.writeJsonl(Synthetic.admissions(12, 5000, 32), temp.resolve("eval.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    RunListener listener = org.medcode.coder.Warnings.into(warnings);
    Medcode medcode = SyntheticRuns.medcode(temp, null, listener);
    Path config = SyntheticRuns.config(temp.resolve("c.yaml"), "c", evalFile, table, trainFile,
        List.of("{ name: ml-knn }"), "{ levels: [exact], invalid: count, bootstrap: 0, k: [1] }", 5);
    Path out = temp.resolve("run");
    assertTrue(medcode.run(new RunRequest(config, List.of(), null, List.of(), out)).complete());
    Path predictions = out.resolve("ml-knn/predictions.jsonl");

    // killed after 4 of 12 admissions, resumed by the same build: nothing to say
    Files.write(predictions, Files.readAllLines(predictions).subList(0, 4));
    warnings.clear();
    assertTrue(medcode.resume(out, List.of(), false).complete());
    assertTrue(warnings.stream().noneMatch(w -> w.contains("last run by medcode")), warnings.toString());

    // as an older build left it
    ObjectNode manifest = (ObjectNode) JSON.readTree(out.resolve("manifest.json").toFile());
    ((ObjectNode) manifest.path("harness")).put("version", "0.0.9").put("git_commit", "0123456789abcdef0123");
    Files.writeString(out.resolve("manifest.json"), manifest.toPrettyString());
    Files.write(predictions, Files.readAllLines(predictions).subList(0, 4));
    warnings.clear();
    RunOutcome resumed = medcode.resume(out, List.of(), false);
    assertTrue(resumed.complete(), resumed.problems().toString());
    assertEquals(12, Files.readAllLines(predictions).size());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("this run folder was last run by medcode 0.0.9 (commit"
        + " 0123456789ab) and is resumed by medcode ") && w.contains("codes its remaining admissions as this build does")),
        warnings.toString());
    // a resume with nothing left to code has nothing to warn about
    warnings.clear();
    assertTrue(medcode.resume(out, List.of(), false).complete());
    assertTrue(warnings.stream().noneMatch(w -> w.contains("last run by medcode")), warnings.toString());
  }

  @Test
  void anotherCommitIsAnotherBuildOnlyWhenBothAreKnown() {
    RunManifest.Harness a = new RunManifest.Harness("1.0", "aaaaaaaaaaaaaaaa", "17");
    assertEquals(Optional.empty(), RunSession.otherBuild(a, new RunManifest.Harness("1.0", "aaaaaaaaaaaaaaaa", "21")));
    assertEquals(Optional.empty(), RunSession.otherBuild(a, new RunManifest.Harness("1.0", "unknown", "17")));
    assertEquals(Optional.empty(), RunSession.otherBuild(null, a));
    assertTrue(RunSession.otherBuild(a, new RunManifest.Harness("1.0", "bbbbbbbbbbbbbbbb", "17")).orElseThrow()
        .startsWith("this run folder was last run by medcode 1.0 (commit aaaaaaaaaaaa) and is resumed by medcode"
            + " 1.0 (commit bbbbbbbbbbbb)"));
    assertTrue(RunSession.otherBuild(a, new RunManifest.Harness("1.1", "unknown", "17")).isPresent());
  }
}
