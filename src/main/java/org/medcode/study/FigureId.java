package org.medcode.study;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Averaging;
import org.medcode.eval.DerivedFigures;
import org.medcode.eval.ErrorKind;
import org.medcode.eval.Estimate;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.MetricKey;

/**
 * What a study figure names:
 * <ul>
 *   <li>{@code LEVEL.AVERAGING.METRIC}: a number of the coder's {@code metrics.json} (e.g. {@code exact.micro.recall},
 *       {@code exact.per-admission.exact_match}) with the engine's interval;</li>
 *   <li>{@code recall_gap.COARSE-FINE}: micro recall at COARSE minus micro recall at FINE (e.g.
 *       {@code recall_gap.category-exact}) with its paired interval;</li>
 *   <li>{@code invalid_rate}: invalid predicted codes / predicted codes; {@code no_answer_rate}: admissions without a
 *       predicted code / admissions;</li>
 *   <li>{@code wrong.KIND}: the share of the predicted codes that are not exact that are of an error kind
 *       ({@code under_specified} = generalized, an ancestor of the gold code; {@code over_specified} = more specific, a
 *       descendant; {@code sibling}; {@code same_chapter}; {@code wrong_chapter}; {@code invalid}; {@code header}).</li>
 * </ul>
 */
public record FigureId(Kind kind, String text, Granularity fine, Granularity coarse, ErrorKind error) {
  /** The kinds of figure. */
  public enum Kind { METRIC, RECALL_GAP, INVALID_RATE, NO_ANSWER_RATE, WRONG }

  private static final String FORMS = "LEVEL.AVERAGING.METRIC (e.g. exact.micro.recall), recall_gap.COARSE-FINE (e.g."
      + " recall_gap.category-exact), invalid_rate, no_answer_rate or wrong.KIND (KIND one of under_specified,"
      + " over_specified, sibling, same_chapter, wrong_chapter, invalid, header)";

  /**
   * Parses a figure's name.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static FigureId parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("invalid_rate")) {
      return new FigureId(Kind.INVALID_RATE, t, null, null, null);
    }
    if (t.equals("no_answer_rate")) {
      return new FigureId(Kind.NO_ANSWER_RATE, t, null, null, null);
    }
    if (t.startsWith("recall_gap.")) {
      String[] levels = t.substring("recall_gap.".length()).split("-", -1);
      if (levels.length == 2) {
        Granularity coarse = level(levels[0]);
        Granularity fine = level(levels[1]);
        if (coarse != null && fine != null && coarse != fine) {
          return new FigureId(Kind.RECALL_GAP, t, fine, coarse, null);
        }
      }
    } else if (t.startsWith("wrong.")) {
      String kind = t.substring("wrong.".length());
      for (ErrorKind error : ErrorKind.values()) {
        if (error.label().equals(kind) && error.predictedSide() && error != ErrorKind.EXACT) {
          return new FigureId(Kind.WRONG, t, null, null, error);
        }
      }
    } else {
      String[] parts = t.split("\\.", -1);
      if (parts.length == 3 && level(parts[0]) != null
          && Arrays.stream(Averaging.values()).anyMatch(a -> a.label().equals(parts[1])) && !parts[2].isEmpty()) {
        if (!METRIC_NAME.matcher(parts[2]).matches()) {
          throw new IllegalArgumentException("'" + text + "' is not a study figure: metric '" + parts[2] + "' is not one"
              + " of precision, recall, f1, jaccard, exact_match, map, r_precision, p@K, r@K");
        }
        return new FigureId(Kind.METRIC, t, null, null, null);
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a study figure; expected " + FORMS);
  }

  /** The metric names a run's metrics.json has (p@K and r@K for the run's metrics.k). */
  private static final java.util.regex.Pattern METRIC_NAME =
      java.util.regex.Pattern.compile("(precision|recall|f1|jaccard|exact_match|map|r_precision|[pr]@[1-9]\\d*)");

  private static Granularity level(String label) {
    return Arrays.stream(Granularity.values()).filter(g -> g.label().equals(label)).findFirst().orElse(null);
  }

  /**
   * This run's value and interval, or empty when the evaluation has no such number (e.g. a level it did not score, a
   * metric it does not compute). {@code wrong} gives the wrong answers (only asked for {@code wrong.*}; may return null
   * when the predictions are not at hand).
   */
  public Optional<Estimate> of(EvaluationResult result, Supplier<DerivedFigures.WrongAnswers> wrong) {
    return switch (kind) {
      case METRIC -> {
        for (Map.Entry<MetricKey, Estimate> entry : result.metrics().entrySet()) {
          MetricKey key = entry.getKey();
          if ((key.granularity().label() + "." + key.averaging().label() + "." + key.metricLabel()).equals(text)) {
            yield Optional.of(entry.getValue());
          }
        }
        yield Optional.empty();
      }
      case RECALL_GAP -> result.level(fine).isPresent() && result.level(coarse).isPresent()
          ? Optional.of(DerivedFigures.recallGap(result, fine, coarse)) : Optional.empty();
      case INVALID_RATE -> Optional.of(DerivedFigures.invalidRate(result));
      case NO_ANSWER_RATE -> result.levels().isEmpty() ? Optional.empty() : Optional.of(DerivedFigures.noAnswerRate(result));
      case WRONG -> {
        DerivedFigures.WrongAnswers answers = wrong.get();
        yield answers == null ? Optional.empty() : Optional.ofNullable(answers.shares().get(error));
      }
    };
  }
}
