package org.medcode.coder.embed;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.medcode.MedcodeException;
import org.medcode.coder.RunListener;
import org.medcode.coder.training.ModelFolders;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeTable;

/**
 * The embeddings of the billable codes' long titles of one code table (every code when the table marks none
 * billable), as a row-major float matrix with the code list. Built once per table and model and cached in
 * {@code <cacheDir>/embed-index/<system>-<version>-<model>-<hash>/} ({@code codes.txt}, {@code vectors.f32}: int rows,
 * int dimension, then the floats, big-endian); the hash covers the codes and titles, so an edited table gets a new
 * index. Before a cached index is used, three of its titles are embedded again ({@link #mismatch}): one built by another
 * version of the model, its library or this code, or cut or edited since, is built again and replaced.
 */
public final class CodeTitleIndex {
  /** Whether the index was read from the cache or built (embedded) now. */
  public enum Origin { CACHE, BUILT }

  private final List<String> codes;
  private final float[] matrix;
  private final int dimension;
  private final Origin origin;
  private final Path folder;

  CodeTitleIndex(List<String> codes, float[] matrix, int dimension, Origin origin, Path folder) {
    this.codes = List.copyOf(codes);
    this.matrix = matrix;
    this.dimension = dimension;
    this.origin = origin;
    this.folder = folder;
  }

  public List<String> codes() {
    return codes;
  }

  public int dimension() {
    return dimension;
  }

  public Origin origin() {
    return origin;
  }

  public Path folder() {
    return folder;
  }

  float[] matrix() {
    return matrix;
  }

  /** The cached index for a table and model, built (and cached, saying so to {@code listener}) when missing. */
  public static CodeTitleIndex obtain(CodeTable table, SentenceEmbedder embedder, Path cacheDir, RunListener listener) {
    Map<String, String> titles = titles(table);
    if (titles.isEmpty()) {
      throw new MedcodeException("embed-retrieval needs code titles, but the " + table.describe() + " table has none;"
          + " choose a code system with an official table or give --code-table with descriptions");
    }
    String name = slug(table.system().id().label() + "-" + table.version() + "-" + embedder.modelId()) + "-" + hash(titles);
    Path folder = cacheDir.resolve("embed-index").resolve(name);
    if (Files.isRegularFile(folder.resolve("vectors.f32"))) {
      String problem;
      try {
        CodeTitleIndex cached = read(folder);
        problem = cached.mismatch(titles, embedder);
        if (problem == null) {
          return cached;
        }
      } catch (RuntimeException e) { // cut or edited since
        problem = e.getMessage();
      }
      listener.warning("embed-retrieval: the cached code-title index " + folder + " cannot be used (" + problem
          + "); it is built again and replaced");
      ModelFolders.deleteQuietly(folder); // else publishing would keep it
    }
    List<String> codes = new ArrayList<>(titles.keySet());
    listener.note(String.format(Locale.ROOT, "embed-retrieval: embedding %,d code titles of %s once (cached in %s) ...",
        codes.size(), table.describe(), folder));
    float[][] vectors = embedder.embed(new ArrayList<>(titles.values()));
    int dimension = vectors.length == 0 ? 0 : vectors[0].length;
    float[] matrix = new float[codes.size() * dimension];
    for (int i = 0; i < vectors.length; i++) {
      System.arraycopy(vectors[i], 0, matrix, i * dimension, dimension);
    }
    CodeTitleIndex index = new CodeTitleIndex(codes, matrix, dimension, Origin.BUILT, folder);
    ModelFolders.cache(folder, index::write, "the code-title index", message -> listener.warning("embed-retrieval: "
        + message));
    return index;
  }

  /** How far a title's vector embedded now may be from the cached one (unit vectors; numeric noise is far smaller). */
  static final double PROBE_TOLERANCE = 1e-3;

  /**
   * Why this index does not hold what {@code embedder} makes of {@code titles} now, or null when it does: its codes are
   * the titles' codes, and three of its rows (the first, middle and last) are, within {@link #PROBE_TOLERANCE}, the
   * vectors of their titles embedded again. The folder's name keys the table's titles and the model's name only, so an
   * index built by other embedding code, another version of the model's library or weights (query vectors would then
   * be compared with title vectors of another space), or whose files were edited since, is found here.
   */
  String mismatch(Map<String, String> titles, SentenceEmbedder embedder) {
    if (!codes.equals(new ArrayList<>(titles.keySet()))) {
      return "its codes.txt does not list the table's codes with titles";
    }
    if (codes.isEmpty()) {
      return null;
    }
    int[] rows = java.util.stream.IntStream.of(0, codes.size() / 2, codes.size() - 1).distinct().toArray();
    List<String> probes = new ArrayList<>();
    for (int row : rows) {
      probes.add(titles.get(codes.get(row)));
    }
    float[][] now = embedder.embed(probes);
    for (int i = 0; i < rows.length; i++) {
      if (now[i].length != dimension) {
        return "its vectors have " + dimension + " dimensions, the embedding model now gives " + now[i].length;
      }
      for (int d = 0; d < dimension; d++) {
        if (!(Math.abs(now[i][d] - matrix[rows[i] * dimension + d]) <= PROBE_TOLERANCE)) {
          return "the title of " + codes.get(rows[i]) + " embeds now to another vector than the cached one: it was built"
              + " by another embedding model, library or code, or edited since";
        }
      }
    }
    return null;
  }

  /** Reads an index folder (the cache's or a copy in a model folder). */
  public static CodeTitleIndex read(Path folder) {
    try {
      List<String> codes = Files.readAllLines(folder.resolve("codes.txt"), StandardCharsets.UTF_8);
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(folder.resolve("vectors.f32")),
          1 << 16))) {
        int rows = in.readInt();
        int dimension = in.readInt();
        if (rows != codes.size()) {
          throw new MedcodeException(folder + ": vectors.f32 has " + rows + " rows but codes.txt " + codes.size()
              + " codes; delete the folder to rebuild it");
        }
        float[] matrix = new float[rows * dimension];
        for (int i = 0; i < matrix.length; i++) {
          matrix[i] = in.readFloat();
        }
        return new CodeTitleIndex(codes, matrix, dimension, Origin.CACHE, folder);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the code-title index " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Writes the index files into a folder. */
  public void write(Path target) throws IOException {
    Files.createDirectories(target);
    Files.write(target.resolve("codes.txt"), codes, StandardCharsets.UTF_8);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(target.resolve("vectors.f32")),
        1 << 16))) {
      out.writeInt(codes.size());
      out.writeInt(dimension);
      for (float v : matrix) {
        out.writeFloat(v);
      }
    }
  }

  static Map<String, String> titles(CodeTable table) {
    Map<String, String> billable = new TreeMap<>();
    Map<String, String> all = new TreeMap<>();
    for (Map.Entry<String, CodeEntry> entry : table.entries().entrySet()) {
      String title = entry.getValue().longTitle();
      if (title == null || title.isBlank()) {
        continue;
      }
      all.put(entry.getKey(), title);
      if (entry.getValue().billable()) {
        billable.put(entry.getKey(), title);
      }
    }
    return billable.isEmpty() ? all : billable;
  }

  private static String hash(Map<String, String> titles) {
    StringBuilder lines = new StringBuilder();
    titles.forEach((code, title) -> lines.append(code).append('\t').append(title).append('\n'));
    return ModelFolders.sha256(lines.toString()).substring(0, 12);
  }

  private static String slug(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
  }
}
