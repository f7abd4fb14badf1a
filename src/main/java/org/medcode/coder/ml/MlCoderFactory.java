package org.medcode.coder.ml;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medcode.MedcodeException;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderResult;
import org.medcode.coder.Egress;
import org.medcode.coder.Refittable;
import org.medcode.coder.Trainable;
import org.medcode.coder.training.ModelManifest;
import org.medcode.coder.training.TrainingSource;

/**
 * {@code ml-linear} and {@code ml-knn}: load the model folder given as {@code model}, or train on the run's training
 * split (cached, see {@link ModelCache}); code an admission by scoring its text and keeping the codes that pass the
 * frozen thresholds, best first, with their scores. A model trained with another table version than the run's is
 * used with a warning to the run's listener and annotation {@value
 * ModelManifest.CodeSystemInfo#TABLE_ANNOTATION} on every prediction.
 */
public final class MlCoderFactory implements CoderFactory, Trainable {
  private final ModelKind kind;

  public MlCoderFactory(ModelKind kind) {
    this.kind = kind;
  }

  public static MlCoderFactory linear() {
    return new MlCoderFactory(ModelKind.LINEAR);
  }

  public static MlCoderFactory knn() {
    return new MlCoderFactory(ModelKind.KNN);
  }

  @Override
  public String name() {
    return kind.label();
  }

  @Override
  public String description() {
    return kind == ModelKind.LINEAR
        ? "TF-IDF word and character n-grams, one-vs-rest logistic regression over the codes seen in training"
        : "codes of the nearest training admissions by TF-IDF cosine, weighted by similarity";
  }

  @Override
  public List<CoderParameter> parameters() {
    return MlParameters.declared(kind);
  }

  @Override
  public Optional<Trainable> trainable() {
    return Optional.of(this);
  }

  /** Trains on the context's training admissions (see {@link MlTrainer}) and writes the model folder. */
  @Override
  public Trained train(CoderContext context, Map<String, String> parameters, TrainingSource source, Path out) {
    TrainedModel model = MlTrainer.train(kind, context.training(), context.table(), parameters, context.seed(), source);
    ModelStore.write(model, out);
    return new Trained(out, model.manifest(), model.thresholds());
  }

  /** Local: a model trained and applied in this process. */
  @Override
  public Egress egress(Map<String, String> parameters) {
    return Egress.local();
  }

  /**
   * A model folder that is not there, or neither one nor a training split, or a parameter out of its range or choices
   * (k 0, epochs -1): refused before the run starts, so that a dry run says so too (training checks the same).
   */
  @Override
  public Optional<String> refusal(CoderContext context, Map<String, String> parameters, double maxCost) {
    Optional<String> refused = Trainable.startRefusal(kind.label(), context, parameters, true);
    if (refused.isPresent() || !parameters.getOrDefault(Trainable.MODEL, "").isBlank()) {
      return refused; // a model folder is used with its own parameters
    }
    try {
      MlParameters.parse(kind, parameters, context.training().size());
      return Optional.empty();
    } catch (MedcodeException | NumberFormatException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * The coder, refittable (an ensemble's cross-fitting trains it again on part of the training split: a copy made from
   * a given model folder trains too, since that folder may have learned from every training admission).
   */
  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    Map<String, String> refit = new java.util.HashMap<>(parameters);
    refit.put(Trainable.MODEL, "");
    return Refittable.wrap(coder(context, parameters), this, context, Map.copyOf(refit));
  }

  private Coder coder(CoderContext context, Map<String, String> parameters) {
    ModelCache.Obtained obtained = ModelCache.obtain(kind, context, parameters);
    TrainedModel model = obtained.model();
    if (obtained.warnings().isEmpty()) {
      return admission -> new CoderResult(model.predict(admission.text()));
    }
    // shown once to the person running it, and kept with every prediction so the run folder records it too
    obtained.warnings().forEach(context.listener()::warning);
    Map<String, String> annotations = Map.of(ModelManifest.CodeSystemInfo.TABLE_ANNOTATION,
        model.manifest().codeSystem().annotation(context.table()));
    return admission -> new CoderResult(model.predict(admission.text()), null, annotations);
  }
}
