package org.medcode.coder.ml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Nearest training documents by cosine similarity of unit-length TF-IDF vectors. The score of label l is the
 * similarity-weighted share of the {@code k} nearest documents (similarity above 0) that have l:
 * {@code sum(sim_d for d in top-k with l) / sum(sim_d for d in top-k)}; ties in similarity go to the earlier document.
 * The documents are held as an inverted index in three flat arrays (feature offsets, document ids, values), so a query
 * touches only the postings of its own features.
 */
public final class KnnModel implements Estimator {
  private final int k;
  private final int labelCount;
  private final int[][] documentLabels;
  /** Postings of feature f (documents ascending, their values): from {@code postingStart[f]} to before {@code [f + 1]}. */
  private final int[] postingStart;
  private final int[] postingDocs;
  private final float[] postingValues;

  /** Indexes the documents by feature; only the index is kept (a document's vector is read back from it when saved). */
  KnnModel(int k, int labelCount, int featureCount, List<SparseVector> documents, int[][] documentLabels) {
    this.k = k;
    this.labelCount = labelCount;
    this.documentLabels = documentLabels;
    postingStart = new int[featureCount + 1];
    long total = 0;
    for (SparseVector d : documents) {
      total += d.size();
      for (int f : d.indices()) {
        postingStart[f + 1]++;
      }
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("ml-knn: " + total + " (document, feature) pairs are more than one index holds;"
          + " lower max-features or use char-ngrams=off");
    }
    for (int f = 0; f < featureCount; f++) {
      postingStart[f + 1] += postingStart[f];
    }
    postingDocs = new int[(int) total];
    postingValues = new float[(int) total];
    int[] next = Arrays.copyOf(postingStart, featureCount);
    for (int d = 0; d < documents.size(); d++) {
      SparseVector vector = documents.get(d);
      for (int j = 0; j < vector.size(); j++) {
        int at = next[vector.indices()[j]]++;
        postingDocs[at] = d;
        postingValues[at] = vector.values()[j];
      }
    }
  }

  /** Fits (stores) the training documents and their label indices. */
  public static KnnModel fit(List<SparseVector> xs, List<int[]> ys, int labelCount, int featureCount, int k) {
    return new KnnModel(k, labelCount, featureCount, xs, ys.toArray(new int[0][]));
  }

  public int k() {
    return k;
  }

  @Override
  public double[] scores(SparseVector x) {
    double[] sims = new double[documentLabels.length];
    for (int j = 0; j < x.size(); j++) {
      int f = x.indices()[j];
      float v = x.values()[j];
      for (int p = postingStart[f]; p < postingStart[f + 1]; p++) {
        sims[postingDocs[p]] += v * postingValues[p];
      }
    }
    int[] top = Top.largest(sims, k);
    double[] scores = new double[labelCount];
    double total = 0;
    for (int d : top) {
      total += sims[d];
      for (int l : documentLabels[d]) {
        scores[l] += sims[d];
      }
    }
    if (total > 0) {
      for (int l = 0; l < labelCount; l++) {
        scores[l] /= total;
      }
    }
    return scores;
  }

  @Override
  public void write(DataOutputStream out) throws IOException {
    int n = documentLabels.length;
    int featureCount = postingStart.length - 1;
    // back from postings to documents: each document's features come out ascending
    int[] documentStart = new int[n + 1];
    for (int d : postingDocs) {
      documentStart[d + 1]++;
    }
    for (int d = 0; d < n; d++) {
      documentStart[d + 1] += documentStart[d];
    }
    int[] features = new int[postingDocs.length];
    float[] values = new float[postingDocs.length];
    int[] next = Arrays.copyOf(documentStart, n);
    for (int f = 0; f < featureCount; f++) {
      for (int p = postingStart[f]; p < postingStart[f + 1]; p++) {
        int at = next[postingDocs[p]]++;
        features[at] = f;
        values[at] = postingValues[p];
      }
    }
    out.writeInt(k);
    out.writeInt(labelCount);
    out.writeInt(featureCount);
    out.writeInt(n);
    for (int d = 0; d < n; d++) {
      out.writeInt(documentStart[d + 1] - documentStart[d]);
      for (int j = documentStart[d]; j < documentStart[d + 1]; j++) {
        out.writeInt(features[j]);
        out.writeFloat(values[j]);
      }
      out.writeInt(documentLabels[d].length);
      for (int l : documentLabels[d]) {
        out.writeInt(l);
      }
    }
  }

  static KnnModel read(DataInputStream in) throws IOException {
    int k = in.readInt();
    int labelCount = in.readInt();
    int featureCount = in.readInt();
    int n = in.readInt();
    List<SparseVector> documents = new ArrayList<>(n);
    int[][] labels = new int[n][];
    for (int d = 0; d < n; d++) {
      int size = in.readInt();
      int[] indices = new int[size];
      float[] values = new float[size];
      for (int j = 0; j < size; j++) {
        indices[j] = in.readInt();
        values[j] = in.readFloat();
      }
      documents.add(new SparseVector(indices, values));
      labels[d] = new int[in.readInt()];
      for (int j = 0; j < labels[d].length; j++) {
        labels[d][j] = in.readInt();
      }
    }
    return new KnnModel(k, labelCount, featureCount, documents, labels);
  }
}
