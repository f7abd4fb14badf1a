package org.medcode.coder.training;

import java.util.Arrays;
import java.util.List;

/**
 * A small dense binary logistic regression: {@code p = 1 / (1 + exp(-(b + w·x)))}, fitted by Newton's method
 * (iteratively reweighted least squares) with an L2 penalty on the weights (not on the intercept). Deterministic: the same
 * rows give the same weights. For second-stage scorers over a handful of features (a rules coder's candidate codes, an
 * ensemble's member scores), where rows are thousands and features tens. Immutable.
 *
 * @param weights the intercept first, then one weight per feature
 */
public record Logistic(double[] weights) {
  private static final int MAX_ROUNDS = 50;
  private static final double TOLERANCE = 1e-9;

  public Logistic {
    weights = weights.clone();
  }

  /** One training row: features and whether it is a positive. */
  public record Row(double[] features, boolean positive) {}

  /** Fits on rows (all with the same number of features); {@code l2} is the penalty on the sum of squared weights. */
  public static Logistic fit(List<Row> rows, double l2) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no rows to fit");
    }
    int d = rows.get(0).features().length + 1;
    double[] w = new double[d];
    long positives = rows.stream().filter(Row::positive).count();
    // start from the base rate, which is the answer when no feature helps
    double rate = (positives + 0.5) / (rows.size() + 1.0);
    w[0] = Math.log(rate / (1 - rate));
    for (int round = 0; round < MAX_ROUNDS; round++) {
      double[] gradient = new double[d];
      double[][] hessian = new double[d][d];
      for (Row row : rows) {
        double[] x = withIntercept(row.features());
        double p = sigmoid(dot(w, x));
        double residual = (row.positive() ? 1 : 0) - p;
        double curvature = Math.max(p * (1 - p), 1e-12);
        for (int i = 0; i < d; i++) {
          gradient[i] += residual * x[i];
          for (int j = 0; j <= i; j++) {
            hessian[i][j] += curvature * x[i] * x[j];
          }
        }
      }
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < i; j++) {
          hessian[j][i] = hessian[i][j];
        }
        if (i > 0) {
          gradient[i] -= l2 * w[i];
          hessian[i][i] += l2;
        }
        hessian[i][i] += 1e-9;
      }
      double[] step = solve(hessian, gradient);
      double change = 0;
      for (int i = 0; i < d; i++) {
        w[i] += step[i];
        change = Math.max(change, Math.abs(step[i]));
      }
      if (change < TOLERANCE) {
        break;
      }
    }
    return new Logistic(w);
  }

  /** The probability of a positive for these features. */
  public double probability(double[] features) {
    return sigmoid(dot(weights, withIntercept(features)));
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Logistic other && Arrays.equals(weights, other.weights);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    return "Logistic" + Arrays.toString(weights);
  }

  private static double[] withIntercept(double[] features) {
    double[] x = new double[features.length + 1];
    x[0] = 1;
    System.arraycopy(features, 0, x, 1, features.length);
    return x;
  }

  private static double dot(double[] w, double[] x) {
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += w[i] * x[i];
    }
    return sum;
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /** Solves a symmetric positive definite system by Gaussian elimination with partial pivoting. */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
          pivot = row;
        }
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      if (Math.abs(m[col][col]) < 1e-300) {
        continue;
      }
      for (int row = col + 1; row < n; row++) {
        double factor = m[row][col] / m[col][col];
        for (int k = col; k <= n; k++) {
          m[row][k] -= factor * m[col][k];
        }
      }
    }
    double[] x = new double[n];
    for (int row = n - 1; row >= 0; row--) {
      double sum = m[row][n];
      for (int k = row + 1; k < n; k++) {
        sum -= m[row][k] * x[k];
      }
      x[row] = Math.abs(m[row][row]) < 1e-300 ? 0 : sum / m[row][row];
    }
    return x;
  }
}
