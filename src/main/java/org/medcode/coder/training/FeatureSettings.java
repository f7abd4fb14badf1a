package org.medcode.coder.training;

/**
 * The text features of a TF-IDF model (ml-linear, ml-knn): word n-grams from 1 to {@code wordNgrams} words, character
 * n-grams of {@code charMin} to {@code charMax} characters inside words (none when {@code charMax} is 0), terms seen in
 * at least {@code minDf} training admissions, at most {@code maxFeatures} of them. Part of the model, of its manifest
 * and of the cache key.
 */
public record FeatureSettings(int wordNgrams, int charMin, int charMax, int minDf, int maxFeatures) {
  public FeatureSettings {
    if (wordNgrams < 1 || charMax < 0 || (charMax > 0 && (charMin < 1 || charMin > charMax)) || minDf < 1 || maxFeatures < 1) {
      throw new IllegalArgumentException("invalid TF-IDF settings " + wordNgrams + "/" + charMin + "-" + charMax
          + "/" + minDf + "/" + maxFeatures);
    }
  }
}
