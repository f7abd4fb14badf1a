/**
 * Published studies reproduced: a {@link org.medcode.study.Study} (what was published, by whom, with which figures)
 * and its pure judgement against one run ({@link org.medcode.study.StudyJudge}): one {@link org.medcode.study.StudyRow}
 * per coder and figure, with the published value or range, this run's value and interval (95 % unless
 * {@code metrics.confidence} says otherwise; from the engine, or a derived figure on the engine's own resamples,
 * {@link org.medcode.eval.DerivedFigures}) and whether the published figure lies inside the interval. Reading study files and running them is {@code run.studies}'s job, writing the table the
 * report layer's. Depends on eval, dataset, prediction and codesystem only; no I/O.
 */
package org.medcode.study;
