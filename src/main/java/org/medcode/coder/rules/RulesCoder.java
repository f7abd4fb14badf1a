package org.medcode.coder.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderResult;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Note;

/**
 * The rules coder: finds lexicon mentions in every note, applies the context policy ({@link Candidates}), scores each
 * candidate code with the model's scoring (a logistic model over the candidate's features, fitted out of fold on the
 * training split; the noisy-or of its phrases' confidences without training), keeps codes at or above the threshold
 * (tuned on training, or the {@code min-score} given), then drops every code that is an ancestor of another kept code
 * (a proper prefix of it) and cuts the list to the maximum number of codes. Immutable, so thread-safe.
 */
final class RulesCoder implements Coder {
  /** Threshold when none was tuned and none given. */
  static final double DEFAULT_MIN_SCORE = 0.3;

  private final Map<RulesLanguage, RulesModel> models;
  private final RulesLanguage language;
  private final ContextPolicy policy;
  private final HistoryFallback fallback;
  private final Double minScore;
  private final int maxCodes;

  RulesCoder(Map<RulesLanguage, RulesModel> models, RulesSettings settings, HistoryFallback fallback) {
    this.models = Map.copyOf(models);
    this.language = settings.language();
    this.policy = settings.policy();
    this.fallback = fallback;
    this.minScore = settings.minScore();
    this.maxCodes = settings.maxCodes();
  }

  @Override
  public CoderResult code(Admission admission) {
    RulesModel model = model(admission);
    List<Tokens> notes = new ArrayList<>();
    for (Note note : admission.notes()) {
      notes.add(model.analyze(note.text()));
    }
    Map<String, Candidates.Found> found = Candidates.collect(model, notes, policy, fallback);
    model.combinations().apply(found);
    double threshold = minScore != null ? minScore
        : Double.isNaN(model.scoring().threshold()) ? DEFAULT_MIN_SCORE : model.scoring().threshold();
    List<String> kept = new ArrayList<>();
    Map<String, Double> scores = new java.util.HashMap<>();
    for (Map.Entry<String, Candidates.Found> e : found.entrySet()) {
      double score = model.scoring().score(e.getKey(), e.getValue(), found);
      if (score >= threshold) {
        kept.add(e.getKey());
        scores.put(e.getKey(), score);
      }
    }
    List<CodeSuggestion> suggestions = new ArrayList<>();
    for (String code : kept) {
      if (!hasDescendant(code, kept)) {
        Candidates.Found f = found.get(code);
        suggestions.add(new CodeSuggestion(code, scores.get(code), f.spans, rationale(f)));
      }
    }
    suggestions.sort(Comparator.comparing((CodeSuggestion s) -> -s.score()).thenComparing(CodeSuggestion::code));
    return new CoderResult(suggestions.size() > maxCodes ? suggestions.subList(0, maxCodes) : suggestions);
  }

  private RulesModel model(Admission admission) {
    RulesLanguage wanted = language != null ? language : LanguageGuess.of(admission.text());
    RulesModel model = models.get(wanted);
    return model != null ? model : models.values().iterator().next();
  }

  private static boolean hasDescendant(String code, List<String> kept) {
    for (String candidate : kept) {
      if (candidate.length() > code.length() && candidate.startsWith(code)) {
        return true;
      }
    }
    return false;
  }

  private static String rationale(Candidates.Found found) {
    StringBuilder text = new StringBuilder();
    found.phrases.entrySet().stream().sorted(Map.Entry.<LexiconEntry, Double>comparingByValue().reversed()).limit(3)
        .forEach(e -> text.append(text.length() == 0 ? "" : "; ").append(e.getKey().source().label()).append(" '")
            .append(e.getKey().phrase()).append("' ").append(Math.round(e.getValue() * 100) / 100.0));
    if (!found.contexts.isEmpty()) {
      text.append("; contexts: ").append(String.join(", ", found.contexts.stream().distinct().toList()));
    }
    return text.toString();
  }
}
