package org.medcode.coder.ensemble;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.RunListener;
import org.medcode.coder.embed.EmbedRetrievalCoderFactory;
import org.medcode.coder.ml.MlCoderFactory;
import org.medcode.coder.rules.RulesCoderFactory;
import org.medcode.coder.training.TrainingData;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.load.Datasets;

/**
 * Dev-only measuring tool (not a test): holds out a seeded, by-patient fifth of a training split, builds the members
 * (rules, ml-linear, ml-knn, embed-retrieval) and the ensemble on the rest, and prints exact micro P/R/F1 of each on the
 * held-out fifth, with the paired bootstrap interval of the ensemble's F1 minus its best member's. Never reads dev.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.medcode.coder.ensemble.EnsembleDevScores \
 *     DATA_ROOT TRAIN_SPEC SYSTEM YEAR [ensemble name=value ...] [rules name=value ...]
 * </pre>
 */
public final class EnsembleDevScores {
  private EnsembleDevScores() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    List<Admission> all = Datasets.load(DatasetSpec.parse(args[1]), root).admissions();
    CodeSystemId system = CodeSystemId.valueOf(args[2].toUpperCase(Locale.ROOT));
    CodeTable table = CodeTables.load(root, system, args[3]);
    Map<String, Map<String, String>> given = new LinkedHashMap<>();
    String current = "ensemble";
    for (int i = 4; i < args.length; i++) {
      if (!args[i].contains("=")) {
        current = args[i];
        continue;
      }
      String[] kv = args[i].split("=", 2);
      given.computeIfAbsent(current, k -> new HashMap<>()).put(kv[0], kv[1]);
    }
    TrainingData.Split split = TrainingData.carve(all, 0.2, Long.getLong("valSeed", 20261127L));
    RunListener listener = new RunListener() {
      @Override
      public void note(String message) {
        System.out.println("  note: " + message);
      }

      @Override
      public void warning(String message) {
        System.out.println("  warning: " + message);
      }
    };
    Map<String, CoderFactory> factories = new LinkedHashMap<>();
    factories.put("rules", new RulesCoderFactory());
    factories.put("ml-linear", MlCoderFactory.linear());
    factories.put("ml-knn", MlCoderFactory.knn());
    factories.put("embed-retrieval", new EmbedRetrievalCoderFactory());
    if (given.containsKey("rules-wide")) {
      factories.put("rules-wide", new RulesCoderFactory());
    }
    Map<String, Coder> members = new LinkedHashMap<>();
    // the coders' caches as medcode keeps them ($MEDCODE_CACHE, else ~/.cache/medcode), never inside the data folder
    // (which may be a shared, read-only mirror)
    String configured = System.getenv("MEDCODE_CACHE");
    Path cache = configured != null && !configured.isBlank() ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "medcode");
    CoderContext context = new CoderContext(table, split.fit(), root, cache, 20261127L, id -> members.get(id), false, listener);
    for (Map.Entry<String, CoderFactory> e : factories.entrySet()) {
      long t0 = System.nanoTime();
      members.put(e.getKey(), e.getValue().create(context,
          CoderParameters.resolve(e.getValue(), given.getOrDefault(e.getKey(), Map.of()))));
      System.out.printf(Locale.ROOT, "%s created in %.1fs%n", e.getKey(), (System.nanoTime() - t0) / 1e9);
    }
    EnsembleCoderFactory factory = new EnsembleCoderFactory();
    Map<String, String> ensembleParameters = new HashMap<>(given.getOrDefault("ensemble", Map.of()));
    ensembleParameters.putIfAbsent("members", String.join(",", factories.keySet()));
    long t0 = System.nanoTime();
    Coder ensemble = factory.create(context, CoderParameters.resolve(factory, ensembleParameters));
    System.out.printf(Locale.ROOT, "ensemble created in %.1fs%n", (System.nanoTime() - t0) / 1e9);
    members.put("ensemble", ensemble);
    List<Admission> validation = split.validation();
    Map<String, long[][]> counts = new LinkedHashMap<>();   // coder -> per admission {tp, fp, fn}
    for (Map.Entry<String, Coder> e : members.entrySet()) {
      long[][] perAdmission = new long[validation.size()][3];
      for (int a = 0; a < validation.size(); a++) {
        Set<String> gold = TrainingData.gold(validation.get(a), system);
        List<CodeSuggestion> answer = e.getValue().code(validation.get(a)).codes();
        Set<String> predicted = new java.util.HashSet<>();
        answer.forEach(c -> predicted.add(c.code()));
        for (String code : predicted) {
          perAdmission[a][gold.contains(code) ? 0 : 1]++;
        }
        perAdmission[a][2] = gold.stream().filter(c -> !predicted.contains(c)).count();
      }
      counts.put(e.getKey(), perAdmission);
      long[] sum = sum(perAdmission, null);
      System.out.printf(Locale.ROOT, "  %-16s exact micro P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)%n", e.getKey(),
          sum[0] / (double) Math.max(1, sum[0] + sum[1]), sum[0] / (double) Math.max(1, sum[0] + sum[2]), f1(sum), sum[0],
          sum[1], sum[2]);
    }
    String best = null;
    for (String id : factories.keySet()) {
      if (id.endsWith("-wide")) {
        continue;
      }
      if (best == null || f1(sum(counts.get(id), null)) > f1(sum(counts.get(best), null))) {
        best = id;
      }
    }
    double[] differences = new double[1000];
    SplittableRandom random = new SplittableRandom(20261127L);
    int n = validation.size();
    for (int b = 0; b < differences.length; b++) {
      SplittableRandom r = random.split();
      int[] sample = new int[n];
      for (int i = 0; i < n; i++) {
        sample[i] = r.nextInt(n);
      }
      differences[b] = f1(sum(counts.get("ensemble"), sample)) - f1(sum(counts.get(best), sample));
    }
    java.util.Arrays.sort(differences);
    System.out.printf(Locale.ROOT, "  ensemble - %s: F1 %+.3f, paired 95%% bootstrap interval [%+.3f, %+.3f] (%d admissions)%n",
        best, f1(sum(counts.get("ensemble"), null)) - f1(sum(counts.get(best), null)), differences[24], differences[974], n);
  }

  private static long[] sum(long[][] perAdmission, int[] sample) {
    long[] sum = new long[3];
    if (sample == null) {
      for (long[] c : perAdmission) {
        for (int k = 0; k < 3; k++) {
          sum[k] += c[k];
        }
      }
    } else {
      for (int i : sample) {
        for (int k = 0; k < 3; k++) {
          sum[k] += perAdmission[i][k];
        }
      }
    }
    return sum;
  }

  private static double f1(long[] c) {
    return 2.0 * c[0] / Math.max(1, 2 * c[0] + c[1] + c[2]);
  }

  static List<String> ids(List<Admission> admissions) {
    List<String> ids = new ArrayList<>();
    admissions.forEach(a -> ids.add(a.id()));
    return ids;
  }
}
