package org.medcode.coder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;

/**
 * What a coder may use when it is created: the code table it must code into, the training admissions (empty when the
 * config names no training split; never the split being evaluated), the data root, a cache folder, the seed, and
 * {@code peers}: the other coders of the same run by id, created once and shared (for coders that combine others,
 * such as an ensemble; unknown ids throw {@link MedcodeException}), and {@code credentialedData}: whether
 * the evaluated or the training split holds credentialed patient data (e.g. MIMIC), which coders that send text off
 * the machine must keep on allowed endpoints; {@code listener} takes the coder's notes and warnings for the person
 * running it; {@code allowedEndpoints} are the run's endpoints that credentialed data may go to (the harness refuses
 * a credentialed run with a coder whose {@link CoderFactory#egress} names any other; a coder that sends data checks
 * them again when it is created); {@code directory} is where the files and folders the coder's parameters name by
 * relative paths were named from: null for the current directory, or, for a resumed run, the directory the run started
 * in ({@link #path}); {@code resumed}: the coder continues a run folder that has its parameters already (a check that
 * an older version did not make may then warn instead of refusing, as the answers recorded came from them).
 */
public record CoderContext(CodeTable table, List<Admission> training, Path dataRoot, Path cacheDir, long seed,
    Function<String, Coder> peers, boolean credentialedData, RunListener listener, AllowedEndpoints allowedEndpoints,
    Path directory, boolean resumed) {
  /** Peers where a coder is created alone: asking for one is an error. */
  public static final Function<String, Coder> NO_PEERS = id -> {
    throw new MedcodeException("no other coders are available here (asked for '" + id + "')");
  };

  public CoderContext {
    training = List.copyOf(training);
    java.util.Objects.requireNonNull(allowedEndpoints, "allowedEndpoints");
  }

  /** A context of a new run, whose coders' relative paths are read from {@code directory}. */
  public CoderContext(CodeTable table, List<Admission> training, Path dataRoot, Path cacheDir, long seed,
      Function<String, Coder> peers, boolean credentialedData, RunListener listener, AllowedEndpoints allowedEndpoints,
      Path directory) {
    this(table, training, dataRoot, cacheDir, seed, peers, credentialedData, listener, allowedEndpoints, directory, false);
  }

  /** A context whose coders' relative paths are read from the current directory. */
  public CoderContext(CodeTable table, List<Admission> training, Path dataRoot, Path cacheDir, long seed,
      Function<String, Coder> peers, boolean credentialedData, RunListener listener, AllowedEndpoints allowedEndpoints) {
    this(table, training, dataRoot, cacheDir, seed, peers, credentialedData, listener, allowedEndpoints, null);
  }

  /**
   * What a message about a relative path that is not there adds: where it was looked for (the run's directory first,
   * for a resumed run, then the current one).
   */
  public String readFrom() {
    return directory == null ? MedcodeException.readFromHere()
        : " (relative paths are read from " + directory + ", where the run started, else from the current directory "
            + Path.of("").toAbsolutePath() + ")";
  }

  /**
   * A file or folder a parameter names: a relative path is read from {@link #directory()} when it is there (a resumed
   * run started elsewhere finds the files it was given), else as written (from the current directory; a coder may then
   * try its own fallbacks, such as $MEDCODE_HOME).
   */
  public Path path(String value) {
    return path(directory, value);
  }

  /**
   * As {@link #path(String)}, for a context whose {@link #directory()} is {@code directory}: where the harness looks
   * before a coder is created (a model folder's leakage check) finds what the coder will read.
   */
  public static Path path(Path directory, String value) {
    Path path = Path.of(value);
    if (path.isAbsolute() || directory == null) {
      return path;
    }
    Path there = directory.resolve(path);
    return Files.exists(there) ? there : path;
  }

  /** A context whose credentialed data may go to this machine only. */
  public CoderContext(CodeTable table, List<Admission> training, Path dataRoot, Path cacheDir, long seed,
      Function<String, Coder> peers, boolean credentialedData, RunListener listener) {
    this(table, training, dataRoot, cacheDir, seed, peers, credentialedData, listener, AllowedEndpoints.loopbackOnly());
  }

  /** A context that tells nobody what happens. */
  public CoderContext(CodeTable table, List<Admission> training, Path dataRoot, Path cacheDir, long seed,
      Function<String, Coder> peers, boolean credentialedData) {
    this(table, training, dataRoot, cacheDir, seed, peers, credentialedData, RunListener.SILENT);
  }

  /** A context over public (not credentialed) data. */
  public CoderContext(CodeTable table, List<Admission> training, Path dataRoot, Path cacheDir, long seed,
      Function<String, Coder> peers) {
    this(table, training, dataRoot, cacheDir, seed, peers, false);
  }

  /** The same context with other training admissions (for refitting a coder on part of its training split). */
  public CoderContext withTraining(List<Admission> admissions) {
    return new CoderContext(table, admissions, dataRoot, cacheDir, seed, peers, credentialedData, listener,
        allowedEndpoints, directory, resumed);
  }

  /** A context without peers. */
  public CoderContext(CodeTable table, List<Admission> training, Path dataRoot, Path cacheDir, long seed) {
    this(table, training, dataRoot, cacheDir, seed, NO_PEERS);
  }
}
