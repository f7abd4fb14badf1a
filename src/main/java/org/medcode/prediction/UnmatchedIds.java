package org.medcode.prediction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.medcode.Ids;

/**
 * Predictions none of whose admission ids is in the dataset: scoring them would give zeros that say nothing about the
 * coder, so the commands refuse them with this message, which shows ids of both sides and, when one simple rewrite
 * would make them match (a number written as a float, {@code 123.0} for {@code 123}; leading zeros; letter case), says
 * which.
 */
public final class UnmatchedIds {
  private static final int EXAMPLES = 3;

  private UnmatchedIds() {}

  /**
   * Null when at least one predicted id is among the dataset's (or there are no predictions), else the refusal:
   * {@code none of the N admission ids in SOURCE is in DATASET (…)}.
   */
  public static String check(Collection<String> predicted, Set<String> dataset, String source, String datasetName) {
    if (predicted.isEmpty() || predicted.stream().anyMatch(dataset::contains)) {
      return null;
    }
    String message = "none of the " + predicted.size() + " admission ids in " + source + " is in " + datasetName
        + " (the predictions name " + examples(predicted) + "; the dataset has " + (dataset.isEmpty() ? "no admissions"
        : examples(dataset)) + ")";
    String hint = hint(predicted, dataset);
    return message + (hint == null ? ": check that the predictions belong to this dataset and split"
        : ": " + hint) + "; nothing was scored";
  }

  private static String examples(Collection<String> ids) {
    List<String> shown = new ArrayList<>();
    for (String id : ids) {
      if (shown.size() == EXAMPLES) {
        break;
      }
      shown.add(Ids.show(id));
    }
    return String.join(", ", shown) + (ids.size() > EXAMPLES ? ", …" : "");
  }

  private record Rewrite(String says, UnaryOperator<String> apply) {}

  private static final List<Rewrite> REWRITES = List.of(
      new Rewrite("the predicted ids are numbers written as floats (123.0 for 123, as pandas writes an integer column"
          + " that has gaps); write them as integers", id -> id.endsWith(".0") ? id.substring(0, id.length() - 2) : id),
      new Rewrite("the ids differ in leading zeros; write them as the dataset does", id -> stripZeros(id)),
      new Rewrite("the ids differ in letter case; write them as the dataset does", id -> id.toLowerCase(Locale.ROOT)));

  /** What one rewrite of both sides would make match (at least half of the predicted ids), or null. */
  private static String hint(Collection<String> predicted, Set<String> dataset) {
    for (Rewrite rewrite : REWRITES) {
      Set<String> rewritten = new java.util.HashSet<>();
      dataset.forEach(id -> rewritten.add(rewrite.apply().apply(id)));
      long matching = predicted.stream().filter(id -> rewritten.contains(rewrite.apply().apply(id))).count();
      if (matching > 0 && 2 * matching >= predicted.size()) {
        return rewrite.says() + " (" + matching + " of " + predicted.size() + " would match)";
      }
    }
    return null;
  }

  private static String stripZeros(String id) {
    int start = 0;
    while (start < id.length() - 1 && id.charAt(start) == '0') {
      start++;
    }
    return id.substring(start);
  }
}
