package org.medcode.coder.ml;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Fits one-vs-rest L2-regularised logistic regression for all labels at once by stochastic gradient descent over
 * sparse unit-length vectors: each epoch visits the documents in a seeded random order; the learning rate of epoch e
 * is {@code learningRate / sqrt(1 + e)}; positive examples of a label weigh {@code positiveWeight}; L2 decay is applied
 * lazily through a global scale. Weights with absolute value below {@code minWeight} are then dropped, which keeps
 * the model small (most feature-label pairs never co-occur). Deterministic for a given seed.
 *
 * <p>One label's weights never influence another's, and the visiting order and the decay scale are the same for all,
 * so the labels are trained in blocks (up to {@value #MAX_BLOCK}, about four per thread) on parallel threads, each
 * block over every epoch and document on its own: the same arithmetic per label as one pass over all labels, whatever
 * the block size and the number of threads, with a features × block weight matrix per thread instead of features ×
 * labels, and far fewer cache misses.
 */
public final class LogisticRegression {
  /** The most labels trained together (their weights of one feature are adjacent); measured best on 2 cores. */
  static final int MAX_BLOCK = 256;

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
    int[][] orders = new int[settings.epochs()][];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int epoch = 0; epoch < orders.length; epoch++) {
      shuffle(order, random);
      orders[epoch] = order.clone();
    }
    int width = blockWidth(labelCount, Runtime.getRuntime().availableProcessors());
    int blocks = (labelCount + width - 1) / width;
    Block[] fitted = IntStream.range(0, blocks).parallel()
        .mapToObj(b -> fitBlock(xs, ys, b * width, Math.min(labelCount, (b + 1) * width), featureCount, settings, orders))
        .toArray(Block[]::new);
    int[][] labels = new int[featureCount][];
    float[][] weights = new float[featureCount][];
    float[] bias = new float[labelCount];
    for (Block block : fitted) {
      System.arraycopy(block.bias, 0, bias, block.first, block.bias.length);
    }
    for (int f = 0; f < featureCount; f++) {
      int size = 0;
      for (Block block : fitted) {
        size += block.offsets[f + 1] - block.offsets[f];
      }
      labels[f] = new int[size];
      weights[f] = new float[size];
      int at = 0;
      for (Block block : fitted) {
        for (int j = block.offsets[f]; j < block.offsets[f + 1]; j++) {
          labels[f][at] = block.first + block.labels[j];
          weights[f][at++] = block.weights[j];
        }
      }
    }
    return new LinearModel(bias, labels, weights);
  }

  /** About four blocks per thread (so that threads finish together), a multiple of 16 from 16 to {@value #MAX_BLOCK}. */
  static int blockWidth(int labelCount, int threads) {
    int perBlock = (labelCount + 4 * threads - 1) / (4 * threads);
    return Math.max(16, Math.min(MAX_BLOCK, (perBlock + 15) / 16 * 16));
  }

  /** The kept weights of labels {@code first} up to before {@code first + bias.length}, by feature (offsets per feature). */
  private record Block(int first, float[] bias, int[] offsets, int[] labels, float[] weights) {}

  private static Block fitBlock(List<SparseVector> xs, List<int[]> ys, int first, int end, int featureCount,
      Settings settings, int[][] orders) {
    int n = xs.size();
    int width = end - first;
    // one array per feature: the JIT vectorises the loops over a row only when the row starts at index 0
    float[][] w = new float[featureCount][width];
    double[] bias = new double[width];
    // start each bias at the label's log-odds so rare labels do not spend the first epoch learning their prior
    int[] positives = new int[width];
    int[][] blockLabels = new int[n][];
    for (int i = 0; i < n; i++) {
      int[] y = ys.get(i);
      int from = lowerBound(y, first);
      int to = lowerBound(y, end);
      blockLabels[i] = new int[to - from];
      for (int j = from; j < to; j++) {
        blockLabels[i][j - from] = y[j] - first;
        positives[y[j] - first]++;
      }
    }
    for (int l = 0; l < width; l++) {
      double p = (positives[l] + 0.5) / (n + 1.0);
      bias[l] = Math.log(p / (1 - p));
    }
    double scale = 1.0;
    // float work arrays keep the two inner loops (axpy over the labels) simple enough for the JIT to vectorise
    float[] z = new float[width];
    float[] step = new float[width];
    boolean[] isPositive = new boolean[width];
    for (int epoch = 0; epoch < orders.length; epoch++) {
      double rate = settings.learningRate() / Math.sqrt(1 + epoch);
      double decay = 1 - rate * settings.l2();
      for (int i : orders[epoch]) {
        SparseVector x = xs.get(i);
        int[] idx = x.indices();
        float[] val = x.values();
        Arrays.fill(z, 0f);
        for (int k = 0; k < idx.length; k++) {
          axpy((float) (val[k] * scale), w[idx[k]], z);
        }
        for (int l : blockLabels[i]) {
          isPositive[l] = true;
        }
        for (int l = 0; l < width; l++) {
          double p = 1 / (1 + Math.exp(-(bias[l] + z[l])));
          double g = isPositive[l] ? settings.positiveWeight() * (1 - p) : -p;
          step[l] = (float) (rate * g);
          bias[l] += rate * g;
        }
        for (int l : blockLabels[i]) {
          isPositive[l] = false;
        }
        scale *= decay;
        if (scale < 1e-6) {
          for (float[] row : w) {
            for (int l = 0; l < width; l++) {
              row[l] *= (float) scale;
            }
          }
          scale = 1.0;
        }
        double inverse = 1 / scale;
        for (int k = 0; k < idx.length; k++) {
          addScaled(step, (float) (val[k] * inverse), w[idx[k]]);
        }
      }
    }
    int[] offsets = new int[featureCount + 1];
    int kept = 0;
    for (float[] row : w) {
      for (float weight : row) {
        float value = (float) (weight * scale);
        if (Math.abs(value) >= settings.minWeight() && value != 0) {
          kept++;
        }
      }
    }
    int[] labels = new int[kept];
    float[] weights = new float[kept];
    int at = 0;
    for (int f = 0; f < featureCount; f++) {
      for (int l = 0; l < width; l++) {
        float value = (float) (w[f][l] * scale);
        if (Math.abs(value) >= settings.minWeight() && value != 0) {
          labels[at] = l;
          weights[at++] = value;
        }
      }
      offsets[f + 1] = at;
    }
    float[] b = new float[width];
    for (int l = 0; l < width; l++) {
      b[l] = (float) bias[l];
    }
    return new Block(first, b, offsets, labels, weights);
  }

  /** The first position in ascending {@code values} holding at least {@code value}. */
  private static int lowerBound(int[] values, int value) {
    int at = Arrays.binarySearch(values, value);
    if (at < 0) {
      return -at - 1;
    }
    while (at > 0 && values[at - 1] == value) {
      at--;
    }
    return at;
  }

  /** {@code z[l] += a * row[l]} for every label of the block. */
  private static void axpy(float a, float[] row, float[] z) {
    for (int l = 0; l < z.length; l++) {
      z[l] += a * row[l];
    }
  }

  /** {@code row[l] += a * step[l]} for every label of the block. */
  private static void addScaled(float[] step, float a, float[] row) {
    for (int l = 0; l < row.length; l++) {
      row[l] += a * step[l];
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
