/**
 * The run engine: a {@link org.medcode.run.engine.RunSession} codes a config's dataset with each coder in a run folder
 * (an append-only prediction log per coder, resumable after a kill, a cost budget that reserves each admission's worst
 * case, every coder asked before anything starts whether it refuses the run), keeps the manifest current, then
 * evaluates and reports; a {@link org.medcode.run.engine.DryRun} says what a run would send and cost without running
 * it; a {@link org.medcode.run.engine.StoredRun} reads a run folder back for reports, comparisons and gates
 * ({@link org.medcode.run.engine.Reporting} rebuilds its reports). Beside runs: {@link
 * org.medcode.run.engine.FileEvaluation} scores a predictions file ({@code evaluate}) and {@link
 * org.medcode.run.engine.Training} trains a model folder ({@code train}). May depend on the workspace, the run records,
 * the coder SPI and registry, eval, report, dataset, prediction and codesystem.
 */
package org.medcode.run.engine;
