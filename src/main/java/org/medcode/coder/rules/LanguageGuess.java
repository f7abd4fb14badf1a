package org.medcode.coder.rules;

import java.util.Locale;
import java.util.Set;

/** Guesses whether a text is English or Spanish by counting frequent function words of each. */
final class LanguageGuess {
  private static final Set<String> ENGLISH = Set.of("the", "of", "and", "with", "was", "in", "to", "is", "for", "were",
      "which", "at", "on", "by", "an", "this", "that", "from", "had", "has", "after", "patient");
  private static final Set<String> SPANISH = Set.of("el", "la", "de", "los", "las", "y", "con", "del", "en", "se",
      "que", "por", "una", "un", "para", "al", "sin", "fue", "paciente", "tras", "como");
  private static final int SAMPLE = 4000;

  private LanguageGuess() {}

  static RulesLanguage of(String text) {
    int english = 0;
    int spanish = 0;
    String sample = text.length() > SAMPLE ? text.substring(0, SAMPLE) : text;
    for (String word : sample.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
      if (ENGLISH.contains(word)) {
        english++;
      }
      if (SPANISH.contains(word)) {
        spanish++;
      }
    }
    return spanish > english ? RulesLanguage.ES : RulesLanguage.EN;
  }
}
