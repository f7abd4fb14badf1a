package org.medcode.run.engine;

import java.nio.file.Path;
import java.util.List;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.run.record.RunConfig;
import org.medcode.run.workspace.Workspace;

/** What a run config names, loaded: the dataset to code, the code table to score with, the training split (or null). */
record RunData(Dataset dataset, CodeTable table, Dataset training) {
  /**
   * Loads the dataset, its code table and the training split, in that order; with {@code refuseEvaluatedSplit}, a
   * training split that is the split being evaluated is refused before it is loaded.
   */
  static RunData load(Workspace workspace, RunConfig config, boolean refuseEvaluatedSplit) {
    Dataset dataset = workspace.loadDataset(config.dataset());
    return load(workspace, config, dataset, refuseEvaluatedSplit);
  }

  /** As {@link #load(Workspace, RunConfig, boolean)}, with the dataset already loaded. */
  static RunData load(Workspace workspace, RunConfig config, Dataset dataset, boolean refuseEvaluatedSplit) {
    RunConfig.CodeSystemRef ref = config.codeSystem();
    CodeSystemId system = Workspace.chooseSystem(ref.system() == null ? null : CodeSystemId.parse(ref.system()), dataset);
    CodeTable table = workspace.codeTable(system, ref.year(), ref.table() == null ? null : Path.of(ref.table()),
        config.dataset());
    if (config.training() == null) {
      return new RunData(dataset, table, null);
    }
    if (refuseEvaluatedSplit
        && DatasetSpec.parse(config.training()).toString().equals(DatasetSpec.parse(config.dataset()).toString())) {
      throw new MedcodeException("the training split must differ from the split being evaluated (both are "
          + config.dataset() + ")");
    }
    return new RunData(dataset, table, workspace.loadDataset(config.training()));
  }

  /** The training admissions; none without a training split. */
  List<Admission> trainingAdmissions() {
    return training == null ? List.of() : training.admissions();
  }
}
