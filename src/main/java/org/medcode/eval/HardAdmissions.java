package org.medcode.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;

/**
 * The admissions with the most missed gold codes (exact level, codes as the engine scores them), for a reader to look
 * at: most false negatives first, then most false positives, then admission order; at most {@link #LIMIT}, and only
 * admissions with at least one error. An admission the coder did not answer (it failed on it, or never reached it) is
 * scored as an empty answer and misses every gold code, but it says nothing of how hard the admission is to code: it is
 * left out of the list and counted ({@link Hardest#unanswered}).
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

  /**
   * The admissions to look at, and how many admissions with errors were left out as {@code unanswered} (ids the coder
   * failed on or never reached).
   */
  public record Hardest(List<Example> examples, int unanswered) {
    public Hardest {
      examples = List.copyOf(examples);
    }
  }

  public static Hardest find(List<Admission> admissions, Map<String, Prediction> predictions, CodeTable table,
      InvalidPolicy policy, Set<String> unanswered) {
    RawInput raw = RawInput.of(admissions, predictions, table);
    return find(raw, policy, Evaluator.all(raw), unanswered);
  }

  /** Among the admissions {@code scored} (the population: positions in {@code raw}), less the {@code unanswered}. */
  static Hardest find(RawInput raw, InvalidPolicy policy, int[] scored, Set<String> unanswered) {
    int widest = raw.widest();
    int[] goldIds = new int[widest];
    int[] predIds = new int[widest];
    double[] scores = new double[widest];
    int[] goldMark = new int[raw.codes.length];
    int[] predMark = new int[raw.codes.length];
    // The (missed, wrong) counts of every admission; examples are only built for the ones shown.
    int[] missedCount = new int[raw.n];
    int[] wrongCount = new int[raw.n];
    List<Integer> withErrors = new ArrayList<>();
    int leftOut = 0;
    for (int i : scored) {
      int g = raw.distinctGold(i, goldIds, goldMark, i + 1);
      int m = raw.analysisRanked(i, policy == InvalidPolicy.DROP, predIds, scores, predMark, i + 1);
      for (int x = 0; x < g; x++) {
        missedCount[i] += predMark[goldIds[x]] == i + 1 ? 0 : 1;
      }
      for (int r = 0; r < m; r++) {
        wrongCount[i] += goldMark[predIds[r]] == i + 1 ? 0 : 1;
      }
      if (missedCount[i] + wrongCount[i] > 0) {
        if (unanswered.contains(raw.admissionIds[i])) {
          leftOut++;
        } else {
          withErrors.add(i);
        }
      }
    }
    // stable: admission order breaks ties
    withErrors.sort(Comparator.comparingInt((Integer i) -> -missedCount[i]).thenComparingInt(i -> -wrongCount[i]));
    List<Example> out = new ArrayList<>();
    for (int i : withErrors.subList(0, Math.min(LIMIT, withErrors.size()))) {
      int g = raw.distinctGold(i, goldIds, goldMark, -(i + 1));
      int m = raw.analysisRanked(i, policy == InvalidPolicy.DROP, predIds, scores, predMark, -(i + 1));
      List<String> gold = new ArrayList<>();
      List<String> ranked = new ArrayList<>();
      List<String> missed = new ArrayList<>();
      List<String> wrong = new ArrayList<>();
      for (int x = 0; x < g; x++) {
        gold.add(raw.codes[goldIds[x]]);
        if (predMark[goldIds[x]] != -(i + 1)) {
          missed.add(raw.codes[goldIds[x]]);
        }
      }
      for (int r = 0; r < m; r++) {
        ranked.add(raw.codes[predIds[r]]);
        if (goldMark[predIds[r]] != -(i + 1)) {
          wrong.add(raw.codes[predIds[r]]);
        }
      }
      gold.sort(null);
      missed.sort(null);
      Admission admission = raw.admissions.get(i);
      String text = admission.text(); // of a dataset cut to excerpts for scoring, its first EXCERPT characters or more
      String excerpt = admission.textLength() <= EXCERPT ? text : text.substring(0, EXCERPT) + "…";
      out.add(new Example(raw.admissionIds[i], gold, ranked, missed, wrong, excerpt));
    }
    return new Hardest(out, leftOut);
  }
}
