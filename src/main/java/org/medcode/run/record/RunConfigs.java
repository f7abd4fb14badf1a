package org.medcode.run.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medcode.MedcodeException;
import org.medcode.Yaml;
import org.medcode.coder.AllowedEndpoints;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.DatasetSpec;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.Intervals;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.Population;

/**
 * Reads, overrides, validates and writes {@link RunConfig}s. Config and manifest are symmetric: {@link #toTree} of a
 * config read back with {@link #fromTree} gives the same config.
 */
public final class RunConfigs {
  /** Names of the run folder's own files and folders, which a coder's folder (named by its id) cannot take. */
  static final java.util.Set<String> RESERVED_IDS = java.util.Set.of("manifest.json", "config.yaml", "summary.csv",
      "summary.md", "report.html", "study.csv", "study.yaml", "run.lock", "gate");

  /** A key given twice is an error (naming it and its line), never the last one silently winning. */
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  /**
   * The most worker threads a run may ask for: each is a thread (and its stack) per coder; 100,000 started as many for
   * a large dataset and failed far into the run, not at its start.
   */
  static final int MAX_THREADS = org.medcode.coder.CoderParameters.MAX_CONCURRENCY;

  private static final Set<String> TOP = Set.of("name", "dataset", "codeSystem", "training", "coders", "metrics", "seed", "threads",
      "maxCost", "allowedEndpoints");
  private static final Set<String> METRICS = Set.of("levels", "invalid", "bootstrap", "confidence", "k", "groupByPatient",
      "macroIntervals", "population", "intervals");

  private RunConfigs() {}

  /** Reads a YAML config and applies {@code key=value} overrides (dotted paths, list items by index: {@code coders.0.k=5}). */
  public static RunConfig load(Path file, List<String> overrides) {
    ObjectNode tree;
    try {
      List<JsonNode> documents;
      try (com.fasterxml.jackson.databind.MappingIterator<JsonNode> read = YAML.readerFor(JsonNode.class)
          .readValues(Yaml.parser(YAML, file))) {
        documents = read.readAll();
      }
      if (documents.size() > 1) {
        throw new MedcodeException.BadInput(file, 0, "holds " + documents.size() + " YAML documents (separated by ---);"
            + " a config is one: merge them, or keep one per file");
      }
      JsonNode node = documents.isEmpty() ? null : documents.get(0);
      if (node == null || !node.isObject()) {
        throw new MedcodeException.BadInput(file, 0, "expected a YAML mapping with keys " + TOP);
      }
      tree = (ObjectNode) node;
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new MedcodeException("config file not found: " + file);
    } catch (IOException e) {
      throw Yaml.notYaml(file, e, "not valid YAML");
    }
    for (String override : overrides) {
      apply(tree, override);
    }
    return fromTree(tree, file.toString());
  }

  /** Sets one dotted path in a config tree from {@code key=value}; the value is parsed as YAML (numbers, lists, maps). */
  public static void apply(ObjectNode tree, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new MedcodeException("--set expects key=value (e.g. metrics.bootstrap=200 or coders.0.k=5), got '" + override + "'");
    }
    String[] path = override.substring(0, eq).trim().split("\\.");
    JsonNode value;
    try {
      String text = override.substring(eq + 1);
      if (text.isEmpty()) {
        value = JsonNodeFactory.instance.textNode("");
      } else {
        try {
          value = Yaml.readTree(YAML, text);
        } catch (MedcodeException e) {
          throw new MedcodeException("--set " + override + ": " + e.getMessage());
        }
      }
      if (value == null || value.isMissingNode()) {
        value = JsonNodeFactory.instance.textNode(text);
      }
    } catch (IOException e) {
      throw new MedcodeException("--set " + override + ": the value is not valid YAML: " + Yaml.problem(e));
    }
    JsonNode node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      if (i == 1 && path[0].equals("coders") && node instanceof ArrayNode coders) {
        // a coder written by its name alone (coders: [frequency]) is { name: frequency }: its parameters can be set
        int index = index(path[1], coders, override);
        if (coders.get(index).isTextual()) {
          coders.set(index, coders.objectNode().put("name", coders.get(index).asText()));
        }
      }
      node = child(node, path[i], path[i + 1], override);
    }
    String last = path[path.length - 1];
    if (node instanceof ObjectNode object) {
      object.set(last, value);
    } else if (node instanceof ArrayNode array) {
      int index = index(last, array, override);
      array.set(index, value);
    }
  }

  private static JsonNode child(JsonNode node, String key, String nextKey, String override) {
    if (node instanceof ObjectNode object) {
      JsonNode next = object.get(key);
      if (next != null && !next.isNull() && next.isValueNode()) {
        throw new MedcodeException("--set " + override + ": '" + key + "' holds a plain value (" + next
            + "), not a mapping with a key '" + nextKey + "'; set '" + key + "' itself, e.g. --set " + key + "=VALUE");
      }
      if (next == null || next.isNull()) {
        next = nextKey.chars().allMatch(Character::isDigit) ? object.putArray(key) : object.putObject(key);
      }
      return next;
    }
    if (node instanceof ArrayNode array) {
      int index = index(key, array, override);
      JsonNode next = array.get(index);
      if (next.isValueNode()) {
        throw new MedcodeException("--set " + override + ": item " + index + " holds a plain value (" + next
            + "), not a mapping with a key '" + nextKey + "'; set the item itself");
      }
      return next;
    }
    throw new MedcodeException("--set " + override + ": '" + key + "' is inside a plain value");
  }

  private static int index(String key, ArrayNode array, String override) {
    try {
      int index = Integer.parseInt(key);
      if (index < 0 || index >= array.size()) {
        throw new MedcodeException("--set " + override + ": index " + index + " is outside the list (size " + array.size() + ")");
      }
      return index;
    } catch (NumberFormatException e) {
      throw new MedcodeException("--set " + override + ": '" + key + "' must be a list index");
    }
  }

  /** Validates a config tree and builds the config; {@code where} names its source in error messages. */
  public static RunConfig fromTree(ObjectNode tree, String where) {
    unknownKeys(tree, TOP, where, "");
    String dataset = spec(tree.get("dataset"), where, "dataset");
    if (dataset == null) {
      throw new MedcodeException(where + ": 'dataset' is required, e.g. dataset: { spec: \"codiesp:dev:en:D\" }");
    }
    String training = spec(tree.get("training"), where, "training");
    JsonNode trainingNode = tree.path("training");
    boolean allowOverlap = trainingNode.isObject() && bool(trainingNode, "allowOverlap", false, where, "training.");
    JsonNode system = tree.path("codeSystem");
    if (!system.isMissingNode() && !system.isObject()) {
      throw new MedcodeException(where + ": 'codeSystem' must be a mapping such as { system: icd10cm, year: 2018 }");
    }
    unknownKeys(system, Set.of("system", "year", "years", "dictionary", "table"), where, "codeSystem.");
    String systemName = scalar(system.get("system"), where, "codeSystem.system", "a code system such as icd10cm");
    if (systemName != null) {
      try {
        CodeSystemId.parse(systemName);
      } catch (IllegalArgumentException e) {
        throw new MedcodeException(where + ": codeSystem.system: " + e.getMessage());
      }
    }
    RunConfig.CodeSystemRef codeSystem = new RunConfig.CodeSystemRef(systemName, tableChoice(system, where),
        scalar(system.get("table"), where, "codeSystem.table", "a file path"));
    List<RunConfig.CoderConfig> coders = coders(tree.get("coders"), where);
    long seed = tree.has("seed") ? longValue(tree.get("seed"), where, "seed") : EvalOptions.DEFAULT_SEED;
    int threads = tree.has("threads") ? intValue(tree.get("threads"), where, "threads") : 0;
    if (threads < 0 || threads > MAX_THREADS) {
      throw new MedcodeException(where + ": threads must be 0 (one per core, the default) to " + MAX_THREADS
          + " (admissions a coder codes at once), got " + threads);
    }
    String name = tree.hasNonNull("name") ? scalar(tree.get("name"), where, "name", "text") : "run";
    name = name == null || name.isBlank() ? "run" : name; // name: "" (or --set name=) is no name
    double maxCost = tree.has("maxCost") ? number(tree.get("maxCost"), where, "maxCost") : 0;
    if (!(maxCost >= 0) || Double.isInfinite(maxCost)) {
      throw new MedcodeException(where + ": maxCost must be a number >= 0 (0 = no limit), got " + tree.get("maxCost"));
    }
    List<String> allowed = RunConfig.DEFAULT_ALLOWED_ENDPOINTS;
    if (tree.hasNonNull("allowedEndpoints")) {
      allowed = new ArrayList<>();
      for (JsonNode entry : list(tree.get("allowedEndpoints"))) {
        if (!entry.isValueNode()) {
          throw new MedcodeException(where + ": allowedEndpoints must list hosts, e.g. allowedEndpoints: [loopback,"
              + " myresource.openai.azure.com]; got " + tree.get("allowedEndpoints"));
        }
        for (String part : entry.asText().split(",")) {
          if (!part.isBlank()) {
            allowed.add(part.trim());
          }
        }
      }
      try {
        AllowedEndpoints.parse(allowed); // validated now, before anything is loaded
      } catch (MedcodeException e) {
        throw new MedcodeException(where + ": " + e.getMessage());
      }
    }
    return new RunConfig(name, dataset, codeSystem, training, coders, metrics(tree.path("metrics"), where), seed, threads,
        maxCost, allowed, allowOverlap);
  }

  /**
   * Which official table: {@code year: 2024}, {@code years: 2016-2023} (a range) or {@code dictionary: dataset} (the
   * dataset's own), at most one of them, kept in {@link RunConfig.CodeSystemRef#year} as {@code 2024},
   * {@code 2016-2023} or {@code dataset}.
   */
  private static String tableChoice(JsonNode system, String where) {
    List<String> given = new ArrayList<>();
    for (String key : List.of("year", "years", "dictionary", "table")) {
      if (system.hasNonNull(key)) {
        given.add(key);
      }
    }
    if (given.size() > 1) {
      throw new MedcodeException(where + ": codeSystem takes one of year (a CMS fiscal year), years (a range, e.g."
          + " 2016-2023), dictionary (dataset: the dataset's own) or table (a file); got " + given);
    }
    if (system.hasNonNull("years")) {
      String years = word(system.get("years"), where, "codeSystem.years", "a range of fiscal years such as 2016-2023").trim();
      if (!years.matches("(?i)(FY)?\\d{4}\\s*-\\s*(FY)?\\d{4}")) {
        throw new MedcodeException(where + ": codeSystem.years must be a range of fiscal years such as 2016-2023, got '"
            + years + "'");
      }
      return years;
    }
    if (system.hasNonNull("dictionary")) {
      String dictionary = word(system.get("dictionary"), where, "codeSystem.dictionary", "dataset").trim();
      if (!dictionary.equalsIgnoreCase("dataset")) {
        throw new MedcodeException(where + ": codeSystem.dictionary can only be 'dataset' (the dataset's own code"
            + " dictionary, e.g. MIMIC's d_icd_diagnoses), got '" + dictionary + "'");
      }
      return "dataset";
    }
    return scalar(system.get("year"), where, "codeSystem.year", "a fiscal year such as 2024");
  }

  private static String spec(JsonNode node, String where, String key) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isObject() && !node.has("spec") && key.equals("training") && node.has("allowOverlap")) {
      // no training split, only the permission for model folders trained on the evaluated admissions
      unknownKeys(node, Set.of("allowOverlap"), where, key + ".");
      return null;
    }
    if (node.isObject() && node.has("spec")) {
      unknownKeys(node, key.equals("training") ? Set.of("spec", "credentialed", "allowOverlap") : Set.of("spec", "credentialed"),
          where, key + ".");
      JsonNode credentialed = node.get("credentialed");
      if (credentialed != null && !credentialed.isBoolean()) {
        throw new MedcodeException(where + ": " + key + ".credentialed must be true or false, got " + credentialed);
      }
      String spec = scalar(node.get("spec"), where, key + ".spec", "a dataset spec such as \"codiesp:dev:en:D\"");
      return credentialed != null && credentialed.booleanValue() ? DatasetSpec.markCredentialed(spec) : spec;
    }
    throw new MedcodeException(where + ": '" + key + "' must be { spec: \"...\" [, credentialed: true] } or a spec string");
  }

  private static List<RunConfig.CoderConfig> coders(JsonNode node, String where) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new MedcodeException(where + ": 'coders' must list at least one coder, e.g. coders: [ { name: frequency, k: 10 } ]");
    }
    List<RunConfig.CoderConfig> coders = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode coder : node) {
      if (coder.isTextual()) {
        coder = JsonNodeFactory.instance.objectNode().put("name", coder.asText());
      }
      if (!coder.isObject() || !coder.hasNonNull("name")) {
        throw new MedcodeException(where + ": each coder needs a name, e.g. { name: rules }; got " + coder);
      }
      String name = scalar(coder.get("name"), where, "a coder's name", "a coder's name such as rules");
      String id = coder.hasNonNull("id") ? scalar(coder.get("id"), where, "coder " + name + ": id", "text") : name;
      if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new MedcodeException(where + ": coder id '" + id + "' must be letters, digits, '.', '_' or '-'");
      }
      if (RESERVED_IDS.contains(id.toLowerCase(java.util.Locale.ROOT))) {
        throw new MedcodeException(where + ": coder id '" + id + "' is the name of a file of the run folder (its folder"
            + " would take that name); choose another id");
      }
      if (!ids.add(id)) {
        throw new MedcodeException(where + ": two coders are called '" + id + "'; give one an id: { name: " + name + ", id: "
            + name + "-2 }");
      }
      Map<String, String> parameters = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : coder.properties()) {
        if (!field.getKey().equals("name") && !field.getKey().equals("id")) {
          parameters.put(field.getKey(), field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString());
        }
      }
      coders.add(new RunConfig.CoderConfig(name, id, parameters));
    }
    return coders;
  }

  private static RunConfig.MetricsConfig metrics(JsonNode node, String where) {
    RunConfig.MetricsConfig defaults = RunConfig.MetricsConfig.defaults();
    if (node.isMissingNode() || node.isNull()) {
      return defaults;
    }
    if (!node.isObject()) {
      throw new MedcodeException(where + ": metrics must be a mapping of " + METRICS + " (e.g. metrics: { bootstrap:"
          + " 200, levels: [exact, category] }), got " + node);
    }
    unknownKeys(node, METRICS, where, "metrics.");
    List<Granularity> levels = new ArrayList<>();
    if (node.has("levels")) {
      for (JsonNode level : list(node.get("levels"))) {
        levels.add(enumValue(Granularity.class, level, where, "metrics.levels"));
      }
    } else {
      levels.addAll(defaults.levels());
    }
    InvalidPolicy invalid = node.has("invalid") ? enumValue(InvalidPolicy.class, node.get("invalid"), where, "metrics.invalid")
        : defaults.invalid();
    int bootstrap = node.has("bootstrap") ? intValue(node.get("bootstrap"), where, "metrics.bootstrap") : defaults.bootstrap();
    double confidence = node.has("confidence") ? number(node.get("confidence"), where, "metrics.confidence")
        : defaults.confidence();
    List<Integer> k = new ArrayList<>();
    if (node.has("k")) {
      for (JsonNode value : list(node.get("k"))) {
        k.add(intValue(value, where, "metrics.k"));
      }
    } else {
      k.addAll(defaults.k());
    }
    Population population = defaults.population();
    if (node.has("population")) {
      String text = word(node.get("population"), where, "metrics.population", "all or with-gold");
      population = Arrays.stream(Population.values()).filter(p -> p.label().equalsIgnoreCase(text.trim()))
          .findFirst().orElseThrow(() -> new MedcodeException(where + ": metrics.population is '" + text
              + "'; expected all or with-gold"));
    }
    Intervals intervals = defaults.intervals();
    if (node.has("intervals")) {
      String text = word(node.get("intervals"), where, "metrics.intervals", "standard or micro");
      intervals = Intervals.of(text);
      if (intervals == null) {
        throw new MedcodeException(where + ": metrics.intervals is '" + text + "'; expected standard or micro");
      }
    }
    try {
      RunConfig.MetricsConfig metrics = new RunConfig.MetricsConfig(levels, invalid, bootstrap, confidence, k,
          bool(node, "groupByPatient", defaults.groupByPatient(), where, "metrics."),
          bool(node, "macroIntervals", defaults.macroIntervals(), where, "metrics."), population, intervals);
      metrics.options(0); // validates every value now, before any coder runs
      return metrics;
    } catch (IllegalArgumentException e) {
      throw new MedcodeException(where + ": metrics: " + e.getMessage());
    }
  }

  private static Iterable<JsonNode> list(JsonNode node) {
    return node.isArray() ? node : List.of(node);
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node, String where, String key) {
    List<String> allowed = new ArrayList<>();
    for (E value : type.getEnumConstants()) {
      allowed.add(value.name().toLowerCase(Locale.ROOT));
    }
    String text = word(node, where, key, "one of " + allowed);
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(text.trim())) {
        return value;
      }
    }
    throw new MedcodeException(where + ": " + key + " is '" + text + "'; expected one of " + allowed);
  }

  /**
   * A whole number, written as one (1.5, 1e3, true or a list are errors, never rounded or read as 0); one beyond a long
   * is called out of range, with the range.
   */
  private static long longValue(JsonNode node, String where, String key) {
    return wholeNumber(node, where, key, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** A whole number that fits an int (a larger one is an error, never wrapped round). */
  private static int intValue(JsonNode node, String where, String key) {
    return (int) wholeNumber(node, where, key, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  private static long wholeNumber(JsonNode node, String where, String key, long min, long max) {
    BigInteger value = null;
    if (node.isIntegralNumber()) {
      value = node.bigIntegerValue();
    } else if (node.isTextual() && node.asText().trim().matches("-?\\d+")) {
      value = new BigInteger(node.asText().trim());
    }
    if (value == null) {
      throw new MedcodeException(where + ": " + key + " must be a whole number, got " + node);
    }
    if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new MedcodeException(where + ": " + key + " is " + value + ", out of range: it takes a whole number from "
          + min + " to " + max);
    }
    return value.longValueExact();
  }

  /** A number (a decimal); text, a boolean or a list is an error naming the key. */
  private static double number(JsonNode node, String where, String key) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isTextual()) {
      try {
        return Double.parseDouble(node.asText().trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new MedcodeException(where + ": " + key + " must be a number, got " + node);
  }

  /** true or false, nothing else ("maybe", "yes", 1 are errors naming the key). */
  private static boolean bool(JsonNode parent, String field, boolean absent, String where, String prefix) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return absent;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual() && node.asText().trim().matches("(?i)true|false")) {
      return Boolean.parseBoolean(node.asText().trim());
    }
    throw new MedcodeException(where + ": " + prefix + field + " must be true or false, got " + node);
  }

  /** A plain value as text (a string or a number); a mapping or a list is an error naming the key and what it takes. */
  private static String scalar(JsonNode node, String where, String key, String expected) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isValueNode()) {
      throw new MedcodeException(where + ": " + key + " must be " + expected + ", got " + node);
    }
    return node.asText();
  }

  /**
   * The text of a key that takes one word of a few; a list or a mapping given there (--set 'metrics.invalid=[drop]') is
   * an error saying so, never read as the text '' (which asText gives a container).
   */
  private static String word(JsonNode node, String where, String key, String expected) {
    if (node.isArray() || node.isObject()) {
      throw new MedcodeException(where + ": " + key + " takes one value, " + expected + "; got a "
          + (node.isArray() ? "list" : "mapping") + ", " + node);
    }
    return node.asText();
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static void unknownKeys(JsonNode node, Set<String> allowed, String where, String prefix) {
    if (node == null || !node.isObject()) {
      return;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new MedcodeException(where + ": unknown key '" + prefix + name + "'; expected one of " + new TreeSet<>(allowed));
      }
    }
  }

  /** The config as a tree (the form written to manifests and read back by {@link #fromTree}). */
  public static ObjectNode toTree(RunConfig config) {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    tree.put("name", config.name());
    tree.putObject("dataset").put("spec", config.dataset());
    ObjectNode system = tree.putObject("codeSystem");
    putIfPresent(system, "system", config.codeSystem().system());
    String year = config.codeSystem().year();
    putIfPresent(system, year == null ? "year" : year.equalsIgnoreCase("dataset") ? "dictionary"
        : year.contains("-") ? "years" : "year", year);
    putIfPresent(system, "table", config.codeSystem().table());
    if (config.training() != null) {
      ObjectNode training = tree.putObject("training").put("spec", config.training());
      if (config.allowOverlap()) {
        training.put("allowOverlap", true);
      }
    } else if (config.allowOverlap()) {
      tree.putObject("training").put("allowOverlap", true); // for model folders, without a training split
    }
    ArrayNode coders = tree.putArray("coders");
    for (RunConfig.CoderConfig coder : config.coders()) {
      ObjectNode node = coders.addObject();
      fields(coder).forEach(node::put);
    }
    RunConfig.MetricsConfig metrics = config.metrics();
    ObjectNode m = tree.putObject("metrics");
    ArrayNode levels = m.putArray("levels");
    metrics.levels().forEach(level -> levels.add(level.label()));
    m.put("invalid", metrics.invalid().label());
    m.put("bootstrap", metrics.bootstrap());
    m.put("confidence", metrics.confidence());
    ArrayNode k = m.putArray("k");
    metrics.k().forEach(k::add);
    m.put("groupByPatient", metrics.groupByPatient());
    m.put("macroIntervals", metrics.macroIntervals());
    m.put("population", metrics.population().label());
    m.put("intervals", metrics.intervals().label());
    tree.put("seed", config.seed());
    tree.put("threads", config.threads());
    tree.put("maxCost", config.maxCost());
    ArrayNode allowed = tree.putArray("allowedEndpoints");
    config.allowedEndpoints().forEach(allowed::add);
    return tree;
  }

  /** A coder as the config writes it: name, id (when not the name), then the parameters by name. */
  public static Map<String, String> fields(RunConfig.CoderConfig coder) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", coder.name());
    if (!coder.id().equals(coder.name())) {
      fields.put("id", coder.id());
    }
    fields.putAll(new TreeMap<>(coder.parameters()));
    return fields;
  }

  /** The config with {@code key=value} overrides applied, as {@link #load} applies them; {@code where} as in {@link #fromTree}. */
  public static RunConfig withOverrides(RunConfig config, List<String> overrides, String where) {
    ObjectNode tree = toTree(config);
    overrides.forEach(override -> apply(tree, override));
    return fromTree(tree, where);
  }

  private static void putIfPresent(ObjectNode node, String key, String value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  /** Writes a config as YAML. */
  public static void write(RunConfig config, Path file) throws IOException {
    Files.writeString(file, YAML.writeValueAsString(toTree(config)));
  }
}
