package org.medcode.coder.external;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderResult;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.EvidenceSpan;
import org.medcode.dataset.Note;

/**
 * The wire protocol {@value #VERSION} of external coders ({@code http}, {@code exec}), documented as JSON Schema in
 * {@code schemas/coder/v1/}: a request holds one admission (id, patient id, notes, metadata, the code system and
 * table; never its gold codes), an answer the admission's id and its ranked codes (code, score, evidence, rationale),
 * or an error. An answer that is not JSON, lacks what the schema requires or names another admission is that
 * admission's failure, by kind: {@value #MALFORMED}, {@value #WRONG_ID}, {@value #CODER_ERROR}.
 */
final class Protocol {
  static final String VERSION = "medcode-coder/v1";
  static final String MALFORMED = CoderException.MALFORMED;
  static final String WRONG_ID = "wrong_id";
  static final String CODER_ERROR = "coder_error";
  /** Strict: a repeated field or a second value after the answer is a malformed answer, never half read. */
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Protocol() {}

  /** The request for one admission, as one line of JSON (notes, metadata; no gold codes). */
  static String request(Admission admission, CodeTable table) {
    ObjectNode node = JSON.createObjectNode();
    node.put("schema", VERSION);
    node.put("id", admission.id());
    node.put("patient_id", admission.patientId());
    ArrayNode notes = node.putArray("notes");
    for (Note note : admission.notes()) {
      notes.addObject().put("type", note.type()).put("text", note.text());
    }
    ObjectNode metadata = node.putObject("metadata");
    new TreeMap<>(admission.metadata()).forEach(metadata::put);
    node.put("code_system", table.system().id().label());
    node.put("code_table", table.version());
    return write(node);
  }

  /** The hello line the harness writes to a started exec worker. */
  static String hello(CodeTable table) {
    ObjectNode node = JSON.createObjectNode();
    node.put("hello", VERSION);
    node.put("code_system", table.system().id().label());
    node.put("code_table", table.version());
    return write(node);
  }

  /** The model an answer or a hello names: "name version", or null when it names none. */
  static String model(JsonNode node) {
    JsonNode model = node.path("model");
    if (!model.isObject() || !model.path("name").isTextual()) {
      return null;
    }
    String version = model.path("version").isValueNode() ? model.path("version").asText() : "";
    return (model.path("name").asText() + " " + version).trim();
  }

  /** Parses one answer text for the admission {@code id}; its problems are the admission's failure. */
  static JsonNode parse(String text, String id) throws CoderException {
    if (text == null || text.isBlank()) {
      throw new CoderException(MALFORMED, "the coder answered nothing for " + id);
    }
    JsonNode node;
    try {
      // a byte order mark (UTF-8 "with BOM", UTF-16) is no part of the text
      node = JSON.readTree(text.charAt(0) == '\uFEFF' ? text.substring(1) : text);
    } catch (JsonProcessingException e) {
      throw new CoderException(MALFORMED, "the answer for " + id + " is not JSON (" + e.getOriginalMessage() + "): "
          + excerpt(text));
    }
    if (node == null || !node.isObject()) {
      throw new CoderException(MALFORMED, "the answer for " + id + " is not a JSON object: " + excerpt(text));
    }
    if (!node.path("id").isTextual()) {
      throw new CoderException(MALFORMED, "the answer for " + id + " has no \"id\": " + excerpt(text));
    }
    if (!node.path("id").asText().equals(id)) {
      throw new CoderException(WRONG_ID, "asked for admission " + id + ", the coder answered for "
          + excerpt(node.path("id").asText()));
    }
    return node;
  }

  /** The coder's answer for the admission as a result: ranked codes, or its error as a failure. */
  static CoderResult result(JsonNode node, String id, Map<String, String> annotations) throws CoderException {
    if (node.hasNonNull("error")) {
      throw new CoderException(CODER_ERROR, "the coder reported an error for " + id + ": "
          + excerpt(node.get("error").isTextual() ? node.get("error").asText() : node.get("error").toString()));
    }
    JsonNode codes = node.path("codes");
    if (!codes.isArray()) {
      throw new CoderException(MALFORMED, "the answer for " + id + " has no \"codes\" array (nor an \"error\")");
    }
    List<CodeSuggestion> suggestions = new ArrayList<>();
    int rank = 0;
    for (JsonNode code : codes) {
      rank++;
      suggestions.add(suggestion(code, id, rank));
    }
    Map<String, String> all = new LinkedHashMap<>(annotations);
    String model = model(node);
    if (model != null) {
      all.put("model", model);
    }
    return new CoderResult(suggestions, null, all);
  }

  private static CodeSuggestion suggestion(JsonNode code, String id, int rank) throws CoderException {
    String where = "code " + rank + " of the answer for " + id;
    JsonNode text = code.isTextual() ? code : code.path("code");
    if (text.isTextual() && text.asText().isBlank()) { // would vanish without a trace: neither a code nor an invalid one
      throw new CoderException(MALFORMED, where + " is empty");
    }
    if (code.isTextual()) {
      return new CodeSuggestion(code.asText(), null);
    }
    if (!code.isObject() || !code.path("code").isTextual()) {
      throw new CoderException(MALFORMED, where + " is neither a string nor an object with a \"code\": " + excerpt(code.toString()));
    }
    JsonNode score = code.path("score");
    if (!score.isMissingNode() && !score.isNull() && (!score.isNumber() || !Double.isFinite(score.asDouble()))) {
      throw new CoderException(MALFORMED, where + ": \"score\" must be a finite number, got " + excerpt(score.toString()));
    }
    List<EvidenceSpan> evidence = new ArrayList<>();
    for (JsonNode span : code.path("evidence")) {
      if (!span.path("start").isIntegralNumber() || !span.path("end").isIntegralNumber()
          || !span.path("start").canConvertToInt() || !span.path("end").canConvertToInt()
          || span.path("end").asInt() < span.path("start").asInt() || span.path("start").asInt() < 0
          || span.has("note") && (!span.path("note").isIntegralNumber() || span.path("note").asInt() < 0)) {
        throw new CoderException(MALFORMED, where + ": evidence needs whole numbers 0 <= start <= end (and a note index"
            + " >= 0), got " + excerpt(span.toString()));
      }
      evidence.add(new EvidenceSpan(span.path("note").asInt(0), span.get("start").asInt(), span.get("end").asInt(),
          span.path("text").isTextual() ? span.get("text").asText() : null));
    }
    String rationale = code.path("rationale").isTextual() ? code.get("rationale").asText() : null;
    return new CodeSuggestion(code.get("code").asText(), score.isNumber() ? score.asDouble() : null, evidence, rationale);
  }

  /**
   * One line of JSON, to be sent as UTF-8. A lone UTF-16 surrogate in a text (half of a pair, as a JSON file may escape
   * it: {@code \ud800}) has no UTF-8 form, which would send it as {@code ?}: it is written as its JSON escape, which a
   * worker's JSON parser reads back as the same text.
   */
  static String write(JsonNode node) {
    String line;
    try {
      line = JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder escaped = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < line.length() && Character.isLowSurrogate(line.charAt(i + 1));
      if (paired) {
        if (escaped != null) {
          escaped.append(c).append(line.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) { // only inside a JSON string: Jackson writes no other text raw
        if (escaped == null) {
          escaped = new StringBuilder(line.length() + 16).append(line, 0, i);
        }
        escaped.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else if (escaped != null) {
        escaped.append(c);
      }
    }
    return escaped == null ? line : escaped.toString();
  }

  /** The start of a text of the worker's or the service's, for a message: a key it echoes is redacted. */
  static String excerpt(String text) {
    String flat = org.medcode.coder.remote.Redaction.redact(text).replaceAll("\\s+", " ").trim();
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
  }
}
