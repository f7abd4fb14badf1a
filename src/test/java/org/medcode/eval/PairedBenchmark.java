package org.medcode.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.medcode.codesystem.CodeEntry;
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
 * The paired comparison of two coders on a MIMIC-sized run (issue 12): 122,000 admissions with 13-23 gold codes each
 * (mean 18, a Zipf-like draw from 26,000 codes), coder A predicting 60 % of the gold codes plus 8 others, coder B 62 %
 * plus 7, all four levels, 1,000 bootstrap resamples and 10,000 approximate-randomisation rounds.
 * {@code compare}: {@link Paired#compare(PairedSide, PairedSide, EvalOptions, int)} on sides built once (the paired
 * work of {@code medcode compare} and {@code gate}); {@code sides}: the two {@link PairedSide#of} calls. Run with
 * {@code bench/jmh.sh PairedBenchmark -f 1 -wi 1 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
public class PairedBenchmark {
  @Param("122000")
  public int admissions;

  @Param("1000")
  public int resamples;

  @Param("10000")
  public int permutations;

  private List<Admission> data;
  private Map<String, Prediction> a;
  private Map<String, Prediction> b;
  private CodeTable table;
  private EvalOptions options;
  private PairedSide sideA;
  private PairedSide sideB;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42L);
    int vocabulary = 26_000;
    String[] codes = new String[vocabulary];
    Map<String, CodeEntry> entries = new HashMap<>();
    for (int i = 0; i < vocabulary; i++) {
      codes[i] = (char) ('A' + i % 26) + String.format(java.util.Locale.ROOT, "%02d", (i / 26) % 100) + (i / 2600);
      entries.put(codes[i], new CodeEntry(codes[i], true, "", ""));
    }
    table = CodeTable.of(new EvaluatorBenchmark.PrefixSystem(), "synthetic", entries);
    data = new ArrayList<>(admissions);
    a = new HashMap<>(2 * admissions);
    b = new HashMap<>(2 * admissions);
    for (int i = 0; i < admissions; i++) {
      String id = "adm" + i;
      int g = 13 + rnd.nextInt(11);
      List<GoldCode> gold = new ArrayList<>(g);
      List<PredictedCode> predictedA = new ArrayList<>();
      List<PredictedCode> predictedB = new ArrayList<>();
      for (int j = 0; j < g; j++) {
        String code = codes[zipf(rnd, vocabulary)];
        gold.add(new GoldCode(code, CodeSystemId.ICD10CM));
        if (rnd.nextInt(100) < 60) {
          predictedA.add(new PredictedCode(code, code, rnd.nextDouble()));
        }
        if (rnd.nextInt(100) < 62) {
          predictedB.add(new PredictedCode(code, code, rnd.nextDouble()));
        }
      }
      for (int j = 0; j < 8; j++) {
        String code = codes[zipf(rnd, vocabulary)];
        predictedA.add(new PredictedCode(code, code, rnd.nextDouble()));
      }
      for (int j = 0; j < 7; j++) {
        String code = codes[zipf(rnd, vocabulary)];
        predictedB.add(new PredictedCode(code, code, rnd.nextDouble()));
      }
      data.add(new Admission(id, "pat" + (i / 3), List.of(), gold, Map.of()));
      a.put(id, new Prediction(id, predictedA));
      b.put(id, new Prediction(id, predictedB));
    }
    options = new EvalOptions(List.of(Granularity.values()), InvalidPolicy.COUNT, resamples, 0.95,
        EvalOptions.DEFAULT_SEED, false, List.of(1, 5, 10, 15), false);
    sideA = PairedSide.of("a", data, a, table, options);
    sideB = PairedSide.of("b", data, b, table, options);
  }

  private static int zipf(SplittableRandom rnd, int vocabulary) {
    double u = rnd.nextDouble();
    return (int) (vocabulary * u * u * u);
  }

  @Benchmark
  public PairedComparison compare() {
    return Paired.compare(sideA, sideB, options, permutations);
  }

  @Benchmark
  public PairedSide[] sides() {
    return new PairedSide[] {PairedSide.of("a", data, a, table, options), PairedSide.of("b", data, b, table, options)};
  }
}
