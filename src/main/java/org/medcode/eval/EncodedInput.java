package org.medcode.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * The exact-level input, interned: every distinct canonical code gets an int id; per admission, the de-duplicated gold
 * ids of the table's system and the ranked, de-duplicated predicted ids (invalid ones removed under
 * {@link InvalidPolicy#DROP}), stored back to back (CSR layout) in primitive arrays.
 */
final class EncodedInput {
  final int n;
  final String[] admissionIds;
  final String[] patientIds;
  /** Patient index of each admission, patients numbered in order of first appearance. */
  final int[] patientOf;
  final int patients;
  /** Id → canonical code, and the table's status of it. */
  final String[] codes;
  final CodeStatus[] status;
  /** Every gold code of the system in the evaluated admissions. */
  final java.util.Set<String> goldVocabulary;
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
  /** Ignored gold codes per other system, sorted by system label. */
  final Map<String, Long> ignoredBySystem;

  private EncodedInput(Builder b) {
    n = b.n;
    admissionIds = b.admissionIds;
    patientIds = b.patientIds;
    patientOf = b.patientOf;
    patients = b.patientIndex.size();
    codes = b.codes.toArray(new String[0]);
    status = Arrays.copyOf(b.status, codes.length);
    goldVocabulary = java.util.Set.copyOf(b.goldVocabulary);
    goldStart = b.goldStart;
    gold = Arrays.copyOf(b.gold, b.goldSize);
    predStart = b.predStart;
    pred = Arrays.copyOf(b.pred, b.predSize);
    invalid = b.invalid;
    stats = new InvalidStats(b.predicted, b.malformed, b.notInTable, b.header, b.goldCount, b.goldMalformed,
        b.goldNotInTable, b.goldHeader);
    admissionsWithPredictions = b.withPredictions;
    duplicatePredicted = b.duplicatePredicted;
    duplicateGold = b.duplicateGold;
    droppedInvalid = b.dropped;
    ignoredGold = b.ignoredGold;
    admissionsWithIgnoredGold = b.admissionsWithIgnored;
    ignoredBySystem = b.ignoredBySystem;
  }

  static EncodedInput encode(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table,
      InvalidPolicy policy) {
    Builder b = new Builder(admissions.size(), table);
    for (Admission admission : admissions) {
      for (GoldCode gold : admission.codes()) {
        if (gold.system() == b.system) {
          b.goldVocabulary.add(gold.code());
        }
      }
    }
    for (int i = 0; i < admissions.size(); i++) {
      b.add(i, admissions.get(i), predictions.get(admissions.get(i).id()), policy);
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
    boolean allScored = m > 0;
    for (int r = 0; r < m && allScored; r++) {
      Double s = codes.get(r).score();
      if (s == null || s.isNaN()) {
        allScored = false;
      } else {
        scores[r] = s;
      }
    }
    int[] order = new int[m];
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
    return order;
  }

  private static boolean before(double[] scores, List<PredictedCode> codes, int x, int y) {
    if (scores[x] != scores[y]) {
      return scores[x] > scores[y];
    }
    return codes.get(x).code().compareTo(codes.get(y).code()) > 0;
  }

  private static final class Builder {
    final int n;
    final CodeTable table;
    final CodeSystemId system;
    final String[] admissionIds;
    final String[] patientIds;
    /** Every gold code of the system in the evaluated admissions: under DROP, never dropped from predictions. */
    final java.util.Set<String> goldVocabulary = new java.util.HashSet<>();
    final int[] patientOf;
    final Map<String, Integer> patientIndex = new HashMap<>();
    final Map<String, Integer> ids = new HashMap<>();
    final List<String> codes = new ArrayList<>();
    CodeStatus[] status = new CodeStatus[1024];
    int[] goldMark = new int[1024];
    int[] predMark = new int[1024];
    final int[] goldStart;
    final int[] predStart;
    int[] gold = new int[1024];
    int[] pred = new int[1024];
    int goldSize;
    int predSize;
    final int[] invalid;
    long predicted, malformed, notInTable, header, goldCount, goldMalformed, goldNotInTable, goldHeader;
    int withPredictions;
    long duplicatePredicted, duplicateGold, dropped, ignoredGold;
    int admissionsWithIgnored;
    final Map<String, Long> ignoredBySystem = new TreeMap<>();

    Builder(int n, CodeTable table) {
      this.n = n;
      this.table = table;
      this.system = table.system().id();
      admissionIds = new String[n];
      patientIds = new String[n];
      patientOf = new int[n];
      goldStart = new int[n + 1];
      predStart = new int[n + 1];
      invalid = new int[n];
    }

    int intern(String code) {
      Integer id = ids.get(code);
      if (id != null) {
        return id;
      }
      int next = codes.size();
      ids.put(code, next);
      codes.add(code);
      if (next == status.length) {
        int size = 2 * next;
        status = Arrays.copyOf(status, size);
        goldMark = Arrays.copyOf(goldMark, size);
        predMark = Arrays.copyOf(predMark, size);
      }
      status[next] = table.status(code);
      return next;
    }

    void add(int i, Admission admission, Prediction prediction, InvalidPolicy policy) {
      int stamp = i + 1;
      admissionIds[i] = admission.id();
      String patient = admission.patientId() == null ? admission.id() : admission.patientId();
      patientIds[i] = patient;
      patientOf[i] = patientIndex.computeIfAbsent(patient, p -> patientIndex.size());

      goldStart[i] = goldSize;
      boolean ignoredHere = false;
      for (GoldCode g : admission.codes()) {
        if (g.system() != system) {
          ignoredGold++;
          ignoredBySystem.merge(g.system() == null ? "unknown" : g.system().label(), 1L, Long::sum);
          ignoredHere = true;
          continue;
        }
        int id = intern(g.code());
        if (goldMark[id] == stamp) {
          duplicateGold++;
          continue;
        }
        goldMark[id] = stamp;
        if (goldSize == gold.length) {
          gold = Arrays.copyOf(gold, 2 * goldSize);
        }
        gold[goldSize++] = id;
        goldCount++;
        switch (status[id]) {
          case MALFORMED -> goldMalformed++;
          case NOT_IN_TABLE -> goldNotInTable++;
          case HEADER -> goldHeader++;
          default -> { }
        }
      }
      if (ignoredHere) {
        admissionsWithIgnored++;
      }

      predStart[i] = predSize;
      if (prediction == null) {
        return;
      }
      withPredictions++;
      List<PredictedCode> list = prediction.codes();
      for (int r : rankOrder(list)) {
        int id = intern(list.get(r).code());
        if (predMark[id] == stamp) {
          duplicatePredicted++;
          continue;
        }
        predMark[id] = stamp;
        predicted++;
        CodeStatus s = status[id];
        switch (s) {
          case MALFORMED -> malformed++;
          case NOT_IN_TABLE -> notInTable++;
          case HEADER -> header++;
          default -> { }
        }
        if (!s.valid()) {
          invalid[i]++;
          if (policy == InvalidPolicy.DROP && !goldVocabulary.contains(list.get(r).code())) {
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
