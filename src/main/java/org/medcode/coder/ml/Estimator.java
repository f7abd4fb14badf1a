package org.medcode.coder.ml;

import java.io.DataOutputStream;
import java.io.IOException;

/** A fitted scorer over TF-IDF vectors: one score per label index (higher = more likely). Immutable, thread-safe. */
public sealed interface Estimator permits LinearModel, KnnModel {

  /** A score for every label index. */
  double[] scores(SparseVector x);

  /** Writes the estimator's parameters (see {@link ModelStore}). */
  void write(DataOutputStream out) throws IOException;
}
