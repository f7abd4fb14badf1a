package org.medcode.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;

/**
 * Classifies every predicted and every gold code of every admission by {@link ErrorKind}, at the exact level. Codes are
 * taken as the engine takes them (gold of the table's system, de-duplicated; predicted de-duplicated), but invalid
 * predicted codes are classified under both invalid-code policies (as INVALID). Category and chapter are the system's
 * CATEGORY and CHAPTER ancestors; a system without that level never has siblings or same-chapter codes.
 */
public final class ErrorAnalysis {
  /** An odd constant and its inverse modulo 2^64: packed keys times it hash well as {@code Long}s. */
  private static final long SPREAD = 0x9E3779B97F4A7C15L;
  private static final long UNSPREAD = inverse(SPREAD);

  private ErrorAnalysis() {}

  /** The inverse of an odd number modulo 2^64 (Newton's iteration). */
  private static long inverse(long odd) {
    long x = odd;
    for (int i = 0; i < 5; i++) {
      x *= 2 - odd * x;
    }
    return x;
  }

  public static ErrorTaxonomy analyze(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table) {
    RawInput raw = RawInput.of(admissions, predictions, table);
    return analyze(raw, Evaluator.all(raw));
  }

  /** Over the admissions {@code scored} (the population: positions in {@code raw}). */
  static ErrorTaxonomy analyze(RawInput raw, int[] scored) {
    Levels levels = new Levels(raw);
    Map<ErrorKind, Long> predicted = zeros(true);
    Map<ErrorKind, Long> gold = zeros(false);
    // (gold id, predicted id, relation) packed into a long → admissions.
    Map<Long, long[]> confusions = new HashMap<>();
    Counter counter = new Counter(raw, levels, confusions);
    for (int i : scored) {
      counter.admission(i);
    }
    long predictedTotal = counter.predictedTotal;
    long goldTotal = counter.goldTotal;
    long[] predictedKinds = counter.predictedKinds;
    long[] goldKinds = counter.goldKinds;
    for (ErrorKind kind : ErrorKind.values()) {
      if (predictedKinds[kind.ordinal()] > 0) {
        predicted.merge(kind, predictedKinds[kind.ordinal()], Long::sum);
      }
      if (goldKinds[kind.ordinal()] > 0) {
        gold.merge(kind, goldKinds[kind.ordinal()], Long::sum);
      }
    }
    ErrorKind[] kinds = ErrorKind.values();
    List<ErrorTaxonomy.Confusion> list = new ArrayList<>(confusions.size());
    confusions.forEach((spread, count) -> {
      long key = spread * UNSPREAD;
      list.add(new ErrorTaxonomy.Confusion(raw.codes[(int) (key >>> 34)], raw.codes[(int) ((key >>> 4) & 0x3FFFFFFFL)],
          kinds[(int) (key & 0xF)], count[0]));
    });
    list.sort((a, b) -> a.admissions() != b.admissions() ? Long.compare(b.admissions(), a.admissions())
        : !a.gold().equals(b.gold()) ? a.gold().compareTo(b.gold()) : a.predicted().compareTo(b.predicted()));
    return new ErrorTaxonomy(predicted, predictedTotal, gold, goldTotal, list);
  }

  /** Classifies admission by admission (a short method per admission: one long loop nest is slow to compile). */
  private static final class Counter {
    final RawInput raw;
    final Levels levels;
    final Map<Long, long[]> confusions;
    final int[] goldIds;
    final int[] predIds;
    final double[] scores;
    final int[] goldMark;
    final int[] predMark;
    final long[] predictedKinds = new long[ErrorKind.values().length];
    final long[] goldKinds = new long[ErrorKind.values().length];
    long predictedTotal;
    long goldTotal;

    Counter(RawInput raw, Levels levels, Map<Long, long[]> confusions) {
      this.raw = raw;
      this.levels = levels;
      this.confusions = confusions;
      int widest = raw.widest();
      goldIds = new int[widest];
      predIds = new int[widest];
      scores = new double[widest];
      goldMark = new int[raw.codes.length];
      predMark = new int[raw.codes.length];
    }

    void admission(int i) {
      int stamp = i + 1;
      int g = raw.distinctGold(i, goldIds, goldMark, stamp);
      int m = raw.analysisRanked(i, false, predIds, scores, predMark, stamp);
      for (int r = 0; r < m; r++) {
        predictedTotal++;
        predictedKinds[classifyPredicted(predIds[r], goldIds, g, goldMark, stamp, raw, levels).ordinal()]++;
      }
      for (int x = 0; x < g; x++) {
        int code = goldIds[x];
        goldTotal++;
        ErrorKind kind = classifyGold(code, predIds, m, predMark, stamp, raw, levels);
        goldKinds[kind.ordinal()]++;
        if (kind != ErrorKind.EXACT) {
          confusions(code, m, stamp);
        }
      }
    }

    /** The wrong predictions of the admission related to a missed gold code. */
    private void confusions(int code, int m, int stamp) {
      for (int r = 0; r < m; r++) {
        if (goldMark[predIds[r]] == stamp) {
          continue;
        }
        ErrorKind relation = relation(predIds[r], code, raw, levels);
        if (relation != null) {
          long key = ((long) code << 34) | ((long) predIds[r] << 4) | relation.ordinal();
          confusions.computeIfAbsent(key * SPREAD, k -> new long[1])[0]++;
        }
      }
    }
  }

  /**
   * The category and chapter of every dictionary code as a key id (-1 when the code has none, or the system does not
   * define the level), so that "same category" is an int comparison; and the first three characters of every code of
   * three or more, so that most pairs of codes are found not to be prefix and extension without comparing strings.
   */
  private static final class Levels {
    final int[] category;
    final int[] chapter;
    final long[] head;

    Levels(RawInput raw) {
      category = keys(raw, Granularity.CATEGORY);
      chapter = keys(raw, Granularity.CHAPTER);
      head = new long[raw.codes.length];
      for (int c = 0; c < head.length; c++) {
        String code = raw.codes[c];
        head[c] = code.length() < 3 ? -1 : (long) code.charAt(0) << 32 | (long) code.charAt(1) << 16 | code.charAt(2);
      }
    }

    /**
     * Whether code {@code a} is a proper prefix of code {@code c} ({@link #isAncestor}); a prefix of three or more
     * characters shares the longer code's first three.
     */
    boolean ancestor(int a, int c, RawInput raw) {
      long h = head[a];
      return (h < 0 || h == head[c]) && isAncestor(raw.codes[a], raw.codes[c]);
    }

    private static int[] keys(RawInput raw, Granularity level) {
      int[] keys = new int[raw.codes.length];
      if (raw.system.granularities().contains(level)) {
        RawInput.LevelKeys shared = raw.keys(level);
        System.arraycopy(shared.mapped, 0, keys, 0, keys.length);
      } else {
        Arrays.fill(keys, -1);
      }
      return keys;
    }
  }

  private static ErrorKind classifyPredicted(int p, int[] gold, int g, int[] goldMark, int stamp, RawInput raw,
      Levels levels) {
    if (goldMark[p] == stamp) {
      return ErrorKind.EXACT;
    }
    CodeStatus status = raw.status[p];
    if (!status.valid()) {
      return ErrorKind.INVALID;
    }
    for (int x = 0; x < g; x++) {
      if (levels.ancestor(p, gold[x], raw)) {
        return ErrorKind.UNDER_SPECIFIED;
      }
    }
    for (int x = 0; x < g; x++) {
      if (levels.ancestor(gold[x], p, raw)) {
        return ErrorKind.OVER_SPECIFIED;
      }
    }
    if (status == CodeStatus.HEADER) {
      return ErrorKind.HEADER;
    }
    if (sameLevel(p, gold, g, levels.category)) {
      return ErrorKind.SIBLING;
    }
    if (sameLevel(p, gold, g, levels.chapter)) {
      return ErrorKind.SAME_CHAPTER;
    }
    return ErrorKind.WRONG_CHAPTER;
  }

  private static ErrorKind classifyGold(int g, int[] predicted, int m, int[] predMark, int stamp, RawInput raw,
      Levels levels) {
    if (predMark[g] == stamp) {
      return ErrorKind.EXACT;
    }
    for (int r = 0; r < m; r++) {
      if (levels.ancestor(predicted[r], g, raw)) {
        return ErrorKind.UNDER_SPECIFIED;
      }
    }
    for (int r = 0; r < m; r++) {
      if (levels.ancestor(g, predicted[r], raw)) {
        return ErrorKind.OVER_SPECIFIED;
      }
    }
    if (sameLevel(g, predicted, m, levels.category)) {
      return ErrorKind.SIBLING;
    }
    if (sameLevel(g, predicted, m, levels.chapter)) {
      return ErrorKind.SAME_CHAPTER;
    }
    return ErrorKind.MISSED;
  }

  /** How a wrong prediction p relates to a missed gold code g, or null when it does not (beyond the chapter). */
  private static ErrorKind relation(int p, int g, RawInput raw, Levels levels) {
    if (levels.ancestor(p, g, raw)) {
      return ErrorKind.UNDER_SPECIFIED;
    }
    if (levels.ancestor(g, p, raw)) {
      return ErrorKind.OVER_SPECIFIED;
    }
    int pc = levels.category[p];
    return pc >= 0 && pc == levels.category[g] ? ErrorKind.SIBLING : null;
  }

  /** Whether {@code ancestor} is a proper prefix of {@code code}. */
  static boolean isAncestor(String ancestor, String code) {
    return code.length() > ancestor.length() && code.startsWith(ancestor);
  }

  /** Whether {@code code} has a key at the level that one of {@code others} shares. */
  private static boolean sameLevel(int code, int[] others, int count, int[] keys) {
    int key = keys[code];
    if (key < 0) {
      return false;
    }
    for (int x = 0; x < count; x++) {
      if (keys[others[x]] == key) {
        return true;
      }
    }
    return false;
  }

  private static Map<ErrorKind, Long> zeros(boolean predictedSide) {
    Map<ErrorKind, Long> map = new EnumMap<>(ErrorKind.class);
    for (ErrorKind kind : ErrorKind.values()) {
      if (predictedSide ? kind.predictedSide() : kind.goldSide()) {
        map.put(kind, 0L);
      }
    }
    return map;
  }
}
