package org.medcode.coder;

import java.nio.file.Path;
import java.util.List;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;

/**
 * What a coder may use when it is created: the code table it must code into, the training admissions (empty when the
 * config names no training split; never the split being evaluated), the data root, a cache folder and the seed.
 */
public record CoderContext(CodeTable table, List<Admission> training, Path dataRoot, Path cacheDir, long seed) {
  public CoderContext {
    training = List.copyOf(training);
  }
}
