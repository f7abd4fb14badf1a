/**
 * Gating input and output: reads gate files, run folders and baselines (a run folder, a coder's metrics.json or a
 * baseline file written by {@code medcode baseline}), hands the numbers to the pure judgement of
 * {@code org.medcode.gate}, and writes baseline files. May depend on the engine (stored runs), the run records, the
 * workspace, gate and eval.
 */
package org.medcode.run.gating;
