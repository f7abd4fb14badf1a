package org.medcode.coder.rules;

/**
 * A lexicon entry found in a text: the tokens that matched ({@code positions}, ascending), the first and last of
 * them, and the union of the context masks of the matched tokens.
 */
record Mention(LexiconEntry entry, int[] positions, int context) {

  int first() {
    return positions[0];
  }

  int last() {
    return positions[positions.length - 1];
  }

  /** Whether every matched token of this mention is also one of {@code other}'s (and other has more). */
  boolean strictlyInside(Mention other) {
    if (positions.length >= other.positions.length) {
      return false;
    }
    int j = 0;
    for (int p : positions) {
      while (j < other.positions.length && other.positions[j] < p) {
        j++;
      }
      if (j == other.positions.length || other.positions[j] != p) {
        return false;
      }
    }
    return true;
  }
}
