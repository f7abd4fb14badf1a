package org.medcode.coder.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.coder.training.ModelFolders;
import org.medcode.coder.training.ModelManifest;
import org.medcode.coder.training.Thresholds;

/**
 * A model folder: {@code manifest.json} (what it was trained on, see {@link ModelManifest}), {@code vocabulary.tsv}
 * (term TAB idf, in feature order), {@code labels.txt} (one canonical code a line, in label order),
 * {@code thresholds.json} and the estimator's parameters ({@code weights.bin} for ml-linear, {@code neighbours.bin}
 * for ml-knn; big-endian, written by {@link java.io.DataOutputStream}). Floats round-trip exactly, so a loaded model
 * predicts exactly what the saved one did.
 */
public final class ModelStore {
  static final String MANIFEST = "manifest.json";
  private static final ObjectMapper JSON = ModelFolders.JSON;

  private ModelStore() {}

  public static void write(TrainedModel model, Path folder) {
    try {
      Files.createDirectories(folder);
      JSON.writeValue(folder.resolve(MANIFEST).toFile(), model.manifest());
      JSON.writeValue(folder.resolve("thresholds.json").toFile(), model.thresholds());
      List<String> lines = new ArrayList<>();
      List<String> terms = model.vectorizer().terms();
      float[] idf = model.vectorizer().idf();
      for (int i = 0; i < idf.length; i++) {
        lines.add(terms.get(i) + "\t" + Float.toString(idf[i]));
      }
      Files.write(folder.resolve("vocabulary.tsv"), lines, StandardCharsets.UTF_8);
      Files.write(folder.resolve("labels.txt"), model.labels(), StandardCharsets.UTF_8);
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
          Files.newOutputStream(folder.resolve(estimatorFile(model.estimator())))))) {
        model.estimator().write(out);
      }
      ModelFolders.seal(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model folder " + folder + ": " + e.getMessage(), e);
    }
  }

  public static TrainedModel read(Path folder) {
    if (Files.isRegularFile(folder.resolve(MANIFEST))) {
      ModelFolders.verify(folder);
    }
    try {
      ModelManifest manifest = JSON.readValue(folder.resolve(MANIFEST).toFile(), ModelManifest.class);
      if (manifest.format() != ModelManifest.FORMAT) {
        throw new MedcodeException(folder + " holds a model of format " + manifest.format() + "; this medcode reads format "
            + ModelManifest.FORMAT + ": train it again with " + Launcher.command() + " train");
      }
      Thresholds thresholds = JSON.readValue(folder.resolve("thresholds.json").toFile(), Thresholds.class);
      List<String> terms = new ArrayList<>();
      List<String> vocabulary = Files.readAllLines(folder.resolve("vocabulary.tsv"), StandardCharsets.UTF_8);
      float[] idf = new float[vocabulary.size()];
      for (int i = 0; i < idf.length; i++) {
        String line = vocabulary.get(i);
        int tab = line.lastIndexOf('\t');
        if (tab < 0) {
          throw new MedcodeException.BadInput(folder.resolve("vocabulary.tsv"), i + 1, "expected term<TAB>idf");
        }
        terms.add(line.substring(0, tab));
        idf[i] = Float.parseFloat(line.substring(tab + 1));
      }
      List<String> labels = Files.readAllLines(folder.resolve("labels.txt"), StandardCharsets.UTF_8);
      if (labels.size() != manifest.labels() || terms.size() != manifest.features()) {
        throw new MedcodeException("the model folder " + folder + " is not the one that was trained: its manifest"
            + " records " + manifest.labels() + " labels and " + manifest.features() + " features, labels.txt holds "
            + labels.size() + " and vocabulary.tsv " + terms.size() + "; copy it again whole or train it again with "
            + Launcher.command() + " train");
      }
      ModelKind kind = ModelKind.of(manifest.kind());
      Estimator estimator;
      String file = kind == ModelKind.LINEAR ? "weights.bin" : "neighbours.bin";
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(folder.resolve(file))))) {
        estimator = kind == ModelKind.LINEAR ? LinearModel.read(in) : KnnModel.read(in);
      }
      return new TrainedModel(manifest, new TfidfVectorizer(manifest.featureSettings(), terms, idf), labels, estimator,
          thresholds);
    } catch (NoSuchFileException e) {
      throw new MedcodeException("no model in " + folder + " (missing " + e.getFile() + "); make one with " + Launcher.command() + " train", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof MedcodeException medcode) {
        throw medcode;
      }
      // a cut or edited file (EOF, an impossible index, JSON that does not parse): say so, not the parser's internals
      String what = e instanceof java.io.EOFException ? "a file ends early"
          : e instanceof com.fasterxml.jackson.core.JacksonException json ? "a JSON file does not parse ("
              + json.getOriginalMessage() + ")"
          : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw new MedcodeException("cannot read the model folder " + folder + ": " + what + "; copy it again whole or"
          + " train it again with " + Launcher.command() + " train", e);
    }
  }

  /** Whether a folder holds a model (the cache moves a complete folder into place in one step). */
  static boolean exists(Path folder) {
    return Files.isRegularFile(folder.resolve(MANIFEST));
  }

  private static String estimatorFile(Estimator estimator) {
    return estimator instanceof LinearModel ? "weights.bin" : "neighbours.bin";
  }
}
