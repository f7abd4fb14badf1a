package org.medcode.run.gating;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.medcode.MedcodeException;
import org.medcode.Yaml;

/**
 * A gate file: the rules of a regression gate kept beside a baseline in a repository. YAML:
 * <pre>
 * baseline: baselines/codiesp-dev-rules.json   # relative to this file; a run folder or a baseline file
 * coders: [rules]                               # default: every coder of the run
 * maxFailureRate: 0.01                          # failed admissions tolerated (share), default 0.01
 * permutations: 10000                           # approximate-randomisation rounds for p-values
 * rules:
 *   - exact.micro.recall >= 0.40
 *   - exact.micro.f1.delta >= -0.01 interval
 * </pre>
 */
record GateFile(Path baseline, List<String> coders, Double maxFailureRate, Integer permutations, List<String> rules) {
  /** A key given twice is an error (naming it and its line), never the last one silently winning. */
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  /** In this order in messages: a Set.of listed them in another order at each start. */
  private static final List<String> KEYS = List.of("baseline", "coders", "maxFailureRate", "permutations", "rules");

  static GateFile read(Path file) {
    JsonNode root;
    try {
      root = Yaml.readTree(YAML, file);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new MedcodeException.BadInput(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          "not a readable YAML gate file: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw Yaml.notYaml(file, e, "not a readable YAML gate file");
    }
    if (root == null || !root.isObject()) {
      throw new MedcodeException.BadInput(file, 0, "expected a YAML mapping with keys " + KEYS);
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw new MedcodeException.BadInput(file, 0, "unknown key '" + name + "'; a gate file has " + KEYS);
      }
    }
    Path baseline = null;
    if (root.hasNonNull("baseline")) {
      JsonNode value = root.get("baseline");
      if (!value.isValueNode() || value.asText().isBlank()) { // a list or mapping reads as "": the gate file's folder
        throw new MedcodeException.BadInput(file, 0, "baseline must be one path (a baseline file, a metrics.json or a"
            + " run folder, relative to this file), got " + value);
      }
      Path written = Path.of(value.asText());
      Path folder = file.toAbsolutePath().getParent();
      baseline = written.isAbsolute() || folder == null ? written : folder.resolve(written).normalize();
    }
    Double maxFailureRate = null;
    if (root.hasNonNull("maxFailureRate")) {
      JsonNode value = root.get("maxFailureRate");
      if (!value.isNumber() || !(value.asDouble() >= 0 && value.asDouble() <= 1)) {
        throw new MedcodeException.BadInput(file, 0, "maxFailureRate must be a number between 0 and 1 (the share of"
            + " admissions that may fail, 0.01 = 1 %), got " + value);
      }
      maxFailureRate = value.asDouble();
    }
    Integer permutations = null;
    if (root.hasNonNull("permutations")) {
      JsonNode value = root.get("permutations");
      // canConvertToInt alone takes 2.5 (read as 2) and 0.5 (0: no p-values)
      if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0) {
        throw new MedcodeException.BadInput(file, 0, "permutations must be a whole number >= 0 (rounds of approximate"
            + " randomisation; 0 for no p-values), got " + value);
      }
      permutations = value.asInt();
    }
    List<String> coders = strings(file, root, "coders");
    if (coders.isEmpty() && root.path("coders").isArray()) { // read as "every coder", the opposite of what it says
      throw new MedcodeException.BadInput(file, 0, "coders: [] names no coder to gate: list the coders' ids, or leave"
          + " the key out to gate every coder of the run");
    }
    return new GateFile(baseline, coders, maxFailureRate, permutations, strings(file, root, "rules"));
  }

  private static List<String> strings(Path file, JsonNode root, String key) {
    List<String> values = new ArrayList<>();
    JsonNode node = root.path(key);
    if (node.isMissingNode() || node.isNull()) {
      return values;
    }
    if (!node.isArray()) {
      throw new MedcodeException.BadInput(file, 0, key + " must be a list (one item per line, '- ...')");
    }
    for (JsonNode item : node) {
      if (item.isNull()) { // read as the text "null": "gate rule 'null': no comparison after 'null'"
        throw new MedcodeException.BadInput(file, 0, key + " item " + (values.size() + 1) + " is empty (a '-' with"
            + " nothing after it, or its text commented out after the '-'): remove the item, or write it out");
      }
      if (!item.isValueNode()) {
        throw new MedcodeException.BadInput(file, 0, key + " items must be plain strings, got " + item);
      }
      values.add(item.asText());
    }
    return values;
  }
}
