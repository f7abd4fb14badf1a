package org.medcode.coder.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Phrases made from one code title. Clinical text rarely repeats a full title ("Pneumonia, unspecified organism"),
 * so besides the whole title (parentheses kept as words) a title gives its core: the comma-separated parts that
 * carry no filler word ({@code unspecified}, {@code other}, ...), with {@code without ...} clauses and
 * parenthesised text removed. Filler words themselves are dropped later with the stop words.
 */
final class TitlePhrases {
  private static final Pattern PARENTHESES = Pattern.compile("\\([^)]*\\)|\\[[^]]*]");
  private static final Pattern WITHOUT = Pattern.compile("(?i)\\s+without\\b.*$");
  private static final Pattern FAMILY = Pattern.compile("(?i)^family history of\\s+");
  private static final Pattern PERSONAL = Pattern.compile("(?i)^personal history of\\s+");

  /** One phrase: its text, whether it is the whole title, and its prior confidence. */
  record Phrase(String text, boolean whole, double prior) {}

  /** Prior confidence of a whole title, of a title's core, and of a short title. */
  static final double WHOLE_PRIOR = 0.5;
  static final double CORE_PRIOR = 0.4;

  private TitlePhrases() {}

  /** Whether the code's title describes a later encounter or a sequela (not what a note describes first). */
  static boolean laterEncounter(String title) {
    String lower = title.toLowerCase(Locale.ROOT);
    return lower.contains("subsequent encounter") || lower.contains("sequela");
  }

  /** The condition of a "Family history of ..." or "Personal history of ..." title, with its context. */
  static Optional<History> history(String title) {
    var family = FAMILY.matcher(title);
    if (family.find()) {
      return Optional.of(new History(MentionContext.FAMILY, title.substring(family.end())));
    }
    var personal = PERSONAL.matcher(title);
    if (personal.find()) {
      return Optional.of(new History(MentionContext.HISTORICAL, title.substring(personal.end())));
    }
    return Optional.empty();
  }

  /** A history title's condition and the context it needs. */
  record History(MentionContext context, String condition) {}

  /** The phrases of a long title, whole first. */
  static List<Phrase> ofLongTitle(String title, Set<String> fillers) {
    List<Phrase> phrases = new ArrayList<>();
    phrases.add(new Phrase(title.replace('(', ' ').replace(')', ' '), true, WHOLE_PRIOR));
    String core = core(title, fillers);
    if (!core.isBlank()) {
      phrases.add(new Phrase(core, false, CORE_PRIOR));
    }
    return phrases;
  }

  /** The core of a title: no parentheses, no "without ..." clause, no comma part holding a filler word. */
  static String core(String title, Set<String> fillers) {
    String text = PARENTHESES.matcher(title).replaceAll(" ");
    Set<String> kept = new LinkedHashSet<>();
    String[] parts = text.split(",");
    for (int i = 0; i < parts.length; i++) {
      String part = WITHOUT.matcher(parts[i]).replaceAll("").strip();
      if (i == 0 || !hasFiller(part, fillers)) {
        kept.add(part);
      }
    }
    return String.join(" ", kept).replaceAll("\\s+", " ").strip();
  }

  private static boolean hasFiller(String part, Set<String> fillers) {
    for (String word : part.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (fillers.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
