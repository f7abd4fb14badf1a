package org.medcode.coder.embed;

import java.util.List;

/** Turns texts into unit-length vectors of one fixed dimension; {@link #modelId} names the model (part of cache keys). */
public interface SentenceEmbedder {

  String modelId();

  /** One unit-length vector per text, in order. */
  float[][] embed(List<String> texts);
}
