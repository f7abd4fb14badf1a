package org.medcode.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.load.Datasets;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.Evaluator;
import org.medcode.prediction.PredictionReader;
import org.medcode.prediction.PredictionSet;

/**
 * The evaluation engine alone on a dataset already in memory: loads once, then runs the default evaluation with every
 * analysis {@code REPEATS} times and prints the wall and process CPU time of each (the first includes JIT warm-up). Not
 * a test: speed is measured here, never asserted.
 *
 * <p>usage: {@code EngineScaleBench DATASET_SPEC PREDICTIONS [REPEATS [DATA_ROOT]]}
 */
public final class EngineScaleBench {
  private EngineScaleBench() {}

  public static void main(String[] args) {
    Path root = Path.of(args.length > 3 ? args[3] : "datasets");
    long start = System.nanoTime();
    Dataset dataset = Datasets.load(DatasetSpec.parse(args[0]), root);
    PredictionSet predictions = PredictionReader.read(Path.of(args[1]));
    CodeTable table = CodeTables.load(root, CodeSystemId.ICD10CM, "2026");
    System.out.printf(Locale.ROOT, "loaded %,d admissions and %,d predicted codes in %.1f s%n",
        dataset.admissions().size(), predictions.rows(), (System.nanoTime() - start) / 1e9);
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int r = 0; r < repeats; r++) {
      long cpu = os.getProcessCpuTime();
      long t = System.nanoTime();
      Evaluator.Evaluated e = Evaluator.evaluateWithAnalysis(dataset.admissions(), predictions.byAdmission(), table,
          EvalOptions.defaults(), Optional.empty(), Set.of());
      System.out.printf(Locale.ROOT, "evaluate + analysis: %.2f s wall, %.2f s CPU (%d strata)%n",
          (System.nanoTime() - t) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9, e.analysis().strata().strata().size());
    }
  }
}
