package org.medcode.run.gating;

import java.nio.file.Path;

/** What {@code medcode baseline} should write: coder {@code coder} (null = the run's only coder) of a run, to a file. */
public record BaselineSpec(Path run, String coder, Path out) {}
