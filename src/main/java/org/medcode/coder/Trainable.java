package org.medcode.coder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.coder.training.ModelFolders;
import org.medcode.coder.training.ModelManifest;
import org.medcode.coder.training.Thresholds;
import org.medcode.coder.training.TrainingSource;

/**
 * The capability of a coder that learns ({@link CoderFactory#trainable()}): it trains a model folder on training
 * admissions once ({@code medcode train}), and its factory loads that folder again when the parameter {@value #MODEL}
 * names it. Training sees the training admissions only, never a split being evaluated.
 */
public interface Trainable {
  /** The parameter that points a trainable coder at a model folder. */
  String MODEL = "model";

  /** A trained model folder: where it is, what its {@code manifest.json} and {@code thresholds.json} say. */
  record Trained(Path folder, ModelManifest manifest, Thresholds thresholds) {}

  /**
   * Trains on {@code context.training()} (coding into {@code context.table()}, seeded by {@code context.seed()}) and
   * writes the model folder {@code out}.
   *
   * @param parameters validated and complete, as for {@link CoderFactory#create}
   * @param source where the training admissions came from, recorded in the manifest
   */
  Trained train(CoderContext context, Map<String, String> parameters, TrainingSource source, Path out);

  /**
   * The model folder that parameters name ({@value #MODEL}, trimmed) as a coder of a context whose {@link
   * CoderContext#directory()} is {@code directory} reads it; empty when they name none.
   */
  static Optional<Path> modelFolder(Map<String, String> parameters, Path directory) {
    String model = parameters.getOrDefault(MODEL, "").trim();
    return model.isEmpty() ? Optional.empty() : Optional.of(CoderContext.path(directory, model));
  }

  /**
   * Why a coder that learns cannot start, found without loading or training anything (for {@link
   * CoderFactory#refusal}): a model folder ({@value #MODEL}) that is not there, or, when {@code trainingNeeded}, neither
   * a model folder nor training admissions.
   */
  static Optional<String> startRefusal(String coder, CoderContext context, Map<String, String> parameters,
      boolean trainingNeeded) {
    Optional<Path> given = modelFolder(parameters, context.directory());
    if (given.isPresent()) {
      Path folder = given.get();
      // seen now, not only where the model loads, so that a dry run refuses it too
      String misfit = ModelFolders.manifest(folder)
          .map(manifest -> manifest.misfit(coder, context.table().system().id().label())).orElse(null);
      if (misfit != null) {
        return Optional.of(folder + " " + misfit);
      }
      return Files.isRegularFile(folder.resolve("manifest.json")) ? Optional.empty()
          : Optional.of("model folder " + folder + (Files.isDirectory(folder) ? " has no manifest.json (not a model folder)"
              : " not found" + (folder.isAbsolute() ? "" : context.readFrom()))
              + "; make one with " + Launcher.command() + " train --coder " + coder);
    }
    return trainingNeeded && context.training().isEmpty() ? Optional.of(needsTraining(coder)) : Optional.empty();
  }

  /**
   * Why a coder given a model folder cannot take the parameters the config sets for it: a model is used as it was
   * trained (its parameters fixed its features, weights and thresholds), so a parameter the config sets to another
   * value than the one the folder's {@code manifest.json} records would be ignored while the run records it as used.
   * Only parameters the config names ({@code given}) are compared; empty when they agree, or when there is no model
   * folder or no manifest to read (a missing or damaged folder is reported where it is loaded).
   */
  static Optional<String> modelParameterConflict(String coder, CoderContext context, Map<String, String> given) {
    String model = given.getOrDefault(MODEL, "").trim();
    Optional<ModelManifest> manifest = model.isEmpty() ? Optional.empty() : ModelFolders.manifest(context.path(model));
    if (manifest.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> trained = manifest.get().parameters();
    List<String> conflicts = new ArrayList<>();
    given.forEach((name, value) -> {
      String recorded = trained.get(name);
      if (!name.equals(MODEL) && recorded != null && !sameValue(value, recorded)) {
        conflicts.add(name + ": " + value.trim() + " (the model was trained with " + recorded + ")");
      }
    });
    if (conflicts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("the model folder " + context.path(model) + " fixes the parameters it was trained with, and the"
        + " config sets " + String.join(", ", conflicts) + "; drop them from the coder's entry, or train a model with"
        + " them (" + Launcher.command() + " train --coder " + coder + " --param NAME=VALUE)");
  }

  /**
   * The parameters a coder given a model folder works with: the config's ({@code given}), and for every other one the
   * value the folder's {@code manifest.json} records (the model was trained with it) instead of the coder's default in
   * {@code resolved}; so that the run records what the model does, and a copy trained again on part of the training
   * split (an ensemble's cross-fitting) is trained as the model was. {@code resolved} as it is without a model folder
   * or a manifest to read (a missing or damaged folder is reported where it is loaded).
   */
  static Map<String, String> withModelParameters(CoderContext context, Map<String, String> given,
      Map<String, String> resolved) {
    String model = given.getOrDefault(MODEL, "").trim();
    Optional<ModelManifest> manifest = model.isEmpty() ? Optional.empty() : ModelFolders.manifest(context.path(model));
    if (manifest.isEmpty()) {
      return resolved;
    }
    Map<String, String> effective = new java.util.LinkedHashMap<>(resolved);
    manifest.get().parameters().forEach((name, value) -> {
      if (!name.equals(MODEL) && effective.containsKey(name) && !given.containsKey(name) && value != null) {
        effective.put(name, value);
      }
    });
    return effective;
  }

  private static boolean sameValue(String a, String b) {
    if (a.trim().equalsIgnoreCase(b.trim())) {
      return true;
    }
    try {
      return new java.math.BigDecimal(a.trim()).compareTo(new java.math.BigDecimal(b.trim())) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** What a coder that learns says when it has neither a model folder nor training admissions. */
  static String needsTraining(String coder) {
    return "coder " + coder + " needs training admissions: add training: { spec: \"...\" } to the config, or give a"
        + " model folder made by " + Launcher.command() + " train (parameter model)";
  }
}
