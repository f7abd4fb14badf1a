package org.medcode.run.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.RunListener;
import org.medcode.coder.Trainable;
import org.medcode.coder.registry.CoderRegistry;
import org.medcode.coder.training.ModelFolders;
import org.medcode.coder.training.TrainingIds;
import org.medcode.coder.training.TrainingSource;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Dataset;
import org.medcode.run.workspace.Workspace;

/** {@code medcode train}: a model folder for a coder that learns, trained on a dataset's admissions. */
public final class Training {
  private Training() {}

  /**
   * Trains a model folder for a coder that learns (ml-linear, ml-knn, embed-retrieval) on a dataset's admissions; a run
   * config then uses it with {@code model: FOLDER}. The folder holds the ids it learned from (for the leakage check)
   * and every file's SHA-256.
   */
  public static Trainable.Trained train(Workspace workspace, TrainRequest request) {
    String spec = request.datasetSpec();
    Dataset dataset = workspace.loadDataset(spec);
    CodeSystemId system = Workspace.chooseSystem(request.system() == null ? null : CodeSystemId.parse(request.system()),
        dataset);
    CodeTable table = workspace.codeTable(system, request.year(), request.codeTable(), spec);
    // what the loader says about the data (admissions without gold codes, a sample cut short), as run says it
    dataset.warnings().forEach(warning -> workspace.listener().warning(dataset.spec() + ": " + warning));
    CoderRegistry registry = CoderRegistry.load();
    CoderFactory factory = registry.require(request.coder());
    if (request.parameters().containsKey("model")) { // the parameter a run loads a model folder with: train ignored it
      throw new MedcodeException("--param model=" + request.parameters().get("model") + ": train does not start from a"
          + " model folder, it writes a new one (--out DIR) from the training data alone; leave --param model out (model:"
          + " FOLDER is what a run config loads a trained folder with)");
    }
    Map<String, String> parameters = CoderParameters.resolve(factory, request.parameters());
    Path folder = request.out() != null ? request.out()
        : workspace.newModelFolder(workspace.now(), request.coder() + "_" + Workspace.slug(dataset.spec()));
    if (Files.exists(folder.resolve("manifest.json"))) {
      throw new MedcodeException(folder + " already holds a model; choose another --out or delete it");
    }
    if (Files.isDirectory(folder)) {
      try (var entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) { // its files would be sealed into the model's checksums as its own
          throw new MedcodeException(folder + " already holds other files; a model folder holds the model alone: choose"
              + " another --out (a new or empty folder)");
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot read " + folder, e);
      }
    }
    Trainable trainable = registry.trainable(factory);
    CoderContext context = new CoderContext(table, dataset.admissions(), workspace.dataRoot(), workspace.cacheDir(),
        request.seed(), CoderContext.NO_PEERS, dataset.credentialed(), workspace.listener());
    Trainable.Trained trained;
    try {
      trained = whole(folder, workspace.listener(), part -> {
        Trainable.Trained written = trainable.train(context, parameters,
            new TrainingSource(dataset.spec(), dataset.fingerprint()), part);
        // whatever coder trained it: the ids it learned from (for the leakage check) and every file's SHA-256
        TrainingIds.write(part, dataset.admissions());
        ModelFolders.seal(part);
        return new Trainable.Trained(folder, written.manifest(), written.thresholds());
      });
    } catch (RuntimeException e) {
      if (request.out() == null) {
        Workspace.discardIfEmpty(folder); // refused before it wrote anything: leave no folder behind
      }
      throw e;
    }
    return trained;
  }

  /**
   * Writes a model folder into a sibling {@code <name>.part…} and moves it into place (onto nothing, or an empty
   * folder) once it is complete ({@link ModelFolders#writeWhole}), so that a train killed or failed part way leaves no
   * model in {@code folder} for a run to load: only a {@code .part} folder beside it (removed here on a failure; after a
   * kill, by the next train into the same folder, which says so on {@code listener}).
   */
  static Trainable.Trained whole(Path folder, RunListener listener,
      java.util.function.Function<Path, Trainable.Trained> write) {
    Trainable.Trained[] trained = {null};
    ModelFolders.Leftovers leftovers;
    try {
      leftovers = ModelFolders.writeWhole(folder, ".part", part -> trained[0] = write.apply(part));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write the model folder " + folder + ": " + e.getMessage(), e);
    }
    for (Path removed : leftovers.removed()) {
      listener.note("removed " + removed + ", the part folder of a train into " + folder + " that was killed");
    }
    for (Path unclaimed : leftovers.unclaimed()) {
      listener.warning(unclaimed + " is the part folder of another train into " + folder + " without a lock file (a"
          + " medcode older than this one wrote it), so whether that train still runs cannot be told: left as it is;"
          + " delete it once no train writes it");
    }
    return trained[0];
  }
}
