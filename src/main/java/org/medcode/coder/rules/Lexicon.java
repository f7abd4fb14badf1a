package org.medcode.coder.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable lexicon with a multi-pattern matcher. Each entry is indexed once, under its rarest term (the
 * anchor; an anchor's entries are grouped by their second-rarest term, so one missing term skips a group); a text is scanned token by token, and at each token that anchors entries every other term of an entry
 * must occur in the same sentence within {@code terms + slack} tokens of the anchor, in any order, with anything
 * (stop words, other words) in between. So "pain in the chest" matches "chest pain", and "diabetes mellitus type 2"
 * matches "type 2 diabetes mellitus". A mention whose terms are a strict subset of another mention's and whose tokens
 * lie within the other's in the same sentence is dropped (the longer phrase is more specific) unless nested mentions
 * are kept (the default: the coder's scorer weighs them, see {@link Candidates}). Immutable; a per-thread
 * scratch array (which terms occur in the current sentence) keeps matching free of per-call allocation.
 */
final class Lexicon {
  private final LexiconEntry[] entries;
  private final int[][] byAnchor;
  private final int slack;
  private final boolean keepNested;
  /** Per-thread scratch: for each term, the stamp of the last sentence it occurred in (never shared between threads). */
  private final ThreadLocal<Stamps> stamps;

  private static final class Stamps {
    final int[] seenIn;
    int next;

    Stamps(int size) {
      seenIn = new int[size];
    }

    /** A stamp not used before in this array (restarting from zero after wrap-around). */
    int fresh() {
      if (next == Integer.MAX_VALUE) {
        java.util.Arrays.fill(seenIn, 0);
        next = 0;
      }
      return ++next;
    }
  }

  /**
   * Entries' terms must already be ordered rarest first (see {@link ModelBuilder}); {@code keepNested}: whether a mention
   * strictly inside a longer one of the same sentence is kept (else dropped).
   */
  Lexicon(List<LexiconEntry> entries, int vocabularySize, int slack, boolean keepNested) {
    this.entries = entries.toArray(LexiconEntry[]::new);
    this.slack = slack;
    this.keepNested = keepNested;
    this.stamps = ThreadLocal.withInitial(() -> new Stamps(vocabularySize));
    int[] counts = new int[vocabularySize];
    for (LexiconEntry entry : this.entries) {
      counts[entry.terms()[0]]++;
    }
    byAnchor = new int[vocabularySize][];
    for (int i = 0; i < this.entries.length; i++) {
      int anchor = this.entries[i].terms()[0];
      if (byAnchor[anchor] == null) {
        byAnchor[anchor] = new int[counts[anchor]];
        counts[anchor] = 0;
      }
      byAnchor[anchor][counts[anchor]++] = i;
    }
    for (int[] list : byAnchor) {
      if (list != null && list.length > 1) {
        int[] sorted = java.util.Arrays.stream(list).boxed()
            .sorted(java.util.Comparator.comparingInt(i -> second(this.entries[i]))).mapToInt(Integer::intValue).toArray();
        System.arraycopy(sorted, 0, list, 0, list.length);
      }
    }
  }

  /** An entry's second-rarest term, or -1 for a one-term entry (the order of an anchor's entries). */
  private static int second(LexiconEntry entry) {
    return entry.terms().length > 1 ? entry.terms()[1] : -1;
  }

  private Lexicon(Lexicon from, LexiconEntry[] entries) {
    this.entries = entries;
    this.slack = from.slack;
    this.keepNested = from.keepNested;
    this.byAnchor = from.byAnchor;
    this.stamps = ThreadLocal.withInitial(() -> new Stamps(from.byAnchor.length));
  }

  /** The same lexicon with each entry replaced (same terms; e.g. other confidences), sharing the index. */
  Lexicon reweighted(java.util.function.UnaryOperator<LexiconEntry> change) {
    LexiconEntry[] changed = new LexiconEntry[entries.length];
    for (int i = 0; i < entries.length; i++) {
      changed[i] = change.apply(entries[i]);
    }
    return new Lexicon(this, changed);
  }

  int size() {
    return entries.length;
  }

  int vocabularySize() {
    return byAnchor.length;
  }

  int slack() {
    return slack;
  }

  boolean keepNested() {
    return keepNested;
  }

  List<LexiconEntry> entries() {
    return List.of(entries);
  }

  /** All mentions in the text, sentence by sentence, without mentions strictly inside longer ones. */
  List<Mention> match(Tokens tokens, int[] masks) {
    List<Mention> all = new ArrayList<>();
    List<Mention> sentence = new ArrayList<>();
    int[] ids = tokens.ids();
    Stamps scratch = stamps.get();
    int[] seenIn = scratch.seenIn;
    for (int s = 0; s < tokens.sentenceCount(); s++) {
      int from = tokens.sentenceStart(s);
      int to = tokens.sentenceEnd(s);
      int stamp = scratch.fresh();
      sentence.clear();
      for (int p = from; p < to; p++) {
        if (ids[p] >= 0 && ids[p] < seenIn.length) {
          seenIn[ids[p]] = stamp;
        }
      }
      for (int p = from; p < to; p++) {
        int id = ids[p];
        if (id < 0 || id >= byAnchor.length || byAnchor[id] == null) {
          continue;
        }
        int[] list = byAnchor[id];
        for (int k = 0; k < list.length; k++) {
          LexiconEntry entry = entries[list[k]];
          int second = second(entry);
          if (second >= 0 && seenIn[second] != stamp) {
            while (k + 1 < list.length && second(entries[list[k + 1]]) == second) {
              k++;
            }
            continue;
          }
          if (!allInSentence(entry.terms(), seenIn, stamp)) {
            continue;
          }
          Mention mention = matchAt(entry, ids, masks, p, from, to);
          if (mention != null) {
            sentence.add(mention);
          }
        }
      }
      if (keepNested) {
        all.addAll(sentence);
      } else {
        keepMaximal(sentence, all);
      }
    }
    return all;
  }

  /**
   * Whether the third and later terms of the entry occur in the sentence stamped {@code stamp} (a cheap test before the
   * window scan; the second is tested by the caller, which skips every entry sharing a missing second term).
   */
  private static boolean allInSentence(int[] terms, int[] seenIn, int stamp) {
    for (int i = 2; i < terms.length; i++) {
      if (seenIn[terms[i]] != stamp) {
        return false;
      }
    }
    return true;
  }

  private Mention matchAt(LexiconEntry entry, int[] ids, int[] masks, int anchor, int from, int to) {
    int[] terms = entry.terms();
    if (terms.length == 1) {
      return admits(entry, masks[anchor]) ? new Mention(entry, new int[] {anchor}, masks[anchor]) : null;
    }
    int reach = terms.length + slack;
    int lo = Math.max(from, anchor - reach);
    int hi = Math.min(to - 1, anchor + reach);
    int[] positions = new int[terms.length];
    positions[0] = anchor;
    for (int t = 1; t < terms.length; t++) {
      int found = nearest(ids, terms[t], anchor, lo, hi);
      if (found < 0) {
        return null;
      }
      positions[t] = found;
    }
    Arrays.sort(positions);
    int context = 0;
    for (int i = 1; i < positions.length; i++) {
      if (positions[i] == positions[i - 1]) {
        return null;
      }
    }
    for (int position : positions) {
      context |= masks[position];
    }
    return admits(entry, context) ? new Mention(entry, positions, context) : null;
  }

  /** A phrase that requires a context (a history Z code) matches only in that context. */
  private static boolean admits(LexiconEntry entry, int context) {
    return entry.requiredContext() == 0 || (context & entry.requiredContext()) != 0;
  }

  private static int nearest(int[] ids, int term, int anchor, int lo, int hi) {
    for (int d = 1; anchor - d >= lo || anchor + d <= hi; d++) {
      if (anchor + d <= hi && ids[anchor + d] == term) {
        return anchor + d;
      }
      if (anchor - d >= lo && ids[anchor - d] == term) {
        return anchor - d;
      }
    }
    return -1;
  }

  /**
   * Adds to {@code out}, in order, the mentions of a sentence that lie within no other (strictly). Only mentions that
   * can contain a candidate are compared: those starting at or before it and at most the longest mention's length
   * before its end, so that one endless sentence costs n log n, not n².
   */
  private static void keepMaximal(List<Mention> sentence, List<Mention> out) {
    SpanIndex index = new SpanIndex(sentence.size(), i -> sentence.get(i).first(), i -> sentence.get(i).last());
    for (Mention candidate : sentence) {
      // a container starts no later than the candidate and ends no earlier: first >= candidate.last - longest
      boolean inside = index.anyStartingIn(candidate.last() - index.longest(), candidate.first(),
          k -> sentence.get(k) != candidate && candidate.within(sentence.get(k), true));
      if (!inside) {
        out.add(candidate);
      }
    }
  }
}
