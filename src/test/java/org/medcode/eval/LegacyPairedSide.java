package org.medcode.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;

/** The test oracle: {@code PairedSide.of} verbatim as it was before the scale rewrite (issue 12). */
final class LegacyPairedSide {
  private static final List<PairedSide.MetricKeyPart> METRICS = PairedSide.METRICS;

  private LegacyPairedSide() {}

  /** Scores {@code predictions} with the engine (point values only) under {@code options}. */
  static PairedSide of(String label, List<Admission> admissions, Map<String, Prediction> predictions,
      CodeTable table, EvalOptions options) {
    EvalOptions pointOnly = new EvalOptions(options.levels(), options.invalid(), 0, options.confidence(), options.seed(),
        false, options.ks(), false, options.population());
    EvaluationResult result = Evaluator.evaluate(admissions, predictions, table, pointOnly);
    Map<String, Admission> byId = new HashMap<>();
    admissions.forEach(a -> byId.put(a.id(), a));
    List<String> ids = new ArrayList<>();
    List<Set<String>> hits = new ArrayList<>();
    List<PairedSide.Level> levels = new ArrayList<>();
    for (LevelResult level : result.levels()) {
      List<AdmissionCounts> counts = level.perAdmission();
      if (ids.isEmpty()) {
        for (AdmissionCounts c : counts) {
          ids.add(c.admissionId());
          Admission admission = byId.get(c.admissionId());
          // every gold code predicted is a hit, under drop too (a gold code is never dropped: cc7c33a)
          hits.add(hits(AdmissionCodes.of(admission, predictions.get(admission.id()), table, options.invalid(), false)));
        }
      }
      double[] points = new double[METRICS.size()];
      for (int m = 0; m < points.length; m++) {
        points[m] = result.metric(level.granularity(), METRICS.get(m).averaging(), METRICS.get(m).metric())
            .orElseThrow().value();
      }
      levels.add(new PairedSide.Level(level.granularity(), points, counts.stream().mapToInt(AdmissionCounts::tp).toArray(),
          counts.stream().mapToInt(AdmissionCounts::fp).toArray(), counts.stream().mapToInt(AdmissionCounts::fn).toArray()));
    }
    return new PairedSide(label, ids, levels, hits);
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
