package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.eval.EvalOptions;
import org.medcode.run.engine.EvaluateSpec;
import org.medcode.run.workspace.Workspace;

/**
 * One predictions file scores the same through {@code evaluate} and through a run with the {@code replay} coder. The
 * replay coder handed the run only a code's canonical form, so a code written with its dot out of its system's place
 * ({@code E1.19}), which {@code evaluate} scores as malformed, was scored in the run as {@code E11.9}, a true positive.
 *
 * <pre>
 * A1 gold E11.9 I10 ; predicted E1.19 (malformed) I10 → tp 1 fp 1 fn 1
 * A2 gold E11.9     ; predicted E119 E11.9 (one code) → tp 1
 * exact micro P 2/3, R 2/3, F1 2/3; predicted invalid 1 (malformed)
 * </pre>
 */
class ReplayMisplacedDotTest {
  @TempDir
  Path temp;

  @Test
  void aMisplacedDotIsMalformedThroughEvaluateAndThroughReplay() throws Exception {
    Files.writeString(temp.resolve("p.tsv"), "A1\tE1.19\nA1\tI10\nA2\tE119\nA2\tE11.9\n");
    Path config = TinyData.write(temp, new String[][] {{"E11.9", "I10"}, {"E11.9"}}, 1, i -> "x",
        "[ { name: replay, file: \"" + temp.resolve("p.tsv") + "\" } ]", 0);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    medcode.evaluate(new EvaluateSpec("jsonl:" + temp.resolve("dev.jsonl"), temp.resolve("p.tsv"), null, null, null,
        temp.resolve("t.csv"), EvalOptions.defaults().pointOnly(), temp.resolve("ev")));
    medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run")));
    ObjectMapper json = new ObjectMapper();
    JsonNode evaluated = json.readTree(temp.resolve("ev/metrics.json").toFile());
    JsonNode replayed = json.readTree(temp.resolve("run/replay/metrics.json").toFile());
    assertEquals(1, evaluated.at("/code_validity/predicted_malformed").asInt(), evaluated.toString());
    assertEquals(2.0 / 3, evaluated.at("/levels/exact/metrics/micro/f1/value").asDouble(), 1e-12, evaluated.toString());
    assertEquals(evaluated.get("code_validity"), replayed.get("code_validity"));
    assertEquals(evaluated.at("/levels/exact/metrics/micro"), replayed.at("/levels/exact/metrics/micro"));
    assertEquals(evaluated.at("/levels/exact/metrics/per-admission"), replayed.at("/levels/exact/metrics/per-admission"));
  }
}
