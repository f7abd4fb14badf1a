package org.medcode.coder.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medcode.dataset.EvidenceSpan;

/**
 * The candidate codes of one admission: every code its mentions yield under the context policy, with the phrases that
 * found it, evidence spans, and the facts the second-stage scorer reads ({@link #features}). A mention is
 * <em>dominated</em> when it overlaps, in the same sentence, a more confident mention of another code ("dolor" inside
 * "dolor abdominal"): a soft form of letting the longer phrase win.
 */
final class Candidates {
  /** Lowest confidence a phrase must have to propose its code. */
  static final double FLOOR = 0.02;
  static final int MAX_SPANS = 5;
  /** A generic history Z code (from history-fallback.tsv) is less certain than the condition it stands for. */
  static final double FALLBACK_FACTOR = 0.5;
  /** Contexts that make a mention qualified (not affirmed). */
  static final int QUALIFYING = MentionContext.NEGATED.bit() | MentionContext.HYPOTHETICAL.bit();
  /** How many features {@link #features} gives. */
  static final int FEATURES = 14;

  private Candidates() {}

  /** Evidence gathered for one code. */
  static final class Found {
    final Map<LexiconEntry, Double> phrases = new LinkedHashMap<>();
    final List<EvidenceSpan> spans = new ArrayList<>();
    final List<String> contexts = new ArrayList<>();
    int mentions;
    int dominated;
    int qualified;
    boolean fallback;

    /** Noisy-or over the distinct phrases: {@code 1 - Π(1 - c)}. */
    double noisyOr() {
      double miss = 1;
      for (double confidence : phrases.values()) {
        miss *= 1 - confidence;
      }
      return 1 - miss;
    }

    LexiconEntry best() {
      LexiconEntry best = null;
      double value = -1;
      for (Map.Entry<LexiconEntry, Double> e : phrases.entrySet()) {
        if (e.getValue() > value) {
          value = e.getValue();
          best = e.getKey();
        }
      }
      return best;
    }

    double max() {
      return phrases.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
  }

  /** One mention with the code it yields and its confidence, while an admission is read. */
  private record Yield(Mention mention, String code, double confidence, int sentence) {}

  /** Every candidate code of the notes (analysed with the model), in order of first mention. */
  static Map<String, Found> collect(RulesModel model, List<Tokens> notes, ContextPolicy policy, HistoryFallback fallback) {
    Map<String, Found> found = new LinkedHashMap<>();
    for (int n = 0; n < notes.size(); n++) {
      Tokens tokens = notes.get(n);
      List<Mention> mentions = model.lexicon().match(tokens, model.context().masks(tokens));
      // the few mentions of phrases that need a context (history Z codes), looked through for every qualified mention
      List<Mention> contextual = mentions.stream().filter(m -> m.entry().requiredContext() != 0).toList();
      List<Yield> yields = new ArrayList<>(mentions.size());
      for (Mention mention : mentions) {
        if (mention.entry().confidence() < FLOOR) {
          continue;
        }
        Optional<String> code = policy.outcome(mention, fallback, coveredByZ(mention, contextual));
        if (code.isEmpty()) {
          continue;
        }
        boolean fallbackZ = !code.get().equals(mention.entry().code());
        yields.add(new Yield(mention, code.get(), mention.entry().confidence() * (fallbackZ ? FALLBACK_FACTOR : 1),
            sentenceOf(tokens, mention.first())));
      }
      boolean[] dominated = dominated(yields);
      for (int i = 0; i < yields.size(); i++) {
        Yield y = yields.get(i);
        Mention mention = y.mention();
        Found f = found.computeIfAbsent(y.code(), c -> new Found());
        f.phrases.merge(mention.entry(), y.confidence(), Math::max);
        f.mentions++;
        f.fallback |= !y.code().equals(mention.entry().code());
        if ((mention.context() & QUALIFYING) != 0) {
          f.qualified++;
        }
        if (dominated[i]) {
          f.dominated++;
        }
        if (f.spans.size() < MAX_SPANS) {
          int start = tokens.starts()[mention.first()];
          int end = tokens.ends()[mention.last()];
          f.spans.add(new EvidenceSpan(n, start, end, tokens.text().substring(start, end)));
          if (mention.context() != 0) {
            f.contexts.add(contextLabel(mention.context()));
          }
        }
      }
    }
    return found;
  }

  /**
   * For every mention, whether a more confident mention of another code overlaps it among the mentions next to it in
   * the list that share its sentence. Only mentions that can overlap are compared (those starting at most the longest
   * mention's length before it and not after its end), so a note of one endless sentence costs n log n, not n².
   */
  private static boolean[] dominated(List<Yield> yields) {
    boolean[] out = new boolean[yields.size()];
    int from = 0;
    while (from < yields.size()) {
      int to = from + 1;
      while (to < yields.size() && yields.get(to).sentence() == yields.get(from).sentence()) {
        to++;
      }
      dominated(yields, from, to, out);
      from = to;
    }
    return out;
  }

  /** {@link #dominated(List)} within one run of mentions of a sentence, {@code from} to {@code to} (exclusive). */
  private static void dominated(List<Yield> yields, int from, int to, boolean[] out) {
    SpanIndex index = new SpanIndex(to - from, k -> yields.get(from + k).mention().first(),
        k -> yields.get(from + k).mention().last());
    for (int i = from; i < to; i++) {
      Yield y = yields.get(i);
      int self = i - from;
      // an overlapping mention starts at most the longest mention's length before this one, and not after its end
      out[i] = index.anyStartingIn(y.mention().first() - index.longest(), y.mention().last(),
          k -> k != self && overshadows(yields.get(from + k), y));
    }
  }

  private static boolean overshadows(Yield other, Yield y) {
    return !other.code().equals(y.code()) && other.confidence() > y.confidence()
        && other.mention().first() <= y.mention().last() && other.mention().last() >= y.mention().first();
  }

  private static int sentenceOf(Tokens tokens, int token) {
    int lo = 0;
    int hi = tokens.sentenceCount() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (tokens.sentenceStart(mid) <= token) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * What the second-stage scorer reads about one candidate: its noisy-or and best confidence (as logits), how many
   * phrases and mentions found it, the share of its mentions that are dominated or qualified, the support of its best
   * phrase, the best phrase's source, how often the training split has the code, whether a sibling of the same
   * category scores higher, whether it is a generic history Z code, and whether a combination rule proposed it.
   */
  static double[] features(String code, Found found, Map<String, Found> all, CodePriors priors) {
    LexiconEntry best = found.best();
    double[] x = new double[FEATURES];
    x[0] = logit(found.noisyOr());
    x[1] = logit(found.max());
    x[2] = Math.log(found.phrases.size());
    x[3] = Math.log1p(found.mentions);
    x[4] = (double) found.dominated / Math.max(1, found.mentions);
    x[5] = (double) found.qualified / Math.max(1, found.mentions);
    x[6] = Math.log1p(best.support());
    x[7] = best.source() == LexiconEntry.Source.EVIDENCE ? 1 : 0;
    x[8] = best.source() == LexiconEntry.Source.LEARNED ? 1 : 0;
    x[9] = best.source() == LexiconEntry.Source.TITLE ? 1 : 0;
    x[10] = priors.logit(code);
    x[11] = siblingAbove(code, found, all) ? 1 : 0;
    x[12] = found.fallback ? 1 : 0;
    x[13] = best.source() == LexiconEntry.Source.COMBINATION ? 1 : 0;
    return x;
  }

  private static boolean siblingAbove(String code, Found found, Map<String, Found> all) {
    String category = code.length() > 3 ? code.substring(0, 3) : code;
    double mine = found.noisyOr();
    for (Map.Entry<String, Found> e : all.entrySet()) {
      if (!e.getKey().equals(code) && e.getKey().startsWith(category) && !code.startsWith(e.getKey())
          && !e.getKey().startsWith(code) && e.getValue().noisyOr() > mine) {
        return true;
      }
    }
    return false;
  }

  static double logit(double p) {
    double q = Math.min(0.99, Math.max(0.01, p));
    return Math.log(q / (1 - q));
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

  private static String contextLabel(int mask) {
    List<String> labels = new ArrayList<>();
    for (MentionContext context : MentionContext.values()) {
      if (context.in(mask)) {
        labels.add(context.label());
      }
    }
    return String.join("+", labels);
  }

  /** How many training admissions have each code, as the prior feature of the scorer. */
  record CodePriors(Map<String, Integer> counts, int admissions) {
    CodePriors {
      counts = Map.copyOf(counts);
    }

    static CodePriors of(List<java.util.Set<String>> gold) {
      Map<String, Integer> counts = new HashMap<>();
      gold.forEach(codes -> codes.forEach(code -> counts.merge(code, 1, Integer::sum)));
      return new CodePriors(counts, gold.size());
    }

    /** The smoothed log-odds that a training admission has the code. */
    double logit(String code) {
      double p = (counts.getOrDefault(code, 0) + 0.5) / (admissions + 1.0);
      return Math.log(p / (1 - p));
    }
  }
}
