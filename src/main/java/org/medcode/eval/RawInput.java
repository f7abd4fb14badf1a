package org.medcode.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeSystem;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * An evaluation's input read once into primitive arrays, from which every view (the whole, a stratum) is encoded
 * without touching the admission and prediction objects again: every distinct code gets a dictionary id with its table
 * status and its key at every level; per admission (input order) the gold codes of the table's system in given order
 * (repeats kept), the gold codes of other systems it ignores, whether it has a prediction, and its predicted codes in
 * the given order with their scores (NaN when unscored, repeats kept).
 */
final class RawInput {
  final CodeTable table;
  final CodeSystem system;
  final CodeSystemId systemId;
  final List<Admission> admissions;
  final int n;
  final String[] admissionIds;
  /** Patient id, or the admission id when unknown. */
  final String[] patientIds;
  /** Patient number of each admission, patients numbered in order of first appearance. */
  final int[] patientOf;
  final int patients;
  /** Length of all note texts joined by blank lines ({@link Admission#text()}). */
  final int[] noteLength;

  /** Dictionary: id → canonical code and its table status. */
  final String[] codes;
  final CodeStatus[] status;
  /** Whether a dictionary code is a gold code of some admission: under DROP such predicted codes are never dropped. */
  final boolean[] goldCode;

  /** Gold codes of the system of admission i: gold[goldStart[i] .. goldStart[i + 1]), in given order. */
  final int[] goldStart;
  final int[] gold;
  /** Gold codes of other systems of admission i, by label ("unknown" for a null system), in given order. */
  final int[] ignoredStart;
  final String[] ignored;

  final boolean[] hasPrediction;
  /** Predicted codes of admission i in given order: raw[rawStart[i] .. rawStart[i + 1]), score NaN when absent. */
  final int[] rawStart;
  final int[] raw;
  final double[] rawScore;

  /** Level keys of every dictionary code, per granularity the system defines (null elsewhere). */
  private final LevelKeys[] keys = new LevelKeys[Granularity.values().length];

  private RawInput(CodeTable table, List<Admission> admissions, Map<String, Prediction> predictions) {
    this.table = table;
    this.system = table.system();
    this.systemId = system.id();
    this.admissions = admissions;
    n = admissions.size();
    admissionIds = new String[n];
    patientIds = new String[n];
    noteLength = new int[n];
    goldStart = new int[n + 1];
    ignoredStart = new int[n + 1];
    hasPrediction = new boolean[n];
    rawStart = new int[n + 1];
    patientOf = new int[n];
    Map<String, Integer> patientIndex = new HashMap<>();
    Map<String, Integer> ids = new HashMap<>();
    List<String> dictionary = new ArrayList<>();
    IntList goldList = new IntList();
    IntList rawList = new IntList();
    List<String> ignoredList = new ArrayList<>();
    double[] scores = new double[1024];
    for (int i = 0; i < n; i++) {
      Admission a = admissions.get(i);
      admissionIds[i] = a.id();
      patientIds[i] = a.patientKey();
      Integer patient = patientIndex.putIfAbsent(patientIds[i], patientIndex.size());
      patientOf[i] = patient == null ? patientIndex.size() - 1 : patient;
      noteLength[i] = a.textLength();
      goldStart[i] = goldList.size;
      ignoredStart[i] = ignoredList.size();
      for (GoldCode g : a.codes()) {
        if (g.system() == systemId) {
          goldList.add(intern(g.code(), ids, dictionary));
        } else {
          ignoredList.add(g.system() == null ? "unknown" : g.system().label());
        }
      }
      rawStart[i] = rawList.size;
      Prediction p = predictions.get(a.id());
      if (p != null) {
        hasPrediction[i] = true;
        for (PredictedCode c : p.codes()) {
          if (rawList.size == scores.length) {
            scores = Arrays.copyOf(scores, 2 * scores.length);
          }
          scores[rawList.size] = c.score() == null ? Double.NaN : c.score();
          rawList.add(intern(c.scoredIn(system), ids, dictionary));
        }
      }
    }
    patients = patientIndex.size();
    goldStart[n] = goldList.size;
    ignoredStart[n] = ignoredList.size();
    rawStart[n] = rawList.size;
    gold = goldList.toArray();
    raw = rawList.toArray();
    rawScore = Arrays.copyOf(scores, raw.length);
    ignored = ignoredList.toArray(new String[0]);
    codes = dictionary.toArray(new String[0]);
    goldCode = new boolean[codes.length];
    for (int d : gold) {
      goldCode[d] = true;
    }
    status = new CodeStatus[codes.length];
    for (int c = 0; c < codes.length; c++) {
      status[c] = table.status(codes[c]);
    }
  }

  static RawInput of(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table) {
    return new RawInput(table, admissions, predictions);
  }

  private static int intern(String code, Map<String, Integer> ids, List<String> dictionary) {
    Integer id = ids.get(code);
    if (id == null) {
      id = dictionary.size();
      ids.put(code, id);
      dictionary.add(code);
    }
    return id;
  }

  /**
   * Admission i's predicted codes as the analyses take them ({@code AdmissionCodes}): when every code has a score, sorted
   * by score descending (stable: ties keep the given order; 0.0 and -0.0 tie), else in given order; invalid codes left
   * out when {@code dropInvalid}, unless they are gold codes (as the metrics keep them under DROP); repeats removed
   * keeping the first. Writes dictionary ids and scores (NaN unless every code of the prediction is scored) into the
   * buffers and returns how many; {@code mark} (sized like the dictionary) is scratch space, stamped with
   * {@code stamp}, which must differ between calls.
   */
  int analysisRanked(int i, boolean dropInvalid, int[] ids, double[] scores, int[] mark, int stamp) {
    int from = rawStart[i];
    int m = rawStart[i + 1] - from;
    boolean allScored = m > 0;
    for (int r = 0; r < m && allScored; r++) {
      allScored = !Double.isNaN(rawScore[from + r]);
    }
    int[] order = new int[m];
    for (int r = 0; r < m; r++) {
      order[r] = r;
    }
    if (allScored) {
      for (int r = 1; r < m; r++) {
        int x = order[r];
        int q = r - 1;
        while (q >= 0 && rawScore[from + x] > rawScore[from + order[q]]) {
          order[q + 1] = order[q];
          q--;
        }
        order[q + 1] = x;
      }
    }
    int count = 0;
    for (int r = 0; r < m; r++) {
      int d = raw[from + order[r]];
      if (dropInvalid && !status[d].valid() && !goldCode[d]) {
        continue;
      }
      if (mark[d] != stamp) {
        mark[d] = stamp;
        ids[count] = d;
        scores[count] = allScored ? rawScore[from + order[r]] : Double.NaN;
        count++;
      }
    }
    return count;
  }

  /** Admission i's distinct gold codes (dictionary ids, first occurrence order) into {@code ids}; returns how many. */
  int distinctGold(int i, int[] ids, int[] mark, int stamp) {
    int count = 0;
    for (int p = goldStart[i]; p < goldStart[i + 1]; p++) {
      int d = gold[p];
      if (mark[d] != stamp) {
        mark[d] = stamp;
        ids[count++] = d;
      }
    }
    return count;
  }

  /** The largest number of predicted (raw) codes and of gold codes of any admission: enough for any buffer. */
  int widest() {
    int widest = 0;
    for (int i = 0; i < n; i++) {
      widest = Math.max(widest, Math.max(rawStart[i + 1] - rawStart[i], goldStart[i + 1] - goldStart[i]));
    }
    return widest;
  }

  /** The level keys of every dictionary code at {@code level} (computed once, then shared by every view). */
  synchronized LevelKeys keys(Granularity level) {
    LevelKeys k = keys[level.ordinal()];
    if (k == null) {
      k = new LevelKeys(this, level);
      keys[level.ordinal()] = k;
    }
    return k;
  }

  /**
   * The keys of one level in one key space shared by every view: per dictionary code its ancestor's key id (-1 when
   * it has none), and the ids of its unmatched forms {@code ?gold:CODE} and {@code ?pred:CODE} (-1 when the code can
   * never need them: a mapped, well-formed code).
   */
  static final class LevelKeys {
    final Granularity level;
    final String[] names;
    final int[] mapped;
    final int[] unmappedGold;
    final int[] unmappedPred;

    LevelKeys(RawInput in, Granularity level) {
      this.level = level;
      int count = in.codes.length;
      mapped = new int[count];
      unmappedGold = new int[count];
      unmappedPred = new int[count];
      Map<String, Integer> ids = new HashMap<>();
      List<String> list = new ArrayList<>();
      for (int c = 0; c < count; c++) {
        String code = in.codes[c];
        String ancestor = level == Granularity.EXACT ? code : in.system.ancestor(code, level).orElse(null);
        mapped[c] = ancestor == null ? -1 : intern(ancestor, ids, list);
        unmappedGold[c] = ancestor == null ? intern(LevelScores.UNMAPPED_GOLD + code, ids, list) : -1;
        unmappedPred[c] = ancestor == null || (level != Granularity.EXACT && in.status[c] == CodeStatus.MALFORMED)
            ? intern(LevelScores.UNMAPPED_PRED + code, ids, list) : -1;
      }
      names = list.toArray(new String[0]);
    }
  }

  /** A growable int array. */
  static final class IntList {
    int[] values = new int[1024];
    int size;

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, 2 * size);
      }
      values[size++] = value;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
