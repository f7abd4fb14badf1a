package org.medcode.run.engine;

import java.nio.file.Path;
import java.util.Map;
import org.medcode.MedcodeException;

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

  /** The dataset spec to train on: {@code dataset} with its split replaced by {@code split} when one is given. */
  public String datasetSpec() {
    if (split == null) {
      return dataset;
    }
    String[] parts = dataset.split(":", -1);
    if (parts.length != 4 || !parts[0].equalsIgnoreCase("codiesp")) {
      throw new MedcodeException("--split works with codiesp:SPLIT:LANG:TASK datasets; name the split in --dataset instead");
    }
    parts[1] = split;
    return String.join(":", parts);
  }
}
