package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.ml.Synthetic;

/** {@code medcode train} as a user meets it. */
class TrainCommandTest {
  @TempDir
  Path temp;

  @Test
  void trainWritesAModelFolderAndSaysWhatItLearned() throws Exception {
    Path data = Synthetic.writeJsonl(Synthetic.admissions(40, 0, 5), temp.resolve("train.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    Path out = temp.resolve("model");
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("train", "--dataset", "jsonl:" + data, "--coder", "ml-knn",
        "--system", "icd10cm", "--code-table", table.toString(), "--param", "k=5", "--out", out.toString(),
        "--data-dir", temp.resolve("data").toString());
    assertEquals(0, result.exit(), result.err());
    assertTrue(result.out().contains("model        ml-knn (" + out + ")"), result.out());
    assertTrue(result.out().contains("40 admissions (32 fit, 8 validation)"), result.out());
    for (String file : new String[] {"manifest.json", "thresholds.json", "vocabulary.tsv", "labels.txt", "neighbours.bin"}) {
      assertTrue(Files.isRegularFile(out.resolve(file)), file);
    }
    assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"k\" : \"5\""));
  }

  @Test
  void embedRetrievalTrainsItsThresholdAndCopiesTheIndex() throws Exception {
    Path data = Synthetic.writeJsonl(Synthetic.admissions(12, 0, 5), temp.resolve("train.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    Path out = temp.resolve("embed-model");
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("train", "--dataset", "jsonl:" + data, "--coder",
        "embed-retrieval", "--system", "icd10cm", "--code-table", table.toString(), "--out", out.toString(),
        "--data-dir", temp.resolve("data").toString());
    assertEquals(0, result.exit(), result.err());
    assertTrue(result.out().contains("model        embed-retrieval (" + out + ")"), result.out());
    assertTrue(Files.isRegularFile(out.resolve("index/vectors.f32")));
    assertTrue(Files.isRegularFile(out.resolve("thresholds.json")));
  }

  @Test
  void aCoderThatDoesNotTrainIsAUsageError() throws Exception {
    Path data = Synthetic.writeJsonl(Synthetic.admissions(10, 0, 5), temp.resolve("train.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("train", "--dataset", "jsonl:" + data, "--coder", "frequency",
        "--system", "icd10cm", "--code-table", table.toString(), "--out", temp.resolve("m").toString(),
        "--data-dir", temp.resolve("data").toString());
    assertEquals(2, result.exit());
    assertTrue(result.err().contains("does not train"), result.err());
  }
}
