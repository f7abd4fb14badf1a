package org.medcode.coder.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * What the coder does with a mention in each context. Precedence when a mention has several: family, then
 * negated, then hypothetical, then historical.
 */
record ContextPolicy(Handling negated, Handling hypothetical, Handling historical, Handling family) {
  private static final MentionContext[] PRECEDENCE = {MentionContext.FAMILY, MentionContext.NEGATED,
      MentionContext.HYPOTHETICAL, MentionContext.HISTORICAL};

  /** Keep the condition's code, drop the mention, or code the family/personal-history Z code instead. */
  enum Handling {
    KEEP, DROP, Z_CODE;

    static Handling parse(String text) {
      return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * The code a mention yields, or empty when it is dropped. Phrases that require a context (Z code titles) count only
   * under z-code handling of that context; a condition in family or historical context under z-code handling yields
   * the fallback Z code unless a Z code title already covers it ({@code coveredByZ}).
   */
  Optional<String> outcome(Mention mention, HistoryFallback fallback, boolean coveredByZ) {
    String code = mention.entry().code();
    int required = mention.entry().requiredContext();
    if (required != 0) {
      MentionContext kind = MentionContext.FAMILY.in(required) ? MentionContext.FAMILY : MentionContext.HISTORICAL;
      return handling(kind) == Handling.Z_CODE ? Optional.of(code) : Optional.empty();
    }
    int context = mention.context();
    for (MentionContext kind : PRECEDENCE) {
      if (kind.in(context)) {
        return switch (handling(kind)) {
          case KEEP -> Optional.of(code);
          case DROP -> Optional.empty();
          case Z_CODE -> coveredByZ ? Optional.empty() : fallback.zCode(kind, code);
        };
      }
    }
    return Optional.of(code);
  }

  Handling handling(MentionContext kind) {
    return switch (kind) {
      case NEGATED -> negated;
      case HYPOTHETICAL -> hypothetical;
      case HISTORICAL -> historical;
      case FAMILY -> family;
    };
  }
}
