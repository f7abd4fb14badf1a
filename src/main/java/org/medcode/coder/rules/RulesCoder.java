package org.medcode.coder.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderResult;
import org.medcode.dataset.Admission;
import org.medcode.dataset.EvidenceSpan;
import org.medcode.dataset.Note;

/**
 * The rules coder: finds lexicon mentions in every note, applies the context policy, and scores each code by a
 * noisy-or over the confidences of the distinct phrases that found it ({@code 1 - Π(1 - c)}; a generic fallback Z
 * code counts its phrase at half confidence). Codes below the
 * minimum score are dropped, then every code that is an ancestor of another kept code (a proper prefix of it), then
 * the list is cut to the maximum number of codes. Immutable, so thread-safe.
 */
final class RulesCoder implements Coder {
  private static final int MAX_SPANS = 5;
  /** A generic history Z code (from history-fallback.tsv) is less certain than the condition it stands for. */
  static final double FALLBACK_FACTOR = 0.5;

  private final Map<RulesLanguage, RulesModel> models;
  private final RulesLanguage language;
  private final ContextPolicy policy;
  private final HistoryFallback fallback;
  private final double minScore;
  private final int maxCodes;

  RulesCoder(Map<RulesLanguage, RulesModel> models, RulesSettings settings, HistoryFallback fallback) {
    this.models = Map.copyOf(models);
    this.language = settings.language();
    this.policy = settings.policy();
    this.fallback = fallback;
    this.minScore = settings.minScore();
    this.maxCodes = settings.maxCodes();
  }

  /** Evidence gathered for one code. */
  private static final class Found {
    final Map<LexiconEntry, Double> phrases = new LinkedHashMap<>();
    final List<EvidenceSpan> spans = new ArrayList<>();
    final List<String> contexts = new ArrayList<>();

    double score() {
      double miss = 1;
      for (double confidence : phrases.values()) {
        miss *= 1 - confidence;
      }
      return 1 - miss;
    }
  }

  @Override
  public CoderResult code(Admission admission) {
    RulesModel model = model(admission);
    Map<String, Found> found = new HashMap<>();
    List<Note> notes = admission.notes();
    for (int n = 0; n < notes.size(); n++) {
      String text = notes.get(n).text();
      Tokens tokens = model.analyze(text);
      List<Mention> mentions = model.lexicon().match(tokens, model.context().masks(tokens));
      for (Mention mention : mentions) {
        Optional<String> code = policy.outcome(mention, fallback, coveredByZ(mention, mentions));
        if (code.isEmpty()) {
          continue;
        }
        Found f = found.computeIfAbsent(code.get(), c -> new Found());
        boolean fallbackZ = !code.get().equals(mention.entry().code());
        double confidence = mention.entry().confidence() * (fallbackZ ? FALLBACK_FACTOR : 1);
        f.phrases.merge(mention.entry(), confidence, Math::max);
        if (f.spans.size() < MAX_SPANS) {
          int start = tokens.starts()[mention.first()];
          int end = tokens.ends()[mention.last()];
          f.spans.add(new EvidenceSpan(n, start, end, text.substring(start, end)));
          if (mention.context() != 0) {
            f.contexts.add(contextLabel(mention.context()));
          }
        }
      }
    }
    List<Map.Entry<String, Found>> kept = new ArrayList<>();
    for (Map.Entry<String, Found> e : found.entrySet()) {
      if (e.getValue().score() >= minScore) {
        kept.add(e);
      }
    }
    List<CodeSuggestion> suggestions = new ArrayList<>();
    for (Map.Entry<String, Found> e : kept) {
      if (!hasDescendant(e.getKey(), kept)) {
        suggestions.add(new CodeSuggestion(e.getKey(), e.getValue().score(), e.getValue().spans, rationale(e.getValue())));
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

  /** Whether a Z-code phrase (history title) matched all of this condition mention's tokens. */
  private static boolean coveredByZ(Mention mention, List<Mention> mentions) {
    if (mention.context() == 0 || mention.entry().requiredContext() != 0) {
      return false;
    }
    for (Mention other : mentions) {
      if (other.entry().requiredContext() != 0 && mention.within(other, false)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasDescendant(String code, List<Map.Entry<String, Found>> kept) {
    for (Map.Entry<String, Found> other : kept) {
      String candidate = other.getKey();
      if (candidate.length() > code.length() && candidate.startsWith(code)) {
        return true;
      }
    }
    return false;
  }

  private static String contextLabel(int mask) {
    List<String> labels = new ArrayList<>();
    for (MentionContext context : MentionContext.values()) {
      if (context.in(mask)) {
        labels.add(context.label());
      }
    }
    return String.join("+", labels);
  }

  private static String rationale(Found found) {
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
