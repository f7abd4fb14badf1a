/**
 * Coders that learn from the training split: {@code ml-linear} (TF-IDF features, one-vs-rest logistic regression)
 * and {@code ml-knn} (nearest training admissions by TF-IDF cosine). Here: the {@link
 * org.medcode.coder.ml.TfidfVectorizer}, the estimators, the trainer and the model folder ({@link
 * org.medcode.coder.ml.ModelStore}) that {@code medcode train} writes and run configs load or cache. May depend on the
 * coder SPI, the training kit, dataset and codesystem; never on eval, report, run or cli.
 */
package org.medcode.coder.ml;
