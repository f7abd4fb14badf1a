package org.medcode.coder;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.medcode.dataset.Admission;
import org.medcode.dataset.DatasetSpec;

/**
 * The capability of a coder that can be created again on other training admissions, with its own factory, parameters,
 * table and seed: what an ensemble needs to cross-fit it (each fold's copy learns without the fold it codes, so the
 * ensemble learns from answers the member gave to admissions it never trained on). Coders that learn from the training
 * split return themselves wrapped by {@link #wrap}.
 */
public interface Refittable extends Coder {

  /**
   * What the coder is apart from its training admissions (its factory name and parameters, and the libraries that
   * decide its answers, {@link CoderFactory#libraries()}), for cache keys.
   */
  String identity();

  /** The same coder created again, learning from {@code training} instead of the run's training split. */
  Coder refit(List<Admission> training) throws Exception;

  /**
   * The same coder created again reporting every candidate it scores at least {@code minScore} ({@link
   * CoderFactory#widened}), itself refittable; empty when its factory has no lower threshold to give it.
   */
  default Optional<Refittable> widened(double minScore) throws Exception {
    return Optional.empty();
  }

  /**
   * {@code coder}, able to be created again by {@code factory} with the same context (but other training) and parameters;
   * every method of {@link Coder} is forwarded to it (a coder that holds resources is opened and closed as itself).
   */
  static Refittable wrap(Coder coder, CoderFactory factory, CoderContext context, Map<String, String> parameters) {
    StringBuilder contents = new StringBuilder();
    java.util.Set<String> paths = new java.util.HashSet<>();
    for (CoderParameter parameter : factory.parameters()) {
      if (parameter.type() == CoderParameter.Type.PATH) {
        paths.add(parameter.name());
      }
    }
    new TreeMap<>(parameters).forEach((name, value) -> {
      // a model folder is keyed by its own manifest; a parameter declared a path is read where the coder reads it
      // (the run's directory first, for a resumed run), named with a slash or not (rules-dir: myrules)
      String content = name.equals("model") ? null : paths.contains(name) ? pathContent(context, value) : content(value);
      if (content != null) {
        contents.append(' ').append(name).append('=').append(content);
      }
    });
    // and the versions of the libraries it analyses text with (a Lucene upgrade may stem otherwise: other answers)
    String identity = factory.name() + " " + new TreeMap<>(parameters) + contents
        + (factory.libraries().isEmpty() ? "" : " " + factory.libraries());
    return new Refittable() {
      @Override
      public CoderResult code(Admission admission) throws Exception {
        return coder.code(admission);
      }

      @Override
      public boolean threadSafe() {
        return coder.threadSafe();
      }

      @Override
      public int concurrency() {
        return coder.concurrency();
      }

      @Override
      public void dataset(List<Admission> admissions) {
        coder.dataset(admissions);
      }

      @Override
      public void folder(java.nio.file.Path folder) throws java.io.IOException {
        coder.folder(folder);
      }

      @Override
      public void open(List<Admission> pending) throws Exception {
        coder.open(pending);
      }

      @Override
      public List<Admission> prepare(List<Admission> pending, CodingSession session) throws Exception {
        return coder.prepare(pending, session);
      }

      @Override
      public double[] commitments(List<Admission> pending, CodingSession session) throws Exception {
        return coder.commitments(pending, session);
      }

      @Override
      public double worstCaseCost(Admission admission) throws Exception {
        return coder.worstCaseCost(admission);
      }

      @Override
      public void release(Admission admission) {
        coder.release(admission);
      }

      @Override
      public List<Coder> members() {
        return coder.members();
      }

      @Override
      public Map<String, String> facts() {
        return coder.facts();
      }

      @Override
      public void close() {
        coder.close();
      }

      @Override
      public String identity() {
        return identity;
      }

      @Override
      public Coder refit(List<Admission> training) throws Exception {
        return factory.create(context.withTraining(training), parameters);
      }

      @Override
      public Optional<Refittable> widened(double minScore) throws Exception {
        Optional<Map<String, String>> wider = factory.widened(parameters, minScore);
        if (wider.isEmpty()) {
          return Optional.empty();
        }
        Coder copy = factory.create(context, wider.get());
        return Optional.of(copy instanceof Refittable refittable ? refittable : wrap(copy, factory, context, wider.get()));
      }
    };
  }

  /**
   * A SHA-256 of what a parameter names when it names a file or folder (e.g. the rules coder's {@code rules-dir}), so
   * that its edited content, not only its path, keys the cache; null for other values.
   */
  static String content(String value) {
    if (value == null || value.isBlank() || !(value.contains("/") || value.contains("\\"))) {
      return null;
    }
    // a dataset spec of files (a rules coder's parallel-evidence: jsonl:FILE or csv:NOTES,CODES): their contents
    DatasetSpec spec = filesSpec(value.trim());
    if (spec != null) {
      StringBuilder parts = new StringBuilder();
      for (java.nio.file.Path part : spec.paths()) {
        String text = part.toString();
        parts.append(content(text.contains("/") ? text : "./" + text)).append(' ');
      }
      return parts.toString().trim();
    }
    java.nio.file.Path path;
    try {
      path = java.nio.file.Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      return null;
    }
    return treeContent(orHome(path));
  }

  /** As {@link #content}, for a parameter declared a path: any value, read as {@link CoderContext#path} reads it. */
  private static String pathContent(CoderContext context, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    java.nio.file.Path path;
    try {
      path = context.path(value.trim());
    } catch (java.nio.file.InvalidPathException e) {
      return null;
    }
    return treeContent(orHome(path));
  }

  /** As the coders resolve a relative path that is not there: the working directory, then the medcode checkout. */
  private static java.nio.file.Path orHome(java.nio.file.Path path) {
    if (java.nio.file.Files.exists(path) || path.isAbsolute()) {
      return path;
    }
    String home = System.getenv("MEDCODE_HOME");
    return home == null ? path : java.nio.file.Path.of(home).resolve(path);
  }

  /** A SHA-256 of the names and bytes of the files under {@code path} (or of the file), or null when it is not there. */
  private static String treeContent(java.nio.file.Path path) {
    if (!java.nio.file.Files.exists(path)) {
      return null;
    }
    try {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      List<java.nio.file.Path> files;
      try (var walk = java.nio.file.Files.walk(path, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
        files = walk.filter(java.nio.file.Files::isRegularFile).sorted().toList();
      }
      for (java.nio.file.Path file : files) {
        digest.update(path.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update(java.nio.file.Files.readAllBytes(file));
      }
      return java.util.HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      return null;
    }
  }
  /** {@code value} read as a dataset spec of files ({@code jsonl:FILE}, {@code csv:NOTES,CODES}), or null. */
  private static DatasetSpec filesSpec(String value) {
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    if (!lower.startsWith("jsonl:") && !lower.startsWith("csv:")) { // a bare .jsonl path is a file, not a spec here
      return null;
    }
    try {
      DatasetSpec spec = DatasetSpec.parse(value);
      return spec.format() == DatasetSpec.Format.JSONL
          || spec.format() == DatasetSpec.Format.CSV ? spec : null;
    } catch (RuntimeException e) {
      return null; // not a dataset spec: a path
    }
  }

}
