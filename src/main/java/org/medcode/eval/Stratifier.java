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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.medcode.Futures;
import org.medcode.Plural;
import org.medcode.codesystem.CodeStatus;
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
 *   <li>Admission strata (note length, gold codes) hold the admissions the population scores (with-gold: those with
 *       a gold code of the system); code strata restrict codes and evaluate that population.</li>
 *   <li>Note-length quartiles: with n admissions and lengths sorted ascending, cut t_j = sorted[ceil(j·n/4) − 1]
 *       (nearest rank) for j = 1, 2, 3; q1 holds lengths ≤ t_1, q_j lengths in (t_{j−1}, t_j], q4 lengths &gt; t_3.
 *       Equal lengths stay together, so a quartile may be empty; it is then left out, and a note says so.</li>
 *   <li>Fixed note-length and gold-count bins: {@link #CHAR_BINS}, {@link #GOLD_BINS} (lower bounds); empty bins are
 *       left out, each named in a note.</li>
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
    Plan plan = plan(RawInput.of(admissions, predictions, table), options, training);
    Evaluator.resample(plan.parts(), options, true);
    return plan.result(options);
  }

  /** One stratum to evaluate: where it sits, and its part of the input (null until prepared). */
  private record Planned(StratumDimension dimension, String label, String description, int admissions,
      Evaluator.Part part) {}

  /** A stratum waiting to be prepared. */
  private record Pending(StratumDimension dimension, String label, String description, int admissions,
      Supplier<Evaluator.Part> part, boolean byCodes) {}

  /** Every stratum of an evaluation prepared (point values computed), waiting for its intervals. */
  static final class Plan {
    private final List<Pending> pending = new ArrayList<>();
    private final List<Planned> strata = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    List<Evaluator.Part> parts() {
      return strata.stream().map(Planned::part).toList();
    }

    /** The strata, once {@link Evaluator#resample} has run over {@link #parts()}. */
    Strata result(EvalOptions options) {
      List<StratumResult> out = new ArrayList<>();
      for (Planned p : strata) {
        out.add(new StratumResult(p.dimension(), p.label(), p.description(), p.admissions(), p.part().exactMicro().gold(),
            p.part().result(options, true)));
      }
      return new Strata(out, notes);
    }

    /**
     * Prepares every pending stratum on every core (order kept); code strata without codes are left out. Each thread
     * takes the next stratum when it is done with one, the largest admission strata first, so the threads end
     * together (a parallel stream's fixed chunks left one core idle for 0.5 s of a 122,000-admission evaluate).
     */
    private void prepare() {
      Evaluator.Part[] parts = new Evaluator.Part[pending.size()];
      Integer[] order = new Integer[parts.length];
      Arrays.setAll(order, x -> x);
      Arrays.sort(order, Comparator.comparing((Integer x) -> pending.get(x).byCodes())
          .thenComparing(x -> -pending.get(x).admissions()));
      AtomicInteger next = new AtomicInteger();
      Runnable worker = () -> {
        for (int t = next.getAndIncrement(); t < order.length; t = next.getAndIncrement()) {
          parts[order[t]] = pending.get(order[t]).part().get();
        }
      };
      int helpers = Math.min(Runtime.getRuntime().availableProcessors(), parts.length) - 1;
      List<CompletableFuture<Void>> running = new ArrayList<>();
      for (int h = 0; h < helpers; h++) {
        running.add(CompletableFuture.runAsync(worker, Futures.thread("strata")));
      }
      worker.run();
      running.forEach(Futures::join);
      for (int x = 0; x < parts.length; x++) {
        Pending p = pending.get(x);
        Counts exact = parts[x].exactMicro();
        if (p.byCodes() && exact.gold() + exact.predicted() == 0) {
          continue;
        }
        strata.add(new Planned(p.dimension(), p.label(), p.description(), p.admissions(), parts[x]));
      }
      pending.clear();
    }

    private void admissions(StratumDimension dimension, String label, String description, RawInput.IntList subset,
        RawInput raw, EvalOptions options) {
      if (subset.size == 0) {
        return;
      }
      int[] indices = subset.toArray();
      pending.add(new Pending(dimension, label, description, indices.length,
          () -> Evaluator.Part.of(raw, indices, null, options, false, false), false));
    }

    private void codes(StratumDimension dimension, String label, String description, boolean[] keep, RawInput raw,
        EvalOptions options) {
      int withGold = 0;
      for (int i = 0; i < raw.n; i++) {
        for (int p = raw.goldStart[i]; p < raw.goldStart[i + 1]; p++) {
          if (keep[raw.gold[p]]) {
            withGold++;
            break;
          }
        }
      }
      boolean macroIntervals = options.bootstrap() > 0 && options.macroIntervals();
      pending.add(new Pending(dimension, label, description, withGold, macroIntervals
          ? () -> Evaluator.Part.of(raw, Evaluator.all(raw), keep, options, true, false)
          : () -> CodeStratum.of(raw, keep, options, Evaluator.Part.levels(raw, options, new ArrayList<>()),
              levelNames(raw, options), Evaluator.Part.ks(options)), true));
    }
  }

  /** Prepares every stratum of {@code raw} (point values now, intervals by {@link Evaluator#resample}). */
  static Plan plan(RawInput raw, EvalOptions options, Optional<List<Admission>> training) {
    Plan plan = new Plan();
    List<String> notes = plan.notes;
    CodeSystem system = raw.system;

    // Admission strata hold the admissions the population scores: quartiles are cut and admissions counted among them.
    int[] scored = Evaluator.population(raw, Evaluator.all(raw), options);
    int n = scored.length;
    int[] lengths = raw.noteLength;
    if (n > 0) {
      int[] sorted = new int[n];
      for (int j = 0; j < n; j++) {
        sorted[j] = lengths[scored[j]];
      }
      Arrays.sort(sorted);
      int[] cuts = new int[3];
      for (int j = 1; j <= 3; j++) {
        cuts[j - 1] = sorted[(int) Math.ceil(j * n / 4.0) - 1];
      }
      for (int q = 0; q < 4; q++) {
        int lowExclusive = q == 0 ? Integer.MIN_VALUE : cuts[q - 1];
        int highInclusive = q == 3 ? Integer.MAX_VALUE : cuts[q];
        RawInput.IntList subset = new RawInput.IntList();
        for (int i : scored) {
          if (lengths[i] > lowExclusive && lengths[i] <= highInclusive) {
            subset.add(i);
          }
        }
        String description = q == 0 ? "≤ " + count(highInclusive) + " chars"
            : q == 3 ? "> " + count(lowExclusive) + " chars"
            : count(lowExclusive + 1L) + "–" + count(highInclusive) + " chars";
        if (subset.size == 0) {
          notes.add("note-length quartile q" + (q + 1) + " is empty and left out: " + (q == 3
              ? "no note is longer than the third cut (" + count(lowExclusive) + " chars)"
              : "its cuts coincide (t" + q + " = t" + (q + 1) + " = " + count(highInclusive) + " chars): equal lengths "
                  + "stay together, in an earlier quartile"));
        }
        plan.admissions(StratumDimension.NOTE_LENGTH_QUARTILE, "q" + (q + 1), description, subset, raw, options);
      }
    }
    bins(plan, StratumDimension.NOTE_LENGTH_CHARS, CHAR_BINS, " chars", lengths, scored, raw, options);
    bins(plan, StratumDimension.GOLD_CODES, GOLD_BINS, " gold codes", distinctGold(raw), scored, raw, options);

    if (system.granularities().contains(Granularity.CHAPTER)) {
      String[] chapterOf = new String[raw.codes.length];
      for (int d = 0; d < chapterOf.length; d++) {
        // a malformed string that is no gold code has no chapter, as in the chapter-level metrics
        chapterOf[d] = raw.status[d] == CodeStatus.MALFORMED && !raw.goldCode[d] ? ""
            : system.ancestor(raw.codes[d], Granularity.CHAPTER).orElse("");
      }
      Set<String> chapters = new HashSet<>();
      long unmapped = 0;
      for (int d : raw.gold) {
        chapters.add(chapterOf[d]);
      }
      for (int d : raw.raw) {
        chapters.add(chapterOf[d]);
        unmapped += chapterOf[d].isEmpty() ? 1 : 0;
      }
      boolean hasUnmapped = chapters.remove("");
      List<String> ordered = new ArrayList<>(chapters);
      ordered.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
      for (String key : ordered) {
        String title = raw.table.title(key, Granularity.CHAPTER).orElse("");
        boolean[] keep = new boolean[chapterOf.length];
        for (int d = 0; d < keep.length; d++) {
          keep[d] = key.equals(chapterOf[d]);
        }
        plan.codes(StratumDimension.CHAPTER, key, title, keep, raw, options);
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
      Map<String, Integer> frequency = trainingFrequency(training.get(), raw.table);
      int[] cuts = frequencyCuts(frequency);
      int head = cuts[0];
      int torso = cuts[1];
      String[] binOf = new String[raw.codes.length];
      for (int d = 0; d < binOf.length; d++) {
        int f = frequency.getOrDefault(raw.codes[d], 0);
        binOf[d] = f == 0 ? "unseen" : f >= head ? "head" : f >= torso ? "torso" : "tail";
      }
      Map<String, String> descriptions = new LinkedHashMap<>();
      descriptions.put("head", "in ≥ " + count(head) + " " + Plural.noun(head, "training admission"));
      descriptions.put("torso", torso >= head ? "none (the 50% and 80% cuts coincide)"
          : "in " + range(torso, head - 1) + " " + Plural.noun(head - 1, "training admission"));
      descriptions.put("tail", torso <= 1 ? "none (the 80% cut is 1)"
          : "in " + range(1, torso - 1) + " " + Plural.noun(torso - 1, "training admission"));
      descriptions.put("unseen", "not in the training split");
      for (Map.Entry<String, String> e : descriptions.entrySet()) {
        boolean[] keep = new boolean[binOf.length];
        for (int d = 0; d < keep.length; d++) {
          keep[d] = e.getKey().equals(binOf[d]);
        }
        plan.codes(StratumDimension.TRAINING_FREQUENCY, e.getKey(), e.getValue(), keep, raw, options);
      }
      notes.add(String.format(Locale.ROOT, "training-frequency strata: frequency = training admissions with the exact "
          + "code (%s, %s); head f ≥ %d, torso %d ≤ f < %d, tail 1 ≤ f < %d, unseen f = 0",
          Plural.of(training.get().size(), "training admission"), Plural.of(frequency.size(), "distinct code"), head,
          torso, head, torso));
    }
    notes.add("chapter and training-frequency strata restrict gold and predicted codes to the stratum and evaluate every "
        + "admission: only micro and macro averages are reported for them");
    plan.prepare();
    return plan;
  }

  private static List<String> levelNames(RawInput raw, EvalOptions options) {
    return Evaluator.Part.levels(raw, options, new ArrayList<>()).stream().map(raw.system::levelName).toList();
  }

  /** Distinct gold codes of the scored system per raw admission. */
  private static int[] distinctGold(RawInput raw) {
    int[] counts = new int[raw.n];
    int[] mark = new int[raw.codes.length];
    for (int i = 0; i < raw.n; i++) {
      for (int p = raw.goldStart[i]; p < raw.goldStart[i + 1]; p++) {
        int d = raw.gold[p];
        if (mark[d] != i + 1) {
          mark[d] = i + 1;
          counts[i]++;
        }
      }
    }
    return counts;
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

  private static void bins(Plan plan, StratumDimension dimension, int[] lower, String unit, int[] values, int[] scored,
      RawInput raw, EvalOptions options) {
    for (int b = 0; b < lower.length; b++) {
      int low = lower[b];
      int high = b + 1 < lower.length ? lower[b + 1] - 1 : Integer.MAX_VALUE;
      RawInput.IntList subset = new RawInput.IntList();
      for (int i : scored) {
        if (values[i] >= low && values[i] <= high) {
          subset.add(i);
        }
      }
      String label = high == Integer.MAX_VALUE ? low + "+" : low == high ? String.valueOf(low) : low + "-" + high;
      String description = (high == Integer.MAX_VALUE ? "≥ " + count(low) : low == high ? count(low)
          : count(low) + "–" + count(high)) + unit;
      if (subset.size == 0) {
        plan.notes.add(dimension.label() + " stratum " + label + " (" + description + ") is empty and left out");
      }
      plan.admissions(dimension, label, description, subset, raw, options);
    }
  }

  private static String range(int low, int high) {
    return low == high ? count(low) : count(low) + "–" + count(high);
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
