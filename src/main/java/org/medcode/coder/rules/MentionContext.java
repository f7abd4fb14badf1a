package org.medcode.coder.rules;

import java.util.Locale;

/** How a mention is qualified by its sentence (ConText's categories); each is one bit of a token's context mask. */
enum MentionContext {
  NEGATED, HYPOTHETICAL, HISTORICAL, FAMILY;

  int bit() {
    return 1 << ordinal();
  }

  boolean in(int mask) {
    return (mask & bit()) != 0;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
