package org.medcode.run.gating;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Estimate;
import org.medcode.eval.PairedSide;
import org.medcode.gate.Scores;
import org.medcode.run.record.RunManifest;

/**
 * Baselines for gates, and the numbers a gate reads. A baseline is either a run folder, or a file: a coder's
 * {@code metrics.json} copied from a run (point values and intervals only), or a baseline file written by
 * {@code medcode baseline} ({@link BaselineFile}, {@code "kind": "medcode-baseline"}: the coder's {@code metrics.json},
 * its answer counts and, per admission, the counts at every level and the gold codes hit, so that a gate can compute
 * paired intervals and name the codes that regressed).
 */
final class Baselines {
  static final String KIND = "medcode-baseline";
  static final int SCHEMA = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // a key given twice in a hand-edited file is an error, never the last one silently winning
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper COMPACT = new ObjectMapper();

  private Baselines() {}

  /** A coder's answer counts as the run manifest records them. */
  record Counts(int admissions, int answered, int empty, int failed, String status) {
    static Counts of(RunManifest.CoderEntry coder) {
      return new Counts(coder.admissions(), coder.answered(), coder.empty(), coder.failed(),
          coder.status() == null ? "complete" : coder.status());
    }
  }

  /** Where a baseline file came from: the run folder's name, when it started, what ran it, the coder's config. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Origin(String run, String started, RunManifest.Harness harness, Map<String, String> coderConfig) {}

  /**
   * A baseline file as written: schema, kind, coder, origin, counts and the coder's metrics.json; then, written one
   * admission per line, the paired side (levels, and per admission its tp/fp/fn at every level and the gold codes hit).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record BaselineFile(int schema, String kind, String coder, Origin origin, Counts counts, JsonNode metrics,
      PairedAdmissions paired) {}

  /** The paired side of a baseline file. */
  record PairedAdmissions(List<String> levels, List<PairedAdmission> admissions) {}

  /** One admission of the paired side: tp, fp, fn per level (in the file's level order) and the gold codes hit. */
  record PairedAdmission(String id, List<int[]> counts, List<String> hits) {}

  /** A baseline read: where from, its coder, its metrics.json, counts (null if unknown) and paired side (or null). */
  record Baseline(String source, String coder, JsonNode metrics, Counts counts, PairedSide paired) {
    Scores scores() {
      return Baselines.scores(source, metrics, counts);
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
   * Refuses a coder's metrics.json that does not name the invalid-code policy and population its numbers were scored
   * with ({@code settings}): one written by an older medcode, before metrics.json named them (2026-11-27), whose scoring
   * has changed since (ranked metrics break ties otherwise), so its numbers cannot stand beside this medcode's, and
   * the comparison would say only that its population is ''. {@code file}: the metrics.json as the message names it;
   * {@code remedy}: what writes it again with this medcode.
   */
  static void checkRecorded(JsonNode metrics, String file, String remedy) {
    List<String> missing = new ArrayList<>();
    for (String key : List.of("invalid_policy", "population")) {
      if (!metrics.path("settings").path(key).isTextual()) {
        missing.add("settings." + key);
      }
    }
    if (!missing.isEmpty()) {
      throw new MedcodeException(file + " records no " + String.join(" and no ", missing) + ": it was written by an"
          + " older medcode, before metrics.json named the invalid-code policy and population its numbers were scored"
          + " with, and scored by rules that have changed since; " + remedy);
    }
  }

  /**
   * The first of a run's stored point values (its coder's metrics.json) that the counts this medcode scores from the
   * run's answers do not give, or empty: a metrics.json written by an older medcode whose scoring differed, or edited
   * since. A baseline file holds both, and a gate refuses one whose two disagree.
   */
  static java.util.Optional<String> disagreement(PairedSide side, JsonNode metrics) {
    return new PairedSide(side.label(), side.admissionIds(), side.levels().stream().map(level -> new PairedSide.Level(
        level.granularity(), points(metrics, level.granularity()), level.tp(), level.fp(), level.fn())).toList(),
        side.hits()).inconsistency();
  }

  /** The point values of a level's paired metrics as a metrics.json holds them (NaN where it has none). */
  private static double[] points(JsonNode metrics, Granularity level) {
    double[] points = new double[PairedSide.METRICS.size()];
    for (int m = 0; m < points.length; m++) {
      PairedSide.MetricKeyPart part = PairedSide.METRICS.get(m);
      points[m] = metrics.path("levels").path(level.label()).path("metrics").path(part.averaging().label())
          .path(part.metric().label(0)).path("value").asDouble(Double.NaN);
    }
    return points;
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
      boolean same = field[0].equals("code_table") ? CodeTable.sameTable(now, then) : now.equals(then);
      if (!same) {
        String spec = field[0].equals("dataset") ? " (" + baseline.path("dataset").path("spec").asText() + " vs "
            + run.path("dataset").path("spec").asText() + ")" : "";
        throw new MedcodeException("the baseline " + source + " was scored with another " + field[2] + spec + ": '"
            + then + "', this run '" + now + "'; make a new baseline from a run scored like this one "
            + "(" + Launcher.command() + " baseline RUN_DIR --out FILE)");
      }
    }
  }

  /** Reads a baseline file: a baseline written by {@code medcode baseline}, or a plain metrics.json. */
  static Baseline read(Path file) {
    JsonNode root = readMetrics(file);
    if (!KIND.equals(root.path("kind").asText())) {
      if (!root.has("levels")) {
        throw new MedcodeException.BadInput(file, 0, "neither a medcode baseline nor a coder's metrics.json (no "
            + "\"levels\"); make one with: " + Launcher.command() + " baseline RUN_DIR --out FILE");
      }
      if (root.hasNonNull("not_measured")) { // its null numbers would otherwise read as a metric it lacks
        throw new MedcodeException("the baseline " + file + " is the metrics.json of a coder that was not measured ("
            + root.get("not_measured").asText() + "): it has no numbers to compare with; make a baseline from a run"
            + " whose coder answered (" + Launcher.command() + " baseline RUN_DIR --out FILE)");
      }
      return new Baseline(file.toString(), null, root, null, null);
    }
    if (root.path("schema").asInt() != SCHEMA) {
      throw new MedcodeException.BadInput(file, 0, "baseline schema " + root.path("schema") + " is not " + SCHEMA);
    }
    BaselineFile baseline;
    try {
      baseline = JSON.treeToValue(root, BaselineFile.class);
    } catch (IOException e) {
      throw new MedcodeException.BadInput(file, 0, "not a readable baseline: " + e.getMessage());
    }
    if (baseline.counts() == null || baseline.metrics() == null) { // medcode baseline writes both
      throw damaged(file, "it lacks its \"" + (baseline.counts() == null ? "counts" : "metrics") + "\" (without the"
          + " counts, whether the baseline run was complete cannot be checked)");
    }
    PairedSide paired = baseline.paired() == null || baseline.paired().admissions() == null ? null
        : pairedSide(file, baseline.paired(), baseline.metrics());
    return new Baseline(file.toString(), baseline.coder(), baseline.metrics(), baseline.counts(), paired);
  }

  private static PairedSide pairedSide(Path file, PairedAdmissions paired, JsonNode metrics) {
    List<String> known = java.util.Arrays.stream(Granularity.values()).map(Granularity::label).toList();
    if (paired.levels() == null || paired.levels().isEmpty()) {
      throw damaged(file, "\"paired\" lists no \"levels\"");
    }
    List<Granularity> levels = new ArrayList<>();
    for (String level : paired.levels()) {
      if (level == null || !known.contains(level)) {
        throw damaged(file, "\"paired\" lists the level '" + level + "', not one of " + known);
      }
      levels.add(Granularity.valueOf(level.toUpperCase(Locale.ROOT)));
    }
    int n = paired.admissions().size();
    List<String> ids = new ArrayList<>(n);
    List<Set<String>> hits = new ArrayList<>(n);
    int[][][] counts = new int[levels.size()][3][n];
    for (int i = 0; i < n; i++) {
      PairedAdmission admission = paired.admissions().get(i);
      if (admission == null || admission.id() == null || admission.counts() == null || admission.hits() == null) {
        throw damaged(file, "admission " + (i + 1) + " of \"paired\" lacks its id, counts or hits");
      }
      ids.add(admission.id());
      if (admission.counts().size() != levels.size()) {
        throw damaged(file, "admission " + admission.id() + " has counts for " + admission.counts().size()
            + " levels, the baseline lists " + levels.size());
      }
      for (int l = 0; l < levels.size(); l++) {
        int[] tpFpFn = admission.counts().get(l);
        if (tpFpFn == null || tpFpFn.length != 3 || tpFpFn[0] < 0 || tpFpFn[1] < 0 || tpFpFn[2] < 0) {
          throw damaged(file, "admission " + admission.id() + " has " + (tpFpFn == null ? "no counts"
              : java.util.Arrays.toString(tpFpFn)) + " at level " + levels.get(l).label() + ", not [tp, fp, fn] of"
              + " counts >= 0");
        }
        for (int c = 0; c < 3; c++) {
          counts[l][c][i] = tpFpFn[c];
        }
      }
      hits.add(new LinkedHashSet<>(admission.hits()));
    }
    List<PairedSide.Level> sides = new ArrayList<>();
    for (int l = 0; l < levels.size(); l++) {
      sides.add(new PairedSide.Level(levels.get(l), points(metrics, levels.get(l)), counts[l][0], counts[l][1],
          counts[l][2]));
    }
    PairedSide side = new PairedSide("baseline", ids, sides, hits);
    side.inconsistency().ifPresent(problem -> {
      throw new MedcodeException.BadInput(file, 0, "its per-admission counts (\"paired\") and its metrics disagree: "
          + problem + "; the file was edited or put together from two runs, and a gate would judge a difference whose"
          + " point and interval come from different answers. Write it again from the run: " + Launcher.command() + " baseline RUN_DIR"
          + " --out " + file);
    });
    return side;
  }

  private static MedcodeException damaged(Path file, String problem) {
    return new MedcodeException.BadInput(file, 0, problem + ": the baseline file is damaged (edited or cut); write it"
        + " again from its run with " + Launcher.command() + " baseline RUN_DIR --out " + file);
  }

  /**
   * The coder's metrics.json with its prediction log named as the run folder holds it ({@code CODER/predictions.jsonl}),
   * not by the path of the machine that wrote it: a baseline file is committed, and read on other machines.
   */
  static JsonNode portable(JsonNode metrics, String coder) {
    JsonNode file = metrics.path("predictions").path("file");
    if (!file.isTextual()) {
      return metrics;
    }
    Path log = Path.of(file.asText());
    Path folder = log.getParent();
    if (!"predictions.jsonl".equals(String.valueOf(log.getFileName())) || folder == null
        || !coder.equals(String.valueOf(folder.getFileName()))) {
      return metrics;
    }
    return org.medcode.run.record.JsonEdits.withText(metrics, "predictions", "file", coder + "/predictions.jsonl");
  }

  /** Writes a baseline file: its head as JSON, then the paired side one admission per line (diffs stay readable). */
  static void write(Path file, String coder, Origin origin, JsonNode metrics, Counts counts, PairedSide side) {
    BaselineFile head = new BaselineFile(SCHEMA, KIND, coder, origin, counts, portable(metrics, coder), null);
    try {
      StringBuilder text = new StringBuilder(JSON.writeValueAsString(head));
      text.setLength(text.lastIndexOf("}"));
      while (Character.isWhitespace(text.charAt(text.length() - 1))) {
        text.setLength(text.length() - 1);
      }
      List<String> levels = side.levels().stream().map(l -> l.granularity().label()).toList();
      text.append(",\n  \"paired\" : {\n    \"levels\" : ").append(COMPACT.writeValueAsString(levels))
          .append(",\n    \"admissions\" : [");
      for (int i = 0; i < side.admissionIds().size(); i++) {
        List<int[]> perLevel = new ArrayList<>();
        for (PairedSide.Level level : side.levels()) {
          perLevel.add(new int[] {level.tp()[i], level.fp()[i], level.fn()[i]});
        }
        PairedAdmission admission = new PairedAdmission(side.admissionIds().get(i), perLevel,
            List.copyOf(side.hits().get(i)));
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
