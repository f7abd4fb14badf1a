package org.medcode.run.engine;

import java.nio.file.Path;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.eval.AnalysisMode;
import org.medcode.eval.EvalOptions;
import org.medcode.prediction.PredictionFormat;

/**
 * What {@code medcode evaluate} should do. {@code dataset} is a dataset spec such as {@code codiesp:dev:en:D};
 * {@code format}, {@code system}, {@code year}, {@code codeTable} and {@code out} may be null (then: guessed from the
 * file name; the dataset's only system; FY2018 for CodiEsp, else FY2026; the official table; a new folder under
 * {@code results/}). {@code analysis} says whether the analyses (strata, errors, coverage) run too.
 */
public record EvaluateSpec(String dataset, Path predictions, PredictionFormat format, CodeSystemId system, String year,
    Path codeTable, EvalOptions options, AnalysisMode analysis, Path out) {
  /** With every analysis. */
  public EvaluateSpec(String dataset, Path predictions, PredictionFormat format, CodeSystemId system, String year,
      Path codeTable, EvalOptions options, Path out) {
    this(dataset, predictions, format, system, year, codeTable, options, AnalysisMode.FULL, out);
  }
}
