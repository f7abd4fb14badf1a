package org.medcode.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.medcode.MedcodeException;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Estimate;
import org.medcode.eval.PairedSide;
import org.medcode.gate.Scores;

/**
 * Baselines for gates, and the numbers a gate reads. A baseline is either a run folder, or a file: a coder's
 * {@code metrics.json} copied from a run (point values and intervals only), or a baseline file written by
 * {@code medcode baseline} ({@code "kind": "medcode-baseline"}: the coder's {@code metrics.json}, its answer counts and,
 * per admission, the counts at every level and the gold codes hit, so that a gate can compute paired intervals and
 * name the codes that regressed).
 */
final class Baselines {
  static final String KIND = "medcode-baseline";
  static final int SCHEMA = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = new ObjectMapper();

  private Baselines() {}

  /** A coder's answer counts as the run manifest records them. */
  record Counts(int admissions, int answered, int empty, int failed, String status) {
    static Counts of(JsonNode coder) {
      return new Counts(coder.path("admissions").asInt(), coder.path("answered").asInt(), coder.path("empty").asInt(),
          coder.path("failed").asInt(), coder.path("status").asText("complete"));
    }

    ObjectNode toJson() {
      return COMPACT.createObjectNode().put("admissions", admissions).put("answered", answered).put("empty", empty)
          .put("failed", failed).put("status", status);
    }
  }

  /** A baseline read: where from, its coder, its metrics.json, counts (null if unknown) and paired side (or null). */
  record Baseline(String source, String coder, JsonNode metrics, Counts counts, PairedSide paired) {
    Scores scores() {
      return Baselines.scores("baseline " + source, metrics, counts);
    }
  }

  /** Reads a coder's metrics.json. */
  static JsonNode readMetrics(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new MedcodeException(file + " does not exist: the coder has no metrics (did its run finish?)");
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new MedcodeException.BadInput(file, 0, "not valid JSON: " + e.getMessage());
    }
  }

  /** A gate's view of a metrics.json and the coder's counts (null counts: no failure or empty rate). */
  static Scores scores(String label, JsonNode metrics, Counts counts) {
    Map<String, Estimate> values = new TreeMap<>();
    for (Map.Entry<String, JsonNode> level : metrics.path("levels").properties()) {
      for (Map.Entry<String, JsonNode> averaging : level.getValue().path("metrics").properties()) {
        for (Map.Entry<String, JsonNode> name : averaging.getValue().properties()) {
          values.put(level.getKey() + "." + averaging.getKey() + "." + name.getKey(), new Estimate(
              number(name.getValue().path("value")), number(name.getValue().path("ci_low")),
              number(name.getValue().path("ci_high"))));
        }
      }
    }
    JsonNode invalid = metrics.path("code_validity").path("invalid_rate");
    if (invalid.isNumber()) {
      values.put("invalid_rate", Estimate.point(invalid.asDouble()));
    }
    if (counts != null && counts.admissions() > 0) {
      values.put("failure_rate", Estimate.point((double) counts.failed() / counts.admissions()));
      values.put("empty_rate", Estimate.point((double) counts.empty() / counts.admissions()));
    }
    return new Scores(label, values, metrics.path("settings").path("confidence").asDouble(0.95));
  }

  private static double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : Double.NaN;
  }

  /**
   * Checks that a baseline was scored like the run: same dataset, code table, invalid-code policy and population.
   * Anything else would compare numbers that do not measure the same thing.
   */
  static void checkComparable(JsonNode run, JsonNode baseline, String source) {
    String[][] fields = {{"dataset", "fingerprint", "dataset"}, {"code_table", "version", "code table"},
        {"settings", "invalid_policy", "invalid-code policy"}, {"settings", "population", "population"}};
    for (String[] field : fields) {
      String now = run.path(field[0]).path(field[1]).asText("");
      String then = baseline.path(field[0]).path(field[1]).asText("");
      if (!now.equals(then)) {
        String spec = field[0].equals("dataset") ? " (" + baseline.path("dataset").path("spec").asText() + " vs "
            + run.path("dataset").path("spec").asText() + ")" : "";
        throw new MedcodeException("the baseline " + source + " was scored with another " + field[2] + spec + ": '"
            + then + "', this run '" + now + "'; make a new baseline from a run scored like this one "
            + "(medcode baseline RUN_DIR --out FILE)");
      }
    }
  }

  /** Reads a baseline file: a baseline written by {@code medcode baseline}, or a plain metrics.json. */
  static Baseline read(Path file) {
    JsonNode root = readMetrics(file);
    if (!KIND.equals(root.path("kind").asText())) {
      if (!root.has("levels")) {
        throw new MedcodeException.BadInput(file, 0, "neither a medcode baseline nor a coder's metrics.json (no "
            + "\"levels\"); make one with: medcode baseline RUN_DIR --out FILE");
      }
      return new Baseline(file.toString(), null, root, null, null);
    }
    if (root.path("schema").asInt() != SCHEMA) {
      throw new MedcodeException.BadInput(file, 0, "baseline schema " + root.path("schema") + " is not " + SCHEMA);
    }
    Counts counts = root.has("counts") ? Counts.of(root.get("counts")) : null;
    PairedSide paired = null;
    JsonNode admissions = root.path("paired").path("admissions");
    if (admissions.isArray()) {
      paired = pairedSide(file, root.get("paired"), root.get("metrics"));
    }
    return new Baseline(file.toString(), root.path("coder").asText(null), root.get("metrics"), counts, paired);
  }

  private static PairedSide pairedSide(Path file, JsonNode paired, JsonNode metrics) {
    List<Granularity> levels = new ArrayList<>();
    for (JsonNode level : paired.path("levels")) {
      levels.add(Granularity.valueOf(level.asText().toUpperCase(java.util.Locale.ROOT)));
    }
    JsonNode admissions = paired.path("admissions");
    int n = admissions.size();
    List<String> ids = new ArrayList<>(n);
    List<Set<String>> hits = new ArrayList<>(n);
    int[][][] counts = new int[levels.size()][3][n];
    for (int i = 0; i < n; i++) {
      JsonNode admission = admissions.get(i);
      ids.add(admission.path("id").asText());
      JsonNode perLevel = admission.path("counts");
      if (perLevel.size() != levels.size()) {
        throw new MedcodeException.BadInput(file, 0, "admission " + admission.path("id").asText() + " has counts for "
            + perLevel.size() + " levels, the baseline lists " + levels.size());
      }
      for (int l = 0; l < levels.size(); l++) {
        for (int c = 0; c < 3; c++) {
          counts[l][c][i] = perLevel.get(l).get(c).asInt();
        }
      }
      Set<String> hit = new LinkedHashSet<>();
      admission.path("hits").forEach(h -> hit.add(h.asText()));
      hits.add(hit);
    }
    List<PairedSide.Level> sides = new ArrayList<>();
    for (int l = 0; l < levels.size(); l++) {
      double[] points = new double[PairedSide.METRICS.size()];
      for (int m = 0; m < points.length; m++) {
        PairedSide.MetricKeyPart part = PairedSide.METRICS.get(m);
        points[m] = metrics.path("levels").path(levels.get(l).label()).path("metrics").path(part.averaging().label())
            .path(part.metric().label(0)).path("value").asDouble(Double.NaN);
      }
      sides.add(new PairedSide.Level(levels.get(l), points, counts[l][0], counts[l][1], counts[l][2]));
    }
    return new PairedSide("baseline", ids, sides, hits);
  }

  /** Writes a baseline file: metrics, counts and the paired side, one admission per line. */
  static void write(Path file, String coder, ObjectNode origin, JsonNode metrics, Counts counts, PairedSide side) {
    ObjectNode head = JSON.createObjectNode();
    head.put("schema", SCHEMA);
    head.put("kind", KIND);
    head.put("coder", coder);
    head.set("origin", origin);
    head.set("counts", counts.toJson());
    head.set("metrics", metrics);
    try {
      StringBuilder text = new StringBuilder(JSON.writeValueAsString(head));
      text.setLength(text.lastIndexOf("}"));
      while (Character.isWhitespace(text.charAt(text.length() - 1))) {
        text.setLength(text.length() - 1);
      }
      ArrayNode levels = COMPACT.createArrayNode();
      side.levels().forEach(l -> levels.add(l.granularity().label()));
      text.append(",\n  \"paired\" : {\n    \"levels\" : ").append(COMPACT.writeValueAsString(levels))
          .append(",\n    \"admissions\" : [");
      for (int i = 0; i < side.admissionIds().size(); i++) {
        ObjectNode admission = COMPACT.createObjectNode();
        admission.put("id", side.admissionIds().get(i));
        ArrayNode perLevel = admission.putArray("counts");
        for (PairedSide.Level level : side.levels()) {
          perLevel.addArray().add(level.tp()[i]).add(level.fp()[i]).add(level.fn()[i]);
        }
        ArrayNode hit = admission.putArray("hits");
        side.hits().get(i).forEach(hit::add);
        text.append(i == 0 ? "\n      " : ",\n      ").append(COMPACT.writeValueAsString(admission));
      }
      text.append("\n    ]\n  }\n}\n");
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the baseline " + file, e);
    }
  }
}
