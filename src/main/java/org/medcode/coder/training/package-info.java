/**
 * The training kit the coders that learn share ({@code ml-linear}, {@code ml-knn}, {@code embed-retrieval}): the model
 * manifest ({@link org.medcode.coder.training.ModelManifest}), frozen decision thresholds and their tuning on a
 * validation part of the training split ({@link org.medcode.coder.training.ThresholdTuner}), helpers over training
 * admissions (gold sets, content hash, the seeded validation carve) and model folders written in one style and
 * published atomically ({@link org.medcode.coder.training.ModelFolders}). May depend on dataset and codesystem only.
 */
package org.medcode.coder.training;
