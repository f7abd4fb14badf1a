package org.medcode.coder.ml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One-vs-rest logistic regression: the probability of label l is {@code sigmoid(bias[l] + sum_f x_f * w[f][l])}. The
 * weights are stored by feature (an inverted list of the labels each feature has a non-zero weight for) so scoring
 * costs one pass over the document's features.
 */
public final class LinearModel implements Estimator {
  private final float[] bias;
  private final int[][] labels;
  private final float[][] weights;

  /** {@code labels[f]} and {@code weights[f]}: the labels feature f has a weight for, and those weights. */
  LinearModel(float[] bias, int[][] labels, float[][] weights) {
    this.bias = bias;
    this.labels = labels;
    this.weights = weights;
  }

  public int labelCount() {
    return bias.length;
  }

  public int featureCount() {
    return labels.length;
  }

  /** How many weights are non-zero (after pruning). */
  public long nonZeroWeights() {
    long n = 0;
    for (int[] l : labels) {
      n += l.length;
    }
    return n;
  }

  @Override
  public double[] scores(SparseVector x) {
    double[] z = new double[bias.length];
    for (int l = 0; l < z.length; l++) {
      z[l] = bias[l];
    }
    int[] indices = x.indices();
    float[] values = x.values();
    for (int k = 0; k < indices.length; k++) {
      int[] ls = labels[indices[k]];
      float[] ws = weights[indices[k]];
      float v = values[k];
      for (int j = 0; j < ls.length; j++) {
        z[ls[j]] += v * ws[j];
      }
    }
    for (int l = 0; l < z.length; l++) {
      z[l] = 1 / (1 + Math.exp(-z[l]));
    }
    return z;
  }

  @Override
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(bias.length);
    out.writeInt(labels.length);
    for (float b : bias) {
      out.writeFloat(b);
    }
    for (int f = 0; f < labels.length; f++) {
      out.writeInt(labels[f].length);
      for (int j = 0; j < labels[f].length; j++) {
        out.writeInt(labels[f][j]);
        out.writeFloat(weights[f][j]);
      }
    }
  }

  static LinearModel read(DataInputStream in) throws IOException {
    float[] bias = new float[in.readInt()];
    int features = in.readInt();
    for (int l = 0; l < bias.length; l++) {
      bias[l] = in.readFloat();
    }
    int[][] labels = new int[features][];
    float[][] weights = new float[features][];
    for (int f = 0; f < features; f++) {
      int n = in.readInt();
      labels[f] = new int[n];
      weights[f] = new float[n];
      for (int j = 0; j < n; j++) {
        labels[f][j] = in.readInt();
        weights[f][j] = in.readFloat();
      }
    }
    return new LinearModel(bias, labels, weights);
  }
}
