package org.medcode.run;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code medcode train} should do: the training dataset spec, an optional split replacing a codiesp spec's split,
 * the coder (ml-linear, ml-knn or embed-retrieval) and its parameters, the code system and table year (null = from
 * the dataset) or a user code table file (null = the official table), the seed (carves the validation part and seeds
 * SGD) and the model folder (null = results/models/...).
 */
public record TrainRequest(String dataset, String split, String coder, Map<String, String> parameters, String system,
    String year, Path codeTable, long seed, Path out) {
  public TrainRequest {
    parameters = Map.copyOf(parameters);
  }
}
