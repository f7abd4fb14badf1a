package org.medcode.coder.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fits one-vs-rest L2-regularised logistic regression for all labels at once by stochastic gradient descent over
 * sparse unit-length vectors: each epoch visits the documents in a seeded random order; the learning rate of epoch e
 * is {@code learningRate / sqrt(1 + e)}; positive examples of a label weigh {@code positiveWeight}; L2 decay is applied
 * lazily through a global scale. Weights with absolute value below {@code minWeight} are then dropped, which keeps
 * the model small (most feature-label pairs never co-occur). Deterministic for a given seed.
 */
public final class LogisticRegression {
  /** Training settings; part of the model's parameters and cache key. */
  public record Settings(int epochs, double learningRate, double l2, double positiveWeight, double minWeight) {
    public Settings {
      if (epochs < 1 || learningRate <= 0 || l2 < 0 || positiveWeight <= 0 || minWeight < 0) {
        throw new IllegalArgumentException("invalid logistic regression settings");
      }
    }
  }

  private LogisticRegression() {}

  /**
   * @param xs training vectors
   * @param ys for each vector, the ascending indices of its labels
   * @param labelCount number of labels
   * @param featureCount number of features
   */
  public static LinearModel fit(List<SparseVector> xs, List<int[]> ys, int labelCount, int featureCount, Settings settings,
      long seed) {
    int n = xs.size();
    int L = labelCount;
    float[] w = new float[Math.multiplyExact(featureCount, L)];
    double[] bias = new double[L];
    // start each bias at the label's log-odds so rare labels do not spend the first epoch learning their prior
    int[] positives = new int[L];
    for (int[] y : ys) {
      for (int l : y) {
        positives[l]++;
      }
    }
    for (int l = 0; l < L; l++) {
      double p = (positives[l] + 0.5) / (n + 1.0);
      bias[l] = Math.log(p / (1 - p));
    }
    double scale = 1.0;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    // float work arrays keep the two inner loops (axpy over the labels) simple enough for the JIT to vectorise
    float[] z = new float[L];
    float[] step = new float[L];
    boolean[] isPositive = new boolean[L];
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      shuffle(order, random);
      double rate = settings.learningRate() / Math.sqrt(1 + epoch);
      double decay = 1 - rate * settings.l2();
      for (int i : order) {
        SparseVector x = xs.get(i);
        int[] idx = x.indices();
        float[] val = x.values();
        java.util.Arrays.fill(z, 0f);
        for (int k = 0; k < idx.length; k++) {
          axpy((float) (val[k] * scale), w, idx[k] * L, z, L);
        }
        for (int l : ys.get(i)) {
          isPositive[l] = true;
        }
        for (int l = 0; l < L; l++) {
          double p = 1 / (1 + Math.exp(-(bias[l] + z[l])));
          double g = isPositive[l] ? settings.positiveWeight() * (1 - p) : -p;
          step[l] = (float) (rate * g);
          bias[l] += rate * g;
        }
        for (int l : ys.get(i)) {
          isPositive[l] = false;
        }
        scale *= decay;
        if (scale < 1e-6) {
          for (int j = 0; j < w.length; j++) {
            w[j] *= (float) scale;
          }
          scale = 1.0;
        }
        double inverse = 1 / scale;
        for (int k = 0; k < idx.length; k++) {
          addScaled(step, (float) (val[k] * inverse), w, idx[k] * L, L);
        }
      }
    }
    int[][] labels = new int[featureCount][];
    float[][] weights = new float[featureCount][];
    List<Integer> keptLabels = new ArrayList<>();
    List<Float> keptWeights = new ArrayList<>();
    for (int f = 0; f < featureCount; f++) {
      keptLabels.clear();
      keptWeights.clear();
      for (int l = 0; l < L; l++) {
        float value = (float) (w[f * L + l] * scale);
        if (Math.abs(value) >= settings.minWeight() && value != 0) {
          keptLabels.add(l);
          keptWeights.add(value);
        }
      }
      labels[f] = keptLabels.stream().mapToInt(Integer::intValue).toArray();
      weights[f] = new float[keptWeights.size()];
      for (int j = 0; j < weights[f].length; j++) {
        weights[f][j] = keptWeights.get(j);
      }
    }
    float[] b = new float[L];
    for (int l = 0; l < L; l++) {
      b[l] = (float) bias[l];
    }
    return new LinearModel(b, labels, weights);
  }

  /** {@code z[l] += a * w[base + l]} for every label. */
  private static void axpy(float a, float[] w, int base, float[] z, int n) {
    for (int l = 0; l < n; l++) {
      z[l] += a * w[base + l];
    }
  }

  /** {@code w[base + l] += a * step[l]} for every label. */
  private static void addScaled(float[] step, float a, float[] w, int base, int n) {
    for (int l = 0; l < n; l++) {
      w[base + l] += a * step[l];
    }
  }

  static void shuffle(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
