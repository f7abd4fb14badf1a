package org.medcode.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * The exact-level input of one view (the whole evaluation, or a stratum), interned: every distinct canonical code gets a
 * local int id in order of first appearance (per admission: gold codes in given order, then predicted codes in rank
 * order); per admission, the de-duplicated gold ids of the table's system and the ranked, de-duplicated predicted ids
 * (invalid ones removed under {@link InvalidPolicy#DROP} unless they are gold codes of the dataset), stored back to back
 * (CSR layout) in primitive arrays. Built from a {@link RawInput} without touching admission or prediction objects.
 */
final class EncodedInput {
  final RawInput raw;
  final int n;
  /** Raw admission index of each admission of the view. */
  final int[] source;
  final String[] admissionIds;
  final String[] patientIds;
  /** Patient index of each admission, patients numbered in order of first appearance. */
  final int[] patientOf;
  final int patients;
  /** Local id → canonical code, its dictionary id and the table's status of it. */
  final String[] codes;
  final int[] dictId;
  final CodeStatus[] status;
  /**
   * Whether a local code is a gold code of the dataset (of any admission, in the view or not, and kept by the view's
   * code restriction): under DROP such predicted codes are never dropped, and a malformed one maps at coarser levels.
   */
  final boolean[] inGoldVocabulary;
  /** Gold ids of admission i: gold[goldStart[i] .. goldStart[i + 1]). */
  final int[] goldStart;
  final int[] gold;
  /** Predicted ids of admission i in rank order: pred[predStart[i] .. predStart[i + 1]). */
  final int[] predStart;
  final int[] pred;
  /** Invalid predicted codes per admission (exact level, before dropping). */
  final int[] invalid;
  final InvalidStats stats;
  final int admissionsWithPredictions;
  final long duplicatePredicted;
  final long duplicateGold;
  final long droppedInvalid;
  final long ignoredGold;
  final int admissionsWithIgnoredGold;
  /** Admissions whose every gold code is of another system: scored with no gold at all. */
  final int admissionsWithOnlyIgnoredGold;
  /** Ignored gold codes per other system, sorted by system label. */
  final Map<String, Long> ignoredBySystem;

  private EncodedInput(Builder b) {
    raw = b.raw;
    n = b.n;
    source = b.source;
    admissionIds = b.admissionIds;
    patientIds = b.patientIds;
    patientOf = b.patientOf;
    patients = b.patientCount;
    dictId = Arrays.copyOf(b.dictOf, b.codeCount);
    codes = new String[b.codeCount];
    status = new CodeStatus[b.codeCount];
    inGoldVocabulary = new boolean[b.codeCount];
    for (int c = 0; c < b.codeCount; c++) {
      codes[c] = raw.codes[dictId[c]];
      status[c] = raw.status[dictId[c]];
      inGoldVocabulary[c] = b.vocabulary[dictId[c]];
    }
    goldStart = b.goldStart;
    gold = Arrays.copyOf(b.gold, b.goldSize);
    predStart = b.predStart;
    pred = Arrays.copyOf(b.pred, b.predSize);
    invalid = b.invalid;
    stats = b.tally.stats();
    admissionsWithPredictions = b.withPredictions;
    duplicatePredicted = b.duplicatePredicted;
    duplicateGold = b.duplicateGold;
    droppedInvalid = b.dropped;
    ignoredGold = b.ignoredGold;
    admissionsWithIgnoredGold = b.admissionsWithIgnored;
    admissionsWithOnlyIgnoredGold = b.admissionsWithOnlyIgnored;
    ignoredBySystem = b.ignoredBySystem;
  }

  /** The admissions this view resamples. */
  Bootstrap.Sample sample() {
    return new Bootstrap.Sample(source, patientOf, patients);
  }

  /** Every admission of {@code admissions} with its prediction (or none). */
  static EncodedInput encode(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table,
      InvalidPolicy policy) {
    RawInput raw = RawInput.of(admissions, predictions, table);
    int[] all = new int[raw.n];
    Arrays.setAll(all, i -> i);
    return view(raw, all, null, policy);
  }

  /**
   * The view of the raw admissions {@code admissions} (raw indices, in view order) with, when {@code keep} is not null,
   * gold and predicted codes restricted to the dictionary codes it marks (gold codes of other systems are then left
   * out entirely, and predictions are ranked after the restriction).
   */
  static EncodedInput view(RawInput raw, int[] admissions, boolean[] keep, InvalidPolicy policy) {
    Builder b = new Builder(raw, admissions.length);
    // the dataset's gold codes, not the view's: a stratum keeps (under DROP) and maps (at coarser levels) the same
    // invalid predicted codes as the whole evaluation does
    for (int d = 0; d < b.vocabulary.length; d++) {
      b.vocabulary[d] = raw.goldCode[d] && (keep == null || keep[d]);
    }
    for (int j = 0; j < admissions.length; j++) {
      b.add(j, admissions[j], keep, policy);
    }
    b.goldStart[b.n] = b.goldSize;
    b.predStart[b.n] = b.predSize;
    return new EncodedInput(b);
  }

  /**
   * The rank order of a prediction's codes. When every code has a (non-NaN) score: by score descending, ties broken by
   * canonical code descending, as trec_eval orders a run (score, then docno, both descending; 0.0 and -0.0 tie).
   * Otherwise the given order is the rank.
   */
  static int[] rankOrder(List<PredictedCode> codes) {
    int m = codes.size();
    double[] scores = new double[m];
    String[] names = new String[m];
    for (int r = 0; r < m; r++) {
      Double s = codes.get(r).score();
      scores[r] = s == null ? Double.NaN : s;
      names[r] = codes.get(r).code();
    }
    int[] order = new int[m];
    rankOrder(scores, names, m, order);
    return order;
  }

  /** {@link #rankOrder(List)} of the first {@code m} scores (NaN = unscored) and codes, into {@code order}. */
  static void rankOrder(double[] scores, String[] codes, int m, int[] order) {
    boolean allScored = m > 0;
    for (int r = 0; r < m && allScored; r++) {
      allScored = !Double.isNaN(scores[r]);
    }
    for (int r = 0; r < m; r++) {
      order[r] = r;
    }
    if (allScored) {
      // Insertion sort (short lists; stable): x goes before y when its score is higher, or equal with a larger code.
      for (int r = 1; r < m; r++) {
        int x = order[r];
        int q = r - 1;
        while (q >= 0 && before(scores, codes, x, order[q])) {
          order[q + 1] = order[q];
          q--;
        }
        order[q + 1] = x;
      }
    }
  }

  private static boolean before(double[] scores, String[] codes, int x, int y) {
    if (scores[x] != scores[y]) {
      return scores[x] > scores[y];
    }
    return codes[x].compareTo(codes[y]) > 0;
  }

  private static final class Builder {
    final RawInput raw;
    final int n;
    final int[] source;
    final String[] admissionIds;
    final String[] patientIds;
    /** Gold codes (dictionary ids) of the dataset kept by the view: under DROP, never dropped from predictions. */
    final boolean[] vocabulary;
    final int[] patientOf;
    /** Raw patient number → view patient number + 1 (0 = not met yet). */
    final int[] patientIndex;
    int patientCount;
    /** Dictionary id → local id + 1 (0 = not yet seen). */
    final int[] localOf;
    int[] dictOf = new int[1024];
    int codeCount;
    int[] goldMark = new int[1024];
    int[] predMark = new int[1024];
    final int[] goldStart;
    final int[] predStart;
    int[] gold = new int[1024];
    int[] pred = new int[1024];
    int goldSize;
    int predSize;
    final int[] invalid;
    final InvalidStats.Tally tally = new InvalidStats.Tally();
    int withPredictions;
    long duplicatePredicted, duplicateGold, dropped, ignoredGold;
    int admissionsWithOnlyIgnored;
    int admissionsWithIgnored;
    final Map<String, Long> ignoredBySystem = new TreeMap<>();
    double[] listScores = new double[64];
    String[] listCodes = new String[64];
    int[] listIds = new int[64];
    int[] order = new int[64];

    Builder(RawInput raw, int n) {
      this.raw = raw;
      this.n = n;
      source = new int[n];
      admissionIds = new String[n];
      patientIds = new String[n];
      vocabulary = new boolean[raw.codes.length];
      localOf = new int[raw.codes.length];
      patientIndex = new int[raw.patients];
      patientOf = new int[n];
      goldStart = new int[n + 1];
      predStart = new int[n + 1];
      invalid = new int[n];
    }

    int intern(int d) {
      int local = localOf[d] - 1;
      if (local >= 0) {
        return local;
      }
      int next = codeCount++;
      localOf[d] = next + 1;
      if (next == dictOf.length) {
        int size = 2 * next;
        dictOf = Arrays.copyOf(dictOf, size);
        goldMark = Arrays.copyOf(goldMark, size);
        predMark = Arrays.copyOf(predMark, size);
      }
      dictOf[next] = d;
      return next;
    }

    void add(int j, int i, boolean[] keep, InvalidPolicy policy) {
      int stamp = j + 1;
      source[j] = i;
      admissionIds[j] = raw.admissionIds[i];
      String patient = raw.patientIds[i];
      patientIds[j] = patient;
      int rawPatient = raw.patientOf[i];
      if (patientIndex[rawPatient] == 0) {
        patientIndex[rawPatient] = ++patientCount;
      }
      patientOf[j] = patientIndex[rawPatient] - 1;

      goldStart[j] = goldSize;
      if (keep == null && raw.ignoredStart[i + 1] > raw.ignoredStart[i]) {
        admissionsWithIgnored++;
        if (raw.goldStart[i + 1] == raw.goldStart[i]) {
          admissionsWithOnlyIgnored++;
        }
        for (int x = raw.ignoredStart[i]; x < raw.ignoredStart[i + 1]; x++) {
          ignoredGold++;
          ignoredBySystem.merge(raw.ignored[x], 1L, Long::sum);
        }
      }
      for (int x = raw.goldStart[i]; x < raw.goldStart[i + 1]; x++) {
        int d = raw.gold[x];
        if (keep != null && !keep[d]) {
          continue;
        }
        int id = intern(d);
        if (goldMark[id] == stamp) {
          duplicateGold++;
          continue;
        }
        goldMark[id] = stamp;
        if (goldSize == gold.length) {
          gold = Arrays.copyOf(gold, 2 * goldSize);
        }
        gold[goldSize++] = id;
        tally.gold(raw.status[d]);
      }

      predStart[j] = predSize;
      if (!raw.hasPrediction[i]) {
        return;
      }
      withPredictions++;
      int m = 0;
      int width = raw.rawStart[i + 1] - raw.rawStart[i];
      if (width > listIds.length) {
        int size = Math.max(width, 2 * listIds.length);
        listScores = new double[size];
        listCodes = new String[size];
        listIds = new int[size];
        order = new int[size];
      }
      for (int x = raw.rawStart[i]; x < raw.rawStart[i + 1]; x++) {
        int d = raw.raw[x];
        if (keep != null && !keep[d]) {
          continue;
        }
        listIds[m] = d;
        listScores[m] = raw.rawScore[x];
        listCodes[m] = raw.codes[d];
        m++;
      }
      rankOrder(listScores, listCodes, m, order);
      for (int r = 0; r < m; r++) {
        int d = listIds[order[r]];
        int id = intern(d);
        if (predMark[id] == stamp) {
          duplicatePredicted++;
          continue;
        }
        predMark[id] = stamp;
        CodeStatus s = raw.status[d];
        tally.predicted(s);
        if (!s.valid()) {
          invalid[j]++;
          if (policy == InvalidPolicy.DROP && !vocabulary[d]) {
            dropped++;
            continue;
          }
        }
        if (predSize == pred.length) {
          pred = Arrays.copyOf(pred, 2 * predSize);
        }
        pred[predSize++] = id;
      }
    }
  }
}
