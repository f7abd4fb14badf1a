package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.RunListener;
import org.medcode.coder.ml.Synthetic;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.run.engine.RunOutcome;

/**
 * The stacked ensemble through a whole run: its members are cross-fitted on the training split and the stacker learns
 * from their out-of-fold answers; relabelling the evaluated split (every gold code replaced) changes none of the
 * ensemble's or its members' answers, only their scores. Each run has its own data root, so neither reuses the
 * other's cached models or out-of-fold answers.
 */
class StackedEnsembleLeakageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CODERS = List.of("rules", "ml-linear", "ml-knn", "ensemble");

  @TempDir
  Path temp;

  @Test
  void relabellingTheEvaluatedSplitChangesNoAnswerOfTheCrossFittedEnsemble() throws Exception {
    Path trainFile = Synthetic.writeJsonl(Synthetic.admissions(120, 0, 21), temp.resolve("train.jsonl"));
    List<Admission> evaluated = Synthetic.admissions(40, 5000, 22);
    Path evalFile = Synthetic.writeJsonl(evaluated, temp.resolve("eval.jsonl"));
    Path relabelledFile = Synthetic.writeJsonl(relabelled(evaluated), temp.resolve("eval-relabelled.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));

    Path original = run("original", evalFile, trainFile, table);
    Path other = run("relabelled", relabelledFile, trainFile, table);

    for (String coder : CODERS) {
      assertEquals(answers(original.resolve(coder)), answers(other.resolve(coder)), coder + " answered differently");
    }
    // the relabelling was seen by the evaluation: the same answers score differently
    double f1 = SyntheticRuns.microF1(original.resolve("summary.csv"), "ensemble");
    assertTrue(f1 > 0.9, "ensemble F1 " + f1);
    assertNotEquals(f1, SyntheticRuns.microF1(other.resolve("summary.csv"), "ensemble"));
  }

  /** Every admission's gold codes replaced by the conditions it does not mention. */
  private static List<Admission> relabelled(List<Admission> admissions) {
    List<Admission> out = new ArrayList<>();
    for (Admission a : admissions) {
      List<String> gold = Synthetic.gold(a);
      List<GoldCode> others = Synthetic.CONDITIONS.stream().map(Synthetic.Condition::code)
          .filter(code -> !gold.contains(code)).map(code -> new GoldCode(code, CodeSystemId.ICD10CM)).toList();
      out.add(new Admission(a.id(), a.patientId(), a.notes(), others, a.metadata()));
    }
    return out;
  }

  private Path run(String name, Path evalFile, Path trainFile, Path table) throws Exception {
    Path folder = temp.resolve(name);
    Medcode medcode = SyntheticRuns.medcode(folder, null, RunListener.SILENT);
    Path config = SyntheticRuns.config(folder.resolve("stacked.yaml"), "stacked", evalFile, table, trainFile, List.of(
        "{ name: rules }", "{ name: ml-linear }", "{ name: ml-knn }",
        "{ name: ensemble, members: \"rules,ml-linear,ml-knn\", mode: stacked, folds: 4 }"),
        "{ levels: [exact], invalid: count, bootstrap: 0, k: [1, 5] }", 5);
    Path out = folder.resolve("run");
    RunOutcome outcome = medcode.run(new RunRequest(config, List.of(), null, List.of(), out));
    assertTrue(outcome.complete(), outcome.problems().toString());
    assertTrue(Files.isDirectory(folder.resolve("data/.cache/ensemble-oof")), "no out-of-fold answers were cached");
    return out;
  }

  /** A coder's predictions without their timings. */
  private static Map<String, JsonNode> answers(Path coderFolder) throws Exception {
    Map<String, JsonNode> byAdmission = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(coderFolder.resolve("predictions.jsonl"))) {
      ObjectNode row = (ObjectNode) JSON.readTree(line);
      row.remove("millis");
      byAdmission.put(row.path("admission_id").asText(), row);
    }
    assertEquals(40, byAdmission.size());
    return byAdmission;
  }
}
