package org.medcode.coder.embed;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores codes for a text: embeds its sentences, finds each sentence's {@code perSentence} most similar code titles
 * (cosine), and aggregates per code over sentences: {@link Aggregate#MAX} the best similarity, {@link Aggregate#SUM}
 * the sum of its similarities (a code close to several sentences rises). Thread-safe.
 */
final class TitleRetriever {
  /** How a code's similarities over the sentences become one score. */
  enum Aggregate { MAX, SUM }

  private final CodeTitleIndex index;
  private final SentenceEmbedder embedder;
  private final int perSentence;
  private final Aggregate aggregate;

  TitleRetriever(CodeTitleIndex index, SentenceEmbedder embedder, int perSentence, Aggregate aggregate) {
    this.index = index;
    this.embedder = embedder;
    this.perSentence = perSentence;
    this.aggregate = aggregate;
  }

  Map<String, Double> scores(String text) {
    List<String> sentences = Sentences.split(text);
    Map<String, Double> scores = new HashMap<>();
    if (sentences.isEmpty() || index.codes().isEmpty()) {
      return scores;
    }
    float[][] queries = embedder.embed(sentences);
    int m = queries.length;
    int d = index.dimension();
    float[] matrix = index.matrix();
    int p = Math.min(perSentence, index.codes().size());
    int[][] bestRows = new int[m][p];
    float[][] bestSims = new float[m][p];
    for (float[] row : bestSims) {
      java.util.Arrays.fill(row, Float.NEGATIVE_INFINITY);
    }
    int rows = index.codes().size();
    for (int r = 0; r < rows; r++) {
      int base = r * d;
      for (int s = 0; s < m; s++) {
        float[] q = queries[s];
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        int j = 0;
        for (; j + 3 < d; j += 4) {
          a0 += q[j] * matrix[base + j];
          a1 += q[j + 1] * matrix[base + j + 1];
          a2 += q[j + 2] * matrix[base + j + 2];
          a3 += q[j + 3] * matrix[base + j + 3];
        }
        for (; j < d; j++) {
          a0 += q[j] * matrix[base + j];
        }
        float sim = (a0 + a1) + (a2 + a3);
        float[] sims = bestSims[s];
        if (sim > sims[p - 1]) {
          int at = p - 1;
          while (at > 0 && sims[at - 1] < sim) {
            sims[at] = sims[at - 1];
            bestRows[s][at] = bestRows[s][at - 1];
            at--;
          }
          sims[at] = sim;
          bestRows[s][at] = r;
        }
      }
    }
    for (int s = 0; s < m; s++) {
      for (int k = 0; k < p; k++) {
        if (bestSims[s][k] == Float.NEGATIVE_INFINITY) {
          continue;
        }
        String code = index.codes().get(bestRows[s][k]);
        double sim = bestSims[s][k];
        if (aggregate == Aggregate.MAX) {
          scores.merge(code, sim, Math::max);
        } else {
          scores.merge(code, sim, Double::sum);
        }
      }
    }
    return scores;
  }
}
