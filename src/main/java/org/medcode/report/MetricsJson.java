package org.medcode.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.Optional;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.Estimate;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.InvalidStats;
import org.medcode.eval.LevelResult;
import org.medcode.eval.MetricKey;

/**
 * {@code metrics.json}: every number of an evaluation with its context, as one JSON document whose shape is stable:
 * {@code levels.<granularity>.metrics.<averaging>.<metric> = {value, ci_low, ci_high}} (bounds null when no interval).
 * A coder that was not measured ({@link CoderReport#notMeasured}) has {@code not_measured} (why) and null for every
 * metric, count and the invalid rate: the zeros of its empty log measure nothing.
 */
final class MetricsJson {
  static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MetricsJson() {}

  static void write(EvaluationReport report, Optional<String> notMeasured, Writer out) throws IOException {
    JSON.writeValue(out, tree(report, notMeasured));
  }

  static ObjectNode tree(EvaluationReport report) {
    return tree(report, Optional.empty());
  }

  /** The document of a coder's evaluation; without numbers when it was not measured. */
  static ObjectNode tree(CoderReport coder) {
    return tree(coder.evaluation(), coder.notMeasured());
  }

  private static ObjectNode tree(EvaluationReport report, Optional<String> notMeasured) {
    EvaluationResult result = report.result();
    boolean measured = notMeasured.isEmpty();
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA_VERSION);
    root.putObject("tool").put("name", "medcode-bench").put("version", report.toolVersion());
    root.put("created", report.created());
    notMeasured.ifPresent(why -> root.put("not_measured", why));

    ObjectNode dataset = root.putObject("dataset");
    dataset.put("spec", report.dataset().spec());
    dataset.put("fingerprint", report.dataset().fingerprint());
    dataset.put("admissions", report.dataset().admissions());
    strings(dataset.putArray("warnings"), report.dataset().warnings());

    EvaluationReport.PredictionsInfo p = report.predictions();
    ObjectNode predictions = root.putObject("predictions");
    predictions.put("file", p.file());
    predictions.put("format", p.format());
    predictions.put("rows", p.rows());
    predictions.put("duplicates_removed", p.duplicates());
    strings(predictions.putArray("duplicate_examples"), p.duplicateExamples());
    predictions.put("admissions", p.admissions());
    predictions.put("unknown_admissions", p.unknownAdmissions());
    strings(predictions.putArray("unknown_admission_examples"), p.unknownExamples());

    root.putObject("code_table").put("system", result.codeSystem()).put("version", result.codeTable());

    EvalOptions options = result.options();
    ObjectNode settings = root.putObject("settings");
    settings.put("invalid_policy", options.invalid().label());
    settings.put("bootstrap_resamples", options.bootstrap());
    settings.put("confidence", options.confidence());
    settings.put("seed", options.seed());
    settings.put("resample_unit", options.groupByPatient() ? "patient" : "admission");
    settings.put("macro_intervals", options.macroIntervals());
    settings.put("intervals", options.intervals().label());
    settings.put("population", options.population().label());
    ArrayNode ks = settings.putArray("k");
    options.ks().forEach(ks::add);

    root.put("admissions", result.admissions());
    root.put("admissions_with_predictions", result.admissionsWithPredictions());

    InvalidStats invalid = result.invalid();
    ObjectNode codes = root.putObject("code_validity");
    codes.put("predicted", invalid.predicted());
    codes.put("predicted_invalid", invalid.invalid());
    codes.put("predicted_malformed", invalid.malformed());
    codes.put("predicted_not_in_table", invalid.notInTable());
    codes.put("predicted_header", invalid.header());
    number(codes, "invalid_rate", measured ? invalid.invalidRate() : Double.NaN);
    codes.put("gold", invalid.gold());
    codes.put("gold_malformed", invalid.goldMalformed());
    codes.put("gold_not_in_table", invalid.goldNotInTable());
    codes.put("gold_header", invalid.goldHeader());

    ObjectNode levels = root.putObject("levels");
    for (LevelResult level : result.levels()) {
      ObjectNode node = levels.putObject(level.granularity().label());
      node.put("level_name", level.levelName());
      ObjectNode counts = node.putObject("counts");
      if (measured) {
        counts.put("tp", level.micro().tp()).put("fp", level.micro().fp()).put("fn", level.micro().fn());
      } else {
        counts.putNull("tp").putNull("fp").putNull("fn");
      }
      node.put("codes", level.perCode().size());
      ObjectNode metrics = node.putObject("metrics");
      for (Map.Entry<MetricKey, Estimate> entry : result.metrics().entrySet()) {
        MetricKey key = entry.getKey();
        if (key.granularity() != level.granularity()) {
          continue;
        }
        ObjectNode byAveraging = metrics.has(key.averaging().label())
            ? (ObjectNode) metrics.get(key.averaging().label()) : metrics.putObject(key.averaging().label());
        ObjectNode value = byAveraging.putObject(key.metricLabel());
        number(value, "value", measured ? entry.getValue().value() : Double.NaN);
        number(value, "ci_low", measured ? entry.getValue().ciLow() : Double.NaN);
        number(value, "ci_high", measured ? entry.getValue().ciHigh() : Double.NaN);
      }
    }
    strings(root.putArray("notes"), result.notes());
    return root;
  }

  /** Puts a number, or null for NaN (no value, no interval). */
  static void number(ObjectNode node, String field, double value) {
    if (Double.isNaN(value)) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  private static void strings(ArrayNode array, java.util.List<String> values) {
    values.forEach(array::add);
  }
}
