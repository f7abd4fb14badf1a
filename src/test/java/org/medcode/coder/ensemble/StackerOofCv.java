package org.medcode.coder.ensemble;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.medcode.coder.CodeSuggestion;

/**
 * Dev-only measuring tool (not a test): the stacked scorer ({@link Stacker}) in 5-fold cross-validation over the
 * training split, from the members' cached out-of-fold answers ({@code $MEDCODE_CACHE/ensemble-oof/*.tsv}, written by a
 * run of a stacked ensemble) and the split's gold codes (a CodiEsp {@code trainD.tsv}). Each outer fold's stacker is fitted
 * on the other four folds' answers, exactly as a run fits it on the whole training split; prints the micro F1 of the
 * stacked answers and of a baseline answer file (the rules coder as it reports), with the paired bootstrap interval of
 * the difference ({@code -Dprefix=3}: of the codes' first three characters, ICD-10-PCS's category level). Training
 * admissions without gold codes are left out (the official scorer's population). Never reads dev.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.medcode.coder.ensemble.StackerOofCv \
 *     GOLD_TSV BASELINE_TSV MEMBER_TSV ...
 * </pre>
 */
public final class StackerOofCv {
  private StackerOofCv() {}

  public static void main(String[] args) throws IOException {
    Map<String, Set<String>> gold = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      String[] f = line.split("\t");
      gold.computeIfAbsent(f[0], k -> new HashSet<>()).add(normal(f[1]));
    }
    List<String> ids = new ArrayList<>(gold.keySet());
    Collections.sort(ids);
    Map<String, List<CodeSuggestion>> baseline = read(Path.of(args[1]));
    List<Map<String, List<CodeSuggestion>>> members = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      members.add(read(Path.of(args[i])));
    }
    List<Stacker.Example> examples = new ArrayList<>();
    for (String id : ids) {
      List<List<CodeSuggestion>> answers = new ArrayList<>();
      members.forEach(m -> answers.add(m.getOrDefault(id, List.of())));
      examples.add(new Stacker.Example(answers, gold.get(id)));
    }
    List<String> order = new ArrayList<>(ids);
    Collections.shuffle(order, new Random(7));
    int k = 5;
    Map<String, Integer> outer = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      outer.put(order.get(i), i % k);
    }
    Map<String, Set<String>> stacked = new LinkedHashMap<>();
    for (int f = 0; f < k; f++) {
      List<Stacker.Example> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        if (outer.get(ids.get(i)) == f) {
          test.add(i);
        } else {
          train.add(examples.get(i));
        }
      }
      int[] inner = new int[train.size()];
      for (int i = 0; i < inner.length; i++) {
        inner[i] = i % 5;
      }
      Stacker stacker = Stacker.fit(train, inner, 30, 200);
      for (int i : test) {
        Set<String> kept = new HashSet<>();
        stacker.score(examples.get(i).answers()).forEach((code, p) -> {
          if (p >= stacker.threshold()) {
            kept.add(code);
          }
        });
        stacked.put(ids.get(i), kept);
      }
    }
    int[][] a = counts(ids, stacked, gold);
    Map<String, Set<String>> base = new LinkedHashMap<>();
    ids.forEach(id -> base.put(id, codes(baseline.getOrDefault(id, List.of()))));
    int[][] b = counts(ids, base, gold);
    double diff = f1(a, null) - f1(b, null);
    SplittableRandom random = new SplittableRandom(11);
    double[] diffs = new double[1000];
    for (int r = 0; r < diffs.length; r++) {
      int[] sample = new int[ids.size()];
      for (int i = 0; i < sample.length; i++) {
        sample[i] = random.nextInt(ids.size());
      }
      diffs[r] = f1(a, sample) - f1(b, sample);
    }
    java.util.Arrays.sort(diffs);
    System.out.printf(Locale.ROOT, "stacked %.4f baseline %.4f diff %+.4f [%+.4f, %+.4f]%n", f1(a, null), f1(b, null),
        diff, diffs[25], diffs[974]);
  }

  private static String normal(String code) {
    return code.trim().toUpperCase(Locale.ROOT).replace(".", "");
  }

  private static Set<String> codes(List<CodeSuggestion> answer) {
    Set<String> out = new HashSet<>();
    answer.forEach(c -> out.add(c.code()));
    return out;
  }

  private static Map<String, List<CodeSuggestion>> read(Path file) throws IOException {
    Map<String, List<CodeSuggestion>> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("admission_id") || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      out.computeIfAbsent(f[0], k -> new ArrayList<>())
          .add(new CodeSuggestion(normal(f[2]), f[3].isEmpty() ? null : Double.parseDouble(f[3])));
    }
    return out;
  }

  /** {@code -Dprefix=3} scores the first three characters of each code (ICD-10-PCS's category level), distinct per admission. */
  private static final int PREFIX = Integer.getInteger("prefix", 0);

  private static Set<String> level(Set<String> codes) {
    Set<String> out = new HashSet<>();
    codes.forEach(code -> out.add(PREFIX > 0 && code.length() > PREFIX ? code.substring(0, PREFIX) : code));
    return out;
  }

  private static int[][] counts(List<String> ids, Map<String, Set<String>> predicted, Map<String, Set<String>> gold) {
    int[][] c = new int[ids.size()][3];
    for (int i = 0; i < ids.size(); i++) {
      Set<String> p = level(predicted.getOrDefault(ids.get(i), Set.of()));
      Set<String> g = level(gold.get(ids.get(i)));
      for (String code : p) {
        c[i][g.contains(code) ? 0 : 1]++;
      }
      for (String code : g) {
        c[i][2] += p.contains(code) ? 0 : 1;
      }
    }
    return c;
  }

  private static double f1(int[][] c, int[] sample) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    int n = sample == null ? c.length : sample.length;
    for (int j = 0; j < n; j++) {
      int[] row = c[sample == null ? j : sample[j]];
      tp += row[0];
      fp += row[1];
      fn += row[2];
    }
    return 2.0 * tp / (2 * tp + fp + fn);
  }
}
