package org.medcode.coder.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (384 dimensions, mean pooling), run in-process through ONNX Runtime by LangChain4j; the weights ship
 * inside the Maven artifact, so nothing is downloaded. Loaded once per JVM (loading takes about a second).
 */
final class MiniLmEmbedder implements SentenceEmbedder {
  static final String MODEL_ID = "all-minilm-l6-v2";
  private static final int BATCH = 64;

  private static volatile MiniLmEmbedder shared;
  private final EmbeddingModel model;

  private MiniLmEmbedder() {
    this.model = new AllMiniLmL6V2EmbeddingModel();
  }

  static MiniLmEmbedder shared() {
    MiniLmEmbedder local = shared;
    if (local == null) {
      synchronized (MiniLmEmbedder.class) {
        local = shared;
        if (local == null) {
          local = new MiniLmEmbedder();
          shared = local;
        }
      }
    }
    return local;
  }

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  @Override
  public float[][] embed(List<String> texts) {
    float[][] vectors = new float[texts.size()][];
    for (int start = 0; start < texts.size(); start += BATCH) {
      List<TextSegment> batch = new ArrayList<>();
      for (int i = start; i < Math.min(texts.size(), start + BATCH); i++) {
        batch.add(TextSegment.from(texts.get(i)));
      }
      List<Embedding> embeddings = model.embedAll(batch).content();
      for (int i = 0; i < embeddings.size(); i++) {
        vectors[start + i] = unit(embeddings.get(i).vector());
      }
    }
    return vectors;
  }

  static float[] unit(float[] vector) {
    double norm = 0;
    for (float v : vector) {
      norm += (double) v * v;
    }
    float[] out = vector.clone();
    if (norm > 0) {
      float scale = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < out.length; i++) {
        out[i] *= scale;
      }
    }
    return out;
  }
}
