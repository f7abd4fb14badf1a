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

  /**
   * Whether this mention lies within {@code other}: its tokens fall inside other's first-to-last range and its terms
   * are a subset of other's ({@code strict}: a proper subset).
   */
  boolean within(Mention other, boolean strict) {
    if (first() < other.first() || last() > other.last()) {
      return false;
    }
    int[] mine = entry.terms();
    int[] theirs = other.entry.terms();
    if (mine.length > theirs.length || (strict && mine.length == theirs.length)) {
      return false;
    }
    for (int term : mine) {
      boolean found = false;
      for (int t : theirs) {
        if (t == term) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }
}
