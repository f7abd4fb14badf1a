package org.medcode.coder.ml;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.medcode.coder.training.FeatureSettings;

/**
 * TF-IDF features over word n-grams ({@code w:}, 1 to {@code wordNgrams} words) and character n-grams inside words
 * ({@code c:}, {@code charMin} to {@code charMax} characters of the word padded with spaces; none when charMax is 0).
 * Text is lower-cased; words are runs of letters and digits. Term frequency is sublinear ({@code 1 + ln tf}), idf is
 * smooth ({@code ln((1 + n) / (1 + df)) + 1}) and each vector has unit length. The vocabulary keeps terms seen in at
 * least {@code minDf} documents, the {@code maxFeatures} most frequent ones (ties: term order), indexed in term order.
 */
public final class TfidfVectorizer {
  /** How many distinct words {@link #transform} remembers the character n-gram features of (the first ones seen). */
  private static final int CHAR_FEATURE_CACHE_WORDS = 1 << 18;
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private final FeatureSettings settings;
  private final String[] terms;
  private final float[] idf;
  private final Map<String, Integer> index;
  private final Map<String, int[]> charFeatureCache = new ConcurrentHashMap<>();

  /** A vectorizer with a given vocabulary ({@code terms} in index order) and idf weights. */
  public TfidfVectorizer(FeatureSettings settings, List<String> terms, float[] idf) {
    if (terms.size() != idf.length) {
      throw new IllegalArgumentException(terms.size() + " terms but " + idf.length + " idf weights");
    }
    this.settings = settings;
    this.terms = terms.toArray(new String[0]);
    this.idf = idf.clone();
    this.index = new HashMap<>(terms.size() * 2);
    for (int i = 0; i < this.terms.length; i++) {
      index.put(this.terms[i], i);
    }
  }

  /**
   * Learns vocabulary and idf from documents. Terms get an id on first sight (the character n-grams of a word once per
   * distinct word) and each document adds one to the document frequency of its distinct term ids.
   */
  public static TfidfVectorizer fit(FeatureSettings settings, List<String> documents) {
    Map<String, Integer> ids = new HashMap<>();
    IntList df = new IntList();
    java.util.function.ToIntFunction<String> id = term -> ids.computeIfAbsent(term, t -> {
      df.add(0);
      return ids.size();
    });
    Map<String, int[]> wordGramIds = new HashMap<>();
    IntList seen = new IntList();
    for (String document : documents) {
      seen.clear();
      List<String> words = words(document);
      forEachWordGram(settings, words, term -> seen.add(id.applyAsInt(term)));
      if (settings.charMax() > 0) {
        for (String word : new HashSet<>(words)) {
          for (int i : wordGramIds.computeIfAbsent(word, w -> {
            IntList grams = new IntList();
            forEachCharGram(settings, w, gram -> grams.add(id.applyAsInt(gram)));
            return grams.toArray();
          })) {
            seen.add(i);
          }
        }
      }
      for (int i : seen.sortedDistinct()) {
        df.increment(i);
      }
    }
    List<Map.Entry<String, Integer>> kept = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : ids.entrySet()) {
      if (df.get(entry.getValue()) >= settings.minDf()) {
        kept.add(Map.entry(entry.getKey(), df.get(entry.getValue())));
      }
    }
    kept.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<Map.Entry<String, Integer>> top = new ArrayList<>(kept.subList(0, Math.min(settings.maxFeatures(), kept.size())));
    top.sort(Map.Entry.comparingByKey());
    List<String> terms = new ArrayList<>(top.size());
    float[] idf = new float[top.size()];
    double n = documents.size();
    for (int i = 0; i < idf.length; i++) {
      terms.add(top.get(i).getKey());
      idf[i] = (float) (Math.log((1 + n) / (1 + top.get(i).getValue())) + 1);
    }
    return new TfidfVectorizer(settings, terms, idf);
  }

  public FeatureSettings settings() {
    return settings;
  }

  public int size() {
    return terms.length;
  }

  public List<String> terms() {
    return List.of(terms);
  }

  public float[] idf() {
    return idf.clone();
  }

  /** The unit-length TF-IDF vector of a text (empty when no term is in the vocabulary). */
  public SparseVector transform(String text) {
    // (feature index << 32 | count) per batch of occurrences of a known term; sorted, then equal indices are summed
    LongStream.Builder found = LongStream.builder();
    List<String> words = words(text);
    forEachWordGram(settings, words, term -> {
      Integer i = index.get(term);
      if (i != null) {
        found.add((long) i << 32 | 1);
      }
    });
    if (settings.charMax() > 0) {
      Map<String, Integer> wordCounts = new HashMap<>();
      words.forEach(word -> wordCounts.merge(word, 1, Integer::sum));
      wordCounts.forEach((word, count) -> {
        for (int i : charFeatures(word)) {
          found.add((long) i << 32 | count);
        }
      });
    }
    long[] pairs = found.build().sorted().toArray();
    int[] indices = new int[pairs.length];
    int[] tfs = new int[pairs.length];
    int n = 0;
    for (long pair : pairs) {
      int i = (int) (pair >>> 32);
      if (n > 0 && indices[n - 1] == i) {
        tfs[n - 1] += (int) pair;
      } else {
        indices[n] = i;
        tfs[n++] = (int) pair;
      }
    }
    indices = Arrays.copyOf(indices, n);
    float[] raw = new float[n];
    double norm = 0;
    for (int k = 0; k < n; k++) {
      raw[k] = (float) ((1 + Math.log(tfs[k])) * idf[indices[k]]);
      norm += (double) raw[k] * raw[k];
    }
    if (norm > 0) {
      float scale = (float) (1 / Math.sqrt(norm));
      for (int k = 0; k < n; k++) {
        raw[k] *= scale;
      }
    }
    return new SparseVector(indices, raw);
  }

  /** The vocabulary indices of a word's character n-grams, one per occurrence (remembered for the commonest words). */
  private int[] charFeatures(String word) {
    int[] features = charFeatureCache.get(word);
    if (features == null) {
      IntList found = new IntList();
      forEachCharGram(settings, word, gram -> {
        Integer i = index.get(gram);
        if (i != null) {
          found.add(i);
        }
      });
      features = found.toArray();
      if (charFeatureCache.size() < CHAR_FEATURE_CACHE_WORDS) {
        charFeatureCache.put(word, features);
      }
    }
    return features;
  }

  /** Term counts of one text, before the vocabulary filter. */
  static Map<String, Integer> termCounts(FeatureSettings settings, String text) {
    Map<String, Integer> counts = new HashMap<>();
    List<String> words = words(text);
    forEachWordGram(settings, words, term -> counts.merge(term, 1, Integer::sum));
    if (settings.charMax() > 0) {
      words.forEach(word -> forEachCharGram(settings, word, gram -> counts.merge(gram, 1, Integer::sum)));
    }
    return counts;
  }

  /**
   * The lower-cased words of a text, its accents composed (NFC): a combining accent ({@code neumoni} + U+0301 +
   * {@code a}, NFD) is no letter, so it would cut the word in two.
   */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    String composed = Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text
        : Normalizer.normalize(text, Normalizer.Form.NFC);
    Matcher matcher = WORD.matcher(composed.toLowerCase(Locale.ROOT));
    while (matcher.find()) {
      words.add(matcher.group());
    }
    return words;
  }

  /** Every word n-gram occurrence as a term ({@code w:} and the words joined by spaces). */
  private static void forEachWordGram(FeatureSettings settings, List<String> words, Consumer<String> sink) {
    StringBuilder gram = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      gram.setLength(0);
      gram.append("w:");
      for (int n = 1; n <= settings.wordNgrams() && i + n <= words.size(); n++) {
        if (n > 1) {
          gram.append(' ');
        }
        gram.append(words.get(i + n - 1));
        sink.accept(gram.toString());
      }
    }
  }

  /** Every character n-gram occurrence of one word, padded with spaces, as a term ({@code c:} and the characters). */
  private static void forEachCharGram(FeatureSettings settings, String word, Consumer<String> sink) {
    String padded = " " + word + " ";
    StringBuilder gram = new StringBuilder();
    for (int n = settings.charMin(); n <= settings.charMax(); n++) {
      for (int s = 0; s + n <= padded.length(); s++) {
        gram.setLength(0);
        sink.accept(gram.append("c:").append(padded, s, s + n).toString());
      }
    }
  }

  /** A growable list of ints. */
  private static final class IntList {
    private int[] values = new int[64];
    private int size;

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }

    int get(int i) {
      return values[i];
    }

    void increment(int i) {
      values[i]++;
    }

    void clear() {
      size = 0;
    }

    int[] sortedDistinct() {
      Arrays.sort(values, 0, size);
      int n = 0;
      for (int i = 0; i < size; i++) {
        if (n == 0 || values[n - 1] != values[i]) {
          values[n++] = values[i];
        }
      }
      return Arrays.copyOf(values, n);
    }
  }
}
