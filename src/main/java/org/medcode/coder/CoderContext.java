package org.medcode.coder;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;

/**
 * What a coder may use when it is created: the code table it must code into, the training admissions (empty when the
 * config names no training split; never the split being evaluated), the data root, a cache folder, the seed, and
 * {@code peers}: the other coders of the same run by id, created once and shared (for coders that combine others,
 * such as an ensemble; unknown ids throw {@link org.medcode.MedcodeException}), and {@code credentialedData}: whether
 * the evaluated or the training split holds credentialed patient data (e.g. MIMIC), which coders that send text off
 * the machine must keep on allowed endpoints.
 */
public record CoderContext(CodeTable table, List<Admission> training, Path dataRoot, Path cacheDir, long seed,
    Function<String, Coder> peers, boolean credentialedData) {
  public CoderContext {
    training = List.copyOf(training);
  }

  /** A context over public (not credentialed) data. */
  public CoderContext(CodeTable table, List<Admission> training, Path dataRoot, Path cacheDir, long seed,
      Function<String, Coder> peers) {
    this(table, training, dataRoot, cacheDir, seed, peers, false);
  }

  /** A context without peers. */
  public CoderContext(CodeTable table, List<Admission> training, Path dataRoot, Path cacheDir, long seed) {
    this(table, training, dataRoot, cacheDir, seed, id -> {
      throw new org.medcode.MedcodeException("no other coders are available here (asked for '" + id + "')");
    });
  }
}
