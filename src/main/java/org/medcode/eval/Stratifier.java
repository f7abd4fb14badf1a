package org.medcode.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.medcode.codesystem.CodeSystem;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * Splits an evaluation into strata ({@link StratumDimension}) and evaluates each with the {@link Evaluator} and the same
 * options and seed, so every stratum has the same metrics, counts and bootstrap intervals as the whole.
 *
 * <ul>
 *   <li>Note-length quartiles: with n admissions and lengths sorted ascending, cut t_j = sorted[ceil(j·n/4) − 1]
 *       (nearest rank) for j = 1, 2, 3; q1 holds lengths ≤ t_1, q_j lengths in (t_{j−1}, t_j], q4 lengths &gt; t_3.
 *       Equal lengths stay together, so a quartile may be empty and is then left out.</li>
 *   <li>Fixed note-length and gold-count bins: {@link #CHAR_BINS}, {@link #GOLD_BINS} (lower bounds); empty bins are
 *       left out.</li>
 *   <li>Chapter: gold and predicted codes are kept when their chapter-level ancestor is the stratum's chapter (a code
 *       without a chapter falls in no stratum); every admission is evaluated.</li>
 *   <li>Training frequency: f(c) = number of training admissions whose gold codes (of the scored system) include the
 *       exact code c. Codes seen in training sorted by f descending; F = Σ f. f_head is the f of the code at which the
 *       cumulative share of F first reaches 50 %, f_torso the same at 80 %. head: f ≥ f_head; torso: f_torso ≤ f &lt;
 *       f_head; tail: 1 ≤ f &lt; f_torso; unseen: f = 0. Gold and predicted codes are restricted by their own f. Without
 *       training data this dimension is skipped with a note.</li>
 * </ul>
 */
public final class Stratifier {
  /** Lower bounds of the fixed note-length bins, in characters. */
  static final int[] CHAR_BINS = {0, 1000, 2000, 4000, 8000};
  /** Lower bounds of the gold-code-count bins. */
  static final int[] GOLD_BINS = {0, 1, 6, 11, 21};
  static final double HEAD_SHARE = 0.5;
  static final double TORSO_SHARE = 0.8;

  private Stratifier() {}

  /**
   * Evaluates every stratum. {@code training} is the training split's admissions, or empty when there is none (the
   * frequency dimension is then skipped).
   */
  public static Strata stratify(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table,
      EvalOptions options, Optional<List<Admission>> training) {
    List<StratumResult> out = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    CodeSystem system = table.system();

    int n = admissions.size();
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      lengths[i] = admissions.get(i).text().length();
    }
    if (n > 0) {
      int[] sorted = lengths.clone();
      Arrays.sort(sorted);
      int[] cuts = new int[3];
      for (int j = 1; j <= 3; j++) {
        cuts[j - 1] = sorted[(int) Math.ceil(j * n / 4.0) - 1];
      }
      for (int q = 0; q < 4; q++) {
        int lowExclusive = q == 0 ? Integer.MIN_VALUE : cuts[q - 1];
        int highInclusive = q == 3 ? Integer.MAX_VALUE : cuts[q];
        List<Admission> subset = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (lengths[i] > lowExclusive && lengths[i] <= highInclusive) {
            subset.add(admissions.get(i));
          }
        }
        String description = q == 0 ? "≤ " + count(highInclusive) + " chars"
            : q == 3 ? "> " + count(lowExclusive) + " chars"
            : count(lowExclusive + 1L) + "–" + count(highInclusive) + " chars";
        addAdmissionStratum(out, StratumDimension.NOTE_LENGTH_QUARTILE, "q" + (q + 1), description, subset, predictions,
            table, options);
      }
    }
    bins(out, StratumDimension.NOTE_LENGTH_CHARS, CHAR_BINS, " chars", a -> a.text().length(), admissions, predictions,
        table, options);
    bins(out, StratumDimension.GOLD_CODES, GOLD_BINS, " gold codes", a -> goldCodes(a, table).size(), admissions,
        predictions, table, options);

    if (system.granularities().contains(Granularity.CHAPTER)) {
      Map<String, String> chapterOf = new HashMap<>();
      Function<String, String> chapter = code -> chapterOf.computeIfAbsent(code,
          c -> system.ancestor(c, Granularity.CHAPTER).orElse(""));
      Set<String> chapters = new HashSet<>();
      long unmapped = 0;
      for (Admission a : admissions) {
        for (String code : goldCodes(a, table)) {
          chapters.add(chapter.apply(code));
        }
        Prediction p = predictions.get(a.id());
        if (p != null) {
          for (PredictedCode code : p.codes()) {
            chapters.add(chapter.apply(code.code()));
            unmapped += chapter.apply(code.code()).isEmpty() ? 1 : 0;
          }
        }
      }
      boolean hasUnmapped = chapters.remove("");
      List<String> ordered = new ArrayList<>(chapters);
      ordered.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
      for (String key : ordered) {
        String title = table.title(key, Granularity.CHAPTER).orElse("");
        addCodeStratum(out, StratumDimension.CHAPTER, key, title, c -> key.equals(chapter.apply(c)), admissions,
            predictions, table, options);
      }
      if (hasUnmapped) {
        notes.add("chapter strata: codes without a chapter (malformed or unknown) fall in no stratum (" + unmapped
            + " predicted codes, plus any such gold codes)");
      }
    } else {
      notes.add("chapter strata skipped: " + system.id().label() + " defines no chapter level");
    }

    if (training.isEmpty()) {
      notes.add("training-frequency strata skipped: no training data (give a training split in the run config)");
    } else {
      Map<String, Integer> frequency = trainingFrequency(training.get(), table);
      int[] cuts = frequencyCuts(frequency);
      int head = cuts[0];
      int torso = cuts[1];
      Function<String, String> bin = code -> {
        int f = frequency.getOrDefault(code, 0);
        return f == 0 ? "unseen" : f >= head ? "head" : f >= torso ? "torso" : "tail";
      };
      Map<String, String> descriptions = new LinkedHashMap<>();
      descriptions.put("head", "in ≥ " + head + " training admissions");
      descriptions.put("torso", torso >= head ? "none (the 50% and 80% cuts coincide)"
          : "in " + range(torso, head - 1) + " training admissions");
      descriptions.put("tail", torso <= 1 ? "none (the 80% cut is 1)" : "in " + range(1, torso - 1) + " training admissions");
      descriptions.put("unseen", "not in the training split");
      for (Map.Entry<String, String> e : descriptions.entrySet()) {
        addCodeStratum(out, StratumDimension.TRAINING_FREQUENCY, e.getKey(), e.getValue(),
            c -> e.getKey().equals(bin.apply(c)), admissions, predictions, table, options);
      }
      notes.add(String.format(Locale.ROOT, "training-frequency strata: frequency = training admissions with the exact "
          + "code (%d training admissions, %d distinct codes); head f ≥ %d, torso %d ≤ f < %d, tail 1 ≤ f < %d, "
          + "unseen f = 0", training.get().size(), frequency.size(), head, torso, head, torso));
    }
    notes.add("chapter and training-frequency strata restrict gold and predicted codes to the stratum and evaluate every "
        + "admission: only micro and macro averages are reported for them");
    return new Strata(out, notes);
  }

  /** f_head and f_torso as documented on the class; {0, 0} without training codes. */
  static int[] frequencyCuts(Map<String, Integer> frequency) {
    int[] values = frequency.values().stream().mapToInt(Integer::intValue).filter(v -> v > 0).sorted().toArray();
    long total = 0;
    for (int v : values) {
      total += v;
    }
    int head = 0;
    int torso = 0;
    long cumulative = 0;
    for (int i = values.length - 1; i >= 0; i--) {
      cumulative += values[i];
      if (head == 0 && cumulative >= HEAD_SHARE * total) {
        head = values[i];
      }
      if (torso == 0 && cumulative >= TORSO_SHARE * total) {
        torso = values[i];
      }
    }
    return new int[] {head, torso};
  }

  /** Training admissions per exact code of the table's system (each admission counts a code once). */
  static Map<String, Integer> trainingFrequency(List<Admission> training, CodeTable table) {
    Map<String, Integer> frequency = new TreeMap<>();
    for (Admission a : training) {
      for (String code : goldCodes(a, table)) {
        frequency.merge(code, 1, Integer::sum);
      }
    }
    return frequency;
  }

  private static Set<String> goldCodes(Admission a, CodeTable table) {
    Set<String> codes = new java.util.LinkedHashSet<>();
    for (GoldCode g : a.codes()) {
      if (g.system() == table.system().id()) {
        codes.add(g.code());
      }
    }
    return codes;
  }

  private static void bins(List<StratumResult> out, StratumDimension dimension, int[] lower, String unit,
      java.util.function.ToIntFunction<Admission> value, List<Admission> admissions, Map<String, Prediction> predictions,
      CodeTable table, EvalOptions options) {
    for (int b = 0; b < lower.length; b++) {
      int low = lower[b];
      int high = b + 1 < lower.length ? lower[b + 1] - 1 : Integer.MAX_VALUE;
      List<Admission> subset = admissions.stream().filter(a -> {
        int v = value.applyAsInt(a);
        return v >= low && v <= high;
      }).toList();
      String label = high == Integer.MAX_VALUE ? low + "+" : low == high ? String.valueOf(low) : low + "-" + high;
      String description = (high == Integer.MAX_VALUE ? "≥ " + count(low) : low == high ? count(low)
          : count(low) + "–" + count(high)) + unit;
      addAdmissionStratum(out, dimension, label, description, subset, predictions, table, options);
    }
  }

  private static void addAdmissionStratum(List<StratumResult> out, StratumDimension dimension, String label,
      String description, List<Admission> subset, Map<String, Prediction> predictions, CodeTable table,
      EvalOptions options) {
    if (subset.isEmpty()) {
      return;
    }
    EvaluationResult result = Evaluator.evaluate(subset, predictions, table, options);
    long gold = result.level(Granularity.EXACT).map(l -> l.micro().gold()).orElse(0L);
    out.add(new StratumResult(dimension, label, description, subset.size(), gold, result));
  }

  private static void addCodeStratum(List<StratumResult> out, StratumDimension dimension, String label,
      String description, java.util.function.Predicate<String> keep, List<Admission> admissions,
      Map<String, Prediction> predictions, CodeTable table, EvalOptions options) {
    List<Admission> restricted = new ArrayList<>(admissions.size());
    Map<String, Prediction> restrictedPredictions = new HashMap<>();
    int withGold = 0;
    for (Admission a : admissions) {
      List<GoldCode> gold = a.codes().stream().filter(g -> g.system() == table.system().id() && keep.test(g.code()))
          .toList();
      withGold += gold.isEmpty() ? 0 : 1;
      restricted.add(new Admission(a.id(), a.patientId(), List.of(), gold, Map.of()));
      Prediction p = predictions.get(a.id());
      if (p != null) {
        restrictedPredictions.put(a.id(), new Prediction(a.id(), p.codes().stream().filter(c -> keep.test(c.code())).toList()));
      }
    }
    EvaluationResult full = Evaluator.evaluate(restricted, restrictedPredictions, table, options);
    Map<MetricKey, Estimate> metrics = new LinkedHashMap<>();
    full.metrics().forEach((key, value) -> {
      if (key.averaging() != Averaging.SAMPLE) {
        metrics.put(key, value);
      }
    });
    EvaluationResult result = new EvaluationResult(full.options(), full.codeSystem(), full.codeTable(), full.admissions(),
        full.admissionsWithPredictions(), full.invalid(), full.levels(), metrics, full.notes());
    long gold = result.level(Granularity.EXACT).map(l -> l.micro().gold()).orElse(0L);
    if (gold + result.level(Granularity.EXACT).map(l -> l.micro().predicted()).orElse(0L) == 0) {
      return;
    }
    out.add(new StratumResult(dimension, label, description, withGold, gold, result));
  }

  private static String range(int low, int high) {
    return low == high ? String.valueOf(low) : low + "–" + high;
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
