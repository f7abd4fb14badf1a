package org.medcode.eval;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
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

  /**
   * Scores {@code predictions} with the engine (point values only) under {@code options}. The hits of an admission are
   * its gold codes (of the table's system) among its predicted codes, in rank order, each once: predicted codes sorted
   * by score descending when every one has a score (ties in given order), else in given order. Under
   * {@link InvalidPolicy#DROP} too an invalid code is a hit when it is one of the admission's gold codes, which the
   * metrics keep (a gold code of the dataset) and count as a true positive.
   */
  public static PairedSide of(String label, List<Admission> admissions, Map<String, Prediction> predictions,
      CodeTable table, EvalOptions options) {
    EvaluationResult result = Evaluator.evaluate(admissions, predictions, table, options.pointOnly());
    List<String> ids = new ArrayList<>();
    List<Set<String>> hits = new ArrayList<>();
    List<Level> levels = new ArrayList<>();
    for (LevelResult level : result.levels()) {
      List<AdmissionCounts> counts = level.perAdmission();
      int n = counts.size();
      if (ids.isEmpty() && n > 0) {
        Map<String, Admission> byId = new HashMap<>(2 * admissions.size());
        admissions.forEach(a -> byId.put(a.id(), a));
        Hits finder = new Hits(table);
        for (AdmissionCounts c : counts) {
          ids.add(c.admissionId());
          Admission admission = byId.get(c.admissionId());
          hits.add(finder.of(admission, predictions.get(admission.id())));
        }
      }
      double[] points = new double[METRICS.size()];
      for (int m = 0; m < points.length; m++) {
        points[m] = result.metric(level.granularity(), METRICS.get(m).averaging(), METRICS.get(m).metric())
            .orElseThrow().value();
      }
      int[] tp = new int[n];
      int[] fp = new int[n];
      int[] fn = new int[n];
      for (int i = 0; i < n; i++) {
        AdmissionCounts c = counts.get(i);
        tp[i] = c.tp();
        fp[i] = c.fp();
        fn[i] = c.fn();
      }
      levels.add(new Level(level.granularity(), points, tp, fp, fn));
    }
    return new PairedSide(label, ids, levels, hits);
  }

  /**
   * The first point value of this side that its per-admission counts do not give ({@code exact.micro.f1 0.70 where
   * the counts give 0.5962}), or empty. A side read back from a stored baseline whose counts and point values disagree
   * was edited or put together from two runs: a paired difference would then take its point from one and its interval
   * from the other.
   */
  public java.util.Optional<String> inconsistency() {
    for (Level level : levels) {
      double[] counted = LevelMetrics.countPoints(level.tp(), level.fp(), level.fn(), level.tp().length);
      for (int m = 0; m < counted.length; m++) {
        double point = level.points()[m];
        if (!(Math.abs(point - counted[m]) <= 1e-9)) {
          MetricKeyPart part = METRICS.get(m);
          return java.util.Optional.of(level.granularity().label() + "." + part.averaging().label() + "."
              + part.metric().label(0) + " is " + (Double.isNaN(point) ? "missing" : point) + " where the counts give "
              + counted[m]);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * This side on those of its admissions that {@code ids} holds, in its order, its point values counted from their
   * per-admission counts: the admissions a run stopped early did code, on which {@code compare} pairs two runs.
   */
  public PairedSide restrictedTo(Set<String> ids) {
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < admissionIds.size(); i++) {
      if (ids.contains(admissionIds.get(i))) {
        kept.add(i);
      }
    }
    List<Level> narrowed = new ArrayList<>();
    for (Level level : levels) {
      int[] tp = kept.stream().mapToInt(i -> level.tp()[i]).toArray();
      int[] fp = kept.stream().mapToInt(i -> level.fp()[i]).toArray();
      int[] fn = kept.stream().mapToInt(i -> level.fn()[i]).toArray();
      narrowed.add(new Level(level.granularity(),
          Arrays.copyOf(LevelMetrics.countPoints(tp, fp, fn, tp.length), METRICS.size()), tp, fp, fn));
    }
    return new PairedSide(label, kept.stream().map(admissionIds::get).toList(), narrowed,
        kept.stream().map(hits::get).toList());
  }

  /** The level, if this side has it. */
  public java.util.Optional<Level> level(Granularity granularity) {
    return levels.stream().filter(l -> l.granularity() == granularity).findFirst();
  }

  /** Finds the hits of admissions one after the other, reusing its buffers. */
  private static final class Hits {
    private final CodeTable table;
    /** The admission's gold codes, hashed (open addressing); {@code taken} lists the occupied slots. */
    private String[] gold = new String[64];
    private int[] emitted = new int[64];
    private int[] taken = new int[32];
    private int takenCount;
    private int stamp;
    /** The predicted codes that are gold codes, as scored, and their scores (NaN when unscored). */
    private String[] found = new String[16];
    private double[] scores = new double[16];

    Hits(CodeTable table) {
      this.table = table;
    }

    /**
     * The gold codes among the predicted ones in rank order, each once. Sorting only the predicted gold codes keeps
     * their order in the sorted full list (the sort is stable), so this is the order the metrics rank them in. None is
     * dropped under {@link InvalidPolicy#DROP}: a gold code is never dropped from a prediction.
     */
    Set<String> of(Admission admission, Prediction prediction) {
      if (prediction == null || prediction.codes().isEmpty()) {
        return Set.of();
      }
      indexGold(admission);
      if (takenCount == 0) {
        return Set.of();
      }
      List<PredictedCode> codes = prediction.codes();
      int count = 0;
      boolean allScored = true;
      for (PredictedCode code : codes) {
        Double score = code.score();
        allScored &= score != null && !score.isNaN();
        String scored = code.scoredIn(table.system());
        if (slot(scored) >= 0) {
          if (count == found.length) {
            found = Arrays.copyOf(found, 2 * count);
            scores = Arrays.copyOf(scores, 2 * count);
          }
          scores[count] = score == null ? Double.NaN : score;
          found[count++] = scored;
        }
      }
      if (count == 0) {
        return Set.of();
      }
      if (allScored) {
        // Stable insertion sort by score descending, as List.sort with the ranking comparator (0.0 and -0.0 tie).
        for (int i = 1; i < count; i++) {
          String x = found[i];
          double score = scores[i];
          int j = i - 1;
          while (j >= 0 && scores[j] < score) {
            found[j + 1] = found[j];
            scores[j + 1] = scores[j];
            j--;
          }
          found[j + 1] = x;
          scores[j + 1] = score;
        }
      }
      stamp++;
      String[] hits = new String[count];
      int size = 0;
      for (int i = 0; i < count; i++) {
        String code = found[i];
        int slot = slot(code);
        if (emitted[slot] != stamp) {
          emitted[slot] = stamp;
          hits[size++] = code;
        }
      }
      return size == 0 ? Set.of() : new OrderedSet(size == count ? hits : Arrays.copyOf(hits, size));
    }

    private void indexGold(Admission admission) {
      for (int t = 0; t < takenCount; t++) {
        gold[taken[t]] = null;
      }
      takenCount = 0;
      int needed = 2 * admission.codes().size();
      if (needed > gold.length) {
        int size = Integer.highestOneBit(needed) * 2;
        gold = new String[size];
        emitted = new int[size];
      }
      if (admission.codes().size() > taken.length) {
        taken = new int[admission.codes().size()];
      }
      int mask = gold.length - 1;
      for (GoldCode code : admission.codes()) {
        if (code.system() != table.system().id()) {
          continue;
        }
        String c = code.code();
        int x = mix(c.hashCode()) & mask;
        while (gold[x] != null && !gold[x].equals(c)) {
          x = (x + 1) & mask;
        }
        if (gold[x] == null) {
          gold[x] = c;
          taken[takenCount++] = x;
        }
      }
    }

    /** The slot of a gold code, or -1 when {@code code} is not one. */
    private int slot(String code) {
      int mask = gold.length - 1;
      int x = mix(code.hashCode()) & mask;
      while (gold[x] != null) {
        if (gold[x].equals(code)) {
          return x;
        }
        x = (x + 1) & mask;
      }
      return -1;
    }

    private static int mix(int h) {
      h *= 0x9E3779B9;
      return h ^ (h >>> 16);
    }
  }

  /**
   * A small immutable set that iterates in the order its (distinct) elements were given; {@code contains} compares
   * cached hash codes before strings.
   */
  private static final class OrderedSet extends AbstractSet<String> {
    private final String[] elements;
    private final int[] hashes;

    OrderedSet(String[] elements) {
      this.elements = elements;
      this.hashes = new int[elements.length];
      for (int i = 0; i < elements.length; i++) {
        hashes[i] = elements[i].hashCode();
      }
    }

    @Override
    public Iterator<String> iterator() {
      return Arrays.asList(elements).iterator();
    }

    @Override
    public int size() {
      return elements.length;
    }

    @Override
    public boolean contains(Object o) {
      if (!(o instanceof String)) {
        return false;
      }
      int h = o.hashCode();
      for (int i = 0; i < hashes.length; i++) {
        if (hashes[i] == h && elements[i].equals(o)) {
          return true;
        }
      }
      return false;
    }
  }
}
