package org.medcode.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.ml.MlCoderFactory;
import org.medcode.coder.ml.MlTrainer;
import org.medcode.coder.ml.ModelKind;
import org.medcode.coder.ml.ModelStore;
import org.medcode.coder.ml.TrainedModel;
import org.medcode.coder.training.FeatureSettings;
import org.medcode.coder.training.TrainingData;
import org.medcode.coder.training.TrainingSource;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;
import org.medcode.dataset.load.Datasets;

/**
 * Not a unit test: times training and inference of ml-linear / ml-knn and reports the JVM's peak heap, on CodiEsp
 * (train → dev) or on a synthetic corpus of N admissions (80% train, up to 2,000 of the rest coded). Run it with
 * {@code bench/train.sh}; arguments: {@code codiesp DATA_ROOT CODER [key=value ...]} or
 * {@code synthetic N CODER [key=value ...]}.
 */
public final class TrainingBenchmark {
  private TrainingBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: TrainingBenchmark codiesp DATA_ROOT CODER [key=value ...] | synthetic N CODER [key=value ...]");
      System.exit(2);
    }
    ModelKind kind = ModelKind.of(args[2]);
    Map<String, String> given = new HashMap<>();
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      given.put(kv[0], kv[1]);
    }
    Map<String, String> parameters = CoderParameters.resolve(new MlCoderFactory(kind), given);
    List<Admission> train;
    List<Admission> test;
    CodeTable table;
    if (args[0].equals("codiesp")) {
      Path root = Path.of(args[1]);
      train = Datasets.load(DatasetSpec.parse("codiesp:train:en:D"), root).admissions();
      test = Datasets.load(DatasetSpec.parse("codiesp:dev:en:D"), root).admissions();
      table = CodeTables.load(root, CodeSystemId.ICD10CM, "2018");
    } else {
      int n = Integer.parseInt(args[1]);
      List<Admission> all = synthetic(n, 20261127L);
      int cut = (int) (n * 0.8);
      train = all.subList(0, cut);
      test = all.subList(cut, Math.min(n, cut + 2000));
      table = CodeTable.formatOnly(CodeSystems.syntax(CodeSystemId.ICD10CM));
    }
    System.gc();
    long start = System.nanoTime();
    long cpuStart = cpuNanos();
    TrainedModel model = MlTrainer.train(kind, train, table, parameters, 20261127L, TrainingSource.UNKNOWN);
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    double trainCpuSeconds = (cpuNanos() - cpuStart) / 1e9;
    Path folder = Files.createTempDirectory("medcode-bench-model");
    ModelStore.write(model, folder);
    long bytes;
    try (var files = Files.walk(folder)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    start = System.nanoTime();
    long codes = 0;
    long correct = 0;
    long gold = 0;
    for (Admission admission : test) {
      Set<String> expected = TrainingData.gold(admission, table.system().id());
      for (CodeSuggestion suggestion : model.predict(admission.text())) {
        codes++;
        correct += expected.contains(suggestion.code()) ? 1 : 0;
      }
      gold += expected.size();
    }
    double inferSeconds = (System.nanoTime() - start) / 1e9;
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "%s %s %s: train %d admissions in %.1f s, %.1f CPU s (%d labels, %d features, %s;"
        + " model folder %.1f MB); coded %d admissions in %.2f s (%.2f ms each, one thread, %.1f codes each, exact micro F1"
        + " %.3f); peak heap %.0f MB%n", args[0], args[1], kind.label(), train.size(), trainSeconds, trainCpuSeconds,
        model.labels().size(), model.vectorizer().size(), describe(model.vectorizer().settings()), bytes / 1e6, test.size(),
        inferSeconds, 1000 * inferSeconds / Math.max(1, test.size()), (double) codes / Math.max(1, test.size()),
        codes + gold == 0 ? 0 : 2.0 * correct / (codes + gold), peakHeap / 1e6);
    try (var files = Files.walk(folder)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static String describe(FeatureSettings features) {
    return "word 1-" + features.wordNgrams() + "-grams, "
        + (features.charMax() == 0 ? "no character n-grams" : "character " + features.charMin() + "-" + features.charMax() + "-grams");
  }

  /**
   * A deterministic MIMIC-like corpus: 4,000 codes with Zipf-distributed frequency, each with a three-word phrase from a
   * 6,000-word vocabulary; each admission has 3 to 15 codes and about 25 filler words per code (phrases appear with
   * probability 0.8, so some gold codes have no evidence).
   */
  static List<Admission> synthetic(int n, long seed) {
    Random random = new Random(seed);
    int vocabulary = 6000;
    String[] words = new String[vocabulary];
    for (int i = 0; i < vocabulary; i++) {
      StringBuilder w = new StringBuilder();
      int length = 4 + random.nextInt(6);
      for (int c = 0; c < length; c++) {
        w.append((char) ('a' + random.nextInt(26)));
      }
      words[i] = w.toString();
    }
    int codeCount = 4000;
    String[] codes = new String[codeCount];
    String[] phrases = new String[codeCount];
    double[] cumulative = new double[codeCount];
    double total = 0;
    for (int i = 0; i < codeCount; i++) {
      codes[i] = String.format(Locale.ROOT, "%c%02d%d", (char) ('A' + i % 26), (i / 26) % 100, i / 2600); // distinct
      phrases[i] = words[random.nextInt(vocabulary)] + " " + words[random.nextInt(vocabulary)] + " " + words[random.nextInt(vocabulary)];
      total += 1.0 / (i + 1);
      cumulative[i] = total;
    }
    List<Admission> admissions = new ArrayList<>(n);
    for (int a = 0; a < n; a++) {
      int k = 3 + random.nextInt(13);
      java.util.Set<Integer> chosen = new java.util.LinkedHashSet<>();
      while (chosen.size() < k) {
        double u = random.nextDouble() * total;
        int lo = java.util.Arrays.binarySearch(cumulative, u);
        chosen.add(Math.min(codeCount - 1, lo >= 0 ? lo : -lo - 1));
      }
      StringBuilder text = new StringBuilder();
      List<GoldCode> gold = new ArrayList<>();
      for (int c : chosen) {
        for (int f = 0; f < 25; f++) {
          text.append(words[(int) Math.min(vocabulary - 1, Math.abs(random.nextGaussian()) * 400)]).append(' ');
        }
        if (random.nextDouble() < 0.8) {
          text.append(phrases[c]).append(". ");
        }
        gold.add(new GoldCode(codes[c], CodeSystemId.ICD10CM));
      }
      admissions.add(new Admission("S" + a, "S" + a, List.of(new Note("note", text.toString())), gold, Map.of()));
    }
    return admissions;
  }
}
