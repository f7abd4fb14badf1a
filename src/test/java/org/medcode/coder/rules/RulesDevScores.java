package org.medcode.coder.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.load.Datasets;

/**
 * Dev-only measuring tool (not a test): builds the rules coder on a training split and prints set-based micro
 * precision, recall and F1 at the exact-code and category level. Invalid predicted codes count as false positives.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.medcode.coder.rules.RulesDevScores \
 *     DATA_ROOT TRAIN_SPEC EVAL_SPEC|validate [name=value ...]
 * </pre>
 * With {@code validate} instead of an evaluation spec, a fifth of the training split (seeded shuffle; {@code -DvalSeed=N}
 * for another fifth) is held out and the coder is trained on the rest, so choices can be made without the dev split.
 * System properties: {@code -Dsweep=0.3,0.4} prints scores at those thresholds (build with a low {@code min-score});
 * {@code -DfnAt=0.5} lists false negatives of codes seen in training and false positives at that threshold
 * ({@code -Dtp=true} true positives too); {@code -Dprobe="text|text"} codes short texts; {@code -Derrors=true} the most
 * frequent errors.
 */
public final class RulesDevScores {
  private RulesDevScores() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    List<Admission> train = Datasets.load(DatasetSpec.parse(args[1]), root).admissions();
    List<Admission> eval;
    if (args[2].equals("validate")) {
      List<Admission> shuffled = new ArrayList<>(train);
      java.util.Collections.shuffle(shuffled, new Random(Long.getLong("valSeed", 20261127L)));
      int cut = shuffled.size() / 5;
      eval = shuffled.subList(0, cut);
      train = shuffled.subList(cut, shuffled.size());
    } else {
      eval = Datasets.load(DatasetSpec.parse(args[2]), root).admissions();
    }
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      given.put(kv[0], kv[1]);
    }
    CodeTable table = CodeTables.load(root, CodeSystemId.ICD10CM, "2018");
    RulesCoderFactory factory = new RulesCoderFactory();
    long t0 = System.nanoTime();
    Coder coder = factory.create(new CoderContext(table, train, root, Path.of("target"), 1L), CoderParameters.resolve(factory, given));
    long t1 = System.nanoTime();
    List<List<String>> predicted = new ArrayList<>();
    List<List<CodeSuggestion>> scored = new ArrayList<>();
    String explain = System.getProperty("explain", "");
    for (Admission admission : eval) {
      List<CodeSuggestion> codes = coder.code(admission).codes();
      scored.add(codes);
      predicted.add(codes.stream().map(CodeSuggestion::code).toList());
      codes.stream().filter(s -> s.code().equals(explain)).forEach(s -> System.out.println("  " + admission.id() + " "
          + s.code() + " " + s.rationale() + " " + s.evidence().stream().map(e -> e.text()).toList()));
    }
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "%s build %.1fs, code %.1fs, %d admissions, %.1f codes/admission%n", given,
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, eval.size(), predicted.stream().mapToInt(List::size).average().orElse(0));
    Map<String, Integer> falsePositives = new java.util.HashMap<>();
    Map<String, Integer> falseNegatives = new java.util.HashMap<>();
    for (Granularity level : List.of(Granularity.EXACT, Granularity.CATEGORY)) {
      long tp = 0;
      long fp = 0;
      long fn = 0;
      for (int i = 0; i < eval.size(); i++) {
        Set<String> gold = goldCodes(eval.get(i), code -> key(table, code, level));
        Set<String> pred = new HashSet<>();
        predicted.get(i).forEach(code -> pred.add(key(table, code, level)));
        for (String code : pred) {
          if (gold.contains(code)) {
            tp++;
          } else {
            fp++;
            if (level == Granularity.EXACT) {
              falsePositives.merge(code, 1, Integer::sum);
            }
          }
        }
        for (String code : gold) {
          if (!pred.contains(code)) {
            fn++;
            if (level == Granularity.EXACT) {
              falseNegatives.merge(code, 1, Integer::sum);
            }
          }
        }
      }
      double p = tp / (double) Math.max(1, tp + fp);
      double r = tp / (double) Math.max(1, tp + fn);
      System.out.printf(Locale.ROOT, "  %-8s micro P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)%n", level.label(), p, r,
          p + r == 0 ? 0 : 2 * p * r / (p + r), tp, fp, fn);
    }
    for (String t : System.getProperty("sweep", "").split(",")) {
      if (t.isBlank()) {
        continue;
      }
      double threshold = Double.parseDouble(t);
      long tp = 0;
      long fp = 0;
      long fn = 0;
      for (int i = 0; i < eval.size(); i++) {
        Set<String> gold = goldCodes(eval.get(i), code -> code);
        Set<String> pred = new HashSet<>();
        scored.get(i).stream().filter(c -> c.score() >= threshold).forEach(c -> pred.add(c.code()));
        for (String code : pred) {
          if (gold.contains(code)) {
            tp++;
          } else {
            fp++;
          }
        }
        fn += gold.stream().filter(c -> !pred.contains(c)).count();
      }
      double p = tp / (double) Math.max(1, tp + fp);
      double r = tp / (double) Math.max(1, tp + fn);
      System.out.printf(Locale.ROOT, "  at %.2f exact P %.3f R %.3f F1 %.3f%n", threshold, p, r,
          p + r == 0 ? 0 : 2 * p * r / (p + r));
    }
    Set<String> trainCodes = new HashSet<>();
    train.forEach(a -> a.codes().forEach(c -> trainCodes.add(c.code())));
    long seenGold = 0;
    long seenFound = 0;
    long unseenGold = 0;
    long unseenFound = 0;
    long unseenPredicted = 0;
    long unseenPredictedRight = 0;
    for (int i = 0; i < eval.size(); i++) {
      Set<String> gold = new HashSet<>();
      eval.get(i).codes().forEach(c -> gold.add(c.code()));
      Set<String> pred = new HashSet<>(predicted.get(i));
      for (String code : gold) {
        if (trainCodes.contains(code)) {
          seenGold++;
          seenFound += pred.contains(code) ? 1 : 0;
        } else {
          unseenGold++;
          unseenFound += pred.contains(code) ? 1 : 0;
        }
      }
      for (String code : pred) {
        if (!trainCodes.contains(code)) {
          unseenPredicted++;
          unseenPredictedRight += gold.contains(code) ? 1 : 0;
        }
      }
    }
    System.out.printf(Locale.ROOT, "  codes seen in training: recall %d/%d; unseen: recall %d/%d, precision %d/%d%n", seenFound,
        seenGold, unseenFound, unseenGold, unseenPredictedRight, unseenPredicted);
    for (String probe : System.getProperty("probe", "").split("\\|")) {
      if (!probe.isBlank()) {
        Admission a = new Admission("probe", "probe", List.of(new org.medcode.dataset.Note("n", probe)), List.of(), Map.of());
        System.out.println("PROBE " + probe + " -> " + coder.code(a).codes().stream()
            .map(c -> c.code() + String.format(Locale.ROOT, " %.2f", c.score()) + " (" + c.rationale() + ")").toList());
      }
    }
    String fnAt = System.getProperty("fnAt", "");
    if (!fnAt.isEmpty()) {
      double t = Double.parseDouble(fnAt);
      for (int i = 0; i < eval.size(); i++) {
        Map<String, Double> scores = new java.util.HashMap<>();
        scored.get(i).forEach(c -> scores.put(c.code(), c.score()));
        for (GoldCode code : eval.get(i).codes()) {
          Double score = scores.get(code.code());
          if (trainCodes.contains(code.code()) && (score == null || score < t)) {
            System.out.println("FN " + code.code() + " " + (score == null ? "-" : String.format(Locale.ROOT, "%.2f", score))
                + " | " + code.evidence().stream().map(e -> e.text()).toList());
          }
        }
        Set<String> gold = new HashSet<>();
        eval.get(i).codes().forEach(c -> gold.add(c.code()));
        for (CodeSuggestion c : scored.get(i)) {
          if (c.score() >= t && gold.contains(c.code()) && Boolean.getBoolean("tp")) {
            System.out.println("TP " + c.code() + String.format(Locale.ROOT, " %.2f", c.score()) + " | " + c.rationale());
          }
          if (c.score() >= t && !gold.contains(c.code())) {
            System.out.println("FP " + c.code() + String.format(Locale.ROOT, " %.2f", c.score()) + " | " + c.rationale() + " | "
                + c.evidence().stream().map(e -> e.text()).toList());
          }
        }
      }
    }
    if (Boolean.getBoolean("errors")) {
      System.out.println("  most frequent false positives: " + top(falsePositives));
      System.out.println("  most frequent false negatives: " + top(falseNegatives));
    }
  }

  private static String top(Map<String, Integer> counts) {
    return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(20)
        .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(" "));
  }

  private static String key(CodeTable table, String code, Granularity level) {
    return level == Granularity.EXACT ? code : table.system().ancestor(code, level).orElse(code);
  }

  /** An admission's ICD-10-CM gold codes, each as {@code level} gives it. */
  private static Set<String> goldCodes(Admission admission, java.util.function.UnaryOperator<String> level) {
    Set<String> gold = new HashSet<>();
    for (GoldCode code : admission.codes()) {
      if (code.system() == CodeSystemId.ICD10CM) {
        gold.add(level.apply(code.code()));
      }
    }
    return gold;
  }
}
