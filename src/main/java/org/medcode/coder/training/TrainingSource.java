package org.medcode.coder.training;

/** Where training admissions came from, when the caller knows (the {@code medcode train} command does). */
public record TrainingSource(String spec, String datasetFingerprint) {
  public static final TrainingSource UNKNOWN = new TrainingSource(null, null);
}
