package org.medcode.dataset.source;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medcode.MedcodeException;

/**
 * The public data sources medcode-bench knows, read from {@code sources.yaml} next to this class, and the one place
 * that turns "this file is not there" into a {@link MedcodeException.DataMissing} naming the pull command.
 */
public final class SourceRegistry {
  private static final String RESOURCE = "sources.yaml";
  private static volatile SourceRegistry builtIn;

  private final Map<String, Source> sources = new LinkedHashMap<>();

  private SourceRegistry(List<Source> sources) {
    for (Source source : sources) {
      if (this.sources.put(source.name(), source) != null) {
        throw new IllegalArgumentException("source '" + source.name() + "' listed twice");
      }
    }
  }

  /** A registry of the given sources (tests, or a project with its own list). */
  public static SourceRegistry of(List<Source> sources) {
    return new SourceRegistry(sources);
  }

  /** The sources shipped with medcode-bench. */
  public static SourceRegistry builtIn() {
    SourceRegistry registry = builtIn;
    if (registry == null) {
      registry = read();
      builtIn = registry;
    }
    return registry;
  }

  private record File(List<Source> sources) {}

  private static SourceRegistry read() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try (InputStream in = SourceRegistry.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " missing from the build");
      }
      return of(yaml.readValue(in, File.class).sources());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in source list " + RESOURCE, e);
    }
  }

  public List<Source> sources() {
    return List.copyOf(sources.values());
  }

  public List<String> names() {
    return List.copyOf(sources.keySet());
  }

  /** The source called {@code name}; an unknown name is a usage error listing the known ones. */
  public Source source(String name) {
    Source source = sources.get(name);
    if (source == null) {
      throw new MedcodeException("unknown data source '" + name + "'; expected one of " + names());
    }
    return source;
  }

  /** The folder of a source under a data root (it may not exist). */
  public Path folder(Path dataRoot, String name) {
    return dataRoot.resolve(source(name).folder());
  }

  /**
   * {@code <root>/<folder of name>/<relative>} when it exists; otherwise a {@link MedcodeException.DataMissing}
   * describing {@code what} and naming {@code ./medcode data pull name}.
   */
  public Path require(Path dataRoot, String name, String relative, String what) {
    Path path = relative.isEmpty() ? folder(dataRoot, name) : folder(dataRoot, name).resolve(relative);
    if (!Files.exists(path)) {
      throw missing(what, path, name);
    }
    return path;
  }

  /** The "missing dataset" error for anything under a source, e.g. ("CodiEsp dev split", path, "codiesp"). */
  public static MedcodeException.DataMissing missing(String what, Path expected, String sourceName) {
    return new MedcodeException.DataMissing(what, expected, sourceName);
  }

  /**
   * Whether a file name is one that medcode's pulls write among a source's files: the pull's record, or a temporary
   * ({@code .medcode-….part}) that a pull running in another process is writing and will rename or delete. Loaders
   * listing a source's folder pass over such a file without a word.
   */
  public static boolean isPullFile(String name) {
    return SourceFiles.isMedcodeFile(Path.of(name));
  }
}
