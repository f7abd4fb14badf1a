package org.medcode.coder.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.Note;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the rules coder with the full ICD-10-CM FY2026 table loaded (trained on CodiEsp train English, with
 * the Spanish originals' evidence, when the data is there; the model is built once and cached under target/). One
 * operation codes admissions totalling {@value #CHARS} characters of note text (CodiEsp dev English texts repeated,
 * or synthetic sentences from the table's titles without the data), on one thread, so the score in ops/s reads as MB
 * of (ASCII) note text per second per core.
 *
 * <pre>
 * mvn -q -B test-compile &amp;&amp; mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -Dmedcode.data=../shared/data -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     org.openjdk.jmh.Main RulesCoderBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
public class RulesCoderBenchmark {
  static final int CHARS = 1_000_000;

  private Coder coder;
  private List<Admission> batch;

  @Setup
  public void setUp() throws Exception {
    Path root = dataRoot();
    CodeTable table = CodeTables.load(root, CodeSystemId.ICD10CM, "2026");
    List<Admission> training = List.of();
    List<String> texts = new ArrayList<>();
    if (Files.isDirectory(root.resolve("codiesp"))) {
      training = Datasets.load(DatasetSpec.parse("codiesp:train:en:D"), root).admissions();
      Datasets.load(DatasetSpec.parse("codiesp:dev:en:D"), root).admissions().forEach(a -> texts.add(a.text()));
    } else {
      texts.addAll(synthetic(table));
    }
    RulesCoderFactory factory = new RulesCoderFactory();
    Map<String, String> parameters = training.isEmpty() ? Map.of("language", "en")
        : Map.of("language", "en", "parallel-evidence", "codiesp:train:es:D");
    coder = factory.create(new CoderContext(table, training, root, Path.of("target"), 1L),
        CoderParameters.resolve(factory, parameters));
    batch = new ArrayList<>();
    int total = 0;
    for (int i = 0; total < CHARS; i++) {
      String text = texts.get(i % texts.size());
      if (total + text.length() > CHARS) {
        text = text.substring(0, CHARS - total);
      }
      batch.add(new Admission("b" + i, "b" + i, List.of(new Note("clinical case", text)), List.of(), Map.of()));
      total += text.length();
    }
  }

  @Benchmark
  public void codeOneMillionCharacters(Blackhole blackhole) throws Exception {
    for (Admission admission : batch) {
      blackhole.consume(coder.code(admission));
    }
  }

  private static Path dataRoot() {
    for (String candidate : new String[] {System.getProperty("medcode.data", ""), System.getenv("MEDCODE_MIRROR"),
        "datasets", "../shared/data"}) {
      if (candidate != null && !candidate.isBlank() && Files.isDirectory(Path.of(candidate).resolve("icd10cm-cms"))) {
        return Path.of(candidate);
      }
    }
    throw new IllegalStateException("no data root with icd10cm-cms/: set -Dmedcode.data or MEDCODE_MIRROR");
  }

  /** Clinical-looking sentences made of table titles and filler, seeded. */
  private static List<String> synthetic(CodeTable table) {
    List<String> titles = table.entries().values().stream().map(CodeEntry::longTitle).filter(t -> !t.isEmpty()).toList();
    Random random = new Random(1);
    List<String> texts = new ArrayList<>();
    for (int a = 0; a < 200; a++) {
      StringBuilder text = new StringBuilder();
      for (int s = 0; s < 25; s++) {
        text.append(random.nextInt(3) == 0 ? "No evidence of " : "The patient presented with ")
            .append(titles.get(random.nextInt(titles.size())).toLowerCase(java.util.Locale.ROOT))
            .append(" and was treated with 40 mg of medication for 3 days.\n");
      }
      texts.add(text.toString());
    }
    return texts;
  }
}
