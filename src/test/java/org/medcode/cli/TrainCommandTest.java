package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
    for (String file : new String[] {"manifest.json", "thresholds.json", "vocabulary.tsv", "labels.txt", "neighbours.bin",
        "training-ids.txt", "files.sha256"}) {
      assertTrue(Files.isRegularFile(out.resolve(file)), file);
    }
    assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"k\" : \"5\""));
    assertTrue(result.out().matches("(?s).*threshold    \\d\\.\\d{4} \\(global\\); validation micro F1 \\d\\.\\d{3}\n.*"),
        result.out());
    // nothing held out: the threshold was set, not tuned, and no validation F1 exists to print
    MedcodeCommandTest.Result fixed = MedcodeCommandTest.run("train", "--dataset", "jsonl:" + data, "--coder", "ml-knn",
        "--system", "icd10cm", "--code-table", table.toString(), "--param", "validation=0", "--out",
        temp.resolve("fixed").toString(), "--data-dir", temp.resolve("data").toString());
    assertEquals(0, fixed.exit(), fixed.err());
    assertTrue(fixed.out().contains("threshold    0.5000 (global), fixed: no validation part to tune it on"), fixed.out());
    assertTrue(!fixed.out().contains("NaN"), fixed.out());
    // per-code thresholds: the line says how many codes have their own beside the global one
    MedcodeCommandTest.Result perCode = MedcodeCommandTest.run("train", "--dataset", "jsonl:" + data, "--coder", "ml-knn",
        "--system", "icd10cm", "--code-table", table.toString(), "--param", "thresholds=per-code", "--param",
        "per-code-min=1", "--out", temp.resolve("per-code").toString(), "--data-dir", temp.resolve("data").toString());
    assertEquals(0, perCode.exit(), perCode.err());
    assertTrue(perCode.out().matches("(?s).*threshold    \\d\\.\\d{4} \\(global; \\d+ codes with their own\\);.*"),
        perCode.out());

    Path notes = Files.createDirectories(temp.resolve("notes"));
    Files.writeString(notes.resolve("notes.txt"), "mine");
    MedcodeCommandTest.Result refused = MedcodeCommandTest.run("train", "--dataset", "jsonl:" + data, "--coder", "ml-knn",
        "--system", "icd10cm", "--code-table", table.toString(), "--out", notes.toString(),
        "--data-dir", temp.resolve("data").toString());
    assertEquals(2, refused.exit(), refused.err());
    assertTrue(refused.err().contains(notes + " already holds other files"), refused.err());
    assertEquals(List.of(notes.resolve("notes.txt")), Files.list(notes).toList(), "nothing written among them");
  }

  @Test
  void aModelFolderTrainedOnTheEvaluatedAdmissionsIsRefusedUnlessAllowed() throws Exception {
    Path train = Synthetic.writeJsonl(Synthetic.admissions(40, 0, 5), temp.resolve("train.jsonl"));
    Path other = Synthetic.writeJsonl(Synthetic.admissions(40, 0, 5).subList(0, 20), temp.resolve("part.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    Path model = temp.resolve("model");
    assertEquals(0, MedcodeCommandTest.run("train", "--dataset", "jsonl:" + train, "--coder", "ml-knn", "--system", "icd10cm",
        "--code-table", table.toString(), "--param", "k=5", "--out", model.toString(), "--data-dir",
        temp.resolve("data").toString()).exit());
    for (Path evaluated : java.util.List.of(train, other)) {
      Path config = Files.writeString(temp.resolve("c.yaml"), "name: leak\n"
          + "dataset: { spec: \"jsonl:" + evaluated + "\" }\n"
          + "codeSystem: { system: icd10cm, table: \"" + table + "\" }\n"
          + "coders: [ { name: ml-knn, model: \"" + model + "\" } ]\nmetrics: { bootstrap: 0 }\n");
      MedcodeCommandTest.Result refused = MedcodeCommandTest.run("run", config.toString(), "--out",
          temp.resolve("r-" + evaluated.getFileName()).toString(), "--data-dir", temp.resolve("data").toString());
      assertEquals(2, refused.exit(), refused.err() + refused.out());
      assertTrue(refused.err().contains("coder ml-knn: the model folder " + model), refused.err());
      // the training file itself (the same fingerprint), or part of it: said as one sentence either way
      assertTrue(refused.err().contains((evaluated == train ? " learned from all 40 admissions"
          : " learned from 20 of the 20 admissions (e.g. ")), refused.err());
      assertTrue(refused.err().contains(" of the evaluated dataset jsonl:" + evaluated + ": it would be scored"),
          refused.err());
    }
    // the training file gone (a shared model folder): the ids it recorded still tell
    Path moved = Files.move(train, temp.resolve("train.moved"));
    Path copy = Synthetic.writeJsonl(Synthetic.admissions(40, 0, 5).subList(10, 30), temp.resolve("copy.jsonl"));
    Path config = Files.writeString(temp.resolve("c.yaml"), "name: leak\n"
        + "dataset: { spec: \"jsonl:" + copy + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + table + "\" }\n"
        + "coders: [ { name: ml-knn, model: \"" + model + "\" } ]\nmetrics: { bootstrap: 0 }\n");
    MedcodeCommandTest.Result gone = MedcodeCommandTest.run("run", config.toString(), "--out",
        temp.resolve("r-gone").toString(), "--data-dir", temp.resolve("data").toString());
    assertEquals(2, gone.exit(), gone.err() + gone.out());
    assertTrue(gone.err().contains("learned from 20 of the 20 admissions"), gone.err());
    Files.move(moved, train);
    Path allowed = Files.writeString(temp.resolve("c.yaml"), Files.readString(temp.resolve("c.yaml"))
        + "training: { allowOverlap: true }\n");
    MedcodeCommandTest.Result run = MedcodeCommandTest.run("run", allowed.toString(), "--out", temp.resolve("ok").toString(),
        "--data-dir", temp.resolve("data").toString());
    assertEquals(0, run.exit(), run.err() + run.out());
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

    // used for another code system: refused, as the other trained coders refuse it
    Path pcsTable = Files.writeString(temp.resolve("pcs.csv"), "code,description\n0DTJ4ZZ,Resection of appendix\n");
    Path pcs = Files.writeString(temp.resolve("pcs.jsonl"), "{\"id\":\"P1\",\"notes\":[{\"type\":\"n\",\"text\":"
        + "\"appendectomy\"}],\"codes\":[{\"system\":\"icd10pcs\",\"code\":\"0DTJ4ZZ\"}]}\n");
    Path config = Files.writeString(temp.resolve("pcs.yaml"), "name: pcs\ndataset: { spec: \"jsonl:" + pcs + "\" }\n"
        + "codeSystem: { system: icd10pcs, table: \"" + pcsTable + "\" }\n"
        + "coders: [ { name: embed-retrieval, model: \"" + out + "\" } ]\nmetrics: { bootstrap: 0 }\n");
    MedcodeCommandTest.Result refused = MedcodeCommandTest.run("run", config.toString(), "--out",
        temp.resolve("pcs-run").toString(), "--data-dir", temp.resolve("data").toString());
    assertEquals(2, refused.exit(), refused.err() + refused.out());
    assertTrue(refused.err().contains("was trained on icd10cm codes but this run scores icd10pcs"), refused.err());
  }

  @Test
  void aModelParameterIsRefusedNotIgnored() throws Exception {
    Path data = Synthetic.writeJsonl(Synthetic.admissions(40, 0, 5), temp.resolve("train.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    Path out = temp.resolve("model");
    MedcodeCommandTest.Result refused = MedcodeCommandTest.run("train", "--dataset", "jsonl:" + data, "--coder",
        "ml-knn", "--system", "icd10cm", "--code-table", table.toString(), "--param", "model=" + temp.resolve("old"),
        "--out", out.toString(), "--data-dir", temp.resolve("data").toString());
    assertEquals(2, refused.exit(), refused.err() + refused.out());
    assertTrue(refused.err().contains("--param model=" + temp.resolve("old") + ": train does not start from a model"
        + " folder"), refused.err());
    assertTrue(!Files.exists(out.resolve("manifest.json")), "no model written");
  }

  @Test
  void aModelFolderOfAnotherCoderOrCodeSystemIsRefusedByTheDryRunToo() throws Exception {
    Path data = Synthetic.writeJsonl(Synthetic.admissions(40, 0, 5), temp.resolve("train.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    Path model = temp.resolve("model");
    assertEquals(0, MedcodeCommandTest.run("train", "--dataset", "jsonl:" + data, "--coder", "ml-knn", "--system",
        "icd10cm", "--code-table", table.toString(), "--param", "k=5", "--out", model.toString(), "--data-dir",
        temp.resolve("data").toString()).exit());
    Path pcsTable = Files.writeString(temp.resolve("pcs.csv"), "code,description\n0DTJ4ZZ,Resection of appendix\n");
    Path pcs = Files.writeString(temp.resolve("pcs.jsonl"), "{\"id\":\"P1\",\"notes\":[{\"type\":\"n\",\"text\":"
        + "\"appendectomy\"}],\"codes\":[{\"system\":\"icd10pcs\",\"code\":\"0DTJ4ZZ\"}]}\n");
    Path otherSystem = Files.writeString(temp.resolve("pcs.yaml"), "name: pcs\ndataset: { spec: \"jsonl:" + pcs
        + "\" }\ncodeSystem: { system: icd10pcs, table: \"" + pcsTable + "\" }\n"
        + "coders: [ { name: ml-knn, model: \"" + model + "\" } ]\nmetrics: { bootstrap: 0 }\n");
    Path otherCoder = Files.writeString(temp.resolve("linear.yaml"), "name: linear\ndataset: { spec: \"jsonl:" + data
        + "\" }\ncodeSystem: { system: icd10cm, table: \"" + table + "\" }\n"
        + "coders: [ { name: ml-linear, model: \"" + model + "\" } ]\ntraining: { allowOverlap: true }\n"
        + "metrics: { bootstrap: 0 }\n");
    for (var refusal : java.util.Map.of(otherSystem, "was trained on icd10cm codes but this run scores icd10pcs",
        otherCoder, "holds a ml-knn model; use it with coder ml-knn").entrySet()) {
      MedcodeCommandTest.Result dry = MedcodeCommandTest.run("run", refusal.getKey().toString(), "--dry-run",
          "--results-dir", temp.resolve("results").toString(), "--data-dir", temp.resolve("data").toString());
      assertEquals(2, dry.exit(), dry.err() + dry.out());
      assertTrue((dry.err() + dry.out()).contains(refusal.getValue()), dry.err() + dry.out());
      MedcodeCommandTest.Result run = MedcodeCommandTest.run("run", refusal.getKey().toString(), "--results-dir",
          temp.resolve("results").toString(), "--data-dir", temp.resolve("data").toString());
      assertEquals(2, run.exit(), run.err() + run.out());
      assertTrue(run.err().contains(refusal.getValue()), run.err());
    }
  }

  @Test
  void trainSaysWhatTheLoaderSaysAboutItsData() throws Exception {
    Path data = Synthetic.writeJsonl(Synthetic.admissions(40, 0, 5), temp.resolve("train.jsonl"));
    Files.writeString(data, "{\"id\":\"NOCODE\",\"notes\":[{\"type\":\"n\",\"text\":\"nothing coded\"}],"
        + "\"codes\":[]}\n", java.nio.file.StandardOpenOption.APPEND);
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    java.io.PrintStream stderr = System.err; // the console listener writes warnings there
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    MedcodeCommandTest.Result result;
    try {
      System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      result = MedcodeCommandTest.run("train", "--dataset", "jsonl:" + data, "--coder", "ml-knn", "--system", "icd10cm",
          "--code-table", table.toString(), "--param", "k=5", "--out", temp.resolve("model").toString(), "--data-dir",
          temp.resolve("data").toString());
    } finally {
      System.setErr(stderr);
    }
    String warnings = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, result.exit(), result.err());
    assertTrue(warnings.contains("warning: jsonl:" + data + ": 1 of 41 admissions has no gold codes"), warnings);
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
  @Test
  void aTrainStoppedWhileWritingLeavesNoModelInItsFolder() throws Exception {
    Path data = Synthetic.writeJsonl(Synthetic.admissions(10, 0, 5), temp.resolve("train.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    Path out = temp.resolve("models").resolve("m");
    // the test coder cut-short writes manifest.json and stops, as a train killed while writing its folder would
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("train", "--dataset", "jsonl:" + data, "--coder",
        "cut-short", "--system", "icd10cm", "--code-table", table.toString(), "--out", out.toString(),
        "--data-dir", temp.resolve("data").toString());
    assertTrue(result.exit() != 0, result.err());
    assertTrue(!Files.exists(out.resolve("manifest.json")), "a half-written model folder was left in " + out);
    try (var left = Files.list(out.getParent())) {
      assertEquals(List.of(), left.toList()); // nor a part of one beside it
    }
  }

  /**
   * Before: a train killed while it wrote (kill -9) left its {@code OUT.part…} folder for good; the next train into OUT
   * wrote its model beside it and said nothing. Now the next train into OUT removes it, and says so, but never the part
   * folder of a train into OUT that is still writing.
   */
  @Test
  void theNextTrainRemovesThePartFolderOfAKilledTrainButNotOfOneStillWriting() throws Exception {
    Path data = Synthetic.writeJsonl(Synthetic.admissions(40, 0, 5), temp.resolve("train.jsonl"));
    Path table = Synthetic.writeTable(temp.resolve("table.csv"));
    Path out = temp.resolve("models").resolve("m");
    String[] slow = {"train", "--dataset", "jsonl:" + data, "--coder", "cut-short", "--param", "wait=120000", "--system",
        "icd10cm", "--code-table", table.toString(), "--out", out.toString()};
    Process writing = org.medcode.MedcodeProcess.start(temp.resolve("data"), slow);
    try {
      Path writingPart = awaitPart(writing, out, Set.of());
      Process killed = org.medcode.MedcodeProcess.start(temp.resolve("data"), slow);
      Path killedPart = awaitPart(killed, out, Set.of(writingPart));
      killed.destroyForcibly(); // SIGKILL: no finally block runs
      assertTrue(killed.waitFor(1, TimeUnit.MINUTES));
      Process next = org.medcode.MedcodeProcess.start(temp.resolve("data"), "train", "--dataset", "jsonl:" + data,
          "--coder", "ml-knn", "--system", "icd10cm", "--code-table", table.toString(), "--out", out.toString());
      String output = new String(next.getInputStream().readAllBytes());
      assertTrue(next.waitFor(2, TimeUnit.MINUTES), output);
      assertEquals(0, next.exitValue(), output);
      assertTrue(output.contains("removed " + killedPart + ", the part folder of a train into " + out
          + " that was killed"), output);
      assertTrue(Files.isRegularFile(out.resolve("files.sha256")), "the model is in place");
      try (var left = Files.list(out.getParent())) {
        assertEquals(List.of(out, writingPart, Path.of(writingPart + ".lock")), left.sorted().toList(),
            "the killed train's part folder is gone, the one still writing is left to it");
      }
      assertTrue(Files.isRegularFile(writingPart.resolve("manifest.json")) && writing.isAlive());
    } finally {
      writing.destroyForcibly();
      writing.waitFor(1, TimeUnit.MINUTES);
    }
  }

  /** The part folder of {@code out} a train process writes (not one of {@code known}), once it holds its manifest. */
  private static Path awaitPart(Process train, Path out, Set<Path> known) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline && train.isAlive()) {
      if (Files.isDirectory(out.getParent())) {
        try (var siblings = Files.list(out.getParent())) {
          Optional<Path> part = siblings.filter(p -> p.getFileName().toString().matches("m\\.part\\d+"))
              .filter(p -> !known.contains(p) && Files.isRegularFile(p.resolve("manifest.json"))).findFirst();
          if (part.isPresent()) {
            return part.get();
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no part folder of " + out + " appeared; the train "
        + (train.isAlive() ? "is still running" : "ended: " + new String(train.getInputStream().readAllBytes())));
  }
}
