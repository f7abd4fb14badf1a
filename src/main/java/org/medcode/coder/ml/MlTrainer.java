package org.medcode.coder.ml;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.coder.Trainable;
import org.medcode.coder.training.ModelFolders;
import org.medcode.coder.training.ModelManifest;
import org.medcode.coder.training.ThresholdTuner;
import org.medcode.coder.training.Thresholds;
import org.medcode.coder.training.TrainingData;
import org.medcode.coder.training.TrainingSource;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Fingerprint;

/**
 * Trains an ml-* model from training admissions only: carves a seeded validation part (by patient), fits on the rest,
 * tunes thresholds on the validation part, then (with {@code refit}) fits again on every training admission and keeps
 * the thresholds. The split being evaluated is never passed here.
 */
public final class MlTrainer {
  private MlTrainer() {}

  /** @param parameters resolved parameters of the coder ({@link MlParameters#declared}); {@code model} is ignored */
  public static TrainedModel train(ModelKind kind, List<Admission> training, CodeTable table, Map<String, String> parameters,
      long seed, TrainingSource source) {
    CodeSystemId system = table.system().id();
    MlParameters.Parsed settings = MlParameters.parse(kind, parameters, training.size());
    if (training.isEmpty()) {
      throw new MedcodeException("coder " + kind.label() + " needs training admissions: add training: { spec: \"...\" } to the"
          + " config, or give a model folder made by " + Launcher.command() + " train (parameter model)");
    }
    TrainingData.Split split = TrainingData.carve(training, settings.validation(), seed);
    Fitted fitted = fit(kind, split.fit(), system, settings, seed);
    if (fitted.vectorizer().size() == 0) {
      throw new MedcodeException("coder " + kind.label() + ": the training admissions have no note text to learn from"
          + " (0 features from " + split.fit().size() + " admissions); train on a dataset with notes (a MIMIC spec with"
          + " note=none has none)");
    }
    if (fitted.labels().isEmpty()) {
      throw new MedcodeException("coder " + kind.label() + ": the training admissions have no " + system.label()
          + " code given to at least " + settings.minCount() + " of them (parameter min-count): nothing to learn;"
          + " train on a dataset coded in " + system.label() + ", or choose the system its codes are in with --system");
    }
    Thresholds thresholds;
    if (split.validation().isEmpty()) {
      thresholds = Thresholds.fixed(0.5, settings.maxCodes());
    } else {
      Fitted scorer = fitted;
      // a global threshold only ever sees an admission's maxCodes best scores; per-code thresholds see all of them
      int limit = settings.mode() == ThresholdTuner.Mode.GLOBAL ? settings.maxCodes() : fitted.labels().size();
      List<ThresholdTuner.Example> examples = split.validation().parallelStream()
          .map(admission -> new ThresholdTuner.Example(scorer.scores(admission.text(), limit),
              TrainingData.gold(admission, system)))
          .toList();
      thresholds = ThresholdTuner.tune(examples, settings.mode(), settings.perCodeMin(), settings.maxCodes(), 0.5);
    }
    if (settings.refit() && !split.validation().isEmpty()) {
      fitted = fit(kind, training, system, settings, seed);
    }
    Map<String, String> recorded = new TreeMap<>(parameters);
    recorded.remove(Trainable.MODEL);
    ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT, kind.label(), ModelFolders.harnessVersion(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        new ModelManifest.Training(source.spec(),
            source.datasetFingerprint() != null ? source.datasetFingerprint() : Fingerprint.of(training),
            TrainingData.contentSha256(training, system),
            training.size(), split.fit().size(), split.validation().size()),
        new ModelManifest.CodeSystemInfo(system.label(), table.version(), table.identity()), recorded, seed, fitted.labels.size(),
        fitted.vectorizer.size(), settings.features());
    return new TrainedModel(manifest, fitted.vectorizer, fitted.labels, fitted.estimator, thresholds);
  }

  /** A model fitted on some admissions (before thresholds). */
  private record Fitted(TfidfVectorizer vectorizer, List<String> labels, Estimator estimator) {
    /** The {@code limit} best positive scores by code (before thresholds). */
    Map<String, Double> scores(String text, int limit) {
      return TrainedModel.byCode(estimator.scores(vectorizer.transform(text)), labels, limit);
    }
  }

  private static Fitted fit(ModelKind kind, List<Admission> admissions, CodeSystemId system, MlParameters.Parsed settings,
      long seed) {
    List<String> texts = admissions.stream().map(Admission::text).toList();
    TfidfVectorizer vectorizer = TfidfVectorizer.fit(settings.features(), texts);
    Map<String, Integer> counts = new TreeMap<>();
    List<Set<String>> golds = new ArrayList<>();
    for (Admission admission : admissions) {
      Set<String> gold = TrainingData.gold(admission, system);
      golds.add(gold);
      gold.forEach(code -> counts.merge(code, 1, Integer::sum));
    }
    Map<String, Integer> labelIndex = new LinkedHashMap<>();
    counts.forEach((code, count) -> {
      if (count >= settings.minCount()) {
        labelIndex.put(code, labelIndex.size());
      }
    });
    List<SparseVector> xs = texts.parallelStream().map(vectorizer::transform).toList();
    List<int[]> ys = new ArrayList<>(texts.size());
    for (Set<String> gold : golds) {
      ys.add(gold.stream().filter(labelIndex::containsKey).mapToInt(labelIndex::get).sorted().toArray());
    }
    Estimator estimator = kind == ModelKind.LINEAR
        ? LogisticRegression.fit(xs, ys, labelIndex.size(), vectorizer.size(), settings.linear(), seed)
        : KnnModel.fit(xs, ys, labelIndex.size(), vectorizer.size(), settings.k());
    return new Fitted(vectorizer, List.copyOf(labelIndex.keySet()), estimator);
  }
}
