package org.medcode.coder.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medcode.MedcodeException;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.training.Thresholds;
import org.medcode.coder.training.TrainingData;
import org.medcode.coder.training.TrainingSource;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;

/** ml-linear and ml-knn learn a corpus whose right answer is known, and keep what they learned frozen. */
class MlCodersTest {
  private static final long SEED = 7;
  private static final CodeTable TABLE = Synthetic.table();
  private static final List<Admission> TRAINING = Synthetic.admissions(120, 0, 1);
  private static final List<Admission> TEST = Synthetic.admissions(40, 1000, 2);

  @TempDir
  Path temp;

  private static Map<String, String> parameters(ModelKind kind, String... pairs) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      given.put(pairs[i], pairs[i + 1]);
    }
    return CoderParameters.resolve(new MlCoderFactory(kind), given);
  }

  private Coder coder(ModelKind kind, List<Admission> training, Path cache) throws Exception {
    return new MlCoderFactory(kind).create(new CoderContext(TABLE, training, temp, cache, SEED), parameters(kind));
  }

  private static List<String> codes(Coder coder, Admission admission) throws Exception {
    return coder.code(admission).codes().stream().map(CodeSuggestion::code).sorted().toList();
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void learnsTheConditionsOfASyntheticCorpus(ModelKind kind) throws Exception {
    Coder coder = coder(kind, TRAINING, temp.resolve("cache"));
    int exact = 0;
    for (Admission admission : TEST) {
      List<CodeSuggestion> answer = coder.code(admission).codes();
      assertTrue(answer.stream().allMatch(c -> c.score() != null), "every ML suggestion has a score");
      if (codes(coder, admission).equals(Synthetic.gold(admission))) {
        exact++;
      }
    }
    // each condition always comes with its own phrase, so the code sets should be found exactly (allow a few misses)
    assertTrue(exact >= 36, kind + ": " + exact + " of 40 admissions coded exactly");
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void theGoldCodesOfTheAdmissionsCodedNeverChangeTheAnswer(ModelKind kind) throws Exception {
    Coder coder = coder(kind, TRAINING, temp.resolve("cache"));
    for (Admission admission : TEST) {
      Admission relabelled = new Admission(admission.id(), admission.patientId(), admission.notes(),
          List.of(new GoldCode("S72001A", CodeSystemId.ICD10CM)), admission.metadata());
      Admission unlabelled = new Admission(admission.id(), admission.patientId(), admission.notes(), List.of(), Map.of());
      assertEquals(coder.code(admission).codes(), coder.code(relabelled).codes());
      assertEquals(coder.code(admission).codes(), coder.code(unlabelled).codes());
    }
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void thresholdsComeFromTheTrainingSplitOnlyAndWouldChangeWithOtherLabels(ModelKind kind) {
    Map<String, String> p = parameters(kind);
    Thresholds fromTraining = MlTrainer.train(kind, TRAINING, TABLE, p, SEED, TrainingSource.UNKNOWN).thresholds();
    // the same training texts with different labels on the validation part give different thresholds: so labels
    // matter to tuning, and the coder above (built from TRAINING only) cannot have seen the evaluated split's labels
    TrainingData.Split split = TrainingData.carve(TRAINING, 0.2, SEED);
    List<Admission> noisy = new ArrayList<>();
    for (Admission a : TRAINING) {
      boolean validation = split.validation().contains(a);
      noisy.add(!validation ? a : new Admission(a.id(), a.patientId(), a.notes(),
          List.of(new GoldCode("S72001A", CodeSystemId.ICD10CM), new GoldCode("I10", CodeSystemId.ICD10CM)), a.metadata()));
    }
    Thresholds fromNoisy = MlTrainer.train(kind, noisy, TABLE, p, SEED, TrainingSource.UNKNOWN).thresholds();
    assertNotEquals(fromTraining, fromNoisy);
    // and coding the test split leaves the frozen thresholds as they were
    TrainedModel model = MlTrainer.train(kind, TRAINING, TABLE, p, SEED, TrainingSource.UNKNOWN);
    Thresholds before = model.thresholds();
    TEST.forEach(a -> model.predict(a.text()));
    assertEquals(before, model.thresholds());
    assertEquals(fromTraining, before);
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void aSavedModelLoadsToIdenticalPredictions(ModelKind kind) {
    TrainedModel model = MlTrainer.train(kind, TRAINING, TABLE, parameters(kind), SEED,
        new TrainingSource("jsonl:train.jsonl", "abc"));
    Path folder = temp.resolve("model");
    ModelStore.write(model, folder);
    TrainedModel loaded = ModelStore.read(folder);
    assertEquals(model.manifest(), loaded.manifest());
    assertEquals(model.thresholds(), loaded.thresholds());
    assertEquals(model.labels(), loaded.labels());
    for (Admission admission : TEST) {
      assertEquals(model.scores(admission.text()), loaded.scores(admission.text()));
      assertEquals(model.predict(admission.text()), loaded.predict(admission.text()));
    }
    assertEquals("jsonl:train.jsonl", loaded.manifest().training().spec());
    assertEquals(TrainingData.contentSha256(TRAINING, CodeSystemId.ICD10CM), loaded.manifest().training().contentSha256());
    assertEquals("icd10cm", loaded.manifest().codeSystem().system());
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void aModelFolderEditedOrCutSinceTrainingIsRefused(ModelKind kind) throws Exception {
    TrainedModel model = MlTrainer.train(kind, TRAINING, TABLE, parameters(kind), SEED, TrainingSource.UNKNOWN);
    Path folder = temp.resolve("damaged");
    ModelStore.write(model, folder);
    List<String> labels = Files.readAllLines(folder.resolve("labels.txt"));
    Files.write(folder.resolve("labels.txt"), labels.subList(1, labels.size())); // one label line lost
    MedcodeException e = assertThrows(MedcodeException.class, () -> ModelStore.read(folder));
    assertTrue(e.getMessage().contains("is not the one that was trained: labels.txt (changed)"), e.getMessage());
    assertEquals(2, e.exitCode());

    // a folder that lost its record (a partial copy) is refused: the medcode that wrote training-ids.txt wrote it too
    Path partial = temp.resolve("partial");
    ModelStore.write(model, partial);
    Files.writeString(partial.resolve(org.medcode.coder.training.TrainingIds.FILE), "ids\n"); // as ./medcode train writes
    Files.delete(partial.resolve(org.medcode.coder.training.ModelFolders.CHECKSUMS));
    MedcodeException lost = assertThrows(MedcodeException.class, () -> ModelStore.read(partial));
    assertTrue(lost.getMessage().contains("has no files.sha256, which the medcode that trained it wrote"), lost.getMessage());
    // a folder without the record (written before it existed, so without training-ids.txt too) is still checked
    // against its manifest's counts
    Files.delete(folder.resolve(org.medcode.coder.training.ModelFolders.CHECKSUMS));
    Files.deleteIfExists(folder.resolve(org.medcode.coder.training.TrainingIds.FILE));
    MedcodeException counts = assertThrows(MedcodeException.class, () -> ModelStore.read(folder));
    assertTrue(counts.getMessage().contains("records " + labels.size() + " labels"), counts.getMessage());

    Path cut = temp.resolve("cut");
    ModelStore.write(model, cut);
    Files.delete(cut.resolve(org.medcode.coder.training.ModelFolders.CHECKSUMS));
    Files.deleteIfExists(cut.resolve(org.medcode.coder.training.TrainingIds.FILE));
    String estimator = kind == ModelKind.LINEAR ? "weights.bin" : "neighbours.bin";
    byte[] bytes = Files.readAllBytes(cut.resolve(estimator));
    Files.write(cut.resolve(estimator), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    MedcodeException early = assertThrows(MedcodeException.class, () -> ModelStore.read(cut));
    assertTrue(early.getMessage().contains("a file ends early; copy it again whole or train it again"),
        early.getMessage());
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void trainingWithNothingToLearnIsRefusedRatherThanWritingAnEmptyModel(ModelKind kind) {
    List<Admission> uncoded = new ArrayList<>();
    List<Admission> silent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      uncoded.add(new Admission("U" + i, null, List.of(new org.medcode.dataset.Note("n", "chest pain " + i)), List.of(),
          Map.of()));
      silent.add(new Admission("S" + i, null, List.of(), TRAINING.get(i).codes(), Map.of()));
    }
    MedcodeException noCodes = assertThrows(MedcodeException.class,
        () -> MlTrainer.train(kind, uncoded, TABLE, parameters(kind), SEED, TrainingSource.UNKNOWN));
    assertTrue(noCodes.getMessage().contains("have no icd10cm code"), noCodes.getMessage());
    MedcodeException noText = assertThrows(MedcodeException.class,
        () -> MlTrainer.train(kind, silent, TABLE, parameters(kind), SEED, TrainingSource.UNKNOWN));
    assertTrue(noText.getMessage().contains("have no note text to learn from"), noText.getMessage());
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void theSecondRunLoadsTheCachedModelInsteadOfTraining(ModelKind kind) {
    Path cache = temp.resolve("cache");
    CoderContext context = new CoderContext(TABLE, TRAINING, temp, cache, SEED);
    ModelCache.Obtained first = ModelCache.obtain(kind, context, parameters(kind));
    ModelCache.Obtained second = ModelCache.obtain(kind, context, parameters(kind));
    assertEquals(ModelCache.Origin.TRAINED, first.origin());
    assertEquals(ModelCache.Origin.CACHE, second.origin());
    assertEquals(first.folder(), second.folder());
    assertEquals(first.model().predict(TEST.get(0).text()), second.model().predict(TEST.get(0).text()));
    // other parameters or other training data: another model
    assertEquals(ModelCache.Origin.TRAINED, ModelCache.obtain(kind, context, parameters(kind, "max-codes", "5")).origin());
    CoderContext other = new CoderContext(TABLE, TRAINING.subList(0, 100), temp, cache, SEED);
    assertEquals(ModelCache.Origin.TRAINED, ModelCache.obtain(kind, other, parameters(kind)).origin());
    // a model folder given as a parameter is used as it is
    ModelCache.Obtained given = ModelCache.obtain(kind, new CoderContext(TABLE, List.of(), temp, cache, SEED),
        parameters(kind, "model", first.folder().toString()));
    assertEquals(ModelCache.Origin.MODEL_FOLDER, given.origin());
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void aCachedModelDamagedSinceIsTrainedAgainNotRefusedRunAfterRun(ModelKind kind) throws Exception {
    List<String> warnings = new ArrayList<>();
    CoderContext context = new CoderContext(TABLE, TRAINING, temp, temp.resolve("cache"), SEED, CoderContext.NO_PEERS,
        false, org.medcode.coder.Warnings.into(warnings));
    ModelCache.Obtained first = ModelCache.obtain(kind, context, parameters(kind));
    Files.writeString(first.folder().resolve("thresholds.json"), " ", java.nio.file.StandardOpenOption.APPEND);
    ModelCache.Obtained again = ModelCache.obtain(kind, context, parameters(kind));
    assertEquals(ModelCache.Origin.TRAINED, again.origin());
    assertEquals(first.folder(), again.folder());
    assertEquals(first.model().predict(TEST.get(0).text()), again.model().predict(TEST.get(0).text()));
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("is damaged") && warnings.get(0).contains("thresholds.json (changed)"),
        warnings.get(0));
    // the folder put back is whole: the next run reads it
    assertEquals(ModelCache.Origin.CACHE, ModelCache.obtain(kind, context, parameters(kind)).origin());
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void withoutTrainingDataOrModelTheCoderSaysWhatToDo(ModelKind kind) {
    var error = org.junit.jupiter.api.Assertions.assertThrows(org.medcode.MedcodeException.class,
        () -> coder(kind, List.of(), temp.resolve("cache")));
    assertTrue(error.getMessage().contains("training: { spec:"), error.getMessage());
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void aModelTrainedWithAnotherTableYearWarnsAndAnnotatesEveryPrediction(ModelKind kind) throws Exception {
    Path folder = temp.resolve("model");
    ModelStore.write(MlTrainer.train(kind, TRAINING, TABLE, parameters(kind), SEED, TrainingSource.UNKNOWN), folder);
    // the run's table is another version, and it lost one of the six codes the model learned
    Map<String, CodeEntry> entries = new LinkedHashMap<>(TABLE.entries());
    entries.remove("K3580");
    CodeTable nextYear = CodeTable.of(TABLE.system(), "next", entries);
    Map<String, String> p = parameters(kind, "model", folder.toString());
    CoderContext context = new CoderContext(nextYear, List.of(), temp, temp.resolve("cache"), SEED);
    List<String> warnings = ModelCache.obtain(kind, context, p).warnings();
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("trained with the icd10cm table synthetic but this run codes with next; 1 of its 6"
        + " codes is not in next"), warnings.get(0));
    Coder coder = new MlCoderFactory(kind).create(context, p);
    for (Admission admission : TEST.subList(0, 3)) {
      assertEquals(Map.of(org.medcode.coder.training.ModelManifest.CodeSystemInfo.TABLE_ANNOTATION, "synthetic (run: next)"), coder.code(admission).annotations());
    }
    // the model's own table: no warning, no annotation
    CoderContext same = new CoderContext(TABLE, List.of(), temp, temp.resolve("cache"), SEED);
    assertEquals(List.of(), ModelCache.obtain(kind, same, p).warnings());
    assertEquals(Map.of(), new MlCoderFactory(kind).create(same, p).code(TEST.get(0)).annotations());
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void aModelTrainedWithAnotherTableOfTheSameNameWarnsToo(ModelKind kind) throws Exception {
    Path folder = temp.resolve("model");
    ModelStore.write(MlTrainer.train(kind, TRAINING, TABLE, parameters(kind), SEED, TrainingSource.UNKNOWN), folder);
    // a user table is named by its file: another table.csv, or the same one edited, has the same version
    Map<String, CodeEntry> entries = new LinkedHashMap<>(TABLE.entries());
    entries.remove("K3580");
    CodeTable edited = CodeTable.of(TABLE.system(), TABLE.version(), entries);
    Map<String, String> p = parameters(kind, "model", folder.toString());
    List<String> warnings = ModelCache.obtain(kind, new CoderContext(edited, List.of(), temp, temp.resolve("cache"), SEED),
        p).warnings();
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("this run codes with synthetic of other contents (another file of that name, or"
        + " the file edited since); 1 of its 6 codes is not in synthetic"), warnings.get(0));
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void aModelOfAnotherCodeSystemIsRefused(ModelKind kind) {
    Path folder = temp.resolve("model");
    ModelStore.write(MlTrainer.train(kind, TRAINING, TABLE, parameters(kind), SEED, TrainingSource.UNKNOWN), folder);
    CodeTable procedures = CodeTable.formatOnly(CodeSystems.syntax(CodeSystemId.ICD10PCS));
    var error = org.junit.jupiter.api.Assertions.assertThrows(org.medcode.MedcodeException.class,
        () -> ModelCache.obtain(kind, new CoderContext(procedures, List.of(), temp, temp.resolve("cache"), SEED),
            parameters(kind, "model", folder.toString())));
    assertTrue(error.getMessage().contains("was trained on icd10cm codes but this run scores icd10pcs"), error.getMessage());
  }
}
