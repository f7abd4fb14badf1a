package org.medcode.coder.rules;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries gold evidence spans from a parallel text (the same case in another language, e.g. a CodiEsp Spanish original)
 * onto the training note they translate, so that a language without evidence annotations still learns phrases from
 * them:
 * <ol>
 *   <li>sentences of both texts are aligned by character length (Gale &amp; Church 1993: 1-1, 1-2, 2-1, 2-2, 1-3, 3-1,
 *       1-0 and 0-1 beads, a normal model of the length ratio);
 *   <li>words of aligned sentences are aligned with IBM Model 1 (five EM rounds over every aligned sentence pair of the
 *       training texts, content terms only; no gold code is used), helped by spelling: a target term whose stem is close
 *       to a source term's (cognates such as {@code glaucom}/{@code glaucoma}) counts as its translation;
 *   <li>each content term of a source span takes its best translation among the content terms of the aligned target
 *       sentences; the phrase is the bag of those target terms (none when fewer than half of the span's terms found one).
 * </ol>
 */
final class ParallelEvidence {
  /** A span projected onto the target text: its code and target term ids. */
  record Projected(String code, Bag bag, String text) {}

  /** One source span: the code and its segments' character offsets {start, end} in the source text, in order. */
  record SourceSpan(String code, List<int[]> segments) {
    int start() {
      return segments.get(0)[0];
    }

    boolean covers(int start, int end) {
      for (int[] segment : segments) {
        if (start >= segment[0] && end <= segment[1]) {
          return true;
        }
      }
      return false;
    }
  }

  /** Source and target texts of one case, analysed, and the source's spans. */
  record Pair(Tokens source, Tokens target, List<SourceSpan> spans) {}

  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");
  private static final int ROUNDS = 5;
  private static final double MIN_TRANSLATION = 0.15;
  private static final double COGNATE = 0.75;
  /** Target length per source character (Spanish is about a tenth longer than its English translation). */
  private static final double RATIO = 0.9;
  private static final double VARIANCE = 6.8;
  private static final int[][] BEADS = {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}, {2, 2}, {1, 3}, {3, 1}};
  private static final double[] PRIORS = {0.89, 0.005, 0.005, 0.0445, 0.0445, 0.011, 0.005, 0.005};

  private final Vocabulary sourceVocabulary;
  private final BitSet sourceSkip;
  private final Vocabulary targetVocabulary;
  private final BitSet targetSkip;
  /** Translation probabilities t(target | source), keyed by source id then target id. */
  private final Map<Integer, Map<Integer, Double>> translation = new HashMap<>();

  ParallelEvidence(Vocabulary sourceVocabulary, BitSet sourceSkip, Vocabulary targetVocabulary, BitSet targetSkip) {
    this.sourceVocabulary = sourceVocabulary;
    this.sourceSkip = sourceSkip;
    this.targetVocabulary = targetVocabulary;
    this.targetSkip = targetSkip;
  }

  /** Projects the spans of every pair onto its target text, one list per pair. */
  List<List<Projected>> project(List<Pair> pairs) {
    List<List<int[][]>> aligned = new ArrayList<>();
    List<int[][]> sentencePairs = new ArrayList<>();
    for (Pair pair : pairs) {
      List<int[][]> beads = sentences(pair);
      aligned.add(beads);
      for (int[][] bead : beads) {
        sentencePairs.add(new int[][] {content(pair.source(), bead[0], sourceSkip), content(pair.target(), bead[1], targetSkip)});
      }
    }
    train(sentencePairs);
    List<List<Projected>> out = new ArrayList<>();
    for (int p = 0; p < pairs.size(); p++) {
      Pair pair = pairs.get(p);
      List<Projected> projected = new ArrayList<>();
      for (SourceSpan span : pair.spans()) {
        for (int[][] bead : aligned.get(p)) {
          if (bead[0][0] <= span.start() && span.start() < bead[0][1]) {
            Projected one = projectSpan(pair, span, bead);
            if (one != null) {
              projected.add(one);
            }
            break;
          }
        }
      }
      out.add(projected);
    }
    return out;
  }

  private Projected projectSpan(Pair pair, SourceSpan span, int[][] bead) {
    Tokens source = pair.source();
    List<Integer> sourceTerms = new ArrayList<>();
    for (int i = 0; i < source.size(); i++) {
      int id = source.ids()[i];
      if (span.covers(source.starts()[i], source.ends()[i]) && id >= 0 && !sourceSkip.get(id)) {
        sourceTerms.add(id);
      }
    }
    if (sourceTerms.isEmpty()) {
      return null;
    }
    int[] targetTerms = content(pair.target(), bead[1], targetSkip);
    List<Integer> chosen = new ArrayList<>();
    int found = 0;
    for (int f : sourceTerms) {
      int best = -1;
      double bestScore = 0;
      for (int e : targetTerms) {
        double score = score(f, e);
        if (score > bestScore) {
          bestScore = score;
          best = e;
        }
      }
      if (best >= 0 && bestScore >= MIN_TRANSLATION) {
        found++;
        if (!chosen.contains(best)) {
          chosen.add(best);
        }
      }
    }
    if (chosen.isEmpty() || 2 * found < sourceTerms.size()) {
      return null;
    }
    int[] ids = chosen.stream().mapToInt(Integer::intValue).toArray();
    if (!informative(ids)) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    for (int id : ids) {
      text.append(text.length() == 0 ? "" : " ").append(targetVocabulary.term(id));
    }
    return new Projected(span.code(), Bag.of(ids), text.toString());
  }

  /** At least one term with three letters or more (not a number or a unit). */
  private boolean informative(int[] ids) {
    for (int id : ids) {
      String term = targetVocabulary.term(id);
      int letters = 0;
      for (int i = 0; i < term.length(); i++) {
        letters += Character.isLetter(term.charAt(i)) ? 1 : 0;
      }
      if (letters >= 3) {
        return true;
      }
    }
    return false;
  }

  private double score(int f, int e) {
    double t = translation.getOrDefault(f, Map.of()).getOrDefault(e, 0.0);
    return cognate(sourceVocabulary.term(f), targetVocabulary.term(e)) ? Math.max(t, 1.0) : t;
  }

  /** IBM Model 1 with a null word, uniform start, {@value #ROUNDS} EM rounds. */
  private void train(List<int[][]> sentencePairs) {
    Map<Integer, Map<Integer, Double>> t = translation;
    for (int[][] pair : sentencePairs) {
      for (int f : pair[0]) {
        Map<Integer, Double> row = t.computeIfAbsent(f, k -> new HashMap<>());
        for (int e : pair[1]) {
          row.put(e, 1.0);
        }
      }
    }
    Map<Integer, Double> nullRow = new HashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      Map<Integer, Map<Integer, Double>> counts = new HashMap<>();
      Map<Integer, Double> nullCounts = new HashMap<>();
      for (int[][] pair : sentencePairs) {
        for (int e : pair[1]) {
          double total = nullRow.getOrDefault(e, 1.0);
          for (int f : pair[0]) {
            total += t.get(f).get(e);
          }
          for (int f : pair[0]) {
            counts.computeIfAbsent(f, k -> new HashMap<>()).merge(e, t.get(f).get(e) / total, Double::sum);
          }
          nullCounts.merge(e, nullRow.getOrDefault(e, 1.0) / total, Double::sum);
        }
      }
      for (Map.Entry<Integer, Map<Integer, Double>> row : counts.entrySet()) {
        double sum = row.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
        Map<Integer, Double> next = t.get(row.getKey());
        row.getValue().forEach((e, c) -> next.put(e, c / sum));
      }
      double nullSum = nullCounts.values().stream().mapToDouble(Double::doubleValue).sum();
      nullCounts.forEach((e, c) -> nullRow.put(e, c / nullSum));
    }
  }

  /** Content term ids of the tokens inside a character range. */
  private static int[] content(Tokens tokens, int[] range, BitSet skip) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      int id = tokens.ids()[i];
      if (tokens.starts()[i] >= range[0] && tokens.ends()[i] <= range[1] && id >= 0 && !skip.get(id)) {
        ids.add(id);
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Aligned sentence groups as {source char range, target char range}. */
  private static List<int[][]> sentences(Pair pair) {
    List<int[]> source = split(pair.source().text());
    List<int[]> target = split(pair.target().text());
    int n = source.size();
    int m = target.size();
    double[][] cost = new double[n + 1][m + 1];
    int[][] back = new int[n + 1][m + 1];
    for (double[] row : cost) {
      java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
    }
    cost[0][0] = 0;
    for (int i = 0; i <= n; i++) {
      for (int j = 0; j <= m; j++) {
        if (cost[i][j] == Double.POSITIVE_INFINITY) {
          continue;
        }
        for (int b = 0; b < BEADS.length; b++) {
          int a = BEADS[b][0];
          int c = BEADS[b][1];
          if (i + a > n || j + c > m) {
            continue;
          }
          double value = cost[i][j] + beadCost(length(source, i, a), length(target, j, c), PRIORS[b]);
          if (value < cost[i + a][j + c]) {
            cost[i + a][j + c] = value;
            back[i + a][j + c] = b;
          }
        }
      }
    }
    List<int[][]> beads = new ArrayList<>();
    int i = n;
    int j = m;
    while (i > 0 || j > 0) {
      int b = back[i][j];
      int a = BEADS[b][0];
      int c = BEADS[b][1];
      if (a > 0 && c > 0) {
        beads.add(0, new int[][] {{source.get(i - a)[0], source.get(i - 1)[1]}, {target.get(j - c)[0], target.get(j - 1)[1]}});
      }
      i -= a;
      j -= c;
    }
    return beads;
  }

  private static int length(List<int[]> sentences, int from, int count) {
    int length = 0;
    for (int k = from; k < from + count; k++) {
      length += sentences.get(k)[1] - sentences.get(k)[0];
    }
    return length;
  }

  private static double beadCost(int sourceLength, int targetLength, double prior) {
    if (sourceLength == 0 && targetLength == 0) {
      return 0;
    }
    double mean = Math.max(1, (sourceLength + targetLength / RATIO) / 2);
    double delta = (targetLength - sourceLength * RATIO) / Math.sqrt(mean * VARIANCE);
    double p = 2 * (1 - normal(Math.abs(delta)));
    return -Math.log(Math.max(p, 1e-300)) - Math.log(prior);
  }

  /** The standard normal distribution function (Abramowitz &amp; Stegun 7.1.26 for erf). */
  private static double normal(double x) {
    double z = x / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * z);
    double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
        * Math.exp(-z * z);
    return 0.5 * (1 + erf);
  }

  /** Sentences as character ranges: a break after . ! ? followed by white space, and at line breaks. */
  static List<int[]> split(String text) {
    List<int[]> out = new ArrayList<>();
    int start = 0;
    Matcher m = SENTENCE_END.matcher(text);
    while (m.find()) {
      if (m.start() > start && !text.substring(start, m.start()).isBlank()) {
        out.add(new int[] {start, m.start()});
      }
      start = m.end();
    }
    if (start < text.length() && !text.substring(start).isBlank()) {
      out.add(new int[] {start, text.length()});
    }
    return out;
  }

  /** Whether two stems look like cognates: similar after folding spelling variants, at least four letters. */
  static boolean cognate(String a, String b) {
    String x = fold(a);
    String y = fold(b);
    if (x.length() < 4 || y.length() < 4) {
      return false;
    }
    int distance = levenshtein(x, y);
    return 1.0 - (double) distance / Math.max(x.length(), y.length()) >= COGNATE;
  }

  private static String fold(String stem) {
    return stem.toLowerCase(Locale.ROOT).replace("ph", "f").replace("th", "t").replace("qu", "c").replace('k', 'c')
        .replace('y', 'i').replace("ll", "l").replace("rr", "r").replace("ss", "s").replace("mm", "m").replace("tt", "t");
  }

  private static int levenshtein(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
