package org.medcode.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeSystem;
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
  private ErrorAnalysis() {}

  public static ErrorTaxonomy analyze(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table) {
    CodeSystem system = table.system();
    Map<ErrorKind, Long> predicted = zeros(true);
    Map<ErrorKind, Long> gold = zeros(false);
    long predictedTotal = 0;
    long goldTotal = 0;
    Map<List<Object>, Long> confusions = new HashMap<>();
    Map<String, Optional<String>> categories = new HashMap<>();
    Map<String, Optional<String>> chapters = new HashMap<>();
    for (Admission admission : admissions) {
      AdmissionCodes codes = AdmissionCodes.of(admission, predictions.get(admission.id()), table, InvalidPolicy.COUNT, false);
      List<String> goldCodes = List.copyOf(codes.gold());
      List<String> predCodes = codes.ranked();
      for (String p : predCodes) {
        predictedTotal++;
        ErrorKind kind = classifyPredicted(p, goldCodes, table, system, categories, chapters);
        predicted.merge(kind, 1L, Long::sum);
      }
      for (String g : goldCodes) {
        goldTotal++;
        ErrorKind kind = classifyGold(g, predCodes, system, categories, chapters);
        gold.merge(kind, 1L, Long::sum);
        if (kind == ErrorKind.EXACT) {
          continue;
        }
        for (String p : predCodes) {
          if (codes.gold().contains(p)) {
            continue;
          }
          ErrorKind relation = relation(p, g, system, categories);
          if (relation != null) {
            confusions.merge(List.of(g, p, relation), 1L, Long::sum);
          }
        }
      }
    }
    List<ErrorTaxonomy.Confusion> list = new ArrayList<>();
    confusions.forEach((key, count) -> list.add(new ErrorTaxonomy.Confusion((String) key.get(0), (String) key.get(1),
        (ErrorKind) key.get(2), count)));
    list.sort((a, b) -> a.admissions() != b.admissions() ? Long.compare(b.admissions(), a.admissions())
        : !a.gold().equals(b.gold()) ? a.gold().compareTo(b.gold()) : a.predicted().compareTo(b.predicted()));
    return new ErrorTaxonomy(predicted, predictedTotal, gold, goldTotal, list);
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

  static ErrorKind classifyPredicted(String p, List<String> gold, CodeTable table, CodeSystem system,
      Map<String, Optional<String>> categories, Map<String, Optional<String>> chapters) {
    if (gold.contains(p)) {
      return ErrorKind.EXACT;
    }
    CodeStatus status = table.status(p);
    if (!status.valid()) {
      return ErrorKind.INVALID;
    }
    if (gold.stream().anyMatch(g -> isAncestor(p, g))) {
      return ErrorKind.UNDER_SPECIFIED;
    }
    if (gold.stream().anyMatch(g -> isAncestor(g, p))) {
      return ErrorKind.OVER_SPECIFIED;
    }
    if (status == CodeStatus.HEADER) {
      return ErrorKind.HEADER;
    }
    if (sameLevel(p, gold, system, Granularity.CATEGORY, categories)) {
      return ErrorKind.SIBLING;
    }
    if (sameLevel(p, gold, system, Granularity.CHAPTER, chapters)) {
      return ErrorKind.SAME_CHAPTER;
    }
    return ErrorKind.WRONG_CHAPTER;
  }

  static ErrorKind classifyGold(String g, List<String> predicted, CodeSystem system,
      Map<String, Optional<String>> categories, Map<String, Optional<String>> chapters) {
    if (predicted.contains(g)) {
      return ErrorKind.EXACT;
    }
    if (predicted.stream().anyMatch(p -> isAncestor(p, g))) {
      return ErrorKind.UNDER_SPECIFIED;
    }
    if (predicted.stream().anyMatch(p -> isAncestor(g, p))) {
      return ErrorKind.OVER_SPECIFIED;
    }
    if (sameLevel(g, predicted, system, Granularity.CATEGORY, categories)) {
      return ErrorKind.SIBLING;
    }
    if (sameLevel(g, predicted, system, Granularity.CHAPTER, chapters)) {
      return ErrorKind.SAME_CHAPTER;
    }
    return ErrorKind.MISSED;
  }

  /** How a wrong prediction p relates to a missed gold code g, or null when it does not (beyond the chapter). */
  private static ErrorKind relation(String p, String g, CodeSystem system, Map<String, Optional<String>> categories) {
    if (isAncestor(p, g)) {
      return ErrorKind.UNDER_SPECIFIED;
    }
    if (isAncestor(g, p)) {
      return ErrorKind.OVER_SPECIFIED;
    }
    Optional<String> pc = level(p, system, Granularity.CATEGORY, categories);
    return pc.isPresent() && pc.equals(level(g, system, Granularity.CATEGORY, categories)) ? ErrorKind.SIBLING : null;
  }

  /** Whether {@code ancestor} is a proper prefix of {@code code}. */
  static boolean isAncestor(String ancestor, String code) {
    return code.length() > ancestor.length() && code.startsWith(ancestor);
  }

  private static boolean sameLevel(String code, List<String> others, CodeSystem system, Granularity level,
      Map<String, Optional<String>> cache) {
    Optional<String> key = level(code, system, level, cache);
    return key.isPresent() && others.stream().anyMatch(o -> key.equals(level(o, system, level, cache)));
  }

  private static Optional<String> level(String code, CodeSystem system, Granularity level,
      Map<String, Optional<String>> cache) {
    if (!system.granularities().contains(level)) {
      return Optional.empty();
    }
    return cache.computeIfAbsent(code, c -> system.ancestor(c, level));
  }
}
