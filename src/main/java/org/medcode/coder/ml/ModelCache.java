package org.medcode.coder.ml;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.coder.CoderContext;
import org.medcode.coder.Trainable;
import org.medcode.coder.training.CodeIdentity;
import org.medcode.coder.training.ModelFolders;
import org.medcode.coder.training.ModelManifest;
import org.medcode.coder.training.TrainingData;
import org.medcode.coder.training.TrainingSource;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;

/**
 * Gives an ml-* coder its model: the folder named by parameter {@code model}, else a model trained on the run's
 * training split and cached under {@code <cacheDir>/ml-models/<kind>-<key>/}, the key a SHA-256 of the kind, model
 * format, code system, seed, parameters and training content ({@link TrainingData#contentSha256}). A second run with
 * the same training data and parameters loads the cached folder instead of training again. A model of another code
 * system is refused; a model folder trained with another table version of the same system is used with a warning
 * ({@link Obtained#warnings}), since codes may have been added, removed or changed in between.
 */
public final class ModelCache {
  /** Where the model came from. */
  public enum Origin { MODEL_FOLDER, CACHE, TRAINED }

  /** A model, where it came from, and what the user should know before trusting its codes. */
  public record Obtained(TrainedModel model, Origin origin, Path folder, List<String> warnings) {
    public Obtained {
      warnings = List.copyOf(warnings);
    }
  }

  private ModelCache() {}

  public static Obtained obtain(ModelKind kind, CoderContext context, Map<String, String> parameters) {
    CodeSystemId system = context.table().system().id();
    String given = parameters.getOrDefault(Trainable.MODEL, "").trim();
    if (!given.isEmpty()) {
      Path folder = context.path(given);
      TrainedModel model = ModelStore.read(folder);
      check(kind, system, model, folder);
      return new Obtained(model, Origin.MODEL_FOLDER, folder, tableMismatch(kind, model, context.table(), folder));
    }
    if (context.training().isEmpty()) {
      throw new MedcodeException(Trainable.needsTraining(kind.label()));
    }
    Path folder = context.cacheDir().resolve("ml-models").resolve(kind.label() + "-" + key(kind, context, parameters));
    if (ModelStore.exists(folder)) {
      try {
        return new Obtained(ModelStore.read(folder), Origin.CACHE, folder, List.of());
      } catch (MedcodeException | java.io.UncheckedIOException e) {
        // edited, cut or partly lost since it was cached (or cleared while read): made again rather than used, or
        // refused run after run
        context.listener().warning("coder " + kind.label() + ": the cached model " + folder + " is damaged ("
            + e.getMessage() + "); it is trained again and replaced");
        ModelFolders.deleteQuietly(folder);
      }
    }
    TrainedModel model = MlTrainer.train(kind, context.training(), context.table(), parameters, context.seed(),
        TrainingSource.UNKNOWN);
    ModelFolders.cache(folder, temporary -> ModelStore.write(model, temporary), "the model",
        message -> context.listener().warning("coder " + kind.label() + ": " + message));
    return new Obtained(model, Origin.TRAINED, folder, List.of());
  }

  static String key(ModelKind kind, CoderContext context, Map<String, String> parameters) {
    Map<String, String> sorted = new TreeMap<>(parameters);
    sorted.remove(Trainable.MODEL);
    String text = kind.label() + "\nformat " + ModelManifest.FORMAT + "\ncode " + CodeIdentity.of(ModelCache.class,
        TrainingData.class, CodeTable.class) + "\n" + context.table().system().id().label() + " "
        + context.table().identity() + "\nseed "
        + context.seed() + "\n" + sorted + "\n"
        + TrainingData.contentSha256(context.training(), context.table().system().id());
    return ModelFolders.sha256(text).substring(0, 16);
  }


  /**
   * A warning when the model was trained with another table version than the run's (none when they agree), saying how
   * many of the model's codes the run's table does not hold: predicting those counts as invalid codes.
   */
  static List<String> tableMismatch(ModelKind kind, TrainedModel model, CodeTable table, Path folder) {
    String trained = model.manifest().codeSystem().tableVersion();
    if (model.manifest().codeSystem().sameTable(table)) {
      return List.of();
    }
    long invalid = model.labels().stream().filter(code -> !table.status(code).valid()).count();
    return List.of("coder " + kind.label() + ": the model in " + folder + " was trained with the " + table.system().id().label()
        + " table " + trained + " but this run codes with " + table.version()
        + (Objects.equals(trained, table.version()) ? " of other contents (another file of that name, or the file edited"
            + " since)" : "")
        + (invalid > 0 ? "; " + invalid + " of its " + Plural.of(model.labels().size(), "code") + " "
        + Plural.verb(invalid, "are")
            + " not in " + table.version()
            + " and " + Plural.verb(invalid, "count") + " as invalid when predicted" : "")
        + " (its codes are the training split's gold codes, whatever the table: training again with this year would"
        + " not change them)");
  }

  private static void check(ModelKind kind, CodeSystemId system, TrainedModel model, Path folder) {
    String misfit = model.manifest().misfit(kind.label(), system.label());
    if (misfit != null) {
      throw new MedcodeException("coder " + kind.label() + ": " + folder + " " + misfit);
    }
  }
}
