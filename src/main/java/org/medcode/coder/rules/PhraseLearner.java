package org.medcode.coder.rules;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Learns phrases for codes by aligning n-grams of training notes with the admissions' gold codes.
 *
 * <p>Candidates are bags of 1 to 3 consecutive content terms (stop words skipped) within a sentence, counted once
 * per admission. For an n-gram g and a code c, {@code df(g)} is the number of training admissions containing g and
 * {@code n(g,c)} those that also have gold code c; the estimated precision is {@code n(g,c) / (df(g) + 1)} (the +1
 * shrinks estimates from few admissions). A pair is kept when
 * <ul>
 *   <li>it is <em>aligned</em> — some term of g shares its first five characters with a term of c's title, its
 *       category's title or its synonyms — with {@code n ≥ minSupport} and precision ≥ {@code minPrecision}; or
 *   <li>with {@code unaligned}, it is not aligned (a wording the titles lack, e.g. a translation) but strong:
 *       {@code n ≥ 2·minSupport} and precision ≥ {@code (1 + minPrecision) / 2}. Off by default: on CodiEsp such
 *       n-grams mostly ride on frequent codes ("Ziehl" → R52) and cost precision.
 * </ul>
 * A kept n-gram is dropped when a shorter n-gram inside it is kept for the same code with at least its precision
 * (the shorter one already fires wherever the longer one does).
 */
final class PhraseLearner {
  /** A learned phrase: bag of term ids, code, estimated precision, support. */
  record Learned(Bag bag, String code, double precision, int support) {}

  private static final int MAX_N = 3;
  private static final int PREFIX = 5;

  private final Vocabulary vocabulary;
  private final BitSet skip;
  private final int minSupport;
  private final double minPrecision;
  private final boolean unaligned;

  PhraseLearner(Vocabulary vocabulary, BitSet skip, int minSupport, double minPrecision, boolean unaligned) {
    this.unaligned = unaligned;
    this.vocabulary = vocabulary;
    this.skip = skip;
    this.minSupport = minSupport;
    this.minPrecision = minPrecision;
  }

  /**
   * Learns from admissions given as analysed notes and gold codes; {@code codeTerms} gives the term ids of a code's
   * titles and synonyms (for alignment).
   */
  List<Learned> learn(List<List<Tokens>> notes, List<Set<String>> gold, Function<String, Set<Integer>> codeTerms) {
    List<Set<Bag>> grams = new ArrayList<>();
    Map<Bag, Integer> df = new HashMap<>();
    for (List<Tokens> admission : notes) {
      Set<Bag> set = new HashSet<>();
      admission.forEach(tokens -> collect(tokens, set));
      grams.add(set);
      set.forEach(g -> df.merge(g, 1, Integer::sum));
    }
    Map<Bag, Map<String, Integer>> together = new HashMap<>();
    for (int a = 0; a < grams.size(); a++) {
      for (Bag g : grams.get(a)) {
        if (df.get(g) >= minSupport) {
          Map<String, Integer> byCode = together.computeIfAbsent(g, k -> new HashMap<>());
          gold.get(a).forEach(code -> byCode.merge(code, 1, Integer::sum));
        }
      }
    }
    Map<String, Set<String>> prefixes = new HashMap<>();
    double strongPrecision = (1 + minPrecision) / 2;
    Map<String, Map<Bag, Learned>> kept = new HashMap<>();
    together.forEach((g, byCode) -> byCode.forEach((code, n) -> {
      if (n < minSupport) {
        return;
      }
      double precision = n / (df.get(g) + 1.0);
      boolean aligned = aligned(g, prefixes.computeIfAbsent(code, c -> prefixesOf(codeTerms.apply(c))));
      if ((aligned && precision >= minPrecision) || (unaligned && n >= 2 * minSupport && precision >= strongPrecision)) {
        kept.computeIfAbsent(code, c -> new HashMap<>()).put(g, new Learned(g, code, precision, n));
      }
    }));
    List<Learned> result = new ArrayList<>();
    kept.values().forEach(byBag -> byBag.values().forEach(learned -> {
      if (!redundant(learned, byBag)) {
        result.add(learned);
      }
    }));
    result.sort((x, y) -> x.code().equals(y.code()) ? Double.compare(y.precision(), x.precision()) : x.code().compareTo(y.code()));
    return result;
  }

  private void collect(Tokens tokens, Set<Bag> out) {
    int[] ids = tokens.ids();
    int[] window = new int[MAX_N];
    for (int s = 0; s < tokens.sentenceCount(); s++) {
      int filled = 0;
      for (int p = tokens.sentenceStart(s); p < tokens.sentenceEnd(s); p++) {
        int id = ids[p];
        if (id < 0 || skip.get(id)) {
          continue;
        }
        System.arraycopy(window, 0, window, 1, MAX_N - 1);
        window[0] = id;
        filled = Math.min(MAX_N, filled + 1);
        for (int n = 1; n <= filled; n++) {
          int[] gram = new int[n];
          System.arraycopy(window, 0, gram, 0, n);
          if (informative(gram)) {
            out.add(Bag.of(gram));
          }
        }
      }
    }
  }

  /** At least one term with three or more letters. */
  private boolean informative(int[] gram) {
    for (int id : gram) {
      String term = vocabulary.term(id);
      int letters = 0;
      for (int i = 0; i < term.length(); i++) {
        if (Character.isLetter(term.charAt(i))) {
          letters++;
        }
      }
      if (letters >= 3) {
        return true;
      }
    }
    return false;
  }

  private Set<String> prefixesOf(Set<Integer> ids) {
    Set<String> out = new HashSet<>();
    ids.forEach(id -> out.add(prefix(vocabulary.term(id))));
    return out;
  }

  private boolean aligned(Bag g, Set<String> codePrefixes) {
    for (int id : g.ids()) {
      if (codePrefixes.contains(prefix(vocabulary.term(id)))) {
        return true;
      }
    }
    return false;
  }

  private static String prefix(String term) {
    return term.length() > PREFIX ? term.substring(0, PREFIX) : term;
  }

  private static boolean redundant(Learned learned, Map<Bag, Learned> sameCode) {
    int[] ids = learned.bag().ids();
    if (ids.length == 1) {
      return false;
    }
    for (int leave = 0; leave < ids.length; leave++) {
      for (int[] sub : subBags(ids, leave)) {
        Learned shorter = sameCode.get(Bag.of(sub));
        if (shorter != null && shorter.precision() >= learned.precision()) {
          return true;
        }
      }
    }
    return false;
  }

  /** Proper sub-bags without element {@code leave} (and, for three terms, the single terms too). */
  private static List<int[]> subBags(int[] ids, int leave) {
    List<int[]> out = new ArrayList<>();
    int[] without = new int[ids.length - 1];
    for (int i = 0, j = 0; i < ids.length; i++) {
      if (i != leave) {
        without[j++] = ids[i];
      }
    }
    out.add(without);
    if (without.length > 1) {
      for (int id : without) {
        out.add(new int[] {id});
      }
    }
    return out;
  }
}
