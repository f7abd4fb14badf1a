package org.medcode.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.medcode.Plural;
import org.medcode.codesystem.CodeSystem;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;

/**
 * Scores predictions against gold codes. Pure: same inputs and options give the same result, whatever the number of
 * threads. The conventions (scoring, mapping, averaging, ranking, bootstrap) are stated in the package documentation
 * ({@code package-info.java}).
 *
 * <p>Work: exact codes are interned to ints once ({@code EncodedInput}); each level maps them to level keys and keeps
 * per-admission and per-key counts in primitive arrays ({@code LevelScores}); point values come from
 * {@code LevelMetrics}, intervals from {@code Bootstrap} (resamples spread over the common fork-join pool).
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Evaluates every admission of {@code admissions} (admissions without a prediction count as empty predictions;
   * predictions for ids not in {@code admissions} are ignored — the caller reports them). Only gold codes of the
   * table's system are scored.
   */
  /**
   * Refuses options whose levels {@code table} can score none of (e.g. only {@code block} for ICD-9-CM): a command
   * would otherwise write an evaluation of nothing, with exit 0.
   */
  public static void requireALevel(CodeTable table, EvalOptions options) {
    CodeSystem system = table.system();
    if (options.levels().isEmpty() || options.levels().stream().anyMatch(system.granularities()::contains)) {
      return;
    }
    throw new org.medcode.MedcodeException("none of the levels asked for " + options.levels().stream()
        .map(Granularity::label).toList() + " can be scored with " + table.describe() + ": it has levels "
        + system.granularities().stream().map(Granularity::label).toList()
        + (system.id() == CodeSystemId.ICD10CM && options.levels().contains(Granularity.BLOCK)
            ? " (ICD-10-CM blocks come with the CMS tables: a year instead of a table of your own)" : ""));
  }

  public static EvaluationResult evaluate(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table,
      EvalOptions options) {
    return evaluate(admissions, predictions, table, options, true);
  }

  /** As {@link #evaluate(List, Map, CodeTable, EvalOptions)}; {@code parallel} spreads bootstrap resamples over threads. */
  static EvaluationResult evaluate(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table,
      EvalOptions options, boolean parallel) {
    Objects.requireNonNull(admissions, "admissions");
    Objects.requireNonNull(predictions, "predictions");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(options, "options");
    RawInput raw = RawInput.of(admissions, predictions, table);
    Part whole = Part.of(raw, all(raw), null, options, false, true);
    resample(List.of(whole), options, parallel);
    return whole.result(options, false);
  }

  /** An evaluation and its analyses, computed together from one reading of the input. */
  public record Evaluated(EvaluationResult result, Analysis analysis) {}

  /**
   * {@link #evaluate} and {@link Analysis#of} in one: the input is encoded once and the whole and every stratum are
   * resampled in one pass. {@code training} is the training split (for the training-frequency strata), or empty;
   * {@code unanswered}: the admissions the coder failed on or never reached, scored as empty answers but left out of
   * the hardest admissions.
   */
  public static Evaluated evaluateWithAnalysis(List<Admission> admissions, Map<String, Prediction> predictions,
      CodeTable table, EvalOptions options, Optional<List<Admission>> training, Set<String> unanswered) {
    Objects.requireNonNull(admissions, "admissions");
    Objects.requireNonNull(predictions, "predictions");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(options, "options");
    RawInput raw = RawInput.of(admissions, predictions, table);
    // The analyses that need no resampling go on beside the strata and the bootstrap, over the scored population.
    int[] scored = population(raw, all(raw), options);
    CompletableFuture<ErrorTaxonomy> errors = CompletableFuture.supplyAsync(() -> ErrorAnalysis.analyze(raw, scored));
    CompletableFuture<AutomationCoverage> coverage =
        CompletableFuture.supplyAsync(() -> Automation.analyze(raw, options.invalid(), scored));
    Objects.requireNonNull(unanswered, "unanswered");
    CompletableFuture<HardAdmissions.Hardest> hardest =
        CompletableFuture.supplyAsync(() -> HardAdmissions.find(raw, options.invalid(), scored, unanswered));
    Part whole = Part.of(raw, all(raw), null, options, false, true);
    Stratifier.Plan strata = Stratifier.plan(raw, options, training);
    List<Part> parts = new ArrayList<>();
    parts.add(whole);
    parts.addAll(strata.parts());
    resample(parts, options, true);
    HardAdmissions.Hardest hard = hardest.join();
    Analysis analysis = new Analysis(strata.result(options), errors.join(), coverage.join(), hard.examples(),
        hard.unanswered());
    return new Evaluated(whole.result(options, false), analysis);
  }

  static int[] all(RawInput raw) {
    int[] all = new int[raw.n];
    Arrays.setAll(all, i -> i);
    return all;
  }

  /**
   * The admissions of {@code candidates} that the population scores: all of them, or (with-gold) those with a gold code
   * of the evaluated system, whatever codes a stratum keeps: a code stratum restricts codes, not the population.
   */
  static int[] population(RawInput raw, int[] candidates, EvalOptions options) {
    if (options.population() != Population.WITH_GOLD) {
      return candidates;
    }
    RawInput.IntList withGold = new RawInput.IntList();
    for (int i : candidates) {
      if (raw.goldStart[i + 1] > raw.goldStart[i]) {
        withGold.add(i);
      }
    }
    return withGold.toArray();
  }

  /** Bootstraps every part that has admissions, in one pass when bootstrapping is on. */
  static void resample(List<Part> parts, EvalOptions options, boolean parallel) {
    List<Bootstrap.View> views = new ArrayList<>();
    for (Part part : parts) {
      if (part.view != null) {
        views.add(part.view);
      }
    }
    if (!views.isEmpty()) {
      Bootstrap.run(views, options.bootstrap(), options.seed(), options.groupByPatient(), options.confidence(),
          parallel);
    }
  }

  /**
   * One view of the input evaluated: the whole, or a stratum. Holds its point values and what its result needs, and,
   * when intervals are computed, the bootstrap view that {@link #resample} fills.
   */
  static final class Part {
    final RawInput raw;
    /** The view's encoded input; null for a code stratum evaluated sparsely ({@link CodeStratum}). */
    final EncodedInput in;
    final int admissions;
    final int admissionsWithPredictions;
    final InvalidStats stats;
    final List<Granularity> levels;
    final List<String> levelNames;
    final int[] ks;
    final List<String> skipped;
    final boolean microOnly;
    final double[][] points;
    final Counts[] micro;
    final long[] unmappedGold;
    final long[] unmappedPred;
    final long ranked;
    /** The level scores, kept only when per-code and per-admission counts are wanted. */
    final List<LevelScores> details;
    final Bootstrap.View view;

    private Part(EncodedInput in, List<Granularity> levels, List<String> levelNames, int[] ks, List<String> skipped,
        boolean microOnly, List<LevelScores> scores, boolean details, Bootstrap.View view) {
      this.raw = in.raw;
      this.in = in;
      this.admissions = in.n;
      this.admissionsWithPredictions = in.admissionsWithPredictions;
      this.stats = in.stats;
      this.levels = levels;
      this.levelNames = levelNames;
      this.ks = ks;
      this.skipped = skipped;
      this.microOnly = microOnly;
      int count = scores.size();
      points = new double[count][];
      micro = new Counts[count];
      unmappedGold = new long[count];
      unmappedPred = new long[count];
      for (int l = 0; l < count; l++) {
        LevelScores s = scores.get(l);
        points[l] = LevelMetrics.point(s, !microOnly);
        micro[l] = s.micro();
        unmappedGold[l] = s.unmappedGold;
        unmappedPred[l] = s.unmappedPred;
      }
      ranked = scores.isEmpty() ? 0 : countWithGold(scores.get(0));
      this.details = details ? scores : null;
      this.view = view;
    }

    private Part(RawInput raw, int admissions, int withPredictions, InvalidStats stats, List<Granularity> levels,
        List<String> levelNames, int[] ks, double[][] points, Counts[] micro, Bootstrap.View view) {
      this.raw = raw;
      this.in = null;
      this.admissions = admissions;
      this.admissionsWithPredictions = withPredictions;
      this.stats = stats;
      this.levels = levels;
      this.levelNames = levelNames;
      this.ks = ks;
      this.skipped = List.of();
      this.microOnly = true;
      this.points = points;
      this.micro = micro;
      this.unmappedGold = new long[levels.size()];
      this.unmappedPred = new long[levels.size()];
      this.ranked = 0;
      this.details = null;
      this.view = view;
    }

    /** A micro-only part computed elsewhere (a code stratum); its result carries no convention notes. */
    static Part sparse(RawInput raw, int admissions, int withPredictions, InvalidStats stats, List<Granularity> levels,
        List<String> levelNames, int[] ks, double[][] points, Counts[] micro, Bootstrap.View view) {
      return new Part(raw, admissions, withPredictions, stats, levels, levelNames, ks, points, micro, view);
    }

    /** The levels of {@code options} that {@code raw}'s system defines, in order, once each; notes for the others. */
    static List<Granularity> levels(RawInput raw, EvalOptions options, List<String> skipped) {
      CodeSystem system = raw.system;
      List<Granularity> levels = new ArrayList<>();
      if (new LinkedHashSet<>(options.levels()).size() < options.levels().size()) {
        skipped.add("levels listed more than once are evaluated once");
      }
      for (Granularity g : new LinkedHashSet<>(options.levels())) {
        if (system.granularities().contains(g)) {
          levels.add(g);
        } else {
          // ICD-10-CM's blocks come with the CMS hierarchy files, which a table of the user's own lacks
          skipped.add("level " + g.label() + " skipped: " + (system.id() == CodeSystemId.ICD10CM && g == Granularity.BLOCK
              ? "the code table (" + raw.table.describe() + ") has no blocks (ICD-10-CM blocks come with the CMS tables:"
                  + " a year instead of a table of your own)" : system.id().label() + " does not define it"));
        }
      }
      return levels;
    }

    static int[] ks(EvalOptions options) {
      return options.ks().stream().distinct().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Evaluates the raw admissions {@code candidates} (before the population filter), with codes restricted to
     * {@code keep} when it is not null. {@code microOnly}: only micro intervals are needed (code strata);
     * {@code details}: keep what per-code and per-admission counts need.
     */
    static Part of(RawInput raw, int[] candidates, boolean[] keep, EvalOptions options, boolean microOnly,
        boolean details) {
      CodeSystem system = raw.system;
      List<String> skipped = new ArrayList<>();
      int[] ks = ks(options);
      int[] scored = candidates;
      if (options.population() == Population.WITH_GOLD) {
        scored = population(raw, candidates, options);
        int other = candidates.length - scored.length;
        skipped.add("population with-gold: " + scored.length + " of " + Plural.of(candidates.length, "admission") + " "
            + Plural.verb(scored.length, "have") + " gold codes of " + system.id().label() + " and "
            + Plural.verb(scored.length, "are") + " scored; predictions for the other " + other + " "
            + Plural.verb(other, "are") + " ignored");
      }
      EncodedInput in = EncodedInput.view(raw, scored, keep, options.invalid());
      List<Granularity> levels = levels(raw, options, skipped);
      // One admission (or one patient) resampled is the same sample every time: an interval of zero width would
      // claim a certainty the data cannot give, so such a view has none.
      boolean bootstrap = options.bootstrap() > 0 && (options.groupByPatient() ? in.patients : in.n) > 1;
      boolean macroIntervals = bootstrap && options.macroIntervals();
      List<LevelScores> scores = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (Granularity g : levels) {
        scores.add(LevelScores.score(in, g, ks, macroIntervals));
        names.add(system.levelName(g));
      }
      boolean micro = (microOnly || options.intervals() == Intervals.MICRO) && !macroIntervals;
      Bootstrap.View view = bootstrap ? new Bootstrap.View(in.sample(), scores, micro, macroIntervals) : null;
      return new Part(in, levels, names, ks, skipped, microOnly, scores, details, view);
    }


    /** Exact-level gold and predicted codes (after the population filter): 0 when the level was not evaluated. */
    Counts exactMicro() {
      int l = levels.indexOf(Granularity.EXACT);
      return l < 0 ? Counts.ZERO : micro[l];
    }

    /**
     * The result: every metric (only micro and macro ones for a micro-only part), with intervals where resampled; per
     * code and per admission counts when kept, else empty lists.
     */
    EvaluationResult result(EvalOptions options, boolean withoutPerAdmission) {
      boolean bootstrap = view != null;
      boolean macroIntervals = bootstrap && options.macroIntervals();
      boolean microIntervals = bootstrap && view.microOnly;
      Map<MetricKey, Estimate> metrics = new LinkedHashMap<>();
      List<LevelResult> levelResults = new ArrayList<>();
      for (int l = 0; l < levels.size(); l++) {
        double[] point = points[l];
        List<MetricKey> keys = LevelMetrics.keys(levels.get(l), ks);
        int macroFrom = LevelMetrics.macroGold(ks.length);
        for (int slot = 0; slot < keys.size(); slot++) {
          MetricKey key = keys.get(slot);
          if (microOnly && key.averaging() == Averaging.SAMPLE) {
            continue;
          }
          boolean interval = bootstrap && (microIntervals ? slot < LevelMetrics.SAMPLE : slot < macroFrom || macroIntervals);
          metrics.put(key, interval
              ? view.tails[l][slot].interval(point[slot])
              : Estimate.point(point[slot]));
        }
        levelResults.add(details == null
            ? new LevelResult(levels.get(l), levelNames.get(l), micro[l], List.of(), List.of())
            : new LevelResult(levels.get(l), levelNames.get(l), micro[l], details.get(l).perCode(raw.table),
                withoutPerAdmission ? List.of() : perAdmission(in, details.get(l))));
      }
      List<String> notes = in == null ? List.of()
          : conventionNotes(options, in, this, bootstrap, raw.systemId.label(), skipped);
      String outside = outsideTheirIntervals(metrics);
      if (in != null && outside != null) {
        notes = new ArrayList<>(notes);
        notes.add(outside);
      }
      return new EvaluationResult(options, raw.systemId.label(), raw.table.describe(), admissions,
          admissionsWithPredictions, stats, levelResults, metrics, notes);
    }
  }

  /** Per-admission counts of a level, read from its arrays on demand (nothing is copied). */
  private static List<AdmissionCounts> perAdmission(EncodedInput in, LevelScores s) {
    return new AdmissionCountsView(in.n, i -> new AdmissionCounts(in.admissionIds[i], in.patientIds[i], s.gold[i],
        s.predicted[i], s.tp[i], s.fp[i], s.fn[i], in.invalid[i], s.ap[i]));
  }

  /**
   * A note naming the numbers whose percentile interval leaves out their own point value, null when none does. It
   * happens to macro averages on large sets: a resample leaves out rare codes, which drop out of its mean, so the
   * resampled macro values sit away from the value of the whole set.
   */
  static String outsideTheirIntervals(Map<MetricKey, Estimate> metrics) {
    List<String> outside = new ArrayList<>();
    metrics.forEach((key, estimate) -> {
      if (estimate.hasInterval() && (estimate.value() < estimate.ciLow() || estimate.value() > estimate.ciHigh())) {
        outside.add(String.format(Locale.ROOT, "%s %s %s %.4f [%.4f, %.4f]", key.granularity().label(),
            key.averaging().label(), key.metricLabel(), estimate.value(), estimate.ciLow(), estimate.ciHigh()));
      }
    });
    if (outside.isEmpty()) {
      return null;
    }
    return "intervals that leave out their own point value: " + String.join("; ", outside) + ". The resampled values"
        + " of these averages are biased (for a macro average: a resample leaves out rare codes, which drop out of its"
        + " mean), so such an interval shows the spread of the resampled values, not where the value lies; a gate"
        + " judges these numbers by their point value";
  }

  /** How the note on admissions with only other code systems' gold codes starts (the console shows it as a warning). */
  public static final String ONLY_OTHER_SYSTEMS = "admissions without gold of the scored system";

  private static List<String> conventionNotes(EvalOptions options, EncodedInput in, Part part,
      boolean bootstrap, String system, List<String> skipped) {
    List<String> notes = new ArrayList<>();
    notes.add(switch (options.invalid()) {
      case COUNT -> "invalid codes (count): predicted codes that are malformed or not in the code table are kept and "
          + "scored (they match only gold codes written the same way); at coarser levels a well-formed one is mapped to "
          + "its ancestor like any code, a malformed one matches nothing (" + in.stats.invalid() + " of "
          + Plural.of(in.stats.predicted(), "predicted code") + " invalid)";
      case DROP -> "invalid codes (drop): predicted codes that are malformed or not in the code table are removed "
          + "before scoring unless they equal a gold code of the dataset, as the CodiEsp scorer does (its valid-code "
          + "list holds every gold code) (" + in.droppedInvalid + " of " + Plural.of(in.stats.predicted(), "predicted code") + " removed)";
    });
    notes.add("micro: precision, recall and F1 = 2tp/(2tp+fp+fn) from tp, fp and fn pooled over all admissions");
    notes.add("per-admission: mean over all " + Plural.of(in.n, "admission") + " of each admission's precision, recall, "
        + "F1 = 2tp/(2tp+fp+fn), Jaccard and exact match; empty gold and empty prediction score 1 on each, an empty "
        + "prediction alone has precision 0, an empty gold alone recall 0");
    long ranked = part.ranked;
    notes.add("ranked (map, p@k, r@k, r_precision): mean over the " + Plural.of(ranked, "admission") + " with at least one gold "
        + "code (trec_eval -c: no prediction scores 0); rank = descending score when every predicted code has one "
        + "(ties broken by code, descending, as trec_eval orders a run), else the given order; p@k divides by k even"
        + " when fewer codes are predicted");
    notes.add("macro-gold: mean of per-code precision, recall and F1 over codes with gold support (macro F1 is the "
        + "mean of per-code F1 = 2tp/(2tp+fp+fn), not the F1 of macro precision and recall; a code never predicted "
        + "has precision 0)");
    notes.add("macro-all: the same over every code seen in gold or predictions (scikit-learn average='macro', "
        + "zero_division=0)");
    notes.add("duplicates: repeated gold codes collapse; a repeated predicted code keeps its first (best) rank; at "
        + "coarser levels codes sharing an ancestor count once (" + in.duplicateGold + " gold and "
        + in.duplicatePredicted + " predicted duplicates reached the engine; file readers report the ones they merged)");
    notes.addAll(skipped);
    for (int l = 0; l < part.levels.size(); l++) {
      if (part.unmappedGold[l] + part.unmappedPred[l] > 0) {
        long unmapped = part.unmappedGold[l] + part.unmappedPred[l];
        notes.add("level " + part.levels.get(l).label() + ": " + part.unmappedGold[l] + " gold and " + part.unmappedPred[l]
            + " predicted " + Plural.noun(unmapped, "code") + " " + Plural.verb(unmapped, "have") + " no key at this level"
            + " (no ancestor there, or a malformed predicted string) and never " + Plural.verb(unmapped, "match")
            + ": each a false negative or false positive, and a code of its own in macro averages (per_code.csv:"
            + " unmapped gold or predicted)");
      }
    }
    if (in.ignoredGold > 0) {
      notes.add("ignored " + Plural.of(in.ignoredGold, "gold code") + " of other code systems ("
          + in.ignoredBySystem.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", "))
          + ") in " + Plural.of(in.admissionsWithIgnoredGold, "admission") + "; only " + system + " gold codes are scored");
      if (in.admissionsWithOnlyIgnoredGold > 0) {
        notes.add(ONLY_OTHER_SYSTEMS + ": " + in.admissionsWithOnlyIgnoredGold + " of the " + in.n + " scored "
            + Plural.noun(in.n, "admission") + " " + Plural.verb(in.admissionsWithOnlyIgnoredGold, "have")
            + " gold codes of other code systems only, so no " + system + " gold: they are scored with"
            + " empty gold (every code predicted for them is a false positive, and an empty prediction counts as right"
            + " in per-admission averages); leave them out with --population with-gold (a run's config: metrics:"
            + " { population: with-gold }; or, for MIMIC-IV, icd="
            + (system.startsWith("icd9") ? "9" : "10") + " in the dataset spec)");
      }
    }
    if (bootstrap) {
      notes.add(String.format(Locale.ROOT,
          "bootstrap: %d resamples of %s with replacement, seed %d (SplittableRandom), %s%% percentile intervals "
              + "(numpy 'linear' quantiles) for %s",
          options.bootstrap(), options.groupByPatient() ? in.patients + " patients (each with all its admissions)"
              : "admissions",
          options.seed(), EvalOptions.percent(options.confidence()),
          options.intervals() == Intervals.MICRO ? "micro averages only (intervals micro): per-admission, ranked and "
              + "macro averages without intervals"
              : "micro, per-admission and ranked metrics" + (options.macroIntervals() ? " and macro averages"
                  : "; macro averages without intervals")));
    } else {
      notes.add(options.bootstrap() == 0 ? "bootstrap: off (0 resamples), no intervals"
          : in.n == 0 ? "bootstrap: no admissions to resample, no intervals"
          : "bootstrap: one " + (options.groupByPatient() ? "patient" : "admission") + " only, which every resample"
              + " would repeat: no intervals");
    }
    return notes;
  }

  private static long countWithGold(LevelScores s) {
    long count = 0;
    for (int g : s.gold) {
      count += g > 0 ? 1 : 0;
    }
    return count;
  }

}
