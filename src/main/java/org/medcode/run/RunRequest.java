package org.medcode.run;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code medcode run} should do: a config file (null = {@code configs/default.yaml}), {@code --set key=value}
 * overrides, an optional split replacing the dataset spec's split, optional coder names replacing the config's coders
 * (parameters kept from the config when it has that coder) and an optional run folder (the worker threads are the
 * config's {@code threads}).
 */
public record RunRequest(Path config, List<String> overrides, String split, List<String> coders, Path out) {
  public RunRequest {
    overrides = List.copyOf(overrides);
    coders = List.copyOf(coders);
  }
}
