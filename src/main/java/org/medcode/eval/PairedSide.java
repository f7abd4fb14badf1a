package org.medcode.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;

/**
 * One side of a paired comparison, all that {@link Paired} needs of it: the scored admissions in order; per level the
 * engine's point values of the paired metrics and every admission's tp / fp / fn; and per admission the exact gold codes
 * the predictions hit. Built from predictions with {@link #of}, or read back from a stored baseline.
 */
public record PairedSide(String label, List<String> admissionIds, List<Level> levels, List<Set<String>> hits) {
  /** The metrics a paired comparison reports at every level, in order: micro P/R/F1, then per-admission ones. */
  public static final List<MetricKeyPart> METRICS = List.of(new MetricKeyPart(Averaging.MICRO, Metric.PRECISION),
      new MetricKeyPart(Averaging.MICRO, Metric.RECALL), new MetricKeyPart(Averaging.MICRO, Metric.F1),
      new MetricKeyPart(Averaging.SAMPLE, Metric.PRECISION), new MetricKeyPart(Averaging.SAMPLE, Metric.RECALL),
      new MetricKeyPart(Averaging.SAMPLE, Metric.F1), new MetricKeyPart(Averaging.SAMPLE, Metric.JACCARD),
      new MetricKeyPart(Averaging.SAMPLE, Metric.EXACT_MATCH));

  /** An averaging and a metric, without the level. */
  public record MetricKeyPart(Averaging averaging, Metric metric) {
    public MetricKey at(Granularity granularity) {
      return new MetricKey(granularity, averaging, metric);
    }
  }

  /** One level: point values of {@link #METRICS} (parallel array) and per-admission counts parallel to the ids. */
  public record Level(Granularity granularity, double[] points, int[] tp, int[] fp, int[] fn) {}

  public PairedSide {
    admissionIds = List.copyOf(admissionIds);
    levels = List.copyOf(levels);
    hits = List.copyOf(hits);
    for (Level level : levels) {
      if (level.points().length != METRICS.size() || level.tp().length != admissionIds.size()
          || level.fp().length != admissionIds.size() || level.fn().length != admissionIds.size()) {
        throw new IllegalArgumentException("level " + level.granularity().label() + " of " + label
            + " does not match its " + admissionIds.size() + " admissions");
      }
    }
    if (hits.size() != admissionIds.size()) {
      throw new IllegalArgumentException("hits of " + label + " do not match its " + admissionIds.size() + " admissions");
    }
  }

  /** Scores {@code predictions} with the engine (point values only) under {@code options}. */
  public static PairedSide of(String label, List<Admission> admissions, Map<String, Prediction> predictions,
      CodeTable table, EvalOptions options) {
    EvalOptions pointOnly = new EvalOptions(options.levels(), options.invalid(), 0, options.confidence(), options.seed(),
        false, options.ks(), false, options.population());
    EvaluationResult result = Evaluator.evaluate(admissions, predictions, table, pointOnly);
    Map<String, Admission> byId = new HashMap<>();
    admissions.forEach(a -> byId.put(a.id(), a));
    List<String> ids = new ArrayList<>();
    List<Set<String>> hits = new ArrayList<>();
    List<Level> levels = new ArrayList<>();
    for (LevelResult level : result.levels()) {
      List<AdmissionCounts> counts = level.perAdmission();
      if (ids.isEmpty()) {
        for (AdmissionCounts c : counts) {
          ids.add(c.admissionId());
          Admission admission = byId.get(c.admissionId());
          hits.add(hits(AdmissionCodes.of(admission, predictions.get(admission.id()), table, options.invalid(), true)));
        }
      }
      double[] points = new double[METRICS.size()];
      for (int m = 0; m < points.length; m++) {
        points[m] = result.metric(level.granularity(), METRICS.get(m).averaging(), METRICS.get(m).metric())
            .orElseThrow().value();
      }
      levels.add(new Level(level.granularity(), points, counts.stream().mapToInt(AdmissionCounts::tp).toArray(),
          counts.stream().mapToInt(AdmissionCounts::fp).toArray(), counts.stream().mapToInt(AdmissionCounts::fn).toArray()));
    }
    return new PairedSide(label, ids, levels, hits);
  }

  /** The level, if this side has it. */
  public java.util.Optional<Level> level(Granularity granularity) {
    return levels.stream().filter(l -> l.granularity() == granularity).findFirst();
  }

  private static Set<String> hits(AdmissionCodes codes) {
    Set<String> hits = new LinkedHashSet<>();
    for (String code : codes.ranked()) {
      if (codes.gold().contains(code)) {
        hits.add(code);
      }
    }
    return hits;
  }
}
