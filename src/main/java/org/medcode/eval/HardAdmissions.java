package org.medcode.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;

/**
 * The admissions with the most missed gold codes (exact level, codes as the engine scores them), for a reader to look
 * at: most false negatives first, then most false positives, then admission order; at most {@link #LIMIT}, and only
 * admissions with at least one error.
 */
public final class HardAdmissions {
  public static final int LIMIT = 10;
  /** Characters of note text kept for display. */
  public static final int EXCERPT = 400;

  private HardAdmissions() {}

  /** One admission to look at: its codes sorted, what was missed and wrongly added, and the start of its notes. */
  public record Example(String admissionId, List<String> gold, List<String> predicted, List<String> missed,
      List<String> wrong, String excerpt) {
    public Example {
      gold = List.copyOf(gold);
      predicted = List.copyOf(predicted);
      missed = List.copyOf(missed);
      wrong = List.copyOf(wrong);
    }
  }

  public static List<Example> find(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table,
      InvalidPolicy policy) {
    List<Example> all = new ArrayList<>();
    for (Admission admission : admissions) {
      AdmissionCodes codes = AdmissionCodes.of(admission, predictions.get(admission.id()), table, policy, true);
      List<String> missed = codes.gold().stream().filter(c -> !codes.ranked().contains(c)).sorted().toList();
      List<String> wrong = codes.ranked().stream().filter(c -> !codes.gold().contains(c)).toList();
      if (missed.isEmpty() && wrong.isEmpty()) {
        continue;
      }
      String text = admission.text();
      String excerpt = text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "…";
      all.add(new Example(admission.id(), codes.gold().stream().sorted().toList(), codes.ranked(), missed, wrong,
          excerpt));
    }
    // stable: admission order breaks ties
    all.sort(Comparator.comparingInt((Example e) -> -e.missed().size()).thenComparingInt(e -> -e.wrong().size()));
    return all.subList(0, Math.min(LIMIT, all.size()));
  }
}
