package org.medcode.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;

/**
 * The scores of every admission and every code at one granularity, in primitive arrays indexed by admission (in
 * input order) or by interned level key.
 *
 * <p>Mapping: at {@link Granularity#EXACT} the key of a code is the code itself; at a coarser level it is
 * {@code system.ancestor(code, level)}. A code without an ancestor at that level gets a key that matches nothing:
 * {@code ?gold:CODE} for a gold code (an unavoidable false negative), {@code ?pred:CODE} for a predicted one (a false
 * positive). Gold keys are de-duplicated; the ranked predicted keys keep the first (best-ranked) occurrence of each.
 */
final class LevelScores {
  static final String UNMAPPED_GOLD = "?gold:";
  static final String UNMAPPED_PRED = "?pred:";

  final Granularity granularity;
  final int n;
  final int[] ks;
  final int[] gold;
  final int[] predicted;
  final int[] tp;
  final int[] fp;
  final int[] fn;
  /** Average precision per admission; NaN when it has no gold key. */
  final double[] ap;
  /** Hits among the first ks[j] predicted keys: hitsAtK[j][i]. */
  final int[][] hitsAtK;
  /** Hits among the first |gold| predicted keys. */
  final int[] hitsAtR;
  final String[] keys;
  final long[] codeTp;
  final long[] codeFp;
  final long[] codeFn;
  /**
   * Codes without a key at this level (no ancestor; on the predicted side also a malformed string that is no gold code):
   * distinct (admission, code) pairs on each side.
   */
  long unmappedGold;
  long unmappedPred;
  /**
   * Per admission, its keys with their outcome (only when {@code keepItems}): items[itemStart[i] .. itemStart[i+1]),
   * kind 0 = true positive, 1 = false negative, 2 = false positive. Used to bootstrap macro averages.
   */
  final int[] itemStart;
  int[] itemKey;
  byte[] itemKind;

  private LevelScores(Granularity granularity, int n, int[] ks, int keyCount, boolean keepItems) {
    this.granularity = granularity;
    this.n = n;
    this.ks = ks;
    gold = new int[n];
    predicted = new int[n];
    tp = new int[n];
    fp = new int[n];
    fn = new int[n];
    ap = new double[n];
    hitsAtK = new int[ks.length][n];
    hitsAtR = new int[n];
    keys = new String[keyCount];
    codeTp = new long[keyCount];
    codeFp = new long[keyCount];
    codeFn = new long[keyCount];
    itemStart = keepItems ? new int[n + 1] : null;
  }

  static LevelScores score(EncodedInput in, Granularity level, int[] ks, boolean keepItems) {
    // Map each distinct exact code once to its level key (gold side and predicted side differ only when unmapped), in
    // the view's own key order: keys numbered as first met going through the view's codes in id order.
    RawInput.LevelKeys shared = in.raw.keys(level);
    int codeCount = in.codes.length;
    int[] goldKey = new int[codeCount];
    int[] predKey = new int[codeCount];
    boolean[] unmapped = new boolean[codeCount];
    boolean[] unmappedPredicted = new boolean[codeCount]; // unmapped, or a malformed guess: a ?pred: key
    int[] localKey = new int[shared.names.length];
    List<String> keyList = new ArrayList<>();
    for (int c = 0; c < codeCount; c++) {
      int d = in.dictId[c];
      int ancestor = shared.mapped[d];
      if (ancestor >= 0) {
        int k = local(ancestor, localKey, keyList, shared);
        goldKey[c] = k;
        // A malformed predicted string never hits a coarser level (`K35 appendicitis` is not category K35) unless it
        // repeats a gold code verbatim, which then maps like that gold code.
        boolean malformedGuess = level != Granularity.EXACT && in.status[c] == CodeStatus.MALFORMED
            && !in.inGoldVocabulary[c];
        predKey[c] = malformedGuess ? local(shared.unmappedPred[d], localKey, keyList, shared) : k;
        unmappedPredicted[c] = malformedGuess;
      } else {
        unmapped[c] = true;
        unmappedPredicted[c] = true;
        goldKey[c] = local(shared.unmappedGold[d], localKey, keyList, shared);
        predKey[c] = local(shared.unmappedPred[d], localKey, keyList, shared);
      }
    }
    int keyCount = keyList.size();
    LevelScores s = new LevelScores(level, in.n, ks, keyCount, keepItems);
    keyList.toArray(s.keys);

    int[] goldMark = new int[keyCount];
    int[] predMark = new int[keyCount];
    int[] goldKeys = new int[16];
    int[] items = keepItems ? new int[1024] : null;
    byte[] kinds = keepItems ? new byte[1024] : null;
    int itemCount = 0;
    long unmappedGold = 0;
    long unmappedPred = 0;
    int[] hk = new int[ks.length];
    for (int i = 0; i < in.n; i++) {
      int stamp = i + 1;
      int g = 0;
      for (int p = in.goldStart[i]; p < in.goldStart[i + 1]; p++) {
        int c = in.gold[p];
        int k = goldKey[c];
        if (unmapped[c]) {
          unmappedGold++;
        }
        if (goldMark[k] != stamp) {
          goldMark[k] = stamp;
          if (g == goldKeys.length) {
            goldKeys = Arrays.copyOf(goldKeys, 2 * g);
          }
          goldKeys[g++] = k;
        }
      }
      int rank = 0;
      int hits = 0;
      double precisionSum = 0.0;
      int hitsR = -1;
      Arrays.fill(hk, -1);
      if (keepItems && itemCount + g + (in.predStart[i + 1] - in.predStart[i]) > items.length) {
        int size = Math.max(2 * items.length, itemCount + g + in.predStart[i + 1] - in.predStart[i]);
        items = Arrays.copyOf(items, size);
        kinds = Arrays.copyOf(kinds, size);
      }
      if (keepItems) {
        s.itemStart[i] = itemCount;
      }
      for (int p = in.predStart[i]; p < in.predStart[i + 1]; p++) {
        int c = in.pred[p];
        int k = predKey[c];
        if (predMark[k] == stamp) {
          continue;
        }
        predMark[k] = stamp;
        if (unmappedPredicted[c]) {
          unmappedPred++;
        }
        rank++;
        if (goldMark[k] == stamp) {
          hits++;
          precisionSum += (double) hits / rank;
          s.codeTp[k]++;
          if (keepItems) {
            items[itemCount] = k;
            kinds[itemCount++] = 0;
          }
        } else {
          s.codeFp[k]++;
          if (keepItems) {
            items[itemCount] = k;
            kinds[itemCount++] = 2;
          }
        }
        for (int j = 0; j < ks.length; j++) {
          if (rank == ks[j]) {
            hk[j] = hits;
          }
        }
        if (rank == g) {
          hitsR = hits;
        }
      }
      for (int j = 0; j < ks.length; j++) {
        s.hitsAtK[j][i] = hk[j] >= 0 ? hk[j] : hits;
      }
      s.hitsAtR[i] = hitsR >= 0 ? hitsR : hits;
      for (int j = 0; j < g; j++) {
        int k = goldKeys[j];
        if (predMark[k] != stamp) {
          s.codeFn[k]++;
          if (keepItems) {
            items[itemCount] = k;
            kinds[itemCount++] = 1;
          }
        }
      }
      s.gold[i] = g;
      s.predicted[i] = rank;
      s.tp[i] = hits;
      s.fp[i] = rank - hits;
      s.fn[i] = g - hits;
      s.ap[i] = g == 0 ? Double.NaN : precisionSum / g;
    }
    s.unmappedGold = unmappedGold;
    s.unmappedPred = unmappedPred;
    if (keepItems) {
      s.itemStart[in.n] = itemCount;
      s.itemKey = Arrays.copyOf(items, itemCount);
      s.itemKind = Arrays.copyOf(kinds, itemCount);
    }
    return s;
  }

  /** The view's key id of shared key {@code key} ({@code localKey} holds local id + 1, 0 = not met yet). */
  private static int local(int key, int[] localKey, List<String> keyList, RawInput.LevelKeys shared) {
    int id = localKey[key] - 1;
    if (id < 0) {
      id = keyList.size();
      localKey[key] = id + 1;
      keyList.add(shared.names[key]);
    }
    return id;
  }

  /** Pooled counts. */
  Counts micro() {
    long t = 0;
    long f = 0;
    long m = 0;
    for (int i = 0; i < n; i++) {
      t += tp[i];
      f += fp[i];
      m += fn[i];
    }
    return new Counts(t, f, m);
  }

  /**
   * Per-code counts of every key seen in gold or predictions, sorted by support desc, then key asc. The status is the
   * table's verdict on the key; for a coarser level's key that is not even well formed as a code (a block or chapter
   * range) it is {@link CodeStatus#UNCHECKED}; for an unmapped key, the status of the original code.
   */
  List<CodeCounts> perCode(CodeTable table) {
    List<CodeCounts> out = new ArrayList<>();
    for (int k = 0; k < keys.length; k++) {
      if (codeTp[k] + codeFp[k] + codeFn[k] == 0) {
        continue;
      }
      out.add(new CodeCounts(keys[k], keyStatus(table, keys[k]), codeTp[k], codeFp[k], codeFn[k]));
    }
    out.sort((a, b) -> a.support() != b.support() ? Long.compare(b.support(), a.support()) : a.code().compareTo(b.code()));
    return out;
  }

  private CodeStatus keyStatus(CodeTable table, String key) {
    if (key.startsWith(UNMAPPED_GOLD) || key.startsWith(UNMAPPED_PRED)) {
      return table.status(key.substring(UNMAPPED_GOLD.length()));
    }
    CodeStatus status = table.status(key);
    return granularity != Granularity.EXACT && status == CodeStatus.MALFORMED ? CodeStatus.UNCHECKED : status;
  }
}
