package org.medcode.run.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.medcode.MedcodeException;
import org.medcode.Yaml;
import org.medcode.study.Published;
import org.medcode.study.Study;

/**
 * Study files ({@code configs/studies/NAME.yaml}): a run config (every key of {@link RunConfigs}) plus a {@code study}
 * block with what was published. Reads them (the run config with {@code --set} overrides, the study as a
 * {@link Study} named after the file), and writes and reads the study beside a run ({@value #FILE}), so that
 * {@code --resume} and {@code report} judge the run again.
 *
 * <pre>
 * study:
 *   title: "..."                 # required
 *   citation: "..."              # required: authors, title, venue, year
 *   source: "..."                # table or page, and how the figures reached this file
 *   model: gpt-4.1
 *   population: "..."            # what and how many were coded, as published
 *   codeTableNote: "..."         # why the config scores against its code table
 *   needs: [ { kind: credentialed-data|api-key|own-table|public-data|model-server, what: "...", env: NAME } ]
 *   figures: [ { metric: exact.micro.recall, label: "...", published: 18-21%, note: "..." } ]
 * </pre>
 */
public final class StudyConfigs {
  /** The study beside a run's manifest. */
  public static final String FILE = "study.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  private static final Set<String> KEYS = Set.of("title", "citation", "source", "model", "population", "codeTableNote",
      "needs", "figures");

  private StudyConfigs() {}

  /** A study file read: its run config and its study. */
  public record StudyFile(RunConfig config, Study study) {}

  /** Whether a YAML config is a study file (has a {@code study} block); false when it cannot be read. */
  public static boolean isStudy(Path file) {
    try {
      JsonNode node = Yaml.readTree(YAML, file);
      return node != null && node.isObject() && node.has("study");
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads a study file and applies {@code key=value} overrides to its run config (not to the study). */
  public static StudyFile load(Path file, List<String> overrides) {
    ObjectNode tree;
    try {
      JsonNode node = Yaml.readTree(YAML, file);
      if (node == null || !node.isObject() || !node.has("study")) {
        throw new MedcodeException.BadInput(file, 0, "expected a study file: a run config with a 'study' block");
      }
      tree = (ObjectNode) node;
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new MedcodeException("study file not found: " + file);
    } catch (IOException e) {
      throw Yaml.notYaml(file, e, "not valid YAML");
    }
    JsonNode studyNode = tree.remove("study");
    for (String override : overrides) {
      if (override.trim().startsWith("study.")) {
        throw new MedcodeException("--set " + override + ": a study's published figures are not overridden; edit "
            + file);
      }
      RunConfigs.apply(tree, override);
    }
    String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    return new StudyFile(RunConfigs.fromTree(tree, file.toString()), study(studyNode, name, file.toString()));
  }

  /** Writes a study as YAML, as it is kept beside a run ({@value #FILE}). */
  public static void write(Study study, Path file) throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("name", study.name());
    ObjectNode node = root.putObject("study");
    putIfPresent(node, "title", study.title());
    putIfPresent(node, "citation", study.citation());
    putIfPresent(node, "source", study.source());
    putIfPresent(node, "model", study.model());
    putIfPresent(node, "population", study.population());
    putIfPresent(node, "codeTableNote", study.codeTableNote());
    ArrayNode needs = node.putArray("needs");
    for (Study.Need need : study.needs()) {
      ObjectNode n = needs.addObject().put("kind", need.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      putIfPresent(n, "what", need.what());
      putIfPresent(n, "env", need.env());
    }
    ArrayNode figures = node.putArray("figures");
    for (Study.Figure figure : study.figures()) {
      ObjectNode f = figures.addObject().put("metric", figure.metric());
      putIfPresent(f, "label", figure.label());
      putIfPresent(f, "published", figure.published() == null ? null : figure.published().text());
      putIfPresent(f, "note", figure.note());
    }
    Files.writeString(file, YAML.writeValueAsString(root));
  }

  /** The study beside a run, when the run is one. */
  public static Optional<Study> read(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = YAML.readTree(file.toFile());
      return Optional.of(study(root.get("study"), root.path("name").asText("study"), file.toString()));
    } catch (IOException e) {
      throw Yaml.notYaml(file, e, "not valid YAML");
    }
  }

  private static Study study(JsonNode node, String name, String where) {
    if (node == null || !node.isObject()) {
      throw new MedcodeException(where + ": 'study' must be a mapping with title, citation, figures, ...");
    }
    unknownKeys(node, KEYS, where, "study.");
    String title = required(node, "title", where);
    String citation = required(node, "citation", where);
    List<Study.Need> needs = new ArrayList<>();
    for (JsonNode need : list(node.get("needs"))) {
      unknownKeys(need, Set.of("kind", "what", "env"), where, "study.needs.");
      String given = text(need.get("kind"), where, "study.needs.kind");
      String kind = (given == null ? "" : given).trim().toUpperCase(Locale.ROOT).replace('-', '_');
      Study.NeedKind needKind;
      try {
        needKind = Study.NeedKind.valueOf(kind);
      } catch (IllegalArgumentException e) {
        throw new MedcodeException(where + ": study.needs.kind '" + (given == null ? "" : given) + "' is not one of"
            + " credentialed-data, api-key, own-table, public-data, model-server");
      }
      needs.add(new Study.Need(needKind, text(need.get("what"), where, "study.needs.what"),
          text(need.get("env"), where, "study.needs.env")));
    }
    List<Study.Figure> figures = new ArrayList<>();
    for (JsonNode figure : list(node.get("figures"))) {
      unknownKeys(figure, Set.of("metric", "label", "published", "note"), where, "study.figures.");
      String metric = text(figure.get("metric"), where, "study.figures.metric");
      Published published = null;
      try {
        if (figure.hasNonNull("published")) {
          published = Published.parse(text(figure.get("published"), where, "study.figures.published"));
        }
        figures.add(new Study.Figure(metric, text(figure.get("label"), where, "study.figures.label"), published,
            text(figure.get("note"), where, "study.figures.note")));
      } catch (IllegalArgumentException e) {
        throw new MedcodeException(where + ": study figure " + metric + ": " + e.getMessage());
      }
    }
    if (figures.isEmpty()) {
      throw new MedcodeException(where + ": study.figures must list at least one figure, e.g. { metric:"
          + " exact.micro.recall, published: 18-21% }");
    }
    return new Study(name, title, citation, text(node.get("source"), where, "study.source"),
        text(node.get("model"), where, "study.model"), text(node.get("population"), where, "study.population"),
        text(node.get("codeTableNote"), where, "study.codeTableNote"), needs, figures);
  }

  private static String required(JsonNode node, String key, String where) {
    String value = text(node.get(key), where, "study." + key);
    if (value == null || value.isBlank()) {
      throw new MedcodeException(where + ": study." + key + " is required");
    }
    return value;
  }

  private static Iterable<JsonNode> list(JsonNode node) {
    return node == null || node.isNull() ? List.of() : node.isArray() ? node : List.of(node);
  }

  /**
   * A plain value's text; a list or mapping where one value belongs (published: [18-21%]) is an error naming the key,
   * never read as the text '' (which asText gives a container).
   */
  private static String text(JsonNode node, String where, String key) {
    if (node != null && (node.isArray() || node.isObject())) {
      throw new MedcodeException(where + ": " + key + " takes one value; got a " + (node.isArray() ? "list" : "mapping")
          + ", " + node);
    }
    return node == null || node.isNull() ? null : node.asText();
  }

  private static void putIfPresent(ObjectNode node, String key, String value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  private static void unknownKeys(JsonNode node, Set<String> allowed, String where, String prefix) {
    if (node == null || !node.isObject()) {
      throw new MedcodeException(where + ": " + prefix + " must be a mapping with keys " + new TreeSet<>(allowed));
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new MedcodeException(where + ": unknown key '" + prefix + name + "'; expected one of " + new TreeSet<>(allowed));
      }
    }
  }

  /** The config as text, to see which environment variables it still names ({@code ${NAME}}). */
  public static String text(RunConfig config) {
    return RunConfigs.toTree(config).toString();
  }
}
