package org.medcode.coder.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NegEx/ConText-style context detection with trigger lists kept as data. Within one sentence, the longest trigger
 * starting at a token wins; a {@code pseudo} trigger is skipped (it only looks like a trigger); a {@code pre}
 * trigger qualifies the tokens after it and a {@code post} trigger the tokens before it, up to a {@code terminate}
 * phrase, the sentence boundary or {@code window} tokens, whichever comes first. The result is a bit mask of
 * {@link MentionContext}s per token. Immutable.
 */
final class ContextRules {
  /** What a trigger does. */
  enum Kind { NEGATED, HYPOTHETICAL, HISTORICAL, FAMILY, PSEUDO, TERMINATE }

  /** One trigger phrase as term ids. */
  record Trigger(int[] ids, Kind kind, boolean forward) {}

  private final Trigger[][] byFirstToken;
  private final int window;
  private final List<Trigger> triggers;

  /** Triggers' term ids must be below {@code vocabularySize}. */
  ContextRules(List<Trigger> triggers, int window, int vocabularySize) {
    Map<Integer, List<Trigger>> grouped = new HashMap<>();
    for (Trigger trigger : triggers) {
      if (trigger.ids().length > 0) {
        grouped.computeIfAbsent(trigger.ids()[0], k -> new ArrayList<>()).add(trigger);
      }
    }
    Trigger[][] index = new Trigger[vocabularySize][];
    grouped.forEach((first, list) -> {
      list.sort(Comparator.comparingInt((Trigger t) -> -t.ids().length));
      index[first] = list.toArray(Trigger[]::new);
    });
    this.byFirstToken = index;
    this.window = window;
    this.triggers = List.copyOf(triggers);
  }

  List<Trigger> triggers() {
    return triggers;
  }

  int window() {
    return window;
  }

  int vocabularySize() {
    return byFirstToken.length;
  }

  /** Context bit masks, one per token of {@code tokens}. */
  int[] masks(Tokens tokens) {
    int[] masks = new int[tokens.size()];
    int[] ids = tokens.ids();
    boolean[] terminator = new boolean[tokens.size()];
    List<int[]> found = new ArrayList<>();
    for (int s = 0; s < tokens.sentenceCount(); s++) {
      int from = tokens.sentenceStart(s);
      int to = tokens.sentenceEnd(s);
      found.clear();
      int i = from;
      while (i < to) {
        Trigger trigger = longestAt(ids, i, to);
        if (trigger == null) {
          i++;
          continue;
        }
        int length = trigger.ids().length;
        if (trigger.kind() == Kind.TERMINATE) {
          for (int k = i; k < i + length; k++) {
            terminator[k] = true;
          }
        } else if (trigger.kind() != Kind.PSEUDO) {
          found.add(new int[] {i, length, trigger.kind().ordinal(), trigger.forward() ? 1 : 0});
          for (int k = i; k < i + length; k++) {
            terminator[k] = true;
          }
        }
        i += length;
      }
      for (int[] t : found) {
        int bit = MentionContext.values()[t[2]].bit();
        if (t[3] == 1) {
          for (int k = t[0] + t[1], n = 0; k < to && n < window && !terminator[k]; k++, n++) {
            masks[k] |= bit;
          }
        } else {
          for (int k = t[0] - 1, n = 0; k >= from && n < window && !terminator[k]; k--, n++) {
            masks[k] |= bit;
          }
        }
      }
    }
    return masks;
  }

  private Trigger longestAt(int[] ids, int at, int to) {
    if (ids[at] < 0 || ids[at] >= byFirstToken.length) {
      return null;
    }
    Trigger[] candidates = byFirstToken[ids[at]];
    if (candidates == null) {
      return null;
    }
    for (Trigger candidate : candidates) {
      int[] phrase = candidate.ids();
      if (at + phrase.length <= to && Arrays.equals(phrase, 0, phrase.length, ids, at, at + phrase.length)) {
        return candidate;
      }
    }
    return null;
  }
}
