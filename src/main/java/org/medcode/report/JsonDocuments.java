package org.medcode.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.medcode.eval.PairedComparison;

/**
 * The one JSON document {@code --json} prints on stdout for scripts and notebooks: {@code command}, the {@code folder}
 * written, and the results as the files hold them ({@code evaluate}: the metrics.json tree; {@code run}: per coder its
 * counts and metrics.json tree; {@code compare}: every difference; {@code gate}: its gate.json). Formats only.
 */
public final class JsonDocuments {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonDocuments() {}

  /** {@code evaluate}: the folder and the evaluation's metrics.json. */
  public static String evaluate(EvaluationReport report, Path folder) {
    ObjectNode root = root("evaluate", folder);
    root.set("result", MetricsJson.tree(report));
    return text(root);
  }

  /**
   * {@code run}: the folder, whether the run is complete and why not, per coder its counts and metrics.json, and the
   * gate's verdict ({@code gate.json}, read from {@code gateFolder}) when the run was gated, else null.
   */
  public static String run(List<CoderReport> coders, Path folder, boolean complete, List<String> problems, Path gateFolder,
      java.util.Optional<org.medcode.study.StudyResult> study) {
    ObjectNode root = root("run", folder);
    root.put("complete", complete);
    ArrayNode list = root.putArray("problems");
    problems.forEach(list::add);
    ObjectNode byCoder = root.putObject("coders");
    for (CoderReport coder : coders) {
      ObjectNode node = byCoder.putObject(coder.coder());
      node.put("admissions", coder.admissions());
      node.put("answered", coder.answered());
      node.put("empty", coder.empty());
      node.put("failed", coder.failed());
      node.put("never_coded", Math.max(0, coder.admissions() - coder.answered() - coder.failed()));
      node.put("not_measured", coder.notMeasured().orElse(null));
      ObjectNode kinds = node.putObject("failures_by_kind");
      coder.failuresByKind().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
          .forEach(e -> kinds.put(e.getKey(), e.getValue()));
      node.set("result", MetricsJson.tree(coder));
    }
    if (gateFolder == null) {
      root.putNull("gate");
    } else {
      root.set("gate", gateJson(gateFolder));
    }
    if (study.isEmpty()) {
      root.putNull("study");
    } else {
      root.set("study", study(study.get()));
    }
    return text(root);
  }

  /**
   * A study's published-versus-this-run table, one row per figure and coder, with the columns of study.csv (those that
   * are the same on every row, name, code_table and source, once).
   */
  private static ObjectNode study(org.medcode.study.StudyResult study) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", study.study().name());
    node.put("dataset", study.dataset());
    node.put("admissions", study.admissions());
    node.put("code_table", study.codeTable());
    node.put("confidence", study.confidence());
    node.put("source", StudyReports.source(study.study())); // study.csv's source column: where the published figures are
    ArrayNode rows = node.putArray("rows");
    for (org.medcode.study.StudyRow row : study.rows()) {
      ObjectNode r = rows.addObject();
      r.put("coder", row.coder());
      r.put("figure", row.metric());
      r.put("label", row.label());
      r.put("published", row.published() == null ? null : row.published().text());
      MetricsJson.number(r, "published_low", row.published() == null ? Double.NaN : row.published().low());
      MetricsJson.number(r, "published_high", row.published() == null ? Double.NaN : row.published().high());
      MetricsJson.number(r, "value", row.run() == null ? Double.NaN : row.run().value());
      MetricsJson.number(r, "ci_low", row.run() == null ? Double.NaN : row.run().ciLow());
      MetricsJson.number(r, "ci_high", row.run() == null ? Double.NaN : row.run().ciHigh());
      r.put("inside", row.inside().label());
      r.put("note", row.note());
    }
    ArrayNode notes = node.putArray("notes");
    study.notes().forEach(notes::add);
    return node;
  }

  /** {@code compare}: the folder and every comparison's differences (B − A, paired interval, p-value). */
  public static String compare(List<PairedComparison> comparisons, Path folder) {
    ObjectNode root = root("compare", folder);
    ArrayNode list = root.putArray("comparisons");
    for (PairedComparison c : comparisons) {
      ObjectNode node = list.addObject();
      node.put("coder_a", c.labelA());
      node.put("coder_b", c.labelB());
      node.put("admissions", c.admissions());
      node.put("resamples", c.resamples());
      node.put("seed", c.seed());
      node.put("permutations", c.permutations());
      node.put("confidence", c.confidence());
      node.put("invalid_policy", c.invalidPolicy().label());
      node.put("population", c.population().label());
      ArrayNode differences = node.putArray("differences");
      for (PairedComparison.Difference d : c.differences()) {
        ObjectNode difference = differences.addObject();
        difference.put("granularity", d.key().granularity().label());
        difference.put("averaging", d.key().averaging().label());
        difference.put("metric", d.key().metricLabel());
        MetricsJson.number(difference, "a", d.a());
        MetricsJson.number(difference, "b", d.b());
        MetricsJson.number(difference, "difference", d.difference());
        MetricsJson.number(difference, "ci_low", d.ciLow());
        MetricsJson.number(difference, "ci_high", d.ciHigh());
        MetricsJson.number(difference, "p_value", d.pValue());
      }
      node.put("improved_admissions", c.changedAdmissions().stream().filter(PairedComparison.AdmissionChange::improved).count());
      node.put("regressed_admissions", c.changedAdmissions().stream().filter(PairedComparison.AdmissionChange::regressed).count());
      // changed_admissions.csv's same_f1 rows: found gold codes changed, exact F1 did not (the three add up to its rows)
      node.put("same_f1_admissions", c.changedAdmissions().stream().filter(a -> !a.improved() && !a.regressed()).count());
      ArrayNode notes = node.putArray("notes");
      c.notes().forEach(notes::add);
    }
    return text(root);
  }

  /** {@code gate}: the folder and the verdict exactly as its gate.json holds it (verdict, exit code, every rule). */
  public static String gate(Path folder) {
    ObjectNode root = root("gate", folder);
    root.set("result", gateJson(folder));
    return text(root);
  }

  private static ObjectNode root(String command, Path folder) {
    ObjectNode root = JSON.createObjectNode();
    root.put("command", command);
    root.put("folder", folder.toString());
    return root;
  }

  private static JsonNode gateJson(Path folder) {
    Path file = folder.resolve("gate.json");
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String text(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
