package org.medcode.eval;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystem;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The evaluation of a MIMIC-sized run: 122,000 admissions with ~20 gold and ~20 scored, unsorted predicted codes
 * each (a Zipf-like draw from 20,000 codes, about 2 % of predictions not in the table), all four levels, k = 1, 5,
 * 10, 15. {@code withBootstrap}: 1,000 resamples with micro, per-admission and ranked intervals (no macro
 * intervals); {@code pointOnly}: no resampling. Run with {@code bench/jmh.sh EvaluatorBenchmark -f 1 -wi 1 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
public class EvaluatorBenchmark {
  @Param("122000")
  public int admissions;

  @Param("20")
  public int codesPerAdmission;

  private List<Admission> data;
  private Map<String, Prediction> predictions;
  private CodeTable table;
  private EvalOptions bootstrap;
  private EvalOptions pointOnly;

  @Setup(Level.Trial)
  public void setUp() {
    Synthetic s = Synthetic.generate(admissions, codesPerAdmission, 20_000, 42L);
    data = s.admissions;
    predictions = s.predictions;
    table = s.table;
    List<Granularity> levels = List.of(Granularity.values());
    List<Integer> ks = List.of(1, 5, 10, 15);
    bootstrap = new EvalOptions(levels, InvalidPolicy.COUNT, 1000, 0.95, EvalOptions.DEFAULT_SEED, false, ks, false);
    pointOnly = new EvalOptions(levels, InvalidPolicy.COUNT, 0, 0.95, EvalOptions.DEFAULT_SEED, false, ks, false);
  }

  @Benchmark
  public EvaluationResult withBootstrap() {
    return Evaluator.evaluate(data, predictions, table, bootstrap);
  }

  @Benchmark
  public EvaluationResult pointOnly() {
    return Evaluator.evaluate(data, predictions, table, pointOnly);
  }

  /** A deterministic synthetic run over a 4-level system where every well-formed code has every ancestor. */
  static final class Synthetic {
    final List<Admission> admissions;
    final Map<String, Prediction> predictions;
    final CodeTable table;

    private Synthetic(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table) {
      this.admissions = admissions;
      this.predictions = predictions;
      this.table = table;
    }

    static Synthetic generate(int n, int perAdmission, int vocabulary, long seed) {
      SplittableRandom rnd = new SplittableRandom(seed);
      String[] codes = new String[vocabulary];
      Map<String, CodeEntry> entries = new HashMap<>();
      for (int i = 0; i < vocabulary; i++) {
        codes[i] = (char) ('A' + i % 26) + String.format(java.util.Locale.ROOT, "%02d", (i / 26) % 100) + (i / 2600);
        entries.put(codes[i], new CodeEntry(codes[i], true, "", ""));
      }
      CodeTable table = CodeTable.of(new PrefixSystem(), "synthetic", entries);
      List<Admission> admissions = new ArrayList<>(n);
      Map<String, Prediction> predictions = new HashMap<>(2 * n);
      for (int a = 0; a < n; a++) {
        String id = "adm" + a;
        int g = perAdmission - 5 + rnd.nextInt(11);
        List<GoldCode> gold = new ArrayList<>(g);
        List<PredictedCode> predicted = new ArrayList<>(perAdmission);
        for (int j = 0; j < g; j++) {
          String code = codes[zipf(rnd, vocabulary)];
          gold.add(new GoldCode(code, CodeSystemId.ICD10CM));
          if (rnd.nextInt(10) < 6) {
            predicted.add(new PredictedCode(code, code, rnd.nextDouble()));
          }
        }
        while (predicted.size() < perAdmission) {
          String code = rnd.nextInt(50) == 0 ? "Z99" + rnd.nextInt(100) : codes[zipf(rnd, vocabulary)];
          predicted.add(new PredictedCode(code, code, rnd.nextDouble()));
        }
        admissions.add(new Admission(id, "pat" + (a / 3), List.of(), gold, Map.of()));
        predictions.put(id, new Prediction(id, predicted));
      }
      return new Synthetic(admissions, predictions, table);
    }

    private static int zipf(SplittableRandom rnd, int vocabulary) {
      double u = rnd.nextDouble();
      return (int) (vocabulary * u * u * u);
    }
  }

  /** Category = first 3 characters, block = first 2, chapter = first letter. */
  static final class PrefixSystem implements CodeSystem {
    @Override
    public CodeSystemId id() {
      return CodeSystemId.ICD10CM;
    }

    @Override
    public boolean isWellFormed(String code) {
      return code.length() >= 3 && Character.isLetter(code.charAt(0)) && Character.isDigit(code.charAt(1));
    }

    @Override
    public String display(String code) {
      return code;
    }

    @Override
    public Set<Granularity> granularities() {
      return EnumSet.allOf(Granularity.class);
    }

    @Override
    public String levelName(Granularity granularity) {
      return granularity.label();
    }

    @Override
    public Optional<String> ancestor(String code, Granularity granularity) {
      if (!isWellFormed(code)) {
        return Optional.empty();
      }
      return Optional.of(switch (granularity) {
        case EXACT -> code;
        case CATEGORY -> code.substring(0, 3);
        case BLOCK -> code.substring(0, 2);
        case CHAPTER -> code.substring(0, 1);
      });
    }

    @Override
    public Optional<String> levelTitle(String key, Granularity granularity) {
      return Optional.empty();
    }
  }
}
