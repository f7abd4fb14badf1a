package org.medcode.run.testcoders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderResult;
import org.medcode.coder.Trainable;
import org.medcode.coder.training.TrainingSource;

/**
 * A test-only coder that learns, found through {@link java.util.ServiceLoader}: its training writes a model folder's
 * {@code manifest.json} and then stops, as a {@code medcode train} killed while writing its folder would; with
 * {@code wait} (milliseconds) it waits that long first, for a test to kill it there or to find it still writing.
 */
public final class CutShortTrainerFactory implements CoderFactory, Trainable {
  @Override
  public String name() {
    return "cut-short";
  }

  @Override
  public String description() {
    return "test coder: training stops after writing the model folder's manifest";
  }

  @Override
  public List<CoderParameter> parameters() {
    return List.of(new CoderParameter(MODEL, "a model folder", "", CoderParameter.Type.TEXT),
        new CoderParameter("wait", "milliseconds to wait after writing the manifest", "0", CoderParameter.Type.INTEGER));
  }

  @Override
  public Optional<Trainable> trainable() {
    return Optional.of(this);
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    return admission -> new CoderResult(List.of());
  }

  @Override
  public Trained train(CoderContext context, Map<String, String> parameters, TrainingSource source, Path out) {
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("manifest.json"), "{\"format\": 1, \"kind\": \"cut-short\"}");
      Thread.sleep(Long.parseLong(parameters.get("wait")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("stopped while writing " + out);
  }
}
