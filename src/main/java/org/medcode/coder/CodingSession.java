package org.medcode.coder;

import java.nio.file.Path;

/**
 * What a coder learns when the run is about to ask it for admissions ({@link Coder#prepare}): its own folder in the run
 * folder (where state that must survive a killed run lives, e.g. the batches it submitted) and what it may still spend
 * in this run folder ({@code budget}; infinite when the run has no cost budget), and whether the run codes failed
 * admissions again ({@code --retry-failed}).
 */
public record CodingSession(Path folder, double budget, boolean retryFailed) {}
