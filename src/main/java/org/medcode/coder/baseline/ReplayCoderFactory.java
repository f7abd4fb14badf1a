package org.medcode.coder.baseline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderResult;
import org.medcode.coder.Egress;
import org.medcode.prediction.Prediction;
import org.medcode.prediction.PredictionFormat;
import org.medcode.prediction.PredictionReader;
import org.medcode.prediction.PredictionSet;

/**
 * {@code replay}: predictions made elsewhere (e.g. by a Python model) read from a file, so they are scored, stored
 * and compared exactly like any coder's. An admission the file does not mention gets no code.
 */
public final class ReplayCoderFactory implements CoderFactory {
  @Override
  public String name() {
    return "replay";
  }

  @Override
  public String description() {
    return "predictions read from a file made elsewhere (TSV, CSV or JSONL, as medcode evaluate reads them)";
  }

  @Override
  public List<CoderParameter> parameters() {
    return List.of(
        new CoderParameter("file", "the predictions file", null, CoderParameter.Type.PATH),
        new CoderParameter("format", "tsv, csv or jsonl (default: from the file name)", "auto", CoderParameter.Type.CHOICE));
  }

  private static PredictionFormat format(String text) {
    for (PredictionFormat format : PredictionFormat.values()) {
      if (format.label().equalsIgnoreCase(text.trim())) {
        return format;
      }
    }
    throw new org.medcode.MedcodeException("coder replay: parameter 'format' must be auto, tsv, csv or jsonl, got '" + text + "'");
  }

  /** Local: reads a local predictions file. */
  @Override
  public Egress egress(Map<String, String> parameters) {
    return Egress.local();
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    Path file = Path.of(parameters.get("file"));
    String format = parameters.get("format");
    PredictionSet set = "auto".equalsIgnoreCase(format) ? PredictionReader.read(file) : PredictionReader.read(file, format(format));
    Map<String, Prediction> byAdmission = set.byAdmission();
    return admission -> {
      Prediction prediction = byAdmission.get(admission.id());
      if (prediction == null) {
        return CoderResult.empty();
      }
      return new CoderResult(prediction.codes().stream().map(c -> new CodeSuggestion(c.code(), c.score())).toList());
    };
  }
}
