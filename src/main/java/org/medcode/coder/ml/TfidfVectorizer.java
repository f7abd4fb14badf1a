package org.medcode.coder.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TF-IDF features over word n-grams ({@code w:}, 1 to {@code wordNgrams} words) and character n-grams inside words
 * ({@code c:}, {@code charMin} to {@code charMax} characters of the word padded with spaces; none when charMax is 0).
 * Text is lower-cased; words are runs of letters and digits. Term frequency is sublinear ({@code 1 + ln tf}), idf is
 * smooth ({@code ln((1 + n) / (1 + df)) + 1}) and each vector has unit length. The vocabulary keeps terms seen in at
 * least {@code minDf} documents, the {@code maxFeatures} most frequent ones (ties: term order), indexed in term order.
 */
public final class TfidfVectorizer {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  /** How features are extracted; part of the model and of the cache key. */
  public record Settings(int wordNgrams, int charMin, int charMax, int minDf, int maxFeatures) {
    public Settings {
      if (wordNgrams < 1 || charMax < 0 || (charMax > 0 && (charMin < 1 || charMin > charMax)) || minDf < 1 || maxFeatures < 1) {
        throw new IllegalArgumentException("invalid TF-IDF settings " + wordNgrams + "/" + charMin + "-" + charMax
            + "/" + minDf + "/" + maxFeatures);
      }
    }
  }

  private final Settings settings;
  private final String[] terms;
  private final float[] idf;
  private final Map<String, Integer> index;

  /** A vectorizer with a given vocabulary ({@code terms} in index order) and idf weights. */
  public TfidfVectorizer(Settings settings, List<String> terms, float[] idf) {
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

  /** Learns vocabulary and idf from documents. */
  public static TfidfVectorizer fit(Settings settings, List<String> documents) {
    Map<String, Integer> df = new HashMap<>();
    for (String document : documents) {
      for (String term : termCounts(settings, document).keySet()) {
        df.merge(term, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> kept = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : df.entrySet()) {
      if (entry.getValue() >= settings.minDf()) {
        kept.add(entry);
      }
    }
    kept.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<String> terms = new ArrayList<>(kept.subList(0, Math.min(settings.maxFeatures(), kept.size())).stream()
        .map(Map.Entry::getKey).toList());
    terms.sort(null);
    float[] idf = new float[terms.size()];
    double n = documents.size();
    for (int i = 0; i < idf.length; i++) {
      idf[i] = (float) (Math.log((1 + n) / (1 + df.get(terms.get(i)))) + 1);
    }
    return new TfidfVectorizer(settings, terms, idf);
  }

  public Settings settings() {
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
    Map<String, Integer> counts = termCounts(settings, text);
    int[] indices = new int[counts.size()];
    float[] raw = new float[counts.size()];
    int n = 0;
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      Integer i = index.get(entry.getKey());
      if (i != null) {
        indices[n] = i;
        n++;
      }
    }
    indices = Arrays.copyOf(indices, n);
    Arrays.sort(indices);
    raw = new float[n];
    double norm = 0;
    for (int k = 0; k < n; k++) {
      int tf = counts.get(terms[indices[k]]);
      raw[k] = (float) ((1 + Math.log(tf)) * idf[indices[k]]);
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

  /** Term counts of one text, before the vocabulary filter. */
  static Map<String, Integer> termCounts(Settings settings, String text) {
    List<String> words = new ArrayList<>();
    Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (matcher.find()) {
      words.add(matcher.group());
    }
    Map<String, Integer> counts = new HashMap<>();
    StringBuilder gram = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      gram.setLength(0);
      gram.append("w:");
      for (int n = 1; n <= settings.wordNgrams() && i + n <= words.size(); n++) {
        if (n > 1) {
          gram.append(' ');
        }
        gram.append(words.get(i + n - 1));
        counts.merge(gram.toString(), 1, Integer::sum);
      }
      if (settings.charMax() > 0) {
        String padded = " " + words.get(i) + " ";
        for (int n = settings.charMin(); n <= settings.charMax(); n++) {
          for (int s = 0; s + n <= padded.length(); s++) {
            counts.merge("c:" + padded.substring(s, s + n), 1, Integer::sum);
          }
        }
      }
    }
    return counts;
  }
}
