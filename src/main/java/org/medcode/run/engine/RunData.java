package org.medcode.run.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.medcode.Ids;
import org.medcode.MedcodeException;
import org.medcode.coder.Trainable;
import org.medcode.coder.training.ModelFolders;
import org.medcode.coder.training.ModelManifest;
import org.medcode.coder.training.TrainingIds;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.eval.HardAdmissions;
import org.medcode.run.record.RunConfig;
import org.medcode.run.record.RunManifest;
import org.medcode.run.workspace.Workspace;

/** What a run config names, loaded: the dataset to code, the code table to score with, the training split (or null). */
record RunData(Dataset dataset, CodeTable table, Dataset training) {
  /**
   * Loads the dataset, its code table and the training split, in that order; with {@code refuseEvaluatedSplit}, a
   * training split that is the split being evaluated is refused before it is loaded.
   */
  static RunData load(Workspace workspace, RunConfig config, boolean refuseEvaluatedSplit, Path base) {
    prefetchTable(workspace, config, base);
    Dataset dataset = workspace.loadDataset(config.dataset(), base);
    return load(workspace, config, dataset, refuseEvaluatedSplit, base);
  }

  /**
   * Starts loading the run's code table on another thread, to load while the dataset does
   * ({@link Workspace#prefetchCodeTable}).
   */
  static void prefetchTable(Workspace workspace, RunConfig config, Path base) {
    RunConfig.CodeSystemRef ref = config.codeSystem();
    CodeSystemId system;
    try {
      system = ref.system() == null ? null : CodeSystemId.parse(ref.system());
    } catch (IllegalArgumentException e) {
      return; // the load says what is wrong with it
    }
    workspace.prefetchCodeTable(system, ref.year(), userTable(config, base), Workspace.specFor(config.dataset(), base));
  }

  /**
   * Refuses a table of your own whose codes or billable flags are not those the run recorded ({@code sha256} of its
   * manifest's code table; a run of an older medcode recorded none): read as it is now under the same name, it would
   * score the run's predictions otherwise than the run did. {@code changed} says where: "since the run in FOLDER".
   */
  static void refuseChangedTable(RunManifest.TableRef recorded, RunConfig config, Path base, CodeTable table,
      String prefix, String changed, String advice) {
    if (recorded == null || recorded.sha256() == null) {
      return;
    }
    String now = table.codesSha256();
    if (!recorded.sha256().equals(now)) {
      throw new MedcodeException(prefix + "the code table " + userTable(config, base) + " changed " + changed
          + " (SHA-256 of its codes and billable flags " + recorded.sha256() + ", now " + now + "); " + advice);
    }
  }

  /** The config's own code table file ({@code table: FILE}), read from {@code base} when relative; null when none. */
  private static Path userTable(RunConfig config, Path base) {
    String table = config.codeSystem().table();
    return table == null ? null : Workspace.resolve(base, Path.of(table));
  }

  /**
   * As {@link #load(Workspace, RunConfig, boolean, Path)}, with the dataset already loaded; relative paths of the
   * training spec and of a code table file are read from {@code base} (a stored run's directory; null: as written).
   */
  static RunData load(Workspace workspace, RunConfig config, Dataset dataset, boolean refuseEvaluatedSplit, Path base) {
    RunConfig.CodeSystemRef ref = config.codeSystem();
    CodeSystemId system = Workspace.chooseSystem(ref.system() == null ? null : CodeSystemId.parse(ref.system()), dataset);
    if (refuseEvaluatedSplit) { // before a run codes anything; a stored run was scored as it is
      Workspace.refuseNothingToScore(dataset, system, config.metrics().population());
    }
    // the dataset's own dictionary (dictionary: dataset) is read from the run's directory too
    CodeTable table = workspace.codeTable(system, ref.year(), userTable(config, base),
        Workspace.specFor(config.dataset(), base));
    if (refuseEvaluatedSplit && !config.allowOverlap()) {
      refuseModelsTrainedOnIt(workspace, config, dataset, base);
    }
    if (config.training() == null) {
      return new RunData(dataset, table, null);
    }
    boolean sameSpec = DatasetSpec.parse(config.training()).toString()
        .equals(DatasetSpec.parse(config.dataset()).toString());
    if (refuseEvaluatedSplit && !config.allowOverlap() && sameSpec) {
      throw new MedcodeException("the training split must differ from the split being evaluated (if you mean it:"
          + " training: { spec: ..., allowOverlap: true }; both are "
          + config.dataset() + ")");
    }
    // allowOverlap: the same files; a stored run (refuseEvaluatedSplit false) is only scored, its notes cut to excerpts
    Dataset training = sameSpec ? dataset : refuseEvaluatedSplit ? workspace.loadDataset(config.training(), base)
        : workspace.loadDatasetForScoring(config.training(), base);
    List<String> warnings = new ArrayList<>(dataset.warnings());
    if (!sameSpec) { // shown where the run's are (console, summary.md, metrics.json): a training sample cut short, ...
      training.warnings().forEach(warning -> warnings.add("training split " + training.spec() + ": " + warning));
    }
    String overlap = overlap(dataset, training, config.metrics().groupByPatient());
    if (overlap == null) {
      if (!config.metrics().groupByPatient()) { // not refused, as by patient, but said: MIMIC splits by patient or not
        sharedPatients(dataset, training).ifPresent(warnings::add);
      }
      return new RunData(withWarnings(dataset, warnings), table, training);
    }
    if (refuseEvaluatedSplit && !config.allowOverlap()) {
      throw new MedcodeException("the training split " + training.spec() + " " + overlap + " of the evaluated dataset "
          + dataset.spec() + ": a coder that learns from them is scored on what it was taught. Choose a training split"
          + " without them; or, if you mean it, write training: { spec: \"" + config.training() + "\", allowOverlap: true }"
          + " (recorded in the manifest and every report)");
    }
    warnings.add("training overlaps the evaluated dataset (allowOverlap: true): the training split " + training.spec()
        + " " + overlap);
    return new RunData(withWarnings(dataset, warnings), table, training);
  }

  /**
   * The warning for a training split that holds other admissions of evaluated patients (a split by admission, an ICU
   * cohort against a training split of non-ICU stays), which a run that does not resample by patient allows.
   */
  static Optional<String> sharedPatients(Dataset evaluated, Dataset training) {
    Set<String> trainingPatients = new HashSet<>();
    training.admissions().forEach(admission -> trainingPatients.add(admission.patientKey()));
    Set<String> patients = new LinkedHashSet<>();
    Set<String> shared = new LinkedHashSet<>();
    for (Admission admission : evaluated.admissions()) {
      patients.add(admission.patientKey());
      if (trainingPatients.contains(admission.patientKey())) {
        shared.add(admission.patientKey());
      }
    }
    return shared.isEmpty() ? Optional.empty() : Optional.of("the training split " + training.spec() + " holds other"
        + " admissions of " + count(shared.size()) + " of the " + count(patients.size()) + " evaluated patients (e.g. "
        + Ids.show(shared.iterator().next()) + "): a coder may have learned them; metrics.groupByPatient: true refuses"
        + " such a split");
  }

  /** The dataset with these warnings instead of its own (the same when they are its own). */
  private static Dataset withWarnings(Dataset dataset, List<String> warnings) {
    return warnings.equals(dataset.warnings()) ? dataset : new Dataset(dataset.spec(), dataset.systems(),
        dataset.admissions(), warnings, dataset.digest(), dataset.credentialed());
  }

  /**
   * A coder given a trained model folder ({@code model: FOLDER}) whose manifest says it learned from the evaluated
   * admissions is refused as a training split would be: the same dataset fingerprint, or a training spec (known when
   * {@code medcode train} made it) whose admissions overlap the evaluated ones. A training spec that cannot be loaded
   * here (data of another machine) is not checked further. The folder is the one the coder reads: its path trimmed
   * and, when relative, read from {@code base} (a resumed run's directory) when there, else from the current one.
   */
  static void refuseModelsTrainedOnIt(Workspace workspace, RunConfig config, Dataset dataset, Path base) {
    for (RunConfig.CoderConfig coder : config.coders()) {
      Optional<Path> folder = Trainable.modelFolder(coder.parameters(), base);
      // not a model folder medcode can read: the coder says so when it loads it
      ModelManifest.Training training = folder.flatMap(ModelFolders::manifest).map(ModelManifest::training).orElse(null);
      if (training == null) {
        continue;
      }
      Path model = folder.get();
      String spec = training.spec();
      String overlap = dataset.fingerprint().equals(training.datasetFingerprint())
          ? "learned from all " + count(dataset.admissions().size()) + " admissions" : null;
      Optional<TrainingIds.Hashes> hashes = TrainingIds.read(model);
      if (overlap == null && hashes.isPresent()) { // the ids it learned from, whether or not its data is here
        overlap = overlap(dataset, hashes.get(), config.metrics().groupByPatient());
      } else if (overlap == null && spec != null) {
        try {
          String shared = overlap(dataset, workspace.loadDataset(spec), config.metrics().groupByPatient());
          overlap = shared == null ? null : "was trained on " + spec + ", which " + shared;
        } catch (RuntimeException e) { // a folder of an older medcode, its training data elsewhere
          workspace.listener().warning("coder " + coder.id() + ": cannot tell whether the model folder " + model
              + " learned from the evaluated admissions: it records no " + TrainingIds.FILE + " (an older medcode"
              + " wrote it) and its training data " + spec + " cannot be loaded here; train it again to have it"
              + " checked");
          continue;
        }
      }
      if (overlap != null) {
        throw new MedcodeException("coder " + coder.id() + ": the model folder " + model + " " + overlap + " of the"
            + " evaluated dataset " + dataset.spec() + ": it would be scored on what it was taught. Train it on another"
            + " split; or, if you mean it, write training: { allowOverlap: true } (with the training spec, if the config"
            + " has one; recorded in the manifest and every report)");
      }
    }
  }

  /**
   * How the training split overlaps the evaluated dataset, compared by content rather than by spec: the admission ids
   * both have, and, when the run resamples by patient, the patients both have; null when they share none.
   */
  static String overlap(Dataset evaluated, Dataset training, boolean byPatient) {
    Set<String> trainingIds = new HashSet<>();
    Set<String> trainingPatients = new HashSet<>();
    for (Admission admission : training.admissions()) {
      trainingIds.add(admission.id());
      trainingPatients.add(admission.patientId());
    }
    return overlap(evaluated, trainingIds::contains, a -> a.patientId(), trainingPatients::contains, byPatient, "holds");
  }

  /** As {@link #overlap(Dataset, Dataset, boolean)}, against the hashed ids a model folder recorded. */
  static String overlap(Dataset evaluated, TrainingIds.Hashes training, boolean byPatient) {
    return overlap(evaluated, id -> training.admissions().contains(TrainingIds.hash(id)),
        Admission::patientKey,
        patient -> training.patients().contains(TrainingIds.hash(patient)), byPatient, "learned from");
  }

  private static String overlap(Dataset evaluated, Predicate<String> trainedId,
      Function<Admission, String> patientOf, Predicate<String> trainedPatient,
      boolean byPatient, String verb) {
    int shared = 0;
    String example = null;
    Set<String> patients = new LinkedHashSet<>();
    for (Admission admission : evaluated.admissions()) {
      if (trainedId.test(admission.id())) {
        shared++;
        example = example == null ? admission.id() : example;
      }
      String patient = patientOf.apply(admission);
      if (byPatient && trainedPatient.test(patient)) {
        patients.add(patient);
      }
    }
    if (shared == 0 && patients.isEmpty()) {
      return null;
    }
    String text = shared == 0 ? "" : verb + " " + count(shared) + " of the " + count(evaluated.admissions().size())
        + " admissions (e.g. " + Ids.show(example) + ")";
    if (!patients.isEmpty()) {
      text += (text.isEmpty() ? verb + " " : ", and ") + count(patients.size()) + " of the patients (e.g. "
          + Ids.show(patients.iterator().next()) + "; the run resamples by patient)";
    }
    return text;
  }

  private static String count(long n) {
    return String.format(java.util.Locale.ROOT, "%,d", n);
  }

  /** Whether the evaluated or the training split holds credentialed data (few-shot prompts send training notes too). */
  boolean credentialed() {
    return dataset.credentialed() || training != null && training.credentialed();
  }

  /** Names the credentialed split(s), for a refusal. */
  String describeCredentialed() {
    return dataset.credentialed() ? "the dataset " + dataset.spec()
        + (training != null && training.credentialed() ? " (and the training split " + training.spec() + ")" : "")
        : "the training split " + (training == null ? "" : training.spec());
  }

  /** The training admissions; none without a training split. */
  /**
   * This run's data for scoring what its coders answered ({@link Dataset#excerpts}): once every coder has coded, the
   * notes' texts are not needed, and a whole MIMIC-IV split's would otherwise stay in memory while it is scored.
   */
  RunData excerpts() {
    Dataset cut = dataset.excerpts(HardAdmissions.EXCERPT);
    return new RunData(cut, table, training == null ? null
        : training == dataset ? cut : training.excerpts(HardAdmissions.EXCERPT));
  }

  List<Admission> trainingAdmissions() {
    return training == null ? List.of() : training.admissions();
  }
}
