package org.medcode.coder.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.load.Datasets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long creating the rules coder takes when its model is cached: what a run pays at start-up from the second run on
 * (the configs' rules coder on CodiEsp train English with the Spanish originals' evidence, FY2018 table, both
 * languages). Single shot in fresh JVMs (one per fork), so the figure includes class loading and a cold JIT; the
 * training split and table are loaded in set-up, as a run has them before it creates coders. Needs the public data
 * ({@code -Dmedcode.data=DIR}); the first set-up builds and caches the model under target/.
 *
 * <pre>
 * bench/jmh.sh RulesModelLoadBenchmark -jvmArgs -Dmedcode.data=../shared/data
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 5, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class RulesModelLoadBenchmark {
  private static final long SEED = 20261127L;

  private CodeTable table;
  private List<Admission> training;
  private Path root;
  private Map<String, String> parameters;
  private final RulesCoderFactory factory = new RulesCoderFactory();

  @Setup
  public void setUp() throws Exception {
    root = Path.of(System.getProperty("medcode.data", "../shared/data"));
    if (!Files.isDirectory(root.resolve("codiesp"))) {
      throw new IllegalStateException("no codiesp/ in " + root + ": set -Dmedcode.data");
    }
    table = CodeTables.load(root, CodeSystemId.ICD10CM, "2018");
    training = Datasets.load(DatasetSpec.parse("codiesp:train:en:D"), root).admissions();
    parameters = CoderParameters.resolve(factory, Map.of("parallel-evidence", "codiesp:train:es:D"));
    // build the model only when it is not cached yet (the first fork), so that no fork warms up the loading path
    CoderContext context = new CoderContext(table, training, root, Path.of("target"), SEED);
    if (!RulesCoderFactory.cached(context, parameters)) {
      factory.create(context, parameters);
    }
  }

  @Benchmark
  public Coder createFromCache() throws Exception {
    return factory.create(new CoderContext(table, training, root, Path.of("target"), SEED), parameters);
  }
}
