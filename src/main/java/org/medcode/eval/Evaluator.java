package org.medcode.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.medcode.codesystem.CodeSystem;
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
    CodeSystem system = table.system();
    List<String> skipped = new ArrayList<>();
    int[] ks = options.ks().stream().distinct().mapToInt(Integer::intValue).toArray();
    for (int k : ks) {
      if (k < 1) {
        throw new IllegalArgumentException("cut-offs k must be >= 1, got " + k);
      }
    }

    List<Admission> scored = admissions;
    if (options.population() == Population.WITH_GOLD) {
      scored = admissions.stream().filter(a -> a.codes().stream().anyMatch(g -> g.system() == system.id())).toList();
      skipped.add("population with-gold: " + scored.size() + " of " + admissions.size() + " admissions have gold codes of "
          + system.id().label() + " and are scored; predictions for the other " + (admissions.size() - scored.size())
          + " are ignored");
    }
    EncodedInput in = EncodedInput.encode(scored, predictions, table, options.invalid());
    List<Granularity> levels = new ArrayList<>();
    if (new LinkedHashSet<>(options.levels()).size() < options.levels().size()) {
      skipped.add("levels listed more than once are evaluated once");
    }
    for (Granularity g : new LinkedHashSet<>(options.levels())) {
      if (system.granularities().contains(g)) {
        levels.add(g);
      } else {
        skipped.add("level " + g.label() + " skipped: " + system.id().label() + " does not define it");
      }
    }

    boolean bootstrap = options.bootstrap() > 0 && in.n > 0;
    boolean macroIntervals = bootstrap && options.macroIntervals();
    List<LevelScores> scores = new ArrayList<>();
    for (Granularity g : levels) {
      scores.add(LevelScores.score(in, system, g, ks, macroIntervals));
    }
    double[][][] resampled = bootstrap
        ? Bootstrap.run(scores, in, options.bootstrap(), options.seed(), options.groupByPatient(), macroIntervals, parallel)
        : null;

    Map<MetricKey, Estimate> metrics = new LinkedHashMap<>();
    List<LevelResult> levelResults = new ArrayList<>();
    for (int l = 0; l < scores.size(); l++) {
      LevelScores s = scores.get(l);
      double[] point = LevelMetrics.point(s);
      List<MetricKey> keys = LevelMetrics.keys(s.granularity, ks);
      int macroFrom = LevelMetrics.macroGold(ks.length);
      for (int slot = 0; slot < keys.size(); slot++) {
        boolean interval = bootstrap && (slot < macroFrom || macroIntervals);
        metrics.put(keys.get(slot), interval
            ? Quantiles.interval(point[slot], resampled[l][slot], options.confidence())
            : Estimate.point(point[slot]));
      }
      levelResults.add(new LevelResult(s.granularity, system.levelName(s.granularity), s.micro(), s.perCode(table),
          perAdmission(in, s)));
    }

    List<String> notes = conventionNotes(options, in, scores, bootstrap, system.id().label(), skipped);
    return new EvaluationResult(options, system.id().label(), table.describe(), in.n, in.admissionsWithPredictions,
        in.stats, levelResults, metrics, notes);
  }

  private static List<AdmissionCounts> perAdmission(EncodedInput in, LevelScores s) {
    List<AdmissionCounts> out = new ArrayList<>(in.n);
    for (int i = 0; i < in.n; i++) {
      out.add(new AdmissionCounts(in.admissionIds[i], in.patientIds[i], s.gold[i], s.predicted[i], s.tp[i], s.fp[i],
          s.fn[i], in.invalid[i], s.ap[i]));
    }
    return out;
  }

  private static List<String> conventionNotes(EvalOptions options, EncodedInput in, List<LevelScores> scores,
      boolean bootstrap, String system, List<String> skipped) {
    List<String> notes = new ArrayList<>();
    notes.add(switch (options.invalid()) {
      case COUNT -> "invalid codes (count): predicted codes that are malformed or not in the code table are kept and "
          + "scored (they match only gold codes written the same way); at coarser levels a well-formed one is mapped to "
          + "its ancestor like any code, a malformed one matches nothing (" + in.stats.invalid() + " of "
          + in.stats.predicted() + " predicted codes invalid)";
      case DROP -> "invalid codes (drop): predicted codes that are malformed or not in the code table are removed "
          + "before scoring unless they equal a gold code of the dataset, as the CodiEsp scorer does (its valid-code "
          + "list holds every gold code) (" + in.droppedInvalid + " of " + in.stats.predicted() + " predicted codes removed)";
    });
    notes.add("micro: precision, recall and F1 = 2tp/(2tp+fp+fn) from tp, fp and fn pooled over all admissions");
    notes.add("per-admission: mean over all " + in.n + " admissions of each admission's precision, recall, "
        + "F1 = 2tp/(2tp+fp+fn), Jaccard and exact match; empty gold and empty prediction score 1 on each, an empty "
        + "prediction alone has precision 0, an empty gold alone recall 0");
    long ranked = scores.isEmpty() ? 0 : countWithGold(scores.get(0));
    notes.add("ranked (map, p@k, r@k, r_precision): mean over the " + ranked + " admissions with at least one gold "
        + "code (trec_eval -c: no prediction scores 0); rank = descending score when every predicted code has one "
        + "(ties keep the given order), else the given order; p@k divides by k even when fewer codes are predicted");
    notes.add("macro-gold: mean of per-code precision, recall and F1 over codes with gold support (macro F1 is the "
        + "mean of per-code F1 = 2tp/(2tp+fp+fn), not the F1 of macro precision and recall; a code never predicted "
        + "has precision 0)");
    notes.add("macro-all: the same over every code seen in gold or predictions (scikit-learn average='macro', "
        + "zero_division=0)");
    notes.add("duplicates: repeated gold codes collapse; a repeated predicted code keeps its first (best) rank; at "
        + "coarser levels codes sharing an ancestor count once (" + in.duplicateGold + " gold and "
        + in.duplicatePredicted + " predicted duplicates reached the engine; file readers report the ones they merged)");
    notes.addAll(skipped);
    for (LevelScores s : scores) {
      if (s.unmappedGold + s.unmappedPred > 0) {
        notes.add("level " + s.granularity.label() + ": " + s.unmappedGold + " gold and " + s.unmappedPred
            + " predicted codes have no ancestor at this level and never match (keys " + LevelScores.UNMAPPED_GOLD
            + "CODE, " + LevelScores.UNMAPPED_PRED + "CODE)");
      }
    }
    if (in.ignoredGold > 0) {
      notes.add("ignored " + in.ignoredGold + " gold codes of other code systems ("
          + in.ignoredBySystem.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", "))
          + ") in " + in.admissionsWithIgnoredGold + " admissions; only " + system + " gold codes are scored");
    }
    if (bootstrap) {
      notes.add(String.format(Locale.ROOT,
          "bootstrap: %d resamples of %s with replacement, seed %d (SplittableRandom), %s%% percentile intervals "
              + "(numpy 'linear' quantiles) for micro, per-admission and ranked metrics%s",
          options.bootstrap(), options.groupByPatient() ? in.patients + " patients (each with all its admissions)"
              : "admissions",
          options.seed(), formatPercent(options.confidence()),
          options.macroIntervals() ? " and macro averages" : "; macro averages without intervals"));
    } else {
      notes.add(options.bootstrap() == 0 ? "bootstrap: off (0 resamples), no intervals"
          : "bootstrap: no admissions to resample, no intervals");
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

  private static String formatPercent(double confidence) {
    return java.math.BigDecimal.valueOf(confidence).movePointRight(2).stripTrailingZeros().toPlainString();
  }

}
