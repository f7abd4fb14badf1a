package org.medcode.coder.ml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Nearest training documents by cosine similarity of unit-length TF-IDF vectors. The score of label l is the
 * similarity-weighted share of the {@code k} nearest documents (similarity above 0) that have l:
 * {@code sum(sim_d for d in top-k with l) / sum(sim_d for d in top-k)}; ties in similarity go to the earlier document.
 */
public final class KnnModel implements Estimator {
  private final int k;
  private final int labelCount;
  private final List<SparseVector> documents;
  private final int[][] documentLabels;
  private final int[][] postingDocs;
  private final float[][] postingValues;

  KnnModel(int k, int labelCount, int featureCount, List<SparseVector> documents, int[][] documentLabels) {
    this.k = k;
    this.labelCount = labelCount;
    this.documents = List.copyOf(documents);
    this.documentLabels = documentLabels;
    int[] counts = new int[featureCount];
    for (SparseVector d : documents) {
      for (int f : d.indices()) {
        counts[f]++;
      }
    }
    postingDocs = new int[featureCount][];
    postingValues = new float[featureCount][];
    for (int f = 0; f < featureCount; f++) {
      postingDocs[f] = new int[counts[f]];
      postingValues[f] = new float[counts[f]];
      counts[f] = 0;
    }
    for (int d = 0; d < documents.size(); d++) {
      SparseVector vector = documents.get(d);
      for (int j = 0; j < vector.size(); j++) {
        int f = vector.indices()[j];
        postingDocs[f][counts[f]] = d;
        postingValues[f][counts[f]++] = vector.values()[j];
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
    double[] sims = new double[documents.size()];
    for (int j = 0; j < x.size(); j++) {
      int f = x.indices()[j];
      float v = x.values()[j];
      int[] docs = postingDocs[f];
      float[] values = postingValues[f];
      for (int p = 0; p < docs.length; p++) {
        sims[docs[p]] += v * values[p];
      }
    }
    int[] top = topK(sims, k);
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

  /** Indices of the k largest positive values, best first; ties to the lower index. */
  static int[] topK(double[] values, int k) {
    List<Integer> best = new ArrayList<>(k + 1);
    for (int i = 0; i < values.length; i++) {
      if (values[i] <= 0 || (best.size() == k && values[i] <= values[best.get(k - 1)])) {
        continue;
      }
      int at = best.size();
      while (at > 0 && values[best.get(at - 1)] < values[i]) {
        at--;
      }
      best.add(at, i);
      if (best.size() > k) {
        best.remove(k);
      }
    }
    return best.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(k);
    out.writeInt(labelCount);
    out.writeInt(postingDocs.length);
    out.writeInt(documents.size());
    for (int d = 0; d < documents.size(); d++) {
      SparseVector vector = documents.get(d);
      out.writeInt(vector.size());
      for (int j = 0; j < vector.size(); j++) {
        out.writeInt(vector.indices()[j]);
        out.writeFloat(vector.values()[j]);
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
